package supervise_test

import (
	"context"
	"strings"
	"testing"

	"ducha/demo"
	"ducha/ledger"
	"ducha/supervise"
)

// The free text of the office's forms is bounded by ledger/limits.go:
// one character over is refused with the field named and nothing is
// written; the limit itself is let in.
func TestFormTextLimits(t *testing.T) {
	svc, st, res, _ := setUp(t)
	ctx := context.Background()
	over := strings.Repeat("理", ledger.MaxReasonLen+1)

	// 不列入理由
	proposal := findItem(t, svc, res.ReportID, "new target", func(it supervise.Item) bool {
		return it.Kind == ledger.KindTarget && it.State == ledger.StateNew
	})
	err := svc.Exclude(ctx, office, []int64{proposal.ID}, over)
	if code(err) != ledger.EInvalid || !strings.Contains(err.Error(), "不列入理由超过500个字符上限（现有501个字符）") {
		t.Errorf("a reason of 501 characters: %v", err)
	}
	if c, _ := st.Commitment(ctx, proposal.ID); c.Excluded != nil {
		t.Errorf("excluded with a refused reason: %+v", c.Excluded)
	}

	// 核实说明 of a reconciliation line
	rc, err := svc.Reconcile(ctx, demo.Government, res.Year)
	if err != nil || len(rc.Lines) == 0 {
		t.Fatalf("reconcile: %v, %d lines", err, len(rc.Lines))
	}
	l := rc.Lines[0]
	err = svc.ReviewLine(ctx, office, demo.Government, res.Year, l.Target.Start, l.Target.End, "", over)
	if code(err) != ledger.EInvalid || !strings.Contains(err.Error(), "核实说明超过500个字符上限") {
		t.Errorf("a note of 501 characters: %v", err)
	}
	if err := svc.ReviewLine(ctx, office, demo.Government, res.Year, l.Target.Start, l.Target.End, "", over[:len(over)-len("理")]); err != nil {
		t.Errorf("a note of 500 characters: %v", err)
	}

	// 子任务: a sub-task is a commitment, its title bounded as 任务内容
	// (2000 characters, not less).
	target := findItem(t, svc, res.ReportID, "dispatched target", func(it supervise.Item) bool {
		return it.Kind == ledger.KindTarget && it.ParentCode == "" && it.Assignment.Lead != ""
	})
	long := strings.Repeat("建", ledger.MaxTitleLen)
	_, err = svc.SplitTask(ctx, clerk, target.ID, []string{long + "设"})
	if code(err) != "input" || !strings.Contains(err.Error(), "超过2000字") {
		t.Errorf("a sub-task of 2001 characters: %v", err)
	}
	subs, err := svc.SplitTask(ctx, clerk, target.ID, []string{strings.Repeat("建", 301), long})
	if err != nil || len(subs) != 2 {
		t.Errorf("sub-tasks of 301 and 2000 characters: %v", err)
	}
}
