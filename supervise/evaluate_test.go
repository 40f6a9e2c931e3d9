package supervise_test

import (
	"context"
	"encoding/json"
	"math"
	"testing"
	"time"

	"ducha/demo"
	"ducha/evaluate"
	"ducha/ledger"
	"ducha/progress"
	"ducha/supervise"
)

// TestEvaluationDemo scores the units of the demo ledger at its clock.
func TestEvaluationDemo(t *testing.T) {
	svc, st, res, _ := setUp(t)
	ctx := context.Background()
	f := evaluate.DefaultFormula()
	scores, err := svc.Evaluation(ctx, res.ReportID, demo.AsOf, f)
	if err != nil {
		t.Fatal(err)
	}
	items, err := svc.Items(ctx, res.ReportID)
	if err != nil {
		t.Fatal(err)
	}
	byUnit := map[string]evaluate.UnitScore{}
	for _, s := range scores {
		byUnit[s.Unit] = s
	}

	// Every unit leading a dispatched leaf target is ranked; the ranks go
	// 1, 2, … with ties sharing; totals and parts are in range and add up.
	leads := map[string]bool{}
	lagging := map[string]bool{} // units with a seriously lagging or stale task
	for i, it := range items {
		if it.Kind == ledger.KindTarget && it.Assignment.Lead != "" && it.State != ledger.StateNew && !parent(items, i) {
			leads[it.Assignment.Lead] = true
			if it.Result.Status == progress.SeriouslyLagging || it.Result.Stale {
				lagging[it.Assignment.Lead] = true
			}
		}
	}
	if len(leads) < 10 {
		t.Fatalf("only %d lead units in the demo", len(leads))
	}
	for u := range leads {
		if s, ok := byUnit[u]; !ok || !s.Ranked {
			t.Errorf("lead unit %s: %+v", u, s)
		}
	}
	for i, s := range scores {
		if !s.Ranked {
			continue
		}
		if s.Total < 0 || s.Total > 100 {
			t.Errorf("%s: total %v", s.Unit, s.Total)
		}
		var sum float64
		for _, p := range s.Parts() {
			if p.Rate < 0 || p.Rate > 1 || p.Points < -1e-9 || p.Points > p.Max+1e-9 {
				t.Errorf("%s %s: rate %v points %v of %v", s.Unit, p.Part, p.Rate, p.Points, p.Max)
			}
			sum += p.Points
		}
		if math.Abs(sum-s.Total) > 0.005+1e-9 {
			t.Errorf("%s: parts %v, total %v", s.Unit, sum, s.Total)
		}
		switch {
		case i == 0 && s.Rank != 1:
			t.Errorf("first rank %d", s.Rank)
		case i > 0 && s.Total == scores[i-1].Total && s.Rank != scores[i-1].Rank,
			i > 0 && s.Total < scores[i-1].Total && s.Rank != i+1,
			i > 0 && s.Total > scores[i-1].Total:
			t.Errorf("rank %d of %s (%v) after %d (%v)", s.Rank, s.Unit, s.Total, scores[i-1].Rank, scores[i-1].Total)
		}
	}

	// Completion is the dashboard's completion of the unit (equal weights
	// in the demo, the same leaves, the same latest approved reports).
	for _, g := range supervise.Summarize(items, demo.AsOf).ByUnit {
		if s, ok := byUnit[g.Name]; ok && math.Abs(s.Completion.Rate-g.Completion) > 1e-9 {
			t.Errorf("%s: completion %v, dashboard %v", g.Name, s.Completion.Rate, g.Completion)
		}
	}

	// Units whose demo tasks lag or stopped reporting rank below those on
	// track: the first is on track, the last lags, and on average.
	if first, last := scores[0], lastRanked(scores); lagging[first.Unit] || !lagging[last.Unit] {
		t.Errorf("first %s (lagging %v), last %s (lagging %v)", first.Unit, lagging[first.Unit], last.Unit, lagging[last.Unit])
	}
	var rankLag, rankOK, nLag, nOK float64
	for u := range leads {
		if lagging[u] {
			rankLag, nLag = rankLag+float64(byUnit[u].Rank), nLag+1
		} else {
			rankOK, nOK = rankOK+float64(byUnit[u].Rank), nOK+1
		}
	}
	if nLag == 0 || nOK == 0 || rankLag/nLag <= rankOK/nOK {
		t.Errorf("mean rank of lagging units %.1f, of units on track %.1f", rankLag/nLag, rankOK/nOK)
	}

	// Reports: the demo submits every month's report a few days after the
	// month, so only units that stopped reporting miss periods.
	for u := range leads {
		s := byUnit[u]
		stale := false
		for _, it := range items {
			if it.Assignment.Lead == u && it.Result.Stale {
				stale = true
			}
		}
		if stale != (s.Timeliness.Rate < 1) || s.Timeliness.Of == 0 {
			t.Errorf("%s: stale %v, timeliness %+v", u, stale, s.Timeliness)
		}
	}

	// Returns: every report the office returned counts once, although
	// the corrected report, once approved, no longer has a return reason.
	returned := map[string]bool{}
	entries, err := st.Audit(ctx, "progress_report", "", 0)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		var after ledger.ProgressReport
		if e.Action == "report.review" && json.Unmarshal([]byte(e.After), &after) == nil && after.Status == ledger.ReportReturned {
			returned[e.Ref] = true
		}
	}
	total := 0
	for _, s := range scores {
		total += s.Returns.Count
	}
	if len(returned) == 0 || total != len(returned) {
		t.Errorf("returned reports: evaluation counts %d, audit log %d", total, len(returned))
	}
	for _, it := range items {
		reps, _ := st.ProgressReports(ctx, it.ID)
		for _, r := range reps {
			if returned[itoa(r.ID)] && r.Status == ledger.ReportApproved && r.ReturnReason != "" {
				t.Errorf("report %d: approved after a return, still has reason %q", r.ID, r.ReturnReason)
			}
		}
	}

	// 督办单 go to the unit they were issued to: the demo's three are
	// past their reply day.
	orders := 0
	for _, s := range scores {
		orders += s.Replies.Of
	}
	if orders != res.Orders {
		t.Errorf("督办单 counted %d, demo issued %d", orders, res.Orders)
	}

	// Weights: give one task of a unit with several the weight 3 and
	// another 1; the others, unweighted, count as the average of the
	// weighted, 2. The completion is the weighted mean.
	var unit string
	var tasks []supervise.Item
	for u := range leads {
		var ts []supervise.Item
		for i, it := range items {
			if it.Assignment.Lead == u && it.Kind == ledger.KindTarget && !parent(items, i) {
				ts = append(ts, it)
			}
		}
		if len(ts) >= 3 && (unit == "" || u < unit) {
			unit, tasks = u, ts
		}
	}
	a, b := tasks[0].Commitment, tasks[1].Commitment
	a.Weight, b.Weight = 3, 1
	// A cooperating unit that leads nothing is listed last, unranked.
	const helper = "示例区审计局"
	a.Assignment.Cooperating = []string{helper}
	if err := st.ApplyTasks(ctx, res.ReportID, []ledger.Commitment{a, b}); err != nil {
		t.Fatal(err)
	}
	svc.Forget()
	var num, den float64
	for i, it := range tasks {
		w := 2.0
		switch i {
		case 0:
			w = 3
		case 1:
			w = 1
		}
		done := min(max(it.Result.Actual, 0), 1)
		if it.Result.Status == progress.Completed {
			done = 1
		}
		num, den = num+w*done, den+w
	}
	again, err := svc.Evaluation(ctx, res.ReportID, demo.AsOf, f)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range again {
		if s.Unit == unit && math.Abs(s.Completion.Rate-num/den) > 1e-9 {
			t.Errorf("%s weighted: completion %v, want %v", unit, s.Completion.Rate, num/den)
		}
	}
	if h := again[len(again)-1]; h.Unit != helper || h.Ranked || h.Rank != 0 || len(again) != len(scores)+1 {
		t.Errorf("last of %d: %+v", len(again), h)
	}

	// Closing a task as not completed counts it 0.
	if err := svc.Close(ctx, office, a.ID, ledger.OutcomeNotCompleted, "funding"); err != nil {
		t.Fatal(err)
	}
	done0 := min(max(tasks[0].Result.Actual, 0), 1)
	again, err = svc.Evaluation(ctx, res.ReportID, demo.AsOf, f)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range again {
		if s.Unit == unit && math.Abs(s.Completion.Rate-(num-3*done0)/den) > 1e-9 {
			t.Errorf("%s closed as not completed: completion %v, want %v", unit, s.Completion.Rate, (num-3*done0)/den)
		}
	}

	bad := f
	bad.GraceDays = -1
	if _, err := svc.Evaluation(ctx, res.ReportID, demo.AsOf, bad); ledger.ErrorCode(err) != ledger.EInvalid {
		t.Errorf("invalid formula: %v", err)
	}
}

