package supervise

import (
	"context"
	"strings"

	"ducha/access"
	"ducha/ledger"
	"ducha/progress"
)

// This file holds the office's decisions on the target model (issue 10):
// the kind of a target, 不列入 (a proposal that is not a commitment), and
// the confirmation of reconciliation rows (see reconcile.go). Each is the
// office's alone (access.EditLedger: supervisors and admins) and audited
// by the store.

// TargetSpec is what commitment c's target says for progress.Infer.
func TargetSpec(c ledger.Commitment) progress.Spec {
	sp := progress.Spec{Text: c.Text, Years: 1}
	if t := c.Target; t != nil {
		_, sp.HasValue = number(t.Value)
		_, sp.HasBaseline = number(t.BaselineValue)
		sp.Unit, sp.Comparator, sp.Change, sp.Indicator = t.Unit, t.Comparator, t.Change, t.Indicator
	}
	if first := planYear(c); first > 0 && c.Period > first {
		sp.Years = c.Period - first + 1
	}
	return sp
}

// TargetKind is the kind of commitment c's target (KindOf): the office's
// when set (set true), else the one progress.Infer gives (set false).
func TargetKind(c ledger.Commitment) (kind progress.Kind, set bool) {
	set = c.Target != nil && progress.Kind(c.Target.Kind).Valid()
	return KindOf(c), set
}

// SetTargetKind sets the kind of commitment id's target, "" returning to
// the inferred kind. Only the office may; a commitment without a target is
// invalid.
func (s *Service) SetTargetKind(ctx context.Context, a Actor, id int64, kind progress.Kind) error {
	c, err := s.commitment(ctx, a, id, access.EditLedger)
	if err != nil {
		return err
	}
	if c.Target == nil {
		return ledger.Errorf(ledger.EInvalid, "承诺事项 %s 没有量化目标，不能设置目标类型", c.Code)
	}
	if kind != "" && !kind.Valid() {
		return ledger.Errorf(ledger.EInvalid, "目标类型 %q 无效", kind)
	}
	if err := s.Store.SetTargetKind(ctx, id, string(kind), a.Login); err != nil {
		return err
	}
	s.changed(id)
	return nil
}

// Exclude marks commitments 不列入 (not a commitment) with a reason: they
// stay in the ledger, shown in the list under a filter, but leave the
// dashboards and their counts, the evaluation, reminders and warnings and
// the public site. Only the office may, only for proposals not dispatched
// (交办) — recall the dispatch first; all or nothing.
func (s *Service) Exclude(ctx context.Context, a Actor, ids []int64, reason string) error {
	for _, id := range ids {
		c, err := s.commitment(ctx, a, id, access.EditLedger)
		if err != nil {
			return err
		}
		if strings.TrimSpace(reason) == "" {
			return ledger.Errorf(ledger.EInvalid, "不列入须填写理由")
		}
		if err := ledger.CheckLen("不列入理由", reason, ledger.MaxReasonLen); err != nil {
			return err
		}
		st, err := s.Store.CommitmentState(ctx, id)
		if err != nil {
			return err
		}
		if st != ledger.StateNew {
			return ledger.Errorf(ledger.EConflict, "承诺事项 %s 已交办，不能标记为不列入；请先撤回交办", c.Code)
		}
	}
	if err := s.Store.ExcludeCommitments(ctx, ids, reason, a.Login); err != nil {
		return err
	}
	s.changed(ids...)
	return nil
}

// Include restores excluded commitments (恢复列入). Only the office may;
// all or nothing.
func (s *Service) Include(ctx context.Context, a Actor, ids []int64) error {
	for _, id := range ids {
		if _, err := s.commitment(ctx, a, id, access.EditLedger); err != nil {
			return err
		}
	}
	if err := s.Store.IncludeCommitments(ctx, ids, a.Login); err != nil {
		return err
	}
	s.changed(ids...)
	return nil
}

// Included returns the items that are commitments: those not marked 不列入.
// It returns items itself when none is excluded, a new slice otherwise.
func Included(items []Item) []Item {
	n := 0
	for i := range items {
		if items[i].Excluded == nil {
			n++
		}
	}
	if n == len(items) {
		return items
	}
	out := make([]Item, 0, n)
	for _, it := range items {
		if it.Excluded == nil {
			out = append(out, it)
		}
	}
	return out
}
