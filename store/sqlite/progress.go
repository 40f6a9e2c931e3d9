package sqlite

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"time"

	"ducha/ledger"
	"ducha/store/internal/shared"
)

const selectProgress = `SELECT p.id, p.commitment_id, p.period, coalesce(u.name, ''), p.value, p.percent, p.done,
	p.narrative, p.problems, p.next_steps, p.explanation, p.status, p.return_reason, p.submitted_by, p.submitted_at,
	p.reviewed_by, p.reviewed_at FROM progress_reports p LEFT JOIN units u ON u.id = p.unit_id`

func scanProgress(s scanner) (ledger.ProgressReport, error) {
	var r ledger.ProgressReport
	err := s.Scan(&r.ID, &r.CommitmentID, &r.Period, &r.Unit, &r.Value, &r.Percent, &r.Done, &r.Narrative, &r.Problems,
		&r.NextSteps, &r.Explanation, &r.Status, &r.ReturnReason, &r.SubmittedBy, stampDest{&r.SubmittedAt},
		&r.ReviewedBy, stampDest{&r.ReviewedAt})
	return r, err
}

// evidenceColumns are the metadata of evidence e, after its report's id.
const evidenceColumns = `e.report_id, e.id, e.name, e.content_type, e.size, e.sha256`

// attachEvidence runs a query of evidenceColumns and appends each
// evidence to its report among reports, in the order of the query.
func attachEvidence(ctx context.Context, tx *sql.Tx, query string, args []any, reports map[int64]*ledger.ProgressReport) error {
	if len(reports) == 0 {
		return nil
	}
	return scanRows(ctx, tx, "evidence", query+` ORDER BY e.id`, args, func(rows *sql.Rows) error {
		var id int64
		var e ledger.Evidence
		if err := rows.Scan(&id, &e.ID, &e.Name, &e.ContentType, &e.Size, &e.SHA256); err != nil {
			return err
		}
		if r := reports[id]; r != nil {
			r.Evidence = append(r.Evidence, e)
		}
		return nil
	})
}

// progressReports reads reports with a query of selectProgress and their
// evidence with a query of evidenceColumns, both with args.
func progressReports(ctx context.Context, tx *sql.Tx, query, evidence string, args ...any) ([]ledger.ProgressReport, error) {
	var out []ledger.ProgressReport
	err := scanRows(ctx, tx, "progress reports", query, args, func(rows *sql.Rows) error {
		r, err := scanProgress(rows)
		out = append(out, r)
		return err
	})
	if err != nil {
		return nil, err
	}
	byID := make(map[int64]*ledger.ProgressReport, len(out))
	for i := range out {
		byID[out[i].ID] = &out[i]
	}
	return out, attachEvidence(ctx, tx, evidence, args, byID)
}

// SaveProgressReport saves the report of a commitment for a period (see
// shared.PlanReports): new, or replacing the stored one while that is a
// draft or returned; a submitted or approved one is a conflict. It sets
// r's ID, unit, submission and review fields as stored.
func (d *DB) SaveProgressReport(ctx context.Context, r *ledger.ProgressReport, actor string) error {
	if err := shared.CheckActor(actor); err != nil {
		return err
	}
	plan, err := d.saveReports(ctx, []ledger.ProgressReport{*r}, actor, false, nil)
	if err != nil {
		return err
	}
	evidence := r.Evidence
	*r = plan[0].Report
	r.Evidence = evidence
	return nil
}

// ReportProgress saves r and moves its commitment's state as
// ledger.StateOnReport says, in one transaction: the state is checked
// after the report is written, and a refusal undoes both.
func (d *DB) ReportProgress(ctx context.Context, r *ledger.ProgressReport, actor string) error {
	if err := shared.CheckActor(actor); err != nil {
		return err
	}
	id, submit := r.CommitmentID, r.Status == ledger.ReportSubmitted
	plan, err := d.saveReports(ctx, []ledger.ProgressReport{*r}, actor, false, func(tx *sql.Tx) error {
		old, _, err := commitmentState(ctx, tx, id)
		if err != nil {
			return err
		}
		next, ok := ledger.StateOnReport(old.State, submit)
		if !ok {
			return shared.NotReportable(id, old.State)
		}
		if next == old.State {
			return nil
		}
		return d.setState(ctx, tx, id, next, "", "", actor)
	})
	if err != nil {
		return err
	}
	evidence := r.Evidence
	*r = plan[0].Report
	r.Evidence = evidence
	return nil
}

