package sqlite

import (
	"context"
	"database/sql"
	"errors"

	"ducha/ledger"
	"ducha/store/internal/shared"
)

// Commitment returns one commitment, with its target, assignment and
// milestones, as Commitments returns it; an unknown id is not_found.
func (d *DB) Commitment(ctx context.Context, id int64) (ledger.Commitment, error) {
	var c ledger.Commitment
	err := d.read(ctx, "commitment", func(tx *sql.Tx) error {
		cs, err := readCommitments(ctx, tx, "c.id = ?", id)
		if err != nil {
			return err
		}
		if len(cs) == 0 {
			return shared.NoCommitment(id)
		}
		c = cs[0]
		return nil
	})
	return c, err
}

// CommitmentState returns the workflow state of a commitment: new until
// it first changes. An unknown commitment is not_found.
func (d *DB) CommitmentState(ctx context.Context, commitmentID int64) (ledger.State, error) {
	s, _, err := commitmentState(ctx, d.db, commitmentID)
	return s.State, err
}

// commitmentState returns the state of a commitment and whether it has a
// state row.
func commitmentState(ctx context.Context, q querier, id int64) (shared.StateRecord, bool, error) {
	var s shared.StateRecord
	var row bool
	err := q.QueryRowContext(ctx, `SELECT coalesce(s.state, 'new'), coalesce(s.outcome, ''), coalesce(s.outcome_reason, ''),
		s.commitment_id IS NOT NULL FROM commitments c LEFT JOIN commitment_states s ON s.commitment_id = c.id
		WHERE c.id = ?`, id).Scan(&s.State, &s.Outcome, &s.OutcomeReason, &row)
	if errors.Is(err, sql.ErrNoRows) {
		return s, false, shared.NoCommitment(id)
	}
	return s, row, wrap("commitment state", err)
}

// SetCommitmentState moves a commitment to state s, as ledger.CanMove
// allows (a conflict otherwise); closing needs an outcome, and a coded
// reason unless completed (ledger.CheckClose).
func (d *DB) SetCommitmentState(ctx context.Context, commitmentID int64, s ledger.State, outcome ledger.Outcome,
	reason string, actor string) error {
	if err := shared.CheckActor(actor); err != nil {
		return err
	}
	return d.write(ctx, "set commitment state", func(tx *sql.Tx) error {
		return d.setState(ctx, tx, commitmentID, s, outcome, reason, actor)
	})
}

// setState is SetCommitmentState within the transaction tx.
func (d *DB) setState(ctx context.Context, tx *sql.Tx, commitmentID int64, s ledger.State, outcome ledger.Outcome,
	reason string, actor string) error {
	old, _, err := commitmentState(ctx, tx, commitmentID)
	if err != nil {
		return err
	}
	outcome, reason, err = shared.CheckMove(old.State, s, outcome, reason)
	if err != nil {
		return err
	}
	now := d.now()
	if _, err := tx.ExecContext(ctx, `INSERT INTO commitment_states (commitment_id, state, outcome, outcome_reason, changed_at)
		VALUES (?, ?, ?, ?, ?) ON CONFLICT (commitment_id) DO UPDATE SET state = excluded.state,
		outcome = excluded.outcome, outcome_reason = excluded.outcome_reason, changed_at = excluded.changed_at`,
		commitmentID, string(s), string(outcome), reason, stampValue(now)); err != nil {
		return err
	}
	return appendAudit(ctx, tx, shared.NewAudit(now, actor, shared.ActionState, shared.EntityCommitment,
		shared.Ref(commitmentID), old, shared.StateRecord{State: s, Outcome: outcome, OutcomeReason: reason}))
}

// Views returns every commitment of a report, in the order of Commitments,
// with its workflow state and latest reports: at most six queries
// whatever the number of commitments (three for the commitments, one each
// for the states, the latest approved reports and their evidence).
func (d *DB) Views(ctx context.Context, reportID int64) ([]ledger.CommitmentView, error) {
	var out []ledger.CommitmentView
	err := d.read(ctx, "views", func(tx *sql.Tx) error {
		cs, err := commitments(ctx, tx, reportID)
		if err != nil {
			return err
		}
		out, err = views(ctx, tx, cs, "c.report_id = ?", reportID)
		return err
	})
	return out, err
}

// ViewsOf returns the views of the commitments ids, as Views has them, in
// the order of Views; ids of no commitment are left out.
func (d *DB) ViewsOf(ctx context.Context, ids []int64) ([]ledger.CommitmentView, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	var out []ledger.CommitmentView
	err := d.read(ctx, "views", func(tx *sql.Tx) error {
		const where = "c.id IN (SELECT value FROM json_each(?))"
		list := idsJSON(ids)
		cs, err := readCommitments(ctx, tx, where, list)
		if err != nil {
			return err
		}
		out, err = views(ctx, tx, cs, where, list)
		return err
	})
	return out, err
}

