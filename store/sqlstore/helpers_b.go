package sqlstore

// Helpers of the areas migrated in parallel (units, values, details,
// decisions), written here for the commitments, tasks, progress, reports
// and workflow areas; to be reconciled with their own versions.

import (
	"context"
	"errors"

	"ducha/ledger"
	"ducha/store/internal/shared"
)

// auditColumns are the columns of an audit entry, in the order of
// auditValues.
var auditColumns = []string{"at", "actor", "action", "entity", "ref", "before", "after"}

func (s *Store) auditValues(e ledger.AuditEntry) []any {
	return []any{s.d.Stamp(e.At), e.Actor, e.Action, e.Entity, e.Ref, s.d.JSONArg(e.Before), s.d.JSONArg(e.After)}
}

// appendAudit appends entries to the audit log: many at once with Copy.
func (s *Store) appendAudit(ctx context.Context, tx Querier, es ...ledger.AuditEntry) error {
	if len(es) < 8 {
		for _, e := range es {
			if _, err := tx.Exec(ctx, `INSERT INTO audit_log (at, actor, action, entity, ref, before, after)
				VALUES (?, ?, ?, ?, ?, ?, ?)`, s.auditValues(e)...); err != nil {
				return err
			}
		}
		return nil
	}
	values := make([]any, 0, len(es)*len(auditColumns))
	for _, e := range es {
		values = append(values, s.auditValues(e)...)
	}
	return s.d.Copy(ctx, tx, "audit_log", auditColumns, values)
}

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

// writeExclusions stores the exclusions the commitments ids carry (a
// re-imported report keeping the office's decisions).
func (s *Store) writeExclusions(ctx context.Context, tx Querier, ids []int64, cs []ledger.Commitment) error {
	var b []Stmt
	for i := range cs {
		if e := cs[i].Excluded; e != nil {
			b = append(b, Stmt{SQL: `UPDATE commitments SET excluded_at = ?, excluded_by = ?, excluded_reason = ? WHERE id = ?`,
				Args: []any{s.d.Stamp(e.At), e.By, e.Reason, ids[i]}})
		}
	}
	return s.d.Batch(ctx, tx, b)
}

// commitmentLead returns the lead unit of commitment id ("" if none), or
// not_found.
func commitmentLead(ctx context.Context, q Querier, id int64) (string, error) {
	var lead string
	err := q.QueryRow(ctx, `SELECT coalesce(u.name, '') FROM commitments c
		LEFT JOIN assignments a ON a.commitment_id = c.id LEFT JOIN units u ON u.id = a.lead_unit_id
		WHERE c.id = ?`, id).Scan(&lead)
	if errors.Is(err, ErrNoRows) {
		return "", shared.NoCommitment(id)
	}
	return lead, err
}

// targetKinds returns the kinds the office gave the targets of a report.
func targetKinds(ctx context.Context, tx Querier, reportID int64) (map[int64]string, error) {
	kinds := map[int64]string{}
	var id int64
	var kind string
	err := scanRows(ctx, tx, `SELECT t.commitment_id, t.kind FROM targets t
		JOIN commitments c ON c.id = t.commitment_id WHERE c.report_id = ? AND t.kind <> ''`, []any{reportID},
		[]any{&id, &kind}, func() error {
			kinds[id] = kind
			return nil
		})
	return kinds, err
}