// ImportProgressReports saves many reports, as SaveProgressReport would
// one after another, in one transaction: all or nothing. The first report
// at fault fails the batch, with its position (from 1) in the message.
// The reports are updated as stored.
func (d *DB) ImportProgressReports(ctx context.Context, rs []ledger.ProgressReport, actor string) error {
	if err := shared.CheckActor(actor); err != nil {
		return err
	}
	if len(rs) == 0 {
		return nil
	}
	plan, err := d.saveReports(ctx, rs, actor, true, nil)
	if err != nil {
		return err
	}
	for i := range rs {
		evidence := rs[i].Evidence
		rs[i] = plan[i].Report
		rs[i].Evidence = evidence
	}
	return nil
}

// saveReports writes rs with their audit entries, runs then (when not
// nil) and refreshes the states, all in one transaction.
func (d *DB) saveReports(ctx context.Context, rs []ledger.ProgressReport, actor string, batch bool,
	then func(*sql.Tx) error) ([]shared.PlannedReport, error) {
	var plan []shared.PlannedReport
	err := d.write(ctx, "save progress report", func(tx *sql.Tx) error {
		ids := shared.ReportCommitments(rs)
		look, err := reportLookup(ctx, tx, ids)
		if err != nil {
			return err
		}
		now := d.now()
		if plan, err = shared.PlanReports(rs, look, now, actor, batch); err != nil {
			return err
		}
		upsert, err := tx.PrepareContext(ctx, `INSERT INTO progress_reports (commitment_id, period, unit_id, value, percent,
				done, narrative, problems, next_steps, explanation, status, return_reason, submitted_by, submitted_at,
				reviewed_by, reviewed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (commitment_id, period) DO UPDATE SET unit_id = excluded.unit_id, value = excluded.value,
				percent = excluded.percent, done = excluded.done, narrative = excluded.narrative,
				problems = excluded.problems, next_steps = excluded.next_steps, explanation = excluded.explanation,
				status = excluded.status, return_reason = excluded.return_reason, submitted_by = excluded.submitted_by,
				submitted_at = excluded.submitted_at, reviewed_by = excluded.reviewed_by, reviewed_at = excluded.reviewed_at
			RETURNING id`)
		if err != nil {
			return err
		}
		defer upsert.Close()
		for i := range plan {
			r := &plan[i].Report
			var unit any
			if plan[i].UnitID != 0 {
				unit = plan[i].UnitID
			}
			if err := upsert.QueryRowContext(ctx, r.CommitmentID, r.Period, unit, r.Value, r.Percent, r.Done, r.Narrative,
				r.Problems, r.NextSteps, r.Explanation, string(r.Status), r.ReturnReason, r.SubmittedBy,
				stampValue(r.SubmittedAt), r.ReviewedBy, stampValue(r.ReviewedAt)).Scan(&r.ID); err != nil {
				return err
			}
		}
		// The entries once every report has its id, also those saved
		// twice in the batch.
		audit, err := tx.PrepareContext(ctx, `INSERT INTO audit_log (at, actor, action, entity, ref, before, after)
			VALUES (?, ?, ?, ?, ?, ?, ?)`)
		if err != nil {
			return err
		}
		defer audit.Close()
		for _, p := range plan {
			var before any
			if p.Before != nil {
				before = shared.AuditReport(*p.Before)
			}
			e := shared.NewAudit(now, actor, shared.ActionReportSave, shared.EntityReport, shared.Ref(p.Report.ID),
				before, shared.AuditReport(p.Report))
			if _, err := audit.ExecContext(ctx, e.At.Format(time.RFC3339), e.Actor, e.Action, e.Entity, e.Ref,
				e.Before, e.After); err != nil {
				return err
			}
		}
		if then != nil {
			if err := then(tx); err != nil {
				return err
			}
		}
		return refreshCommitments(ctx, tx, ids)
	})
	return plan, err
}