// views sorts cs, the commitments c meeting a condition on c with one
// argument, and returns them with their states and latest reports.
func views(ctx context.Context, tx *sql.Tx, cs []ledger.Commitment, where string, arg any) ([]ledger.CommitmentView, error) {
	shared.SortCommitments(cs)
	out := make([]ledger.CommitmentView, len(cs))
	byID := make(map[int64]*ledger.CommitmentView, len(cs))
	for i, c := range cs {
		out[i] = ledger.CommitmentView{Commitment: c, State: ledger.StateNew}
		byID[c.ID] = &out[i]
	}
	var approved []int64
	err := scanRows(ctx, tx, "views", `SELECT s.commitment_id, s.state, s.outcome, s.outcome_reason, s.changed_at,
		s.latest_approved_id, s.latest_status, s.last_report_at FROM commitment_states s
		JOIN commitments c ON c.id = s.commitment_id WHERE `+where, []any{arg}, func(rows *sql.Rows) error {
		var id int64
		var latest sql.NullInt64
		var v ledger.CommitmentView
		if err := rows.Scan(&id, &v.State, &v.Outcome, &v.OutcomeReason, stampDest{&v.StateChangedAt}, &latest,
			&v.LatestStatus, stampDest{&v.LastReportAt}); err != nil {
			return err
		}
		if p := byID[id]; p != nil {
			p.State, p.Outcome, p.OutcomeReason, p.StateChangedAt = v.State, v.Outcome, v.OutcomeReason, v.StateChangedAt
			p.LatestStatus, p.LastReportAt = v.LatestStatus, v.LastReportAt
			if latest.Valid {
				approved = append(approved, latest.Int64)
			}
		}
		return nil
	})
	if err != nil || len(approved) == 0 {
		return out, err
	}
	list := idsJSON(approved)
	reports := make(map[int64]*ledger.ProgressReport, len(approved))
	err = scanRows(ctx, tx, "views", selectProgress+` WHERE p.id IN (SELECT value FROM json_each(?))`, []any{list},
		func(rows *sql.Rows) error {
			r, err := scanProgress(rows)
			if err != nil {
				return err
			}
			if v := byID[r.CommitmentID]; v != nil {
				v.LatestApproved = &r
				reports[r.ID] = v.LatestApproved
			}
			return nil
		})
	if err != nil {
		return out, err
	}
	return out, attachEvidence(ctx, tx, `SELECT `+evidenceColumns+` FROM evidence e
		WHERE e.report_id IN (SELECT value FROM json_each(?))`, []any{list}, reports)
}

// ensureStates gives each commitment of ids a state row (new) unless it
// has one.
func ensureStates(ctx context.Context, tx *sql.Tx, ids []int64) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO commitment_states (commitment_id)
		SELECT value FROM json_each(?) WHERE true ON CONFLICT (commitment_id) DO NOTHING`, idsJSON(ids))
	return wrap("commitment states", err)
}

// refreshStates brings the report columns of the state rows meeting a
// condition up to date: the newest approved report (by period, then id),
// the status of the newest report, and the latest submission of the lead
// unit (of any unit when the commitment has no lead).
func refreshStates(ctx context.Context, tx *sql.Tx, where string, args ...any) error {
	_, err := tx.ExecContext(ctx, `UPDATE commitment_states AS s SET
		latest_approved_id = (SELECT p.id FROM progress_reports p WHERE p.commitment_id = s.commitment_id
			AND p.status = 'approved' ORDER BY p.period DESC, p.id DESC LIMIT 1),
		latest_status = coalesce((SELECT p.status FROM progress_reports p WHERE p.commitment_id = s.commitment_id
			ORDER BY p.period DESC, p.id DESC LIMIT 1), ''),
		last_report_at = (SELECT max(p.submitted_at) FROM progress_reports p WHERE p.commitment_id = s.commitment_id
			AND p.unit_id IS coalesce((SELECT a.lead_unit_id FROM assignments a WHERE a.commitment_id = s.commitment_id), p.unit_id))
		WHERE `+where, args...)
	return wrap("commitment states", err)
}

// refreshCommitments ensures and refreshes the state rows of commitments.
func refreshCommitments(ctx context.Context, tx *sql.Tx, ids []int64) error {
	if err := ensureStates(ctx, tx, ids); err != nil {
		return err
	}
	return refreshStates(ctx, tx, `s.commitment_id IN (SELECT value FROM json_each(?))`, idsJSON(ids))
}

// supervised counts the supervision records on the commitments of report
// id.
func supervised(ctx context.Context, tx *sql.Tx, id int64) (shared.Supervised, error) {
	var s shared.Supervised
	const of = ` JOIN commitments c ON c.id = x.commitment_id WHERE c.report_id = ?`
	err := tx.QueryRowContext(ctx, `SELECT
		(SELECT count(*) FROM commitment_states x`+of+` AND x.state <> 'new'),
		(SELECT count(*) FROM progress_reports x`+of+`),
		(SELECT count(*) FROM supervision_orders x`+of+`),
		(SELECT count(*) FROM comments x`+of+`)`, id, id, id, id).Scan(&s.States, &s.Reports, &s.Orders, &s.Comments)
	return s, wrap("replace report", err)
}
