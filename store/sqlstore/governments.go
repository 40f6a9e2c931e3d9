package sqlstore

import (
	"context"
	"errors"
	"strings"

	"ducha/ledger"
	"ducha/store/internal/shared"
)

const selectGovernment = `SELECT g.id, g.name, g.level, coalesce(p.name, '')
	FROM governments g LEFT JOIN governments p ON p.id = g.parent_id`

func governmentDest(g *ledger.Government) []any { return []any{&g.ID, &g.Name, &g.Level, &g.Parent} }

// EnsureGovernment returns the government called g.Name, creating it when
// missing; a non-empty Level or Parent updates the stored one, and a
// missing parent is created without a level.
func (s *Store) EnsureGovernment(ctx context.Context, g ledger.Government) (ledger.Government, error) {
	g, err := shared.CheckGovernment(g)
	if err != nil {
		return ledger.Government{}, err
	}
	var out ledger.Government
	err = s.write(ctx, "ensure government", func(tx Tx) error {
		if err := s.ensureGovernment(ctx, tx, g); err != nil {
			return err
		}
		out, err = government(ctx, tx, g.Name)
		return err
	})
	return out, err
}

// ensureGovernment creates or updates g (already validated).
func (s *Store) ensureGovernment(ctx context.Context, tx Querier, g ledger.Government) error {
	var parentID *int64
	if g.Parent != "" {
		id, err := s.governmentID(ctx, tx, g.Parent)
		if err != nil {
			return err
		}
		parentID = &id
	}
	// The row is locked from here on, also when another transaction has
	// just created it.
	id, err := s.governmentID(ctx, tx, g.Name)
	if err != nil {
		return err
	}
	if parentID != nil {
		// The new parent must not be below the government itself.
		var loops bool
		err := tx.QueryRow(ctx, `WITH RECURSIVE up(id) AS (
				SELECT CAST(? AS BIGINT) UNION SELECT g.parent_id FROM governments g JOIN up ON g.id = up.id WHERE g.parent_id IS NOT NULL)
			SELECT count(*) > 0 FROM up WHERE id = ?`, *parentID, id).Scan(&loops)
		if err != nil {
			return err
		}
		if loops {
			return shared.ParentCycle("government", g.Name, g.Parent)
		}
	}
	_, err = tx.Exec(ctx, `UPDATE governments SET
			level = CASE WHEN ? <> '' THEN ? ELSE level END,
			parent_id = coalesce(?, parent_id)
		WHERE id = ?`, string(g.Level), string(g.Level), parentID, id)
	return err
}

// governmentID returns the id of the government called name, created
// without a level when missing, and locks its row.
func (s *Store) governmentID(ctx context.Context, tx Querier, name string) (int64, error) {
	if _, err := tx.Exec(ctx, `INSERT INTO governments (name) VALUES (?) ON CONFLICT (name) DO NOTHING`, name); err != nil {
		return 0, err
	}
	var id int64
	err := tx.QueryRow(ctx, `SELECT id FROM governments WHERE name = ?`+s.d.ForUpdate(), name).Scan(&id)
	return id, err
}

// Government returns the government with that name, or a not_found error.
func (s *Store) Government(ctx context.Context, name string) (ledger.Government, error) {
	g, err := government(ctx, s.d.Pool(), strings.TrimSpace(name))
	return g, s.wrap("government", err)
}

func government(ctx context.Context, q Querier, name string) (ledger.Government, error) {
	var g ledger.Government
	err := q.QueryRow(ctx, selectGovernment+` WHERE g.name = ?`, name).Scan(governmentDest(&g)...)
	if errors.Is(err, ErrNoRows) {
		return ledger.Government{}, ledger.Errorf(ledger.ENotFound, "government %q not found", name)
	}
	return g, err
}

// Governments returns every government ordered by name, in code point
// order.
func (s *Store) Governments(ctx context.Context) ([]ledger.Government, error) {
	var out []ledger.Government
	var g ledger.Government
	err := scanRows(ctx, s.d.Pool(), selectGovernment+` ORDER BY `+s.d.Binary("g.name"), nil, governmentDest(&g), func() error {
		out = append(out, g)
		return nil
	})
	return out, s.wrap("governments", err)
}
