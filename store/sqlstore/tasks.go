package sqlstore

import (
	"context"
	"errors"

	"ducha/ledger"
	"ducha/store/internal/shared"
)

// ApplyTasks writes edited commitments of a report, keyed on Code, in one
// transaction: title, category, weight, deadline text and date, the
// assignment (the suggested lead is kept unless one is given) and the
// milestones, replaced as a whole; the target only when one is given.
// Other fields are left as imported. A code not yet in the report is
// inserted whole as a new sub-task; its ParentCode must be in the report
// or in cs. Any error (an empty code, an unknown parent or unit) leaves
// the report unchanged. The ID and ReportID of each commitment are set.
func (s *Store) ApplyTasks(ctx context.Context, reportID int64, cs []ledger.Commitment) error {
	return s.ApplyTasksAudited(ctx, reportID, cs, nil)
}

// ApplyTasksAudited is ApplyTasks with the audit entries of the change
// appended in the same transaction.
func (s *Store) ApplyTasksAudited(ctx context.Context, reportID int64, cs []ledger.Commitment, audit func([]ledger.Commitment) []ledger.AuditEntry) error {
	if err := shared.CheckCodes(cs); err != nil {
		return err
	}
	var ids []int64
	err := s.write(ctx, "apply tasks", func(tx Tx) error {
		var err error
		if ids, err = s.applyTasks(ctx, tx, reportID, cs); err != nil || audit == nil {
			return err
		}
		return s.checkedAudit(ctx, tx, audit(withIDs(append([]ledger.Commitment(nil), cs...), ids, reportID)))
	})
	if err == nil {
		withIDs(cs, ids, reportID)
	}
	return err
}

// withIDs sets the ids cs were written under and returns cs.
func withIDs(cs []ledger.Commitment, ids []int64, reportID int64) []ledger.Commitment {
	for i := range cs {
		cs[i].ID, cs[i].ReportID = ids[i], reportID
	}
	return cs
}

// checkedAudit checks entries given by the caller and appends them.
func (s *Store) checkedAudit(ctx context.Context, tx Querier, entries []ledger.AuditEntry) error {
	checked := make([]ledger.AuditEntry, len(entries))
	for i, e := range entries {
		var err error
		if checked[i], err = shared.CheckAudit(e, s.Now()); err != nil {
			return err
		}
	}
	return s.appendAudit(ctx, tx, checked...)
}

func (s *Store) applyTasks(ctx context.Context, tx Querier, reportID int64, cs []ledger.Commitment) ([]int64, error) {
	existing, suggested, err := s.taskIndex(ctx, tx, reportID)
	if err != nil {
		return nil, err
	}
	fresh, err := shared.NewTasks(existing, cs)
	if err != nil {
		return nil, err
	}
	units, err := unitIDs(ctx, tx)
	if err != nil {
		return nil, err
	}
	if err := units.CheckUnits(cs); err != nil {
		return nil, err
	}
	newIDs, err := s.d.NextIDs(ctx, tx, "commitments", len(fresh))
	if err != nil {
		return nil, err
	}
	kinds, err := targetKinds(ctx, tx, reportID)
	if err != nil {
		return nil, err
	}
	t := s.newTables(units)
	var edits []Stmt
	ids := make([]int64, len(cs))
	for i := range cs {
		c := cs[i]
		id, ok := existing[c.Code]
		if !ok {
			if c.Kind == "" {
				c.Kind = ledger.KindTarget
			}
			ids[i], newIDs = newIDs[0], newIDs[1:]
			if err := t.AddCommitment(ids[i], reportID, &c); err != nil {
				return nil, err
			}
			continue
		}
		ids[i] = id
		edits = s.updateTask(edits, id, &c)
		if c.Target != nil {
			// A sheet says nothing of the kind: the office's stays.
			g := *c.Target
			if g.Kind == "" {
				g.Kind = kinds[id]
			}
			t.AddTarget(id, &g)
		}
		a := c.Assignment
		if a.SuggestedLead == "" {
			a.SuggestedLead = suggested[id]
		}
		if err := t.AddAssignment(id, a); err != nil {
			return nil, err
		}
		t.AddMilestones(id, c.Milestones)
	}
	if err := s.d.Batch(ctx, tx, edits); err != nil {
		return nil, err
	}
	if err := s.writeTables(ctx, tx, t); err != nil {
		return nil, err
	}
	// A new lead unit changes whose submissions count as the last report.
	return ids, refreshStates(ctx, tx, `s.commitment_id IN (SELECT id FROM commitments WHERE report_id = ?)`, reportID)
}

