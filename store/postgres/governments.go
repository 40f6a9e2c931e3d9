package postgres

import (
	"context"
	"errors"
	"strings"

	"ducha/ledger"
	"ducha/store/internal/shared"

	"github.com/jackc/pgx/v5"
)

const selectGovernment = `SELECT g.id, g.name, g.level, coalesce(p.name, '')
	FROM governments g LEFT JOIN governments p ON p.id = g.parent_id`

// EnsureGovernment returns the government called g.Name, creating it when
// missing; a non-empty Level or Parent updates the stored one, and a
// missing parent is created without a level.
func (d *DB) EnsureGovernment(ctx context.Context, g ledger.Government) (ledger.Government, error) {
	g, err := shared.CheckGovernment(g)
	if err != nil {
		return ledger.Government{}, err
	}
	tx, err := d.pool.Begin(ctx)
	if err != nil {
		return ledger.Government{}, wrap("ensure government", err)
	}
	defer tx.Rollback(ctx)
	if err := ensureGovernment(ctx, tx, g); err != nil {
		return ledger.Government{}, err
	}
	out, err := government(ctx, tx, g.Name)
	if err != nil {
		return ledger.Government{}, err
	}
	return out, wrap("ensure government", tx.Commit(ctx))
}

// ensureGovernment creates or updates g (already validated).
func ensureGovernment(ctx context.Context, tx pgx.Tx, g ledger.Government) error {
	var parentID *int64
	if g.Parent != "" {
		id, err := governmentID(ctx, tx, g.Parent)
		if err != nil {
			return err
		}
		parentID = &id
	}
	// The row is locked from here on, also when another transaction has
	// just created it.
	id, err := governmentID(ctx, tx, g.Name)
	if err != nil {
		return err
	}
	if parentID != nil {
		// The new parent must not be below the government itself.
		var loops bool
		err := tx.QueryRow(ctx, `WITH RECURSIVE up(id) AS (
				SELECT $1::bigint UNION SELECT g.parent_id FROM governments g JOIN up ON g.id = up.id WHERE g.parent_id IS NOT NULL)
			SELECT count(*) > 0 FROM up WHERE id = $2`, *parentID, id).Scan(&loops)
		if err != nil {
			return wrap("ensure government", err)
		}
		if loops {
			return shared.ParentCycle("government", g.Name, g.Parent)
		}
	}
	_, err = tx.Exec(ctx, `UPDATE governments SET
			level = CASE WHEN $1 <> '' THEN $1 ELSE level END,
			parent_id = coalesce($2, parent_id)
		WHERE id = $3`, string(g.Level), parentID, id)
	return wrap("ensure government", err)
}

// governmentID returns the id of the government called name, created
// without a level when missing, and locks its row.
func governmentID(ctx context.Context, tx pgx.Tx, name string) (int64, error) {
	if _, err := tx.Exec(ctx, `INSERT INTO governments (name) VALUES ($1) ON CONFLICT (name) DO NOTHING`, name); err != nil {
		return 0, wrap("ensure government", err)
	}
	var id int64
	err := tx.QueryRow(ctx, `SELECT id FROM governments WHERE name = $1 FOR UPDATE`, name).Scan(&id)
	return id, wrap("ensure government", err)
}

// Government returns the government with that name, or a not_found error.
func (d *DB) Government(ctx context.Context, name string) (ledger.Government, error) {
	return government(ctx, d.pool, strings.TrimSpace(name))
}

func government(ctx context.Context, q queryRower, name string) (ledger.Government, error) {
	var g ledger.Government
	err := q.QueryRow(ctx, selectGovernment+` WHERE g.name = $1`, name).Scan(&g.ID, &g.Name, &g.Level, &g.Parent)
	if errors.Is(err, pgx.ErrNoRows) {
		return ledger.Government{}, ledger.Errorf(ledger.ENotFound, "government %q not found", name)
	}
	if err != nil {
		return ledger.Government{}, wrap("government", err)
	}
	return g, nil
}

// Governments returns every government ordered by name (in code point
// order, as SQLite orders them).
func (d *DB) Governments(ctx context.Context) ([]ledger.Government, error) {
	rows, err := d.pool.Query(ctx, selectGovernment+` ORDER BY g.name COLLATE "C"`)
	if err != nil {
		return nil, wrap("governments", err)
	}
	out, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (ledger.Government, error) {
		var g ledger.Government
		err := row.Scan(&g.ID, &g.Name, &g.Level, &g.Parent)
		return g, err
	})
	return out, wrap("governments", err)
}
