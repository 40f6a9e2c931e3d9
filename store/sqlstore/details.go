package sqlstore

import (
	"context"

	"ducha/ledger"
)

// readDetails fills in the cooperating units and the milestones of the
// commitments c meeting a condition on c, given by id.
func readDetails(ctx context.Context, tx Querier, where string, arg any, byID map[int64]*ledger.Commitment) error {
	var id int64
	var name string
	err := scanRows(ctx, tx, `SELECT o.commitment_id, u.name FROM assignment_cooperators o
		JOIN commitments c ON c.id = o.commitment_id JOIN units u ON u.id = o.unit_id
		WHERE `+where+` ORDER BY o.commitment_id, o.position`, []any{arg}, []any{&id, &name}, func() error {
		if c := byID[id]; c != nil {
			c.Assignment.Cooperating = append(c.Assignment.Cooperating, name)
		}
		return nil
	})
	if err != nil {
		return err
	}
	var m ledger.Milestone
	return scanRows(ctx, tx, `SELECT m.commitment_id, m.due, m.expected, m.description FROM milestones m
		JOIN commitments c ON c.id = m.commitment_id WHERE `+where+` ORDER BY m.commitment_id, m.position`, []any{arg},
		[]any{&id, DateDest(&m.Due), &m.Expected, &m.Description}, func() error {
			if c := byID[id]; c != nil {
				c.Milestones = append(c.Milestones, m)
			}
			return nil
		})
}