// updateTask appends to b the writes of the edited fields of commitment
// id and the deletes of what c replaces: its target (when c has one),
// assignment and milestones.
func (s *Store) updateTask(b []Stmt, id int64, c *ledger.Commitment) []Stmt {
	var deadline any
	if c.Deadline != nil {
		deadline = s.d.Date(*c.Deadline)
	}
	b = append(b, Stmt{SQL: `UPDATE commitments SET title = ?, category = ?, weight = ?, deadline_text = ?, deadline = ?
		WHERE id = ?`, Args: []any{c.Title, c.Category, c.Weight, c.DeadlineText, deadline, id}},
		Stmt{SQL: `DELETE FROM assignments WHERE commitment_id = ?`, Args: []any{id}},
		Stmt{SQL: `DELETE FROM milestones WHERE commitment_id = ?`, Args: []any{id}})
	if c.Target != nil {
		b = append(b, Stmt{SQL: `DELETE FROM targets WHERE commitment_id = ?`, Args: []any{id}})
	}
	return b
}

// taskIndex locks the report and returns the ids of its commitments by
// code and the suggested lead unit of each, or not_found for an unknown
// report.
func (s *Store) taskIndex(ctx context.Context, tx Querier, reportID int64) (map[string]int64, map[int64]string, error) {
	if err := exists(ctx, tx, "reports", reportID, s.d.ForUpdate(),
		ledger.Errorf(ledger.ENotFound, "report %d not found", reportID)); err != nil {
		return nil, nil, err
	}
	existing := map[string]int64{}
	var id int64
	var code string
	if err := scanRows(ctx, tx, `SELECT id, code FROM commitments WHERE report_id = ?`, []any{reportID}, []any{&id, &code},
		func() error { existing[code] = id; return nil }); err != nil {
		return nil, nil, err
	}
	suggested := map[int64]string{}
	err := scanRows(ctx, tx, `SELECT a.commitment_id, u.name FROM assignments a JOIN commitments c ON c.id = a.commitment_id
		JOIN units u ON u.id = a.suggested_unit_id WHERE c.report_id = ?`, []any{reportID}, []any{&id, &code},
		func() error { suggested[id] = code; return nil })
	return existing, suggested, err
}

// DeleteTasks removes sub-tasks of a report by code, with their targets,
// assignments and milestones, and appends the audit entries, in one
// transaction. A code that is no sub-task of the report, one the workflow
// touched (dispatched, reports, 督办单, comments) or one with sub-tasks of
// its own not deleted with it is refused, and nothing changes.
func (s *Store) DeleteTasks(ctx context.Context, reportID int64, codes []string, audit []ledger.AuditEntry) error {
	gone := map[string]bool{}
	for _, c := range codes {
		gone[c] = true
	}
	return s.write(ctx, "delete tasks", func(tx Tx) error {
		for _, code := range codes {
			if err := s.deleteTask(ctx, tx, reportID, code, gone); err != nil {
				return err
			}
		}
		return s.checkedAudit(ctx, tx, audit)
	})
}

func (s *Store) deleteTask(ctx context.Context, tx Querier, reportID int64, code string, gone map[string]bool) error {
	var id int64
	var parent string
	err := tx.QueryRow(ctx, `SELECT id, parent_code FROM commitments WHERE report_id = ? AND code = ?`+s.d.ForUpdate(),
		reportID, code).Scan(&id, &parent)
	if errors.Is(err, ErrNoRows) {
		return ledger.Errorf(ledger.ENotFound, "%s 不存在于台账中", code)
	} else if err != nil {
		return err
	}
	if parent == "" {
		return ledger.Errorf(ledger.EInvalid, "%s 不是子任务，不能删除", code)
	}
	if used, err := supervised(ctx, tx, "c.id = ?", id); err != nil {
		return err
	} else if used != (shared.Supervised{}) {
		return ledger.Errorf(ledger.EConflict, "%s 已交办或已有进展、督办单、意见，不能删除", code)
	}
	var child string
	err = scanRows(ctx, tx, `SELECT code FROM commitments WHERE report_id = ? AND parent_code = ? ORDER BY code`,
		[]any{reportID, code}, []any{&child}, func() error {
			if !gone[child] {
				return ledger.Errorf(ledger.EConflict, "%s 还有子任务 %s，不能删除", code, child)
			}
			return nil
		})
	if err != nil {
		return err
	}
	_, err = tx.Exec(ctx, `DELETE FROM commitments WHERE id = ?`, id)
	return err
}
