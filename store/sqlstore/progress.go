package sqlstore

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"

	"ducha/ledger"
	"ducha/store/internal/shared"
)

const selectProgress = `SELECT p.id, p.commitment_id, p.period, coalesce(u.name, ''), p.value, p.percent, p.done,
	p.narrative, p.problems, p.next_steps, p.explanation, p.status, p.return_reason, p.submitted_by, p.submitted_at,
	p.reviewed_by, p.reviewed_at FROM progress_reports p LEFT JOIN units u ON u.id = p.unit_id`

func progressDest(r *ledger.ProgressReport) []any {
	return []any{&r.ID, &r.CommitmentID, &r.Period, &r.Unit, &r.Value, &r.Percent, &r.Done, &r.Narrative, &r.Problems,
		&r.NextSteps, &r.Explanation, &r.Status, &r.ReturnReason, &r.SubmittedBy, StampDest(&r.SubmittedAt),
		&r.ReviewedBy, StampDest(&r.ReviewedAt)}
}

// evidenceColumns are the metadata of evidence e, after its report's id.
const evidenceColumns = `e.report_id, e.id, e.name, e.content_type, e.size, e.sha256`

// attachEvidence runs a query of evidenceColumns and appends each
// evidence to its report among reports, in the order of the query.
func attachEvidence(ctx context.Context, tx Querier, query string, args []any, reports map[int64]*ledger.ProgressReport) error {
	if len(reports) == 0 {
		return nil
	}
	var id int64
	var e ledger.Evidence
	return scanRows(ctx, tx, query+` ORDER BY e.id`, args, []any{&id, &e.ID, &e.Name, &e.ContentType, &e.Size, &e.SHA256},
		func() error {
			if r := reports[id]; r != nil {
				r.Evidence = append(r.Evidence, e)
			}
			return nil
		})
}

