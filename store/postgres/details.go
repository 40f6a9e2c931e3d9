package postgres

import (
	"context"
	"time"

	"ducha/ledger"
	"ducha/store/internal/shared"

	"github.com/jackc/pgx/v5"
)

// readDetails fills in the cooperating units and the milestones of the
// commitments c meeting a condition on c, given by id.
func readDetails(ctx context.Context, tx pgx.Tx, where string, arg any, byID map[int64]*ledger.Commitment) error {
	var id int64
	var name string
	err := each(ctx, tx, `SELECT o.commitment_id, u.name FROM assignment_cooperators o
		JOIN commitments c ON c.id = o.commitment_id JOIN units u ON u.id = o.unit_id
		WHERE `+where+` ORDER BY o.commitment_id, o.position`, arg,
		[]any{&id, &name},
		func() {
			if c := byID[id]; c != nil {
				c.Assignment.Cooperating = append(c.Assignment.Cooperating, name)
			}
		})
	if err != nil {
		return err
	}
	var m ledger.Milestone
	var due time.Time
	return each(ctx, tx, `SELECT m.commitment_id, m.due, m.expected, m.description FROM milestones m
		JOIN commitments c ON c.id = m.commitment_id WHERE `+where+` ORDER BY m.commitment_id, m.position`, arg,
		[]any{&id, &due, &m.Expected, &m.Description},
		func() {
			if c := byID[id]; c != nil {
				m.Due = shared.Day(due)
				c.Milestones = append(c.Milestones, m)
			}
		})
}

// each runs a query and calls f after scanning each row into dest.
func each(ctx context.Context, tx pgx.Tx, query string, arg any, dest []any, f func()) error {
	rows, err := tx.Query(ctx, query, arg)
	if err != nil {
		return wrap("commitments", err)
	}
	_, err = pgx.ForEachRow(rows, dest, func() error {
		f()
		return nil
	})
	return wrap("commitments", err)
}
