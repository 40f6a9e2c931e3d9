package supervise_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"ducha/access"
	"ducha/demo"
	"ducha/demo/demotest"
	"ducha/ledger"
	"ducha/store"
	"ducha/supervise"
)

// TestFuturePeriodRefused: on 15 September 2024 a unit may report
// September (begun) or August, never October or the fourth quarter; the
// refusal names the period field, and nothing is stored.
func TestFuturePeriodRefused(t *testing.T) {
	path, res := demotest.DB(t)
	ctx := context.Background()
	st, err := store.Open(ctx, path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	now := demo.AsOf
	st.SetClock(func() time.Time { return now })
	svc := &supervise.Service{Store: st, Now: func() time.Time { return now }, CacheFor: time.Nanosecond}
	items, err := svc.Items(ctx, res.ReportID)
	if err != nil {
		t.Fatal(err)
	}
	var it supervise.Item
	for _, x := range items {
		if x.Kind == ledger.KindTarget && x.State == ledger.StateInProgress && x.Target == nil {
			it = x
			break
		}
	}
	if it.CommitmentView == nil {
		t.Fatal("no descriptive task in progress in the demo")
	}
	unit := reporter(res, it.Assignment.Lead)
	if unit.Role != access.Reporter || unit.Login == "nobody" {
		t.Fatalf("no account of %s", it.Assignment.Lead)
	}
	before, _ := st.ProgressReports(ctx, it.ID)
	for _, p := range []string{"2024-10", "2024-Q4", "2025-01"} {
		_, _, err := svc.SaveProgress(ctx, unit, it.ID, supervise.ProgressInput{Period: p, Percent: 50, Narrative: "提前填报"})
		var ie *supervise.InputError
		if !errors.As(err, &ie) || len(ie.Fields) != 1 || ie.Fields[0].Field != "period" ||
			!strings.Contains(ie.Fields[0].Message, "尚未开始") {
			t.Errorf("period %s on 2024-09-15: %v, want a refusal of the period field", p, err)
		}
	}
	if after, _ := st.ProgressReports(ctx, it.ID); len(after) != len(before) {
		t.Errorf("a refused report was stored: %d reports, were %d", len(after), len(before))
	}
	if _, _, err := svc.SaveProgress(ctx, unit, it.ID, supervise.ProgressInput{Period: "2024-09", Percent: 50, Narrative: "九月进展"}); err != nil {
		t.Errorf("September on 15 September: %v", err)
	}
	// On the first instant of October, October has begun.
	now = time.Date(2024, 10, 1, 0, 0, 0, 0, time.UTC)
	if _, _, err := svc.SaveProgress(ctx, unit, it.ID, supervise.ProgressInput{Period: "2024-10", Percent: 55, Narrative: "十月进展"}); err != nil {
		t.Errorf("October on 1 October: %v", err)
	}
}