// reportLookup reads what saving reports on commitments ids checks
// against.
func reportLookup(ctx context.Context, tx *sql.Tx, ids []int64) (shared.ReportLookup, error) {
	look := shared.ReportLookup{Leads: map[int64]string{}, Stored: map[shared.ReportKey]ledger.ProgressReport{}}
	list := idsJSON(ids)
	err := scanRows(ctx, tx, "progress reports", `SELECT c.id, coalesce(u.name, '') FROM commitments c
		LEFT JOIN assignments a ON a.commitment_id = c.id LEFT JOIN units u ON u.id = a.lead_unit_id
		WHERE c.id IN (SELECT value FROM json_each(?))`, []any{list}, func(rows *sql.Rows) error {
		var id int64
		var lead string
		err := rows.Scan(&id, &lead)
		look.Leads[id] = lead
		return err
	})
	if err != nil {
		return look, err
	}
	err = scanRows(ctx, tx, "progress reports", selectProgress+` WHERE p.commitment_id IN (SELECT value FROM json_each(?))`,
		[]any{list}, func(rows *sql.Rows) error {
			r, err := scanProgress(rows)
			look.Stored[shared.ReportKey{CommitmentID: r.CommitmentID, Period: r.Period}] = r
			return err
		})
	if err != nil {
		return look, err
	}
	look.Units, err = unitIDs(ctx, tx)
	return look, err
}

// progressReport returns report id, or not_found.
func progressReport(ctx context.Context, q querier, id int64) (ledger.ProgressReport, error) {
	r, err := scanProgress(q.QueryRowContext(ctx, selectProgress+` WHERE p.id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return r, shared.NoReport(id)
	}
	return r, wrap("progress report", err)
}

// ReviewProgressReport approves or returns (with a reason) a submitted
// report, recording the reviewer and the time.
func (d *DB) ReviewProgressReport(ctx context.Context, id int64, s ledger.ReportStatus, reason string, actor string) error {
	if err := shared.CheckActor(actor); err != nil {
		return err
	}
	return d.write(ctx, "review progress report", func(tx *sql.Tx) error {
		old, err := progressReport(ctx, tx, id)
		if err != nil {
			return err
		}
		reason, err := shared.CheckReview(old.Status, s, reason)
		if err != nil {
			return err
		}
		now := d.now()
		r := old
		r.Status, r.ReturnReason, r.ReviewedBy, r.ReviewedAt = s, reason, actor, shared.Stamp(now)
		if _, err := tx.ExecContext(ctx, `UPDATE progress_reports SET status = ?, return_reason = ?, reviewed_by = ?,
			reviewed_at = ? WHERE id = ?`, string(r.Status), r.ReturnReason, r.ReviewedBy, stampValue(r.ReviewedAt), id); err != nil {
			return err
		}
		if err := appendAudit(ctx, tx, shared.NewAudit(now, actor, shared.ActionReportReview, shared.EntityReport,
			shared.Ref(id), shared.AuditReport(old), shared.AuditReport(r))); err != nil {
			return err
		}
		return refreshCommitments(ctx, tx, []int64{r.CommitmentID})
	})
}

// ProgressReports returns the reports of a commitment, newest period
// first, with the metadata of their evidence; an unknown commitment is
// not_found.
func (d *DB) ProgressReports(ctx context.Context, commitmentID int64) ([]ledger.ProgressReport, error) {
	var out []ledger.ProgressReport
	err := d.read(ctx, "progress reports", func(tx *sql.Tx) error {
		if _, err := commitmentLead(ctx, tx, commitmentID); err != nil {
			return err
		}
		var err error
		out, err = progressReports(ctx, tx, selectProgress+` WHERE p.commitment_id = ? ORDER BY p.period DESC, p.id DESC`,
			`SELECT `+evidenceColumns+` FROM evidence e JOIN progress_reports p ON p.id = e.report_id WHERE p.commitment_id = ?`,
			commitmentID)
		return err
	})
	return out, err
}

// ReportsByStatus returns the reports on the commitments of a report in
// status s, oldest submission first (never submitted last), with the
// metadata of their evidence.
func (d *DB) ReportsByStatus(ctx context.Context, reportID int64, s ledger.ReportStatus) ([]ledger.ProgressReport, error) {
	if !shared.ValidReportStatus(s) {
		return nil, ledger.Errorf(ledger.EInvalid, "进展状态「%s」无效", s)
	}
	var out []ledger.ProgressReport
	err := d.read(ctx, "reports by status", func(tx *sql.Tx) error {
		var one int
		err := tx.QueryRowContext(ctx, `SELECT 1 FROM reports WHERE id = ?`, reportID).Scan(&one)
		if errors.Is(err, sql.ErrNoRows) {
			return ledger.Errorf(ledger.ENotFound, "报告 %d 不存在", reportID)
		} else if err != nil {
			return err
		}
		const of = ` JOIN commitments c ON c.id = p.commitment_id WHERE c.report_id = ? AND p.status = ?`
		out, err = progressReports(ctx, tx, selectProgress+of+` ORDER BY p.submitted_at NULLS LAST, p.id`,
			`SELECT `+evidenceColumns+` FROM evidence e JOIN progress_reports p ON p.id = e.report_id`+of,
			reportID, string(s))
		return err
	})
	return out, err
}

// AddEvidence stores a file for a report (not once approved) and sets
// e's ID, size and SHA-256, computed here. The name must not be empty;
// the size and type are the caller's to judge.
func (d *DB) AddEvidence(ctx context.Context, reportID int64, e *ledger.Evidence, data []byte, actor string) error {
	if err := shared.CheckActor(actor); err != nil {
		return err
	}
	if data == nil {
		data = []byte{}
	}
	var ne ledger.Evidence
	err := d.write(ctx, "add evidence", func(tx *sql.Tx) error {
		var status ledger.ReportStatus
		err := tx.QueryRowContext(ctx, `SELECT status FROM progress_reports WHERE id = ?`, reportID).Scan(&status)
		if errors.Is(err, sql.ErrNoRows) {
			return shared.NoReport(reportID)
		} else if err != nil {
			return err
		}
		if ne, err = shared.CheckEvidence(*e, status); err != nil {
			return err
		}
		sum := sha256.Sum256(data)
		ne.Size, ne.SHA256 = int64(len(data)), hex.EncodeToString(sum[:])
		now := d.now()
		err = tx.QueryRowContext(ctx, `INSERT INTO evidence (report_id, name, content_type, size, sha256, added_by, added_at, data)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, reportID, ne.Name, ne.ContentType, ne.Size, ne.SHA256, actor,
			stampValue(now), data).Scan(&ne.ID)
		if err != nil {
			return err
		}
		return appendAudit(ctx, tx, shared.NewAudit(now, actor, shared.ActionEvidenceAdd, shared.EntityReport,
			shared.Ref(reportID), nil, shared.EvidenceRecord{ReportID: reportID, Evidence: ne}))
	})
	if err != nil {
		return err
	}
	*e = ne
	return nil
}

