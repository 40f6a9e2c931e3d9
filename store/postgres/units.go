package postgres

import (
	"context"

	"ducha/ledger"
	"ducha/store/internal/shared"

	"github.com/jackc/pgx/v5"
)

const selectUnits = `SELECT u.id, u.name, u.short_name, u.aliases::text, coalesce(p.name, ''), u.contact
	FROM units u LEFT JOIN units p ON p.id = u.parent_id`

// SaveUnits inserts or updates units by name, in one transaction: short
// name, aliases, parent and contact are set to what is given. Parents may
// come later in the batch or be stored already; an unknown parent fails
// the whole batch. created counts new units, updated the stored units
// that changed.
func (d *DB) SaveUnits(ctx context.Context, units []ledger.Unit) (created, updated int, err error) {
	batch := shared.NormalUnits(units)
	tx, err := d.pool.Begin(ctx)
	if err != nil {
		return 0, 0, wrap("save units", err)
	}
	defer tx.Rollback(ctx)
	created, updated, err = saveUnits(ctx, tx, batch)
	if err != nil {
		return 0, 0, err
	}
	return created, updated, wrap("save units", tx.Commit(ctx))
}

func saveUnits(ctx context.Context, tx pgx.Tx, batch []ledger.Unit) (created, updated int, err error) {
	// One batch at a time, so that the counts and checks hold.
	if _, err := tx.Exec(ctx, `LOCK TABLE units IN SHARE ROW EXCLUSIVE MODE`); err != nil {
		return 0, 0, wrap("save units", err)
	}
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
	var changed []ledger.Unit
	upserts := &pgx.Batch{}
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
		upserts.Queue(`INSERT INTO units (name, short_name, aliases, contact) VALUES ($1, $2, $3, $4)
			ON CONFLICT (name) DO UPDATE SET short_name = excluded.short_name, aliases = excluded.aliases,
				contact = excluded.contact`, u.Name, u.ShortName, shared.EncodeStrings(u.Aliases), u.Contact)
		changed = append(changed, u)
	}
	// Parents once every unit of the batch exists.
	for _, u := range changed {
		var parent *string
		if u.Parent != "" {
			parent = &u.Parent
		}
		upserts.Queue(`UPDATE units SET parent_id = (SELECT id FROM units WHERE name = $1) WHERE name = $2`, parent, u.Name)
	}
	if err := tx.SendBatch(ctx, upserts).Close(); err != nil {
		return 0, 0, wrap("save units", err)
	}
	return created, updated, nil
}

// Units returns the whole units directory ordered by name (in code point
// order, as SQLite orders them).
func (d *DB) Units(ctx context.Context) ([]ledger.Unit, error) {
	return units(ctx, d.pool)
}

type querier interface {
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
}

func units(ctx context.Context, q querier) ([]ledger.Unit, error) {
	rows, err := q.Query(ctx, selectUnits+` ORDER BY u.name COLLATE "C"`)
	if err != nil {
		return nil, wrap("units", err)
	}
	out, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (ledger.Unit, error) {
		var u ledger.Unit
		var aliases string
		if err := row.Scan(&u.ID, &u.Name, &u.ShortName, &aliases, &u.Parent, &u.Contact); err != nil {
			return u, err
		}
		var err error
		u.Aliases, err = shared.DecodeStrings(aliases)
		return u, err
	})
	return out, wrap("units", err)
}

// unitIDs maps every unit's full name to its id.
func unitIDs(ctx context.Context, tx pgx.Tx) (shared.UnitIDs, error) {
	rows, err := tx.Query(ctx, `SELECT id, name FROM units`)
	if err != nil {
		return nil, wrap("units", err)
	}
	m := shared.UnitIDs{}
	var id int64
	var name string
	_, err = pgx.ForEachRow(rows, []any{&id, &name}, func() error {
		m[name] = id
		return nil
	})
	return m, wrap("units", err)
}
