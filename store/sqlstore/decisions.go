package sqlstore

import (
	"context"
	"errors"

	"ducha/ledger"
	"ducha/store/internal/shared"
)

// SetTargetKind sets the kind of a commitment's target as the office
// decides it ("" : inferred), with an audit entry of the kind before and
// after. An unknown commitment is not_found; one without a target, or a
// kind not among progress.Kinds, is invalid.
func (s *Store) SetTargetKind(ctx context.Context, commitmentID int64, kind string, actor string) error {
	if err := shared.CheckActor(actor); err != nil {
		return err
	}
	kind, err := shared.CheckKind(kind)
	if err != nil {
		return err
	}
	return s.write(ctx, "set target kind", func(tx Tx) error {
		var old *string
		err := tx.QueryRow(ctx, `SELECT t.kind FROM commitments c LEFT JOIN targets t ON t.commitment_id = c.id
			WHERE c.id = ?`+s.d.ForUpdate("c"), commitmentID).Scan(&old)
		switch {
		case errors.Is(err, ErrNoRows):
			return shared.NoCommitment(commitmentID)
		case err != nil:
			return err
		case old == nil:
			return ledger.Errorf(ledger.EInvalid, "承诺事项 %d 没有量化目标，不能设置目标类型", commitmentID)
		case *old == kind:
			return nil
		}
		if _, err := tx.Exec(ctx, `UPDATE targets SET kind = ? WHERE commitment_id = ?`, kind, commitmentID); err != nil {
			return err
		}
		return s.appendAudit(ctx, tx, shared.NewAudit(s.Now(), actor, shared.ActionTargetKind, shared.EntityCommitment,
			shared.Ref(commitmentID), shared.KindRecord{Kind: *old}, shared.KindRecord{Kind: kind}))
	})
}

// ExcludeCommitments marks commitments 不列入 with a reason, all or
// nothing; one already excluded gets the new reason. Each change is
// audited with the exclusion before and after.
func (s *Store) ExcludeCommitments(ctx context.Context, ids []int64, reason string, actor string) error {
	reason, err := shared.CheckReason(reason)
	if err != nil {
		return err
	}
	return s.setExclusion(ctx, ids, &ledger.Exclusion{By: actor, Reason: reason}, actor)
}

// IncludeCommitments restores excluded commitments (恢复列入), all or
// nothing; one not excluded is left as it is.
func (s *Store) IncludeCommitments(ctx context.Context, ids []int64, actor string) error {
	return s.setExclusion(ctx, ids, nil, actor)
}

func (s *Store) setExclusion(ctx context.Context, ids []int64, e *ledger.Exclusion, actor string) error {
	if err := shared.CheckActor(actor); err != nil {
		return err
	}
	ids, err := shared.CheckIDs(ids)
	if err != nil {
		return err
	}
	now := shared.Stamp(s.Now())
	action := shared.ActionInclude
	if e != nil {
		e.At = now
		action = shared.ActionExclude
	}
	return s.write(ctx, "exclude commitments", func(tx Tx) error {
		for _, id := range ids {
			var old ledger.Exclusion
			err := tx.QueryRow(ctx, `SELECT excluded_at, excluded_by, excluded_reason FROM commitments
				WHERE id = ?`+s.d.ForUpdate(), id).Scan(StampDest(&old.At), &old.By, &old.Reason)
			if errors.Is(err, ErrNoRows) {
				return shared.NoCommitment(id)
			} else if err != nil {
				return err
			}
			var before *ledger.Exclusion
			if !old.At.IsZero() {
				before = &old
			}
			if before == nil && e == nil || before != nil && e != nil && before.Reason == e.Reason {
				continue
			}
			var at any
			by, reason := "", ""
			if e != nil {
				at, by, reason = s.d.Stamp(e.At), e.By, e.Reason
			}
			if _, err := tx.Exec(ctx, `UPDATE commitments SET excluded_at = ?, excluded_by = ?, excluded_reason = ?
				WHERE id = ?`, at, by, reason, id); err != nil {
				return err
			}
			if err := s.appendAudit(ctx, tx, shared.NewAudit(now, actor, action, shared.EntityCommitment, shared.Ref(id),
				shared.ExclusionOf(before), shared.ExclusionOf(e))); err != nil {
				return err
			}
		}
		return nil
	})
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

// SaveReconcileReview records the office's review of one row of a
// reconciliation, replacing an earlier one of the same row, with an audit
// entry of the row before and after. An unknown report is not_found.
func (s *Store) SaveReconcileReview(ctx context.Context, r *ledger.ReconcileReview, actor string) error {
	if err := shared.CheckActor(actor); err != nil {
		return err
	}
	nr := *r
	if err := shared.CheckReconcileReview(&nr); err != nil {
		return err
	}
	nr.By, nr.At = actor, shared.Stamp(s.Now())
	err := s.write(ctx, "reconcile review", func(tx Tx) error {
		var one int
		err := tx.QueryRow(ctx, `SELECT 1 FROM reports WHERE id = ?`+s.d.ForUpdate(), nr.ReportID).Scan(&one)
		if errors.Is(err, ErrNoRows) {
			return ledger.Errorf(ledger.ENotFound, "report %d not found", nr.ReportID)
		} else if err != nil {
			return err
		}
		var before any
		var old shared.ReviewRecord
		err = tx.QueryRow(ctx, `SELECT override, note FROM reconcile_reviews
			WHERE report_id = ? AND span_start = ? AND span_end = ?`+s.d.ForUpdate(), nr.ReportID, nr.Start, nr.End).
			Scan(&old.Override, &old.Note)
		switch {
		case err == nil:
			before = old
		case !errors.Is(err, ErrNoRows):
			return err
		}
		if _, err := tx.Exec(ctx, `INSERT INTO reconcile_reviews (report_id, span_start, span_end, override, note,
			confirmed_by, confirmed_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (report_id, span_start, span_end)
			DO UPDATE SET override = excluded.override, note = excluded.note, confirmed_by = excluded.confirmed_by,
			confirmed_at = excluded.confirmed_at`, nr.ReportID, nr.Start, nr.End, nr.Override, nr.Note, nr.By,
			s.d.Stamp(nr.At)); err != nil {
			return err
		}
		return s.appendAudit(ctx, tx, shared.NewAudit(nr.At, actor, shared.ActionReconcileCheck, shared.EntityReconcileReview,
			shared.ReviewRef(nr.ReportID, nr.Start, nr.End), before, shared.ReviewRecord{Override: nr.Override, Note: nr.Note}))
	})
	if err == nil {
		*r = nr
	}
	return err
}

// ReconcileReviews returns the reviewed rows of the reconciliation of
// report reportID, by span; an unknown report has none.
func (s *Store) ReconcileReviews(ctx context.Context, reportID int64) ([]ledger.ReconcileReview, error) {
	var r ledger.ReconcileReview
	out, err := collect(ctx, s.d.Pool(), `SELECT report_id, span_start, span_end, override, note, confirmed_by,
		confirmed_at FROM reconcile_reviews WHERE report_id = ? ORDER BY span_start, span_end`, []any{reportID},
		&r, &r.ReportID, &r.Start, &r.End, &r.Override, &r.Note, &r.By, StampDest(&r.At))
	return out, s.wrap("reconcile reviews", err)
}

// targetKinds returns the kinds the office set on the targets of a
// report's commitments, by commitment id.
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
