package sqlstore

import (
	"context"
	"errors"

	"ducha/ledger"
	"ducha/store/internal/shared"
)

// Commitment returns one commitment, with its target, assignment and
// milestones, as Commitments returns it; an unknown id is not_found.
func (s *Store) Commitment(ctx context.Context, id int64) (ledger.Commitment, error) {
	var c ledger.Commitment
	err := s.read(ctx, "commitment", func(tx Tx) error {
		cs, err := s.readCommitments(ctx, tx, "c.id = ?", id)
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
func (s *Store) CommitmentState(ctx context.Context, commitmentID int64) (ledger.State, error) {
	var st ledger.State
	err := s.d.Pool().QueryRow(ctx, `SELECT coalesce(s.state, 'new') FROM commitments c
		LEFT JOIN commitment_states s ON s.commitment_id = c.id WHERE c.id = ?`, commitmentID).Scan(&st)
	if errors.Is(err, ErrNoRows) {
		return "", shared.NoCommitment(commitmentID)
	}
	return st, s.wrap("commitment state", err)
}

// lockStates gives each existing commitment of ids a state row (new)
// unless it has one, and locks those rows: saves and reviews of a
// commitment's reports, and changes of its state, wait for each other.
func (s *Store) lockStates(ctx context.Context, tx Querier, ids []int64) error {
	if _, err := tx.Exec(ctx, `INSERT INTO commitment_states (commitment_id)
		SELECT id FROM commitments WHERE `+s.d.InIDs("id")+` ON CONFLICT (commitment_id) DO NOTHING`, s.d.IDs(ids)); err != nil {
		return err
	}
	if lock := s.d.ForUpdate(); lock != "" {
		_, err := tx.Exec(ctx, `SELECT commitment_id FROM commitment_states WHERE `+s.d.InIDs("commitment_id")+`
			ORDER BY commitment_id`+lock, s.d.IDs(ids))
		return err
	}
	return nil
}

// SetCommitmentState moves a commitment to state s, as ledger.CanMove
// allows (a conflict otherwise); closing needs an outcome, and a coded
// reason unless completed (ledger.CheckClose).
func (s *Store) SetCommitmentState(ctx context.Context, commitmentID int64, st ledger.State, outcome ledger.Outcome,
	reason string, actor string) error {
	if err := shared.CheckActor(actor); err != nil {
		return err
	}
	return s.write(ctx, "set commitment state", func(tx Tx) error {
		if _, err := commitmentLead(ctx, tx, commitmentID); err != nil {
			return err
		}
		if err := s.lockStates(ctx, tx, []int64{commitmentID}); err != nil {
			return err
		}
		return s.setState(ctx, tx, commitmentID, st, outcome, reason, actor)
	})
}

// setState is SetCommitmentState within the transaction tx, once the
// commitment's state row is locked (lockStates).
func (s *Store) setState(ctx context.Context, tx Querier, commitmentID int64, st ledger.State, outcome ledger.Outcome,
	reason string, actor string) error {
	var old shared.StateRecord
	if err := tx.QueryRow(ctx, `SELECT state, outcome, outcome_reason FROM commitment_states WHERE commitment_id = ?`,
		commitmentID).Scan(&old.State, &old.Outcome, &old.OutcomeReason); err != nil {
		return err
	}
	outcome, reason, err := shared.CheckMove(old.State, st, outcome, reason)
	if err != nil {
		return err
	}
	now := s.Now()
	// A dispatch (again, after a recall) starts the planned progress anew.
	dispatched := st == ledger.StateDispatched && old.State != ledger.StateDispatched
	if _, err := tx.Exec(ctx, `UPDATE commitment_states SET state = ?, outcome = ?, outcome_reason = ?, changed_at = ?,
		dispatched_at = CASE WHEN ? THEN ? ELSE dispatched_at END
		WHERE commitment_id = ?`, string(st), string(outcome), reason, s.d.Stamp(now), dispatched, s.d.Stamp(now),
		commitmentID); err != nil {
		return err
	}
	return s.appendAudit(ctx, tx, shared.NewAudit(now, actor, shared.ActionState, shared.EntityCommitment,
		shared.Ref(commitmentID), old, shared.StateRecord{State: st, Outcome: outcome, OutcomeReason: reason}))
}

// Views returns every commitment of a report, in the order of Commitments,
// with its workflow state and latest reports: at most six queries
// whatever the number of commitments (three for the commitments, one each
// for the states, the latest approved reports and their evidence).
func (s *Store) Views(ctx context.Context, reportID int64) ([]ledger.CommitmentView, error) {
	var out []ledger.CommitmentView
	err := s.read(ctx, "views", func(tx Tx) error {
		cs, err := s.commitments(ctx, tx, reportID)
		if err != nil {
			return err
		}
		out, err = s.views(ctx, tx, cs, "c.report_id = ?", reportID)
		return err
	})
	return out, err
}

// ViewsOf returns the views of the commitments ids, as Views has them, in
// the order of Views; ids of no commitment are left out.
func (s *Store) ViewsOf(ctx context.Context, ids []int64) ([]ledger.CommitmentView, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	var out []ledger.CommitmentView
	err := s.read(ctx, "views", func(tx Tx) error {
		where, list := s.d.InIDs("c.id"), s.d.IDs(ids)
		cs, err := s.readCommitments(ctx, tx, where, list)
		if err != nil {
			return err
		}
		out, err = s.views(ctx, tx, cs, where, list)
		return err
	})
	return out, err
}

// views sorts cs, the commitments c meeting a condition on c with one
// argument, and returns them with their states and latest reports.
func (s *Store) views(ctx context.Context, tx Querier, cs []ledger.Commitment, where string, arg any) ([]ledger.CommitmentView, error) {
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
	err := scanRows(ctx, tx, `SELECT s.commitment_id, s.state, s.outcome, s.outcome_reason, s.changed_at, s.dispatched_at,
		s.latest_approved_id, s.latest_status, s.last_report_at FROM commitment_states s
		JOIN commitments c ON c.id = s.commitment_id WHERE `+where, []any{arg},
		[]any{&id, &v.State, &v.Outcome, &v.OutcomeReason, StampDest(&v.StateChangedAt), StampDest(&v.DispatchedAt),
			&latest, &v.LatestStatus, StampDest(&v.LastReportAt)},
		func() error {
			if p := byID[id]; p != nil {
				p.State, p.Outcome, p.OutcomeReason, p.StateChangedAt = v.State, v.Outcome, v.OutcomeReason, v.StateChangedAt
				p.DispatchedAt = v.DispatchedAt
				p.LatestStatus, p.LastReportAt = v.LatestStatus, v.LastReportAt
				if latest != nil {
					approved = append(approved, *latest)
				}
			}
			latest = nil
			return nil
		})
	if err != nil || len(approved) == 0 {
		return out, err
	}
	list := s.d.IDs(approved)
	reports := make(map[int64]*ledger.ProgressReport, len(approved))
	var r ledger.ProgressReport
	err = scanRows(ctx, tx, selectProgress+` WHERE `+s.d.InIDs("p.id"), []any{list}, progressDest(&r), func() error {
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
	return out, attachEvidence(ctx, tx, `SELECT `+evidenceColumns+` FROM evidence e WHERE `+s.d.InIDs("e.report_id"),
		[]any{list}, reports)
}

// refreshStates brings the report columns of the state rows meeting a
// condition up to date: the newest approved report (by period, then id),
// the status of the newest report, and the latest submission of the lead
// unit (of any unit when the commitment has no lead).
func refreshStates(ctx context.Context, tx Querier, where string, args ...any) error {
	_, err := tx.Exec(ctx, `UPDATE commitment_states AS s SET
		latest_approved_id = (SELECT p.id FROM progress_reports p WHERE p.commitment_id = s.commitment_id
			AND p.status = 'approved' ORDER BY p.period DESC, p.id DESC LIMIT 1),
		latest_status = coalesce((SELECT p.status FROM progress_reports p WHERE p.commitment_id = s.commitment_id
			ORDER BY p.period DESC, p.id DESC LIMIT 1), ''),
		last_report_at = (SELECT max(p.submitted_at) FROM progress_reports p WHERE p.commitment_id = s.commitment_id
			AND p.unit_id IS NOT DISTINCT FROM coalesce((SELECT a.lead_unit_id FROM assignments a
				WHERE a.commitment_id = s.commitment_id), p.unit_id))
		WHERE `+where, args...)
	return err
}

// supervised counts the supervision records on the commitments c meeting
// a condition on c with one argument.
func supervised(ctx context.Context, tx Querier, where string, id int64) (shared.Supervised, error) {
	var s shared.Supervised
	of := ` JOIN commitments c ON c.id = x.commitment_id WHERE ` + where
	err := tx.QueryRow(ctx, `SELECT
		(SELECT count(*) FROM commitment_states x`+of+` AND x.state <> 'new'),
		(SELECT count(*) FROM progress_reports x`+of+`),
		(SELECT count(*) FROM supervision_orders x`+of+`),
		(SELECT count(*) FROM comments x`+of+`)`, id, id, id, id).Scan(&s.States, &s.Reports, &s.Orders, &s.Comments)
	return s, err
}
