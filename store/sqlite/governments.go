package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"strings"

	"ducha/ledger"
	"ducha/store/internal/shared"
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
	tx, err := d.beginWrite(ctx)
	if err != nil {
		return ledger.Government{}, err
	}
	defer tx.Rollback()
	q := tx.Tx
	if err := ensureGovernment(ctx, q, g); err != nil {
		return ledger.Government{}, err
	}
	out, err := government(ctx, q, g.Name)
	if err != nil {
		return ledger.Government{}, err
	}
	return out, wrap("ensure government", tx.Commit())
}

// ensureGovernment creates or updates g (already validated).
func ensureGovernment(ctx context.Context, tx *sql.Tx, g ledger.Government) error {
	var parentID sql.NullInt64
	if g.Parent != "" {
		id, err := governmentID(ctx, tx, g.Parent, true)
		if err != nil {
			return err
		}
		parentID = sql.NullInt64{Int64: id, Valid: true}
	}
	id, err := governmentID(ctx, tx, g.Name, false)
	switch {
	case ledger.IsNotFound(err):
		_, err = tx.ExecContext(ctx, `INSERT INTO governments (name, level, parent_id) VALUES (?, ?, ?)`,
			g.Name, string(g.Level), parentID)
		return wrap("ensure government", err)
	case err != nil:
		return err
	}
	if parentID.Valid {
		// The new parent must not be below the government itself.
		var loops bool
		err := tx.QueryRowContext(ctx, `WITH RECURSIVE up(id) AS (
				SELECT ? UNION SELECT g.parent_id FROM governments g JOIN up ON g.id = up.id WHERE g.parent_id IS NOT NULL)
			SELECT count(*) > 0 FROM up WHERE id = ?`, parentID.Int64, id).Scan(&loops)
		if err != nil {
			return wrap("ensure government", err)
		}
		if loops {
			return shared.ParentCycle("government", g.Name, g.Parent)
		}
	}
	_, err = tx.ExecContext(ctx, `UPDATE governments SET
			level = CASE WHEN ? <> '' THEN ? ELSE level END,
			parent_id = coalesce(?, parent_id)
		WHERE id = ?`, string(g.Level), string(g.Level), parentID, id)
	return wrap("ensure government", err)
}

// governmentID returns the id of the government called name; create
// makes it (without a level) when missing, else a missing one is
// not_found.
func governmentID(ctx context.Context, tx *sql.Tx, name string, create bool) (int64, error) {
	if create {
		if _, err := tx.ExecContext(ctx, `INSERT INTO governments (name) VALUES (?) ON CONFLICT (name) DO NOTHING`, name); err != nil {
			return 0, wrap("ensure government", err)
		}
	}
	var id int64
	err := tx.QueryRowContext(ctx, `SELECT id FROM governments WHERE name = ?`, name).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, ledger.Errorf(ledger.ENotFound, "government %q not found", name)
	}
	return id, wrap("government", err)
}

// Government returns the government with that name, or a not_found error.
func (d *DB) Government(ctx context.Context, name string) (ledger.Government, error) {
	return government(ctx, d.db, strings.TrimSpace(name))
}

func government(ctx context.Context, q querier, name string) (ledger.Government, error) {
	var g ledger.Government
	err := q.QueryRowContext(ctx, selectGovernment+` WHERE g.name = ?`, name).Scan(&g.ID, &g.Name, &g.Level, &g.Parent)
	if errors.Is(err, sql.ErrNoRows) {
		return ledger.Government{}, ledger.Errorf(ledger.ENotFound, "government %q not found", name)
	}
	if err != nil {
		return ledger.Government{}, wrap("government", err)
	}
	return g, nil
}

// Governments returns every government ordered by name.
func (d *DB) Governments(ctx context.Context) ([]ledger.Government, error) {
	rows, err := d.db.QueryContext(ctx, selectGovernment+` ORDER BY g.name`)
	if err != nil {
		return nil, wrap("governments", err)
	}
	defer rows.Close()
	var out []ledger.Government
	for rows.Next() {
		var g ledger.Government
		if err := rows.Scan(&g.ID, &g.Name, &g.Level, &g.Parent); err != nil {
			return nil, wrap("governments", err)
		}
		out = append(out, g)
	}
	return out, wrap("governments", rows.Err())
}
