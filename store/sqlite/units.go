package sqlite

import (
	"context"
	"database/sql"

	"ducha/ledger"
	"ducha/store/internal/shared"
)

const selectUnits = `SELECT u.id, u.name, u.short_name, u.aliases, coalesce(p.name, ''), u.contact
	FROM units u LEFT JOIN units p ON p.id = u.parent_id`

// SaveUnits inserts or updates units by name, in one transaction: short
// name, aliases, parent and contact are set to what is given. Parents may
// come later in the batch or be stored already; an unknown parent fails
// the whole batch. created counts new units, updated the stored units
// that changed.
func (d *DB) SaveUnits(ctx context.Context, units []ledger.Unit) (created, updated int, err error) {
	batch := shared.NormalUnits(units)
	tx, err := d.beginWrite(ctx)
	if err != nil {
		return 0, 0, err
	}
	defer tx.Rollback()
	created, updated, err = saveUnits(ctx, tx.Tx, batch)
	if err != nil {
		return 0, 0, err
	}
	return created, updated, wrap("save units", tx.Commit())
}

func saveUnits(ctx context.Context, tx *sql.Tx, batch []ledger.Unit) (created, updated int, err error) {
	stored, err := units(ctx, tx)
	if err != nil {
		return 0, 0, err
	}
	byName := make(map[string]ledger.Unit, len(stored))
	parents := make(map[string]string, len(stored))
	for _, u := range stored {
		byName[u.Name] = u
		parents[u.Name] = u.Parent
	}
	if err := shared.CheckUnits(parents, batch); err != nil {
		return 0, 0, err
	}
	upsert, err := tx.PrepareContext(ctx, `INSERT INTO units (name, short_name, aliases, contact) VALUES (?, ?, ?, ?)
		ON CONFLICT (name) DO UPDATE SET short_name = excluded.short_name, aliases = excluded.aliases, contact = excluded.contact`)
	if err != nil {
		return 0, 0, wrap("save units", err)
	}
	defer upsert.Close()
	var changed []ledger.Unit
	for _, u := range batch {
		old, ok := byName[u.Name]
		switch {
		case !ok:
			created++
		case shared.SameUnit(old, u):
			continue
		default:
			updated++
		}
		if _, err := upsert.ExecContext(ctx, u.Name, u.ShortName, shared.EncodeStrings(u.Aliases), u.Contact); err != nil {
			return 0, 0, wrap("save units", err)
		}
		changed = append(changed, u)
	}
	// Parents once every unit of the batch exists.
	setParent, err := tx.PrepareContext(ctx, `UPDATE units SET parent_id = (SELECT id FROM units WHERE name = ?) WHERE name = ?`)
	if err != nil {
		return 0, 0, wrap("save units", err)
	}
	defer setParent.Close()
	for _, u := range changed {
		parent := sql.NullString{String: u.Parent, Valid: u.Parent != ""}
		if _, err := setParent.ExecContext(ctx, parent, u.Name); err != nil {
			return 0, 0, wrap("save units", err)
		}
	}
	return created, updated, nil
}

// Units returns the whole units directory ordered by name.
func (d *DB) Units(ctx context.Context) ([]ledger.Unit, error) {
	return units(ctx, d.db)
}

type rowsQuerier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

func units(ctx context.Context, q rowsQuerier) ([]ledger.Unit, error) {
	rows, err := q.QueryContext(ctx, selectUnits+` ORDER BY u.name`)
	if err != nil {
		return nil, wrap("units", err)
	}
	defer rows.Close()
	var out []ledger.Unit
	for rows.Next() {
		var u ledger.Unit
		var aliases string
		if err := rows.Scan(&u.ID, &u.Name, &u.ShortName, &aliases, &u.Parent, &u.Contact); err != nil {
			return nil, wrap("units", err)
		}
		if u.Aliases, err = shared.DecodeStrings(aliases); err != nil {
			return nil, wrap("units", err)
		}
		out = append(out, u)
	}
	return out, wrap("units", rows.Err())
}

// unitIDs maps every unit's full name to its id.
func unitIDs(ctx context.Context, tx *sql.Tx) (shared.UnitIDs, error) {
	rows, err := tx.QueryContext(ctx, `SELECT id, name FROM units`)
	if err != nil {
		return nil, wrap("units", err)
	}
	defer rows.Close()
	m := shared.UnitIDs{}
	for rows.Next() {
		var id int64
		var name string
		if err := rows.Scan(&id, &name); err != nil {
			return nil, wrap("units", err)
		}
		m[name] = id
	}
	return m, wrap("units", rows.Err())
}