// EvidenceUses returns every attachment of the files with these sums, in
// the order they were attached.
func (d *DB) EvidenceUses(ctx context.Context, sums []string) ([]ledger.EvidenceUse, error) {
	if len(sums) == 0 {
		return nil, nil
	}
	list, err := json.Marshal(sums)
	if err != nil {
		return nil, err
	}
	var out []ledger.EvidenceUse
	err = scanRows(ctx, d.db, "evidence uses", selectEvidenceUse+` WHERE e.sha256 IN (SELECT value FROM json_each(?))
		ORDER BY e.id`, []any{string(list)}, func(rows *sql.Rows) error {
		var u ledger.EvidenceUse
		if err := rows.Scan(&u.Evidence.ID, &u.Evidence.Name, &u.Evidence.ContentType, &u.Evidence.Size, &u.Evidence.SHA256,
			&u.ReportID, &u.Period, &u.CommitmentID, &u.Code); err != nil {
			return err
		}
		out = append(out, u)
		return nil
	})
	return out, err
}

const selectEvidenceUse = `SELECT e.id, e.name, e.content_type, e.size, e.sha256, p.id, p.period, c.id, c.code
	FROM evidence e JOIN progress_reports p ON p.id = e.report_id JOIN commitments c ON c.id = p.commitment_id`

// EvidenceData returns the metadata and the bytes of evidence id.
func (d *DB) EvidenceData(ctx context.Context, id int64) (ledger.Evidence, []byte, error) {
	var e ledger.Evidence
	var data []byte
	err := d.db.QueryRowContext(ctx, `SELECT id, name, content_type, size, sha256, data FROM evidence WHERE id = ?`, id).
		Scan(&e.ID, &e.Name, &e.ContentType, &e.Size, &e.SHA256, &data)
	if errors.Is(err, sql.ErrNoRows) {
		return e, nil, ledger.Errorf(ledger.ENotFound, "佐证材料 %d 不存在", id)
	}
	if err != nil {
		return ledger.Evidence{}, nil, wrap("evidence", err)
	}
	if data == nil {
		data = []byte{}
	}
	return e, data, nil
}
