package sqlite

import (
	"context"
	"database/sql"
	"time"

	"ducha/ledger"
	"ducha/store/internal/shared"
)

// readDetails fills in the cooperating units and the milestones of the
// commitments c meeting a condition on c, given by id.
func readDetails(ctx context.Context, tx *sql.Tx, where string, arg any, byID map[int64]*ledger.Commitment) error {
	err := each(ctx, tx, `SELECT o.commitment_id, u.name FROM assignment_cooperators o
		JOIN commitments c ON c.id = o.commitment_id JOIN units u ON u.id = o.unit_id
		WHERE `+where+` ORDER BY o.commitment_id, o.position`, arg,
		func(rows *sql.Rows) error {
			var id int64
			var name string
			if err := rows.Scan(&id, &name); err != nil {
				return err
			}
			if c := byID[id]; c != nil {
				c.Assignment.Cooperating = append(c.Assignment.Cooperating, name)
			}
			return nil
		})
	if err != nil {
		return err
	}
	return each(ctx, tx, `SELECT m.commitment_id, m.due, m.expected, m.description FROM milestones m
		JOIN commitments c ON c.id = m.commitment_id WHERE `+where+` ORDER BY m.commitment_id, m.position`, arg,
		func(rows *sql.Rows) error {
			var id int64
			var m ledger.Milestone
			var due string
			if err := rows.Scan(&id, &due, &m.Expected, &m.Description); err != nil {
				return err
			}
			t, err := time.Parse(shared.DateLayout, due)
			if err != nil {
				return err
			}
			m.Due = t
			if c := byID[id]; c != nil {
				c.Milestones = append(c.Milestones, m)
			}
			return nil
		})
}

// each runs a query and calls f for every row.
func each(ctx context.Context, tx *sql.Tx, query string, arg any, f func(*sql.Rows) error) error {
	rows, err := tx.QueryContext(ctx, query, arg)
	if err != nil {
		return wrap("commitments", err)
	}
	defer rows.Close()
	for rows.Next() {
		if err := f(rows); err != nil {
			return wrap("commitments", err)
		}
	}
	return wrap("commitments", rows.Err())
}
