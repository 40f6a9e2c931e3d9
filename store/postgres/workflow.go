package postgres

import (
	"context"
	"errors"

	"ducha/ledger"
	"ducha/store/internal/shared"

	"github.com/jackc/pgx/v5"
)

// Commitment returns one commitment, with its target, assignment and
// milestones, as Commitments returns it; an unknown id is not_found.
func (d *DB) Commitment(ctx context.Context, id int64) (ledger.Commitment, error) {
	var c ledger.Commitment
	err := d.read(ctx, "commitment", func(tx pgx.Tx) error {
		cs, err := readCommitments(ctx, tx, "c.id = $1", id)
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
	var s ledger.State
	err := d.pool.QueryRow(ctx, `SELECT coalesce(s.state, 'new') FROM commitments c
		LEFT JOIN commitment_states s ON s.commitment_id = c.id WHERE c.id = $1`, commitmentID).Scan(&s)
	if errors.Is(err, pgx.ErrNoRows) {
		return "", shared.NoCommitment(commitmentID)
	}
	return s, wrap("commitment state", err)
}

// lockStates gives each existing commitment of ids a state row (new)
// unless it has one, and locks those rows: saves and reviews of a
// commitment's reports, and changes of its state, wait for each other.
func lockStates(ctx context.Context, tx pgx.Tx, ids []int64) error {
	if _, err := tx.Exec(ctx, `INSERT INTO commitment_states (commitment_id)
		SELECT id FROM commitments WHERE id = ANY($1) ON CONFLICT (commitment_id) DO NOTHING`, ids); err != nil {
		return wrap("commitment states", err)
	}
	_, err := tx.Exec(ctx, `SELECT commitment_id FROM commitment_states WHERE commitment_id = ANY($1)
		ORDER BY commitment_id FOR UPDATE`, ids)
	return wrap("commitment states", err)
}

// SetCommitmentState moves a commitment to state s, as ledger.CanMove
// allows (a conflict otherwise); closing needs an outcome, and a coded
// reason unless completed (ledger.CheckClose).
func (d *DB) SetCommitmentState(ctx context.Context, commitmentID int64, s ledger.State, outcome ledger.Outcome,
	reason string, actor string) error {
	if err := shared.CheckActor(actor); err != nil {
		return err
	}
	return d.write(ctx, "set commitment state", func(tx pgx.Tx) error {
		if _, err := commitmentLead(ctx, tx, commitmentID); err != nil {
			return err
		}
		if err := lockStates(ctx, tx, []int64{commitmentID}); err != nil {
			return err
		}
		return d.setState(ctx, tx, commitmentID, s, outcome, reason, actor)
	})
}

// setState is SetCommitmentState within the transaction tx, once the
// commitment's state row is locked (lockStates).
func (d *DB) setState(ctx context.Context, tx pgx.Tx, commitmentID int64, s ledger.State, outcome ledger.Outcome,
	reason string, actor string) error {
	var old shared.StateRecord
	if err := tx.QueryRow(ctx, `SELECT state, outcome, outcome_reason FROM commitment_states WHERE commitment_id = $1`,
		commitmentID).Scan(&old.State, &old.Outcome, &old.OutcomeReason); err != nil {
		return err
	}
	outcome, reason, err := shared.CheckMove(old.State, s, outcome, reason)
	if err != nil {
		return err
	}
	now := d.now()
	if _, err := tx.Exec(ctx, `UPDATE commitment_states SET state = $1, outcome = $2, outcome_reason = $3, changed_at = $4
		WHERE commitment_id = $5`, string(s), string(outcome), reason, shared.Stamp(now), commitmentID); err != nil {
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
	err := d.read(ctx, "views", func(tx pgx.Tx) error {
		cs, err := commitments(ctx, tx, reportID)
		if err != nil {
			return err
		}
		out, err = views(ctx, tx, cs, "c.report_id = $1", reportID)
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
	err := d.read(ctx, "views", func(tx pgx.Tx) error {
		const where = "c.id = ANY($1)"
		cs, err := readCommitments(ctx, tx, where, ids)
		if err != nil {
			return err
		}
		out, err = views(ctx, tx, cs, where, ids)
		return err
	})
	return out, err
}

// views sorts cs, the commitments c meeting a condition on c with one
// argument ($1), and returns them with their states and latest reports.
func views(ctx context.Context, tx pgx.Tx, cs []ledger.Commitment, where string, arg any) ([]ledger.CommitmentView, error) {
	shared.SortCommitments(cs)
	out := make([]ledger.CommitmentView, len(cs))
	byID := make(map[int64]*ledger.CommitmentView, len(cs))
	for i, c := range cs {
		out[i] = ledger.CommitmentView{Commitment: c, State: ledger.StateNew}
		byID[c.ID] = &out[i]
	}
	var id int64
	var latest *int64
	var v ledger.CommitmentView
	var approved []int64
	err := scanRows(ctx, tx, "views", `SELECT s.commitment_id, s.state, s.outcome, s.outcome_reason, s.changed_at,
		s.latest_approved_id, s.latest_status, s.last_report_at FROM commitment_states s
		JOIN commitments c ON c.id = s.commitment_id WHERE `+where, []any{arg},
		[]any{&id, &v.State, &v.Outcome, &v.OutcomeReason, stampDest(&v.StateChangedAt), &latest, &v.LatestStatus,
			stampDest(&v.LastReportAt)},
		func() error {
			if p := byID[id]; p != nil {
				p.State, p.Outcome, p.OutcomeReason, p.StateChangedAt = v.State, v.Outcome, v.OutcomeReason, v.StateChangedAt
				p.LatestStatus, p.LastReportAt = v.LatestStatus, v.LastReportAt
				if latest != nil {
					approved = append(approved, *latest)
				}
			}
			return nil
		})
	if err != nil || len(approved) == 0 {
		return out, err
	}
	reports := make(map[int64]*ledger.ProgressReport, len(approved))
	var r ledger.ProgressReport
	err = scanRows(ctx, tx, "views", selectProgress+` WHERE p.id = ANY($1)`, []any{approved}, progressDest(&r), func() error {
		if v := byID[r.CommitmentID]; v != nil {
			latest := r
			v.LatestApproved = &latest
			reports[r.ID] = v.LatestApproved
		}
		return nil
	})
	if err != nil {
		return out, err
	}
	return out, attachEvidence(ctx, tx, `SELECT `+evidenceColumns+` FROM evidence e WHERE e.report_id = ANY($1)`,
		[]any{approved}, reports)
}

// refreshStates brings the report columns of the state rows meeting a
// condition up to date: the newest approved report (by period, then id),
// the status of the newest report, and the latest submission of the lead
// unit (of any unit when the commitment has no lead).
func refreshStates(ctx context.Context, tx pgx.Tx, where string, args ...any) error {
	_, err := tx.Exec(ctx, `UPDATE commitment_states s SET
		latest_approved_id = (SELECT p.id FROM progress_reports p WHERE p.commitment_id = s.commitment_id
			AND p.status = 'approved' ORDER BY p.period DESC, p.id DESC LIMIT 1),
		latest_status = coalesce((SELECT p.status FROM progress_reports p WHERE p.commitment_id = s.commitment_id
			ORDER BY p.period DESC, p.id DESC LIMIT 1), ''),
		last_report_at = (SELECT max(p.submitted_at) FROM progress_reports p WHERE p.commitment_id = s.commitment_id
			AND p.unit_id IS NOT DISTINCT FROM coalesce((SELECT a.lead_unit_id FROM assignments a
				WHERE a.commitment_id = s.commitment_id), p.unit_id))
		WHERE `+where, args...)
	return wrap("commitment states", err)
}

// supervised counts the supervision records on the commitments of report
// id.
func supervised(ctx context.Context, tx pgx.Tx, id int64) (shared.Supervised, error) {
	var s shared.Supervised
	const of = ` JOIN commitments c ON c.id = x.commitment_id WHERE c.report_id = $1`
	err := tx.QueryRow(ctx, `SELECT
		(SELECT count(*) FROM commitment_states x`+of+` AND x.state <> 'new'),
		(SELECT count(*) FROM progress_reports x`+of+`),
		(SELECT count(*) FROM supervision_orders x`+of+`),
		(SELECT count(*) FROM comments x`+of+`)`, id).Scan(&s.States, &s.Reports, &s.Orders, &s.Comments)
	return s, wrap("replace report", err)
}