// progressReports reads reports with a query of selectProgress and their
// evidence with a query of evidenceColumns, both with args.
func progressReports(ctx context.Context, tx Querier, query, evidence string, args ...any) ([]ledger.ProgressReport, error) {
	var out []ledger.ProgressReport
	var r ledger.ProgressReport
	if err := scanRows(ctx, tx, query, args, progressDest(&r), func() error { out = append(out, r); return nil }); err != nil {
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
func (s *Store) SaveProgressReport(ctx context.Context, r *ledger.ProgressReport, actor string) error {
	return s.saveOne(ctx, r, actor, nil)
}

// ReportProgress saves r and moves its commitment's state as
// ledger.StateOnReport says, in one transaction: the state (locked with
// the reports) is checked after the report is written, and a refusal
// undoes both.
func (s *Store) ReportProgress(ctx context.Context, r *ledger.ProgressReport, actor string) error {
	id, submit := r.CommitmentID, r.Status == ledger.ReportSubmitted
	return s.saveOne(ctx, r, actor, func(tx Querier) error {
		var state ledger.State
		if err := tx.QueryRow(ctx, `SELECT state FROM commitment_states WHERE commitment_id = ?`, id).Scan(&state); err != nil {
			if errors.Is(err, ErrNoRows) {
				return shared.NoCommitment(id)
			}
			return err
		}
		next, ok := ledger.StateOnReport(state, submit)
		if !ok {
			return shared.NotReportable(id, state)
		}
		if next == state {
			return nil
		}
		return s.setState(ctx, tx, id, next, "", "", actor)
	})
}

// saveOne saves r, running then in the transaction, and updates r as
// stored.
func (s *Store) saveOne(ctx context.Context, r *ledger.ProgressReport, actor string, then func(Querier) error) error {
	rs := []ledger.ProgressReport{*r}
	err := s.save(ctx, rs, actor, false, then)
	*r = rs[0]
	return err
}

// ImportProgressReports saves many reports, as SaveProgressReport would
// one after another, in one transaction: all or nothing. The first report
// at fault fails the batch, with its position (from 1) in the message.
// The reports are updated as stored.
func (s *Store) ImportProgressReports(ctx context.Context, rs []ledger.ProgressReport, actor string) error {
	return s.save(ctx, rs, actor, true, nil)
}

const upsertProgress = `INSERT INTO progress_reports (commitment_id, period, unit_id, value, percent, done, narrative,
		problems, next_steps, explanation, status, return_reason, submitted_by, submitted_at, reviewed_by, reviewed_at)
	VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
	ON CONFLICT (commitment_id, period) DO UPDATE SET unit_id = excluded.unit_id, value = excluded.value,
		percent = excluded.percent, done = excluded.done, narrative = excluded.narrative, problems = excluded.problems,
		next_steps = excluded.next_steps, explanation = excluded.explanation, status = excluded.status,
		return_reason = excluded.return_reason, submitted_by = excluded.submitted_by, submitted_at = excluded.submitted_at,
		reviewed_by = excluded.reviewed_by, reviewed_at = excluded.reviewed_at
	RETURNING id`

// save plans rs against the stored reports of their commitments (locked
// first), writes them in one batch, appends their audit entries, runs then
// (when not nil) and refreshes the states, all in one transaction; then
// updates rs as stored (keeping their evidence).
func (s *Store) save(ctx context.Context, rs []ledger.ProgressReport, actor string, batch bool, then func(Querier) error) error {
	if err := shared.CheckActor(actor); err != nil || len(rs) == 0 {
		return err
	}
	var plan []shared.PlannedReport
	err := s.write(ctx, "save progress report", func(tx Tx) error {
		ids := shared.ReportCommitments(rs)
		if err := s.lockStates(ctx, tx, ids); err != nil {
			return err
		}
		look, err := s.reportLookup(ctx, tx, ids)
		if err != nil {
			return err
		}
		now := s.Now()
		if plan, err = shared.PlanReports(rs, look, now, actor, batch); err != nil {
			return err
		}
		upserts := make([]Stmt, len(plan))
		for i := range plan {
			r := &plan[i].Report
			var unit any
			if plan[i].UnitID != 0 {
				unit = plan[i].UnitID
			}
			upserts[i] = Stmt{SQL: upsertProgress, Dest: []any{&r.ID}, Args: []any{r.CommitmentID, r.Period, unit, r.Value,
				r.Percent, r.Done, r.Narrative, r.Problems, r.NextSteps, r.Explanation, string(r.Status), r.ReturnReason,
				r.SubmittedBy, s.d.Stamp(r.SubmittedAt), r.ReviewedBy, s.d.Stamp(r.ReviewedAt)}}
		}
		if err := s.d.Batch(ctx, tx, upserts); err != nil {
			return err
		}
		// The entries once every report has its id, also those saved
		// twice in the batch.
		entries := make([]ledger.AuditEntry, len(plan))
		for i, p := range plan {
			var before any
			if p.Before != nil {
				before = shared.AuditReport(*p.Before)
			}
			entries[i] = shared.NewAudit(now, actor, shared.ActionReportSave, shared.EntityReport, shared.Ref(p.Report.ID),
				before, shared.AuditReport(p.Report))
		}
		if err := s.appendAudit(ctx, tx, entries...); err != nil {
			return err
		}
		if then != nil {
			if err := then(tx); err != nil {
				return err
			}
		}
		return refreshStates(ctx, tx, s.d.InIDs("s.commitment_id"), s.d.IDs(ids))
	})
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

// reportLookup reads what saving reports on commitments ids checks
// against.
func (s *Store) reportLookup(ctx context.Context, tx Querier, ids []int64) (shared.ReportLookup, error) {
	look := shared.ReportLookup{Leads: map[int64]string{}, Stored: map[shared.ReportKey]ledger.ProgressReport{}}
	list := s.d.IDs(ids)
	var id int64
	var lead string
	err := scanRows(ctx, tx, `SELECT c.id, coalesce(u.name, '') FROM commitments c
		LEFT JOIN assignments a ON a.commitment_id = c.id LEFT JOIN units u ON u.id = a.lead_unit_id
		WHERE `+s.d.InIDs("c.id"), []any{list}, []any{&id, &lead}, func() error {
		look.Leads[id] = lead
		return nil
	})
	if err != nil {
		return look, err
	}
	var r ledger.ProgressReport
	err = scanRows(ctx, tx, selectProgress+` WHERE `+s.d.InIDs("p.commitment_id"), []any{list}, progressDest(&r),
		func() error {
			look.Stored[shared.ReportKey{CommitmentID: r.CommitmentID, Period: r.Period}] = r
			return nil
		})
	if err != nil {
		return look, err
	}
	look.Units, err = unitIDs(ctx, tx)
	return look, err
}

// progressReport returns report id, or not_found.
func progressReport(ctx context.Context, q Querier, id int64) (ledger.ProgressReport, error) {
	var r ledger.ProgressReport
	err := q.QueryRow(ctx, selectProgress+` WHERE p.id = ?`, id).Scan(progressDest(&r)...)
	if errors.Is(err, ErrNoRows) {
		return r, shared.NoReport(id)
	}
	return r, err
}

// ReviewProgressReport approves or returns (with a reason) a submitted
// report, recording the reviewer and the time.
func (s *Store) ReviewProgressReport(ctx context.Context, id int64, st ledger.ReportStatus, reason string, actor string) error {
	if err := shared.CheckActor(actor); err != nil {
		return err
	}
	return s.write(ctx, "review progress report", func(tx Tx) error {
		old, err := progressReport(ctx, tx, id)
		if err != nil {
			return err
		}
		// Read again once the commitment's reports are locked.
		if err := s.lockStates(ctx, tx, []int64{old.CommitmentID}); err != nil {
			return err
		}
		if old, err = progressReport(ctx, tx, id); err != nil {
			return err
		}
		reason, err := shared.CheckReview(old.Status, st, reason)
		if err != nil {
			return err
		}
		now := s.Now()
		r := old
		r.Status, r.ReturnReason, r.ReviewedBy, r.ReviewedAt = st, reason, actor, shared.Stamp(now)
		if _, err := tx.Exec(ctx, `UPDATE progress_reports SET status = ?, return_reason = ?, reviewed_by = ?,
			reviewed_at = ? WHERE id = ?`, string(r.Status), r.ReturnReason, r.ReviewedBy, s.d.Stamp(r.ReviewedAt), id); err != nil {
			return err
		}
		if err := s.appendAudit(ctx, tx, shared.NewAudit(now, actor, shared.ActionReportReview, shared.EntityReport,
			shared.Ref(id), shared.AuditReport(old), shared.AuditReport(r))); err != nil {
			return err
		}
		return refreshStates(ctx, tx, `s.commitment_id = ?`, r.CommitmentID)
	})
}

// ProgressReports returns the reports of a commitment, newest period
// first, with the metadata of their evidence; an unknown commitment is
// not_found.
func (s *Store) ProgressReports(ctx context.Context, commitmentID int64) ([]ledger.ProgressReport, error) {
	var out []ledger.ProgressReport
	err := s.read(ctx, "progress reports", func(tx Tx) error {
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
func (s *Store) ReportsByStatus(ctx context.Context, reportID int64, st ledger.ReportStatus) ([]ledger.ProgressReport, error) {
	if !shared.ValidReportStatus(st) {
		return nil, ledger.Errorf(ledger.EInvalid, "进展状态「%s」无效", st)
	}
	var out []ledger.ProgressReport
	err := s.read(ctx, "reports by status", func(tx Tx) error {
		if err := exists(ctx, tx, "reports", reportID, "", ledger.Errorf(ledger.ENotFound, "报告 %d 不存在", reportID)); err != nil {
			return err
		}
		const of = ` JOIN commitments c ON c.id = p.commitment_id WHERE c.report_id = ? AND p.status = ?`
		var err error
		out, err = progressReports(ctx, tx, selectProgress+of+` ORDER BY p.submitted_at NULLS LAST, p.id`,
			`SELECT `+evidenceColumns+` FROM evidence e JOIN progress_reports p ON p.id = e.report_id`+of,
			reportID, string(st))
		return err
	})
	return out, err
}

// AddEvidence stores a file for a report (not once approved) and sets
// e's ID, size and SHA-256, computed here. The name must not be empty;
// the size and type are the caller's to judge.
func (s *Store) AddEvidence(ctx context.Context, reportID int64, e *ledger.Evidence, data []byte, actor string) error {
	if err := shared.CheckActor(actor); err != nil {
		return err
	}
	if data == nil {
		data = []byte{}
	}
	var ne ledger.Evidence
	err := s.write(ctx, "add evidence", func(tx Tx) error {
		var status ledger.ReportStatus
		err := tx.QueryRow(ctx, `SELECT status FROM progress_reports WHERE id = ?`+s.d.ForUpdate(), reportID).Scan(&status)
		if errors.Is(err, ErrNoRows) {
			return shared.NoReport(reportID)
		} else if err != nil {
			return err
		}
		if ne, err = shared.CheckEvidence(*e, status); err != nil {
			return err
		}
		sum := sha256.Sum256(data)
		ne.Size, ne.SHA256 = int64(len(data)), hex.EncodeToString(sum[:])
		now := s.Now()
		err = tx.QueryRow(ctx, `INSERT INTO evidence (report_id, name, content_type, size, sha256, added_by, added_at, data)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, reportID, ne.Name, ne.ContentType, ne.Size, ne.SHA256, actor,
			s.d.Stamp(now), data).Scan(&ne.ID)
		if err != nil {
			return err
		}
		return s.appendAudit(ctx, tx, shared.NewAudit(now, actor, shared.ActionEvidenceAdd, shared.EntityReport,
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
func (s *Store) EvidenceUses(ctx context.Context, sums []string) ([]ledger.EvidenceUse, error) {
	if len(sums) == 0 {
		return nil, nil
	}
	var out []ledger.EvidenceUse
	var u ledger.EvidenceUse
	err := scanRows(ctx, s.d.Pool(), `SELECT e.id, e.name, e.content_type, e.size, e.sha256, p.id, p.period, c.id, c.code
		FROM evidence e JOIN progress_reports p ON p.id = e.report_id JOIN commitments c ON c.id = p.commitment_id
		WHERE `+s.d.InIDs("e.sha256")+` ORDER BY e.id`, []any{s.d.Strings(sums)},
		[]any{&u.Evidence.ID, &u.Evidence.Name, &u.Evidence.ContentType, &u.Evidence.Size, &u.Evidence.SHA256,
			&u.ReportID, &u.Period, &u.CommitmentID, &u.Code}, func() error {
			out = append(out, u)
			return nil
		})
	return out, s.wrap("evidence uses", err)
}

// EvidenceData returns the metadata and the bytes of evidence id.
func (s *Store) EvidenceData(ctx context.Context, id int64) (ledger.Evidence, []byte, error) {
	var e ledger.Evidence
	var data []byte
	err := s.d.Pool().QueryRow(ctx, `SELECT id, name, content_type, size, sha256, data FROM evidence WHERE id = ?`, id).
		Scan(&e.ID, &e.Name, &e.ContentType, &e.Size, &e.SHA256, &data)
	if errors.Is(err, ErrNoRows) {
		return e, nil, ledger.Errorf(ledger.ENotFound, "佐证材料 %d 不存在", id)
	}
	if err != nil {
		return ledger.Evidence{}, nil, s.wrap("evidence", err)
	}
	if data == nil {
		data = []byte{}
	}
	return e, data, nil
}