// TestEvaluationHistory walks one task of a unit that leads nothing else
// through five months and checks its score by hand. The store stamps the
// 签收 and 督办 replies with the real clock, so the story starts now.
func TestEvaluationHistory(t *testing.T) {
	svc, st, res, now := setUp(t)
	ctx := context.Background()
	const unit = "示例区统计局"
	items, err := svc.Items(ctx, res.ReportID)
	if err != nil {
		t.Fatal(err)
	}
	var c ledger.Commitment
	for i, it := range items {
		if it.Kind == ledger.KindTarget && it.State == ledger.StateNew && (it.Target == nil || it.Target.Value == "") && !parent(items, i) {
			c = it.Commitment
			break
		}
	}
	if c.ID == 0 {
		t.Fatal("no new descriptive task in the demo")
	}
	for _, it := range items {
		if it.Assignment.Lead == unit {
			t.Fatalf("%s already leads %s", unit, it.Code)
		}
	}
	*now = time.Now().UTC()
	deadline := now.AddDate(1, 0, 0)
	c.Assignment.Lead, c.Deadline = unit, &deadline
	if err := st.ApplyTasks(ctx, res.ReportID, []ledger.Commitment{c}); err != nil {
		t.Fatal(err)
	}
	svc.Forget()
	u := reporter(res, unit)
	if err := svc.Dispatch(ctx, office, c.ID); err != nil {
		t.Fatal(err)
	}
	if err := svc.Acknowledge(ctx, u, c.ID); err != nil {
		t.Fatal(err)
	}
	// Two 督办单: one answered at once, one never.
	var orders []ledger.SupervisionOrder
	for range 2 {
		o, err := svc.IssueOrder(ctx, office, c.ID, "请加快进度并书面回复。", time.Time{})
		if err != nil {
			t.Fatal(err)
		}
		orders = append(orders, o)
	}
	if err := svc.ReplyOrder(ctx, u, c.ID, orders[0].ID, "已部署。"); err != nil {
		t.Fatal(err)
	}

	// The periods after the month of 签收, as the store recorded it.
	entries, err := st.Audit(ctx, "commitment", itoa(c.ID), 0)
	if err != nil || len(entries) == 0 {
		t.Fatal(entries, err)
	}
	ack := entries[0].At // newest first: the 签收
	start := time.Date(ack.Year(), ack.Month(), 1, 0, 0, 0, 0, time.UTC)
	p := func(i int) (name string, end time.Time) { // period i after the month of 签收, and its end
		s := start.AddDate(0, i, 0)
		return progress.PeriodOf(s, progress.Month), s.AddDate(0, 1, 0)
	}
	submit := func(i, percent, days int) ledger.ProgressReport {
		t.Helper()
		name, end := p(i)
		*now = end.AddDate(0, 0, days).Add(9 * time.Hour)
		r, _, err := svc.SaveProgress(ctx, u, c.ID, supervise.ProgressInput{Period: name, Percent: percent, Narrative: "推进中", Submit: true})
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	review := func(r ledger.ProgressReport, approve bool) {
		t.Helper()
		*now = now.Add(24 * time.Hour)
		if err := svc.Review(ctx, office, c.ID, r.ID, approve, "请补充佐证材料。"); err != nil {
			t.Fatal(err)
		}
	}
	// Period 1: on the 3rd day after it ends (on time).
	review(submit(1, 20, 3), true)
	// Period 2: on the 5th day (on time), returned, submitted again on
	// the 12th day (late, but the first submission counts) and approved.
	r2 := submit(2, 40, 5)
	review(r2, false)
	*now = now.AddDate(0, 0, 6)
	if _, _, err := svc.SaveProgress(ctx, u, c.ID, supervise.ProgressInput{Period: r2.Period, Percent: 40, Narrative: "已补充", Submit: true}); err != nil {
		t.Fatal(err)
	}
	review(r2, true)
	// Period 3: on the 15th day (late).
	review(submit(3, 60, 15), true)
	// Period 4: nothing. Period 5 has ended two days before the
	// evaluation: its report is not yet due.
	_, end5 := p(5)
	at := end5.AddDate(0, 0, 2)

	// What the store keeps of period 2: the latest submission, no reason.
	reps, err := st.ProgressReports(ctx, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range reps {
		if r.Period == r2.Period && (r.ReturnReason != "" || !r.SubmittedAt.After(r2.SubmittedAt)) {
			t.Errorf("period 2 as stored: reason %q, submitted %v (first %v)", r.ReturnReason, r.SubmittedAt, r2.SubmittedAt)
		}
	}

	scores, err := svc.Evaluation(ctx, res.ReportID, at, evaluate.DefaultFormula())
	if err != nil {
		t.Fatal(err)
	}
	var got evaluate.UnitScore
	for _, s := range scores {
		if s.Unit == unit {
			got = s
		}
	}
	// Completion: the approved report of period 3, 60% → 0.6 × 60 = 36.
	// Timeliness: periods 1–4 owed, 1 and 2 on time → 2/4 × 20 = 10;
	// period 5 pending.
	// Replies: 1 of 2 on time → 0.5 × 10 = 5.
	// Returns: 1 of 3 reports → (1 − 1/3) × 10 = 6.667.
	// Total: 36 + 10 + 5 + 6.667 = 57.667 → 57.67.
	want := []struct {
		rate            float64
		count, of, pend int
	}{{0.6, 0, 1, 0}, {0.5, 2, 4, 1}, {0.5, 1, 2, 0}, {1.0 / 3, 1, 3, 0}}
	for i, part := range got.Parts() {
		w := want[i]
		if math.Abs(part.Rate-w.rate) > 1e-9 || part.Count != w.count || part.Of != w.of || part.Pending != w.pend {
			t.Errorf("%s: %+v, want rate %v, %d of %d, %d pending", part.Part, part, w.rate, w.count, w.of, w.pend)
		}
	}
	if !got.Ranked || got.Total != 57.67 {
		t.Errorf("total %v (ranked %v), want 57.67", got.Total, got.Ranked)
	}
}

// parent reports whether items[i] has sub-tasks.
func parent(items []supervise.Item, i int) bool {
	for _, it := range items {
		if it.ParentCode == items[i].Code {
			return true
		}
	}
	return false
}

func lastRanked(scores []evaluate.UnitScore) evaluate.UnitScore {
	var last evaluate.UnitScore
	for _, s := range scores {
		if s.Ranked {
			last = s
		}
	}
	return last
}

func itoa(n int64) string {
	b, _ := json.Marshal(n)
	return string(b)
}
