package sqlstore

import (
	"context"
	"errors"

	"ducha/ledger"
	"ducha/store/internal/shared"
)

func (s *Store) selectUnits() string {
	return `SELECT u.id, u.name, u.short_name, ` + s.d.JSON("u.aliases") + `, coalesce(p.name, ''), u.contact
	FROM units u LEFT JOIN units p ON p.id = u.parent_id`
}

// SaveUnits inserts or updates units by name, in one transaction: short
// name, aliases, parent and contact are set to what is given. Parents may
// come later in the batch or be stored already; an unknown parent fails
// the whole batch. created counts new units, updated the stored units
// that changed.
func (s *Store) SaveUnits(ctx context.Context, units []ledger.Unit) (created, updated int, err error) {
	batch := shared.NormalUnits(units)
	err = s.write(ctx, "save units", func(tx Tx) error {
		created, updated, err = s.saveUnits(ctx, tx, batch)
		return err
	})
	if err != nil {
		return 0, 0, err
	}
	return created, updated, nil
}

func (s *Store) saveUnits(ctx context.Context, tx Querier, batch []ledger.Unit) (created, updated int, err error) {
	// One batch at a time, so that the counts and checks hold.
	if err := s.d.Lock(ctx, tx, "units"); err != nil {
		return 0, 0, err
	}
	stored, err := s.units(ctx, tx)
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
		if _, err := tx.Exec(ctx, `INSERT INTO units (name, short_name, aliases, contact) VALUES (?, ?, ?, ?)
			ON CONFLICT (name) DO UPDATE SET short_name = excluded.short_name, aliases = excluded.aliases,
				contact = excluded.contact`, u.Name, u.ShortName, shared.EncodeStrings(u.Aliases), u.Contact); err != nil {
			return 0, 0, err
		}
		changed = append(changed, u)
	}
	// Parents once every unit of the batch exists.
	for _, u := range changed {
		var parent *string
		if u.Parent != "" {
			parent = &u.Parent
		}
		if _, err := tx.Exec(ctx, `UPDATE units SET parent_id = (SELECT id FROM units WHERE name = ?) WHERE name = ?`,
			parent, u.Name); err != nil {
			return 0, 0, err
		}
	}
	return created, updated, nil
}

// Units returns the whole units directory ordered by name, in code point
// order.
func (s *Store) Units(ctx context.Context) ([]ledger.Unit, error) {
	out, err := s.units(ctx, s.d.Pool())
	return out, s.wrap("units", err)
}

func (s *Store) units(ctx context.Context, q Querier) ([]ledger.Unit, error) {
	var out []ledger.Unit
	var u ledger.Unit
	var aliases string
	err := scanRows(ctx, q, s.selectUnits()+` ORDER BY `+s.d.Binary("u.name"), nil,
		[]any{&u.ID, &u.Name, &u.ShortName, &aliases, &u.Parent, &u.Contact}, func() error {
			var err error
			u.Aliases, err = shared.DecodeStrings(aliases)
			out = append(out, u)
			return err
		})
	return out, err
}

// unitIDs maps every unit's full name to its id.
func unitIDs(ctx context.Context, tx Querier) (shared.UnitIDs, error) {
	m := shared.UnitIDs{}
	var id int64
	var name string
	err := scanRows(ctx, tx, `SELECT id, name FROM units`, nil, []any{&id, &name}, func() error {
		m[name] = id
		return nil
	})
	return m, err
}

// unitRef returns the id of the unit named name, nil for no name; an
// unknown name is an EInvalid error.
func unitRef(ctx context.Context, q Querier, name string) (any, error) {
	if name == "" {
		return nil, nil
	}
	var id int64
	err := q.QueryRow(ctx, `SELECT id FROM units WHERE name = ?`, name).Scan(&id)
	if errors.Is(err, ErrNoRows) {
		return nil, shared.NoUnit(name)
	}
	return id, err
}
