package sqlite

import (
	"context"
	"database/sql"
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
func (d *DB) ApplyTasks(ctx context.Context, reportID int64, cs []ledger.Commitment) error {
	return d.ApplyTasksAudited(ctx, reportID, cs, nil)
}

// ApplyTasksAudited is ApplyTasks with the audit entries of the change
// appended in the same transaction.
func (d *DB) ApplyTasksAudited(ctx context.Context, reportID int64, cs []ledger.Commitment, audit func([]ledger.Commitment) []ledger.AuditEntry) error {
	if err := shared.CheckCodes(cs); err != nil {
		return err
	}
	tx, err := d.beginWrite(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	ids, err := applyTasks(ctx, tx.Tx, d.stmts, reportID, cs)
	if err != nil {
		return err
	}
	if audit != nil {
		for _, e := range audit(written(cs, ids, reportID)) {
			if e, err = shared.CheckAudit(e, d.now()); err != nil {
				return err
			}
			if err := appendAudit(ctx, tx.Tx, e); err != nil {
				return err
			}
		}
	}
	if err := tx.Commit(); err != nil {
		return wrap("apply tasks", err)
	}
	for i := range cs {
		cs[i].ID, cs[i].ReportID = ids[i], reportID
	}
	return nil
}

// written returns copies of cs with the ids they were written under.
func written(cs []ledger.Commitment, ids []int64, reportID int64) []ledger.Commitment {
	out := append([]ledger.Commitment(nil), cs...)
	for i := range out {
		out[i].ID, out[i].ReportID = ids[i], reportID
	}
	return out
}

func applyTasks(ctx context.Context, tx *sql.Tx, stmts *stmtCache, reportID int64, cs []ledger.Commitment) ([]int64, error) {
	existing, suggested, err := taskIndex(ctx, tx, reportID)
	if err != nil {
		return nil, err
	}
	if _, err := shared.NewTasks(existing, cs); err != nil {
		return nil, err
	}
	units, err := unitIDs(ctx, tx)
	if err != nil {
		return nil, err
	}
	if err := units.CheckUnits(cs); err != nil {
		return nil, err
	}
	next, err := nextCommitmentID(ctx, tx)
	if err != nil {
		return nil, err
	}
	kinds, err := targetKinds(ctx, tx, reportID)
	if err != nil {
		return nil, err
	}
	t := newTables(units)
	ids := make([]int64, len(cs))
	for i := range cs {
		c := cs[i]
		id, ok := existing[c.Code]
		if !ok {
			if c.Kind == "" {
				c.Kind = ledger.KindTarget
			}
			ids[i], next = next, next+1
			if err := t.AddCommitment(ids[i], reportID, &c); err != nil {
				return nil, err
			}
			continue
		}
		ids[i] = id
		if err := updateTask(ctx, tx, id, &c); err != nil {
			return nil, err
		}
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
	if err := writeTables(ctx, tx, stmts, t); err != nil {
		return nil, err
	}
	// A new lead unit changes whose submissions count as the last report.
	return ids, refreshStates(ctx, tx, `s.commitment_id IN (SELECT id FROM commitments WHERE report_id = ?)`, reportID)
}

// updateTask writes the edited fields of commitment id and deletes what
// c replaces: its target (when c has one), assignment and milestones.
func updateTask(ctx context.Context, tx *sql.Tx, id int64, c *ledger.Commitment) error {
	var deadline sql.NullString
	if c.Deadline != nil {
		deadline = sql.NullString{String: shared.Day(*c.Deadline).Format(shared.DateLayout), Valid: true}
	}
	if _, err := tx.ExecContext(ctx, `UPDATE commitments SET title = ?, category = ?, weight = ?, deadline_text = ?,
			deadline = ? WHERE id = ?`, c.Title, c.Category, c.Weight, c.DeadlineText, deadline, id); err != nil {
		return wrap("apply tasks", err)
	}
	deletes := []string{`DELETE FROM assignments WHERE commitment_id = ?`, `DELETE FROM milestones WHERE commitment_id = ?`}
	if c.Target != nil {
		deletes = append(deletes, `DELETE FROM targets WHERE commitment_id = ?`)
	}
	for _, q := range deletes {
		if _, err := tx.ExecContext(ctx, q, id); err != nil {
			return wrap("apply tasks", err)
		}
	}
	return nil
}

// taskIndex returns the ids of a report's commitments by code and the
// suggested lead unit of each, or not_found for an unknown report.
func taskIndex(ctx context.Context, tx *sql.Tx, reportID int64) (map[string]int64, map[int64]string, error) {
	var one int
	err := tx.QueryRowContext(ctx, `SELECT 1 FROM reports WHERE id = ?`, reportID).Scan(&one)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil, ledger.Errorf(ledger.ENotFound, "report %d not found", reportID)
	} else if err != nil {
		return nil, nil, wrap("apply tasks", err)
	}
	existing := map[string]int64{}
	err = each(ctx, tx, `SELECT id, code FROM commitments WHERE report_id = ?`, reportID, func(rows *sql.Rows) error {
		var id int64
		var code string
		err := rows.Scan(&id, &code)
		existing[code] = id
		return err
	})
	if err != nil {
		return nil, nil, err
	}
	suggested := map[int64]string{}
	err = each(ctx, tx, `SELECT a.commitment_id, u.name FROM assignments a JOIN commitments c ON c.id = a.commitment_id
		JOIN units u ON u.id = a.suggested_unit_id WHERE c.report_id = ?`, reportID, func(rows *sql.Rows) error {
		var id int64
		var name string
		err := rows.Scan(&id, &name)
		suggested[id] = name
		return err
	})
	return existing, suggested, err
}
