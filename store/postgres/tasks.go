package postgres

import (
	"context"
	"errors"

	"ducha/ledger"
	"ducha/store/internal/shared"

	"github.com/jackc/pgx/v5"
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
	tx, err := d.pool.Begin(ctx)
	if err != nil {
		return wrap("apply tasks", err)
	}
	defer tx.Rollback(ctx)
	ids, err := applyTasks(ctx, tx, reportID, cs)
	if err != nil {
		return err
	}
	if audit != nil {
		out := append([]ledger.Commitment(nil), cs...)
		for i := range out {
			out[i].ID, out[i].ReportID = ids[i], reportID
		}
		for _, e := range audit(out) {
			if e, err = shared.CheckAudit(e, d.now()); err != nil {
				return err
			}
			if err := appendAudit(ctx, tx, e); err != nil {
				return err
			}
		}
	}
	if err := tx.Commit(ctx); err != nil {
		return wrap("apply tasks", err)
	}
	for i := range cs {
		cs[i].ID, cs[i].ReportID = ids[i], reportID
	}
	return nil
}

func applyTasks(ctx context.Context, tx pgx.Tx, reportID int64, cs []ledger.Commitment) ([]int64, error) {
	existing, suggested, err := taskIndex(ctx, tx, reportID)
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
	newIDs, err := commitmentIDs(ctx, tx, len(fresh))
	if err != nil {
		return nil, err
	}
	kinds, err := targetKinds(ctx, tx, reportID)
	if err != nil {
		return nil, err
	}
	t := newTables(units)
	ids := make([]int64, len(cs))
	edits := &pgx.Batch{}
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
		queueUpdate(edits, id, &c)
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
	if err := tx.SendBatch(ctx, edits).Close(); err != nil {
		return nil, wrap("apply tasks", err)
	}
	if err := writeTables(ctx, tx, t); err != nil {
		return nil, err
	}
	// A new lead unit changes whose submissions count as the last report.
	return ids, refreshStates(ctx, tx, `s.commitment_id IN (SELECT id FROM commitments WHERE report_id = $1)`, reportID)
}

// queueUpdate queues the writes of the edited fields of commitment id and
// the deletes of what c replaces: its target (when c has one), assignment
// and milestones.
func queueUpdate(b *pgx.Batch, id int64, c *ledger.Commitment) {
	var deadline any
	if c.Deadline != nil {
		deadline = shared.Day(*c.Deadline)
	}
	b.Queue(`UPDATE commitments SET title = $1, category = $2, weight = $3, deadline_text = $4, deadline = $5
		WHERE id = $6`, c.Title, c.Category, c.Weight, c.DeadlineText, deadline, id)
	b.Queue(`DELETE FROM assignments WHERE commitment_id = $1`, id)
	b.Queue(`DELETE FROM milestones WHERE commitment_id = $1`, id)
	if c.Target != nil {
		b.Queue(`DELETE FROM targets WHERE commitment_id = $1`, id)
	}
}

// taskIndex locks the report and returns the ids of its commitments by
// code and the suggested lead unit of each, or not_found for an unknown
// report.
func taskIndex(ctx context.Context, tx pgx.Tx, reportID int64) (map[string]int64, map[int64]string, error) {
	var one int
	err := tx.QueryRow(ctx, `SELECT 1 FROM reports WHERE id = $1 FOR UPDATE`, reportID).Scan(&one)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, nil, ledger.Errorf(ledger.ENotFound, "report %d not found", reportID)
	} else if err != nil {
		return nil, nil, wrap("apply tasks", err)
	}
	existing := map[string]int64{}
	var id int64
	var code string
	if err := each(ctx, tx, `SELECT id, code FROM commitments WHERE report_id = $1`, reportID, []any{&id, &code},
		func() { existing[code] = id }); err != nil {
		return nil, nil, err
	}
	suggested := map[int64]string{}
	var name string
	err = each(ctx, tx, `SELECT a.commitment_id, u.name FROM assignments a JOIN commitments c ON c.id = a.commitment_id
		JOIN units u ON u.id = a.suggested_unit_id WHERE c.report_id = $1`, reportID, []any{&id, &name},
		func() { suggested[id] = name })
	return existing, suggested, err
}
