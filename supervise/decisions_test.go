package supervise_test

import (
	"context"
	"strings"
	"testing"

	"ducha/access"
	"ducha/demo"
	"ducha/evaluate"
	"ducha/ledger"
	"ducha/progress"
	"ducha/supervise"
)

var leader = supervise.Actor{Login: "lingdao", Role: access.Leader}

// findItem returns the first item of the demo's 2024 report that ok accepts.
func findItem(t *testing.T, svc *supervise.Service, reportID int64, what string, ok func(supervise.Item) bool) supervise.Item {
	t.Helper()
	items, err := svc.Items(context.Background(), reportID)
	if err != nil {
		t.Fatal(err)
	}
	for _, it := range items {
		if ok(it) {
			return it
		}
	}
	t.Fatalf("the demo has no %s", what)
	return supervise.Item{}
}

// newestAudit returns the newest audit entry of commitment id.
func newestAudit(t *testing.T, st supervise.Store, entity, ref string) ledger.AuditEntry {
	t.Helper()
	es, err := st.Audit(context.Background(), entity, ref, 1)
	if err != nil || len(es) == 0 {
		t.Fatalf("audit of %s %s: %v, %v", entity, ref, es, err)
	}
	return es[0]
}

func ref(id int64) string { return itoa(id) }

// TestTargetKind: the kind of the sample's 社会消费品零售总额增长7%左右 is
// inferred a rate to hold; the office (only) sets another, audited, and
// clears it.
func TestTargetKind(t *testing.T) {
	svc, st, res, _ := setUp(t)
	ctx := context.Background()
	retail := findItem(t, svc, res.ReportID, "retail target", func(it supervise.Item) bool {
		return it.Kind == ledger.KindTarget && it.Target != nil && it.Target.Indicator == "社会消费品零售总额"
	})
	if k, set := supervise.TargetKind(retail.Commitment); k != progress.KindRate || set {
		t.Fatalf("kind of %q: %s (set %v), want rate, inferred", retail.Text, k, set)
	}
	unemployment := findItem(t, svc, res.ReportID, "unemployment target", func(it supervise.Item) bool {
		return it.Kind == ledger.KindTarget && it.Target != nil && it.Target.Indicator == "城镇调查失业率"
	})
	if k, _ := supervise.TargetKind(unemployment.Commitment); k != progress.KindCeiling {
		t.Errorf("kind of %q: %s, want ceiling", unemployment.Text, k)
	}
	lead := reporter(res, retail.Assignment.Lead)
	for _, a := range []supervise.Actor{leader, lead} {
		err := svc.SetTargetKind(ctx, a, retail.ID, progress.KindLevel)
		if c := code(err); c != supervise.EForbidden && c != ledger.ENotFound {
			t.Errorf("%s sets a kind: %v", a.Role, err)
		}
	}
	if err := svc.SetTargetKind(ctx, office, retail.ID, "percentage"); code(err) != ledger.EInvalid {
		t.Errorf("an unknown kind: %v", err)
	}
	if err := svc.SetTargetKind(ctx, office, retail.ID, progress.KindLevel); err != nil {
		t.Fatal(err)
	}
	it := item(t, svc, res.ReportID, retail.ID)
	if k, set := supervise.TargetKind(it.Commitment); k != progress.KindLevel || !set {
		t.Fatalf("after setting: %s (set %v), want level, set", k, set)
	}
	e := newestAudit(t, st, "commitment", ref(retail.ID))
	if e.Action != "commitment.kind" || e.Actor != office.Login || e.Before != `{"kind":""}` || e.After != `{"kind":"level"}` {
		t.Errorf("audit entry %+v", e)
	}
	if err := svc.SetTargetKind(ctx, office, retail.ID, ""); err != nil {
		t.Fatal(err)
	}
	it = item(t, svc, res.ReportID, retail.ID)
	if k, set := supervise.TargetKind(it.Commitment); k != progress.KindRate || set {
		t.Fatalf("after clearing: %s (set %v), want rate, inferred", k, set)
	}
	noTarget := findItem(t, svc, res.ReportID, "commitment without a target", func(it supervise.Item) bool {
		return it.Kind == ledger.KindTarget && it.Target == nil
	})
	if err := svc.SetTargetKind(ctx, office, noTarget.ID, progress.KindCount); code(err) != ledger.EInvalid {
		t.Errorf("a kind on %s without target: %v", noTarget.Code, err)
	}
}

// TestExclude: a proposal marked 不列入 leaves the dashboard's count and the
// default list, shows under the filter, cannot be dispatched, and comes
// back with 恢复列入; only the office may, each step audited.
func TestExclude(t *testing.T) {
	svc, st, res, _ := setUp(t)
	ctx := context.Background()
	items, err := svc.Items(ctx, res.ReportID)
	if err != nil {
		t.Fatal(err)
	}
	parent := map[string]bool{}
	for _, it := range items {
		parent[it.ParentCode] = true
	}
	leaf := func(it supervise.Item) bool {
		return it.Kind == ledger.KindTarget && !parent[it.Code]
	}
	proposal := findItem(t, svc, res.ReportID, "new leaf target", func(it supervise.Item) bool {
		return leaf(it) && it.State == ledger.StateNew
	})
	dispatched := findItem(t, svc, res.ReportID, "dispatched target", func(it supervise.Item) bool {
		return leaf(it) && it.State != ledger.StateNew && it.Assignment.Lead != ""
	})
	before, err := svc.Summary(ctx, office, res.ReportID)
	if err != nil {
		t.Fatal(err)
	}
	ids := []int64{proposal.ID}
	if err := svc.Exclude(ctx, office, ids, "  "); code(err) != ledger.EInvalid {
		t.Errorf("exclusion without a reason: %v", err)
	}
	for _, a := range []supervise.Actor{leader, reporter(res, dispatched.Assignment.Lead)} {
		err := svc.Exclude(ctx, a, []int64{dispatched.ID}, "口号")
		if c := code(err); c != supervise.EForbidden && c != ledger.ENotFound {
			t.Errorf("%s excludes: %v", a.Role, err)
		}
	}
	if err := svc.Exclude(ctx, office, []int64{proposal.ID, dispatched.ID}, "口号"); code(err) != ledger.EConflict {
		t.Errorf("excluding a dispatched commitment: %v", err)
	}
	if it := item(t, svc, res.ReportID, proposal.ID); it.Excluded != nil {
		t.Fatal("a refused exclusion excluded the proposal")
	}
	if err := svc.Exclude(ctx, office, ids, "引导语，不是任务"); err != nil {
		t.Fatal(err)
	}
	after, err := svc.Summary(ctx, office, res.ReportID)
	if err != nil {
		t.Fatal(err)
	}
	if after.Excluded != before.Excluded+1 {
		t.Errorf("dashboard counts %d excluded after excluding one, %d before", after.Excluded, before.Excluded)
	}
	if after.Targets != before.Targets-1 || after.All.Total != before.All.Total-1 {
		t.Errorf("dashboard targets %d (%d counted) after excluding one of %d (%d)", after.Targets, after.All.Total,
			before.Targets, before.All.Total)
	}
	view, err := svc.View(ctx, office, res.ReportID)
	if err != nil {
		t.Fatal(err)
	}
	list, _ := view.Select(supervise.Filter{Query: proposal.Code}, 1, 50)
	for _, it := range list {
		if it.ID == proposal.ID {
			t.Error("the excluded proposal is in the default list")
		}
	}
	list, total := view.Select(supervise.Filter{Excluded: true}, 1, 50)
	if total != 1 || list[0].ID != proposal.ID || list[0].Excluded.Reason != "引导语，不是任务" || list[0].Excluded.By != office.Login {
		t.Errorf("excluded filter: %d items, %+v", total, list)
	}
	e := newestAudit(t, st, "commitment", ref(proposal.ID))
	if e.Action != "commitment.exclude" || !strings.Contains(e.After, "引导语，不是任务") || !strings.Contains(e.Before, `"excluded":false`) {
		t.Errorf("audit entry %+v", e)
	}
	if err := svc.Dispatch(ctx, office, proposal.ID); code(err) != ledger.EConflict {
		t.Errorf("dispatching an excluded proposal: %v", err)
	}
	if _, err := svc.IssueOrder(ctx, office, proposal.ID, "请加快推进", demo.AsOf.AddDate(0, 0, 5)); code(err) != ledger.EConflict {
		t.Errorf("a 督办单 on an excluded proposal: %v", err)
	}
	if err := svc.Include(ctx, leader, ids); code(err) != supervise.EForbidden {
		t.Errorf("a leader restores: %v", err)
	}
	if err := svc.Include(ctx, office, ids); err != nil {
		t.Fatal(err)
	}
	again, err := svc.Summary(ctx, office, res.ReportID)
	if err != nil {
		t.Fatal(err)
	}
	if again.Targets != before.Targets {
		t.Errorf("dashboard targets %d after restoring, want %d", again.Targets, before.Targets)
	}
	e = newestAudit(t, st, "commitment", ref(proposal.ID))
	if e.Action != "commitment.include" || !strings.Contains(e.Before, "引导语，不是任务") {
		t.Errorf("audit entry %+v", e)
	}
}

// TestReviewLine: on the demo's 2024→2025 reconciliation every row starts
// unconfirmed; the office confirms one and overrides another (audited),
// the override is the effective verdict and counts; others may not.
func TestReviewLine(t *testing.T) {
	svc, st, res, _ := setUp(t)
	ctx := context.Background()
	rc, err := svc.Reconcile(ctx, demo.Government, res.Year)
	if err != nil {
		t.Fatal(err)
	}
	if len(rc.Lines) < 2 || rc.Unconfirmed != len(rc.Lines) {
		t.Fatalf("%d lines, %d unconfirmed: want every line unconfirmed", len(rc.Lines), rc.Unconfirmed)
	}
	first, second := rc.Lines[0], rc.Lines[1]
	override := progress.Missed
	if progress.Verdict(second.Verdict) == progress.Missed {
		override = progress.Met
	}
	sp := func(l supervise.Line) (int, int) { return l.Target.Start, l.Target.End }
	s1, e1 := sp(first)
	s2, e2 := sp(second)
	if err := svc.ReviewLine(ctx, leader, demo.Government, res.Year, s1, e1, "", ""); code(err) != supervise.EForbidden {
		t.Errorf("a leader confirms: %v", err)
	}
	if err := svc.ReviewLine(ctx, office, demo.Government, res.Year, s1, e1+1, "", ""); code(err) != ledger.ENotFound {
		t.Errorf("a span of no row: %v", err)
	}
	if err := svc.ReviewLine(ctx, office, demo.Government, res.Year, s1, e1, "done", ""); code(err) != ledger.EInvalid {
		t.Errorf("an unknown verdict: %v", err)
	}
	if err := svc.ReviewLine(ctx, office, demo.Government, res.Year, s1, e1, "", ""); err != nil {
		t.Fatal(err)
	}
	if err := svc.ReviewLine(ctx, office, demo.Government, res.Year, s2, e2, override, "次年报告另有说明"); err != nil {
		t.Fatal(err)
	}
	got, err := svc.Reconcile(ctx, demo.Government, res.Year)
	if err != nil {
		t.Fatal(err)
	}
	if got.Unconfirmed != len(rc.Lines)-2 {
		t.Errorf("%d unconfirmed after two reviews of %d lines", got.Unconfirmed, len(rc.Lines))
	}
	g1, g2 := got.Lines[0], got.Lines[1]
	if !g1.Confirmed || g1.Override != "" || g1.Effective() != progress.Verdict(first.Verdict) || g1.ReviewedBy != office.Login {
		t.Errorf("confirmed line: %+v", g1)
	}
	if !g2.Confirmed || g2.Override != override || g2.Effective() != override || g2.ReviewNote != "次年报告另有说明" {
		t.Errorf("overridden line: confirmed %v override %q effective %q note %q", g2.Confirmed, g2.Override, g2.Effective(), g2.ReviewNote)
	}
	sum := 0
	for _, n := range got.Counts {
		sum += n
	}
	if sum != len(got.Lines) || got.Counts[second.Verdict] != rc.Counts[second.Verdict]-1 {
		t.Errorf("counts %v after overriding one %s line (were %v)", got.Counts, second.Verdict, rc.Counts)
	}
	e := newestAudit(t, st, "reconcile_review", itoa(got.Prev.ID)+":"+itoa(int64(s2))+"-"+itoa(int64(e2)))
	if e.Action != "reconcile.review" || e.Actor != office.Login || !strings.Contains(e.After, string(override)) {
		t.Errorf("audit entry %+v", e)
	}
}

// TestSettingsBands: the bands are settings with their defaults (±0.5
// 个百分点, ±5%, 2 points), mapped to progress.Bands; a wrong band is named
// in Chinese.
func TestSettingsBands(t *testing.T) {
	st := supervise.DefaultSettings()
	if st.BandRatePoints != 0.5 || st.BandAmountPercent != 5 || st.BandSeriousPoints != 2 {
		t.Fatalf("default bands %v %v %v", st.BandRatePoints, st.BandAmountPercent, st.BandSeriousPoints)
	}
	st.BandRatePoints, st.BandAmountPercent, st.BandSeriousPoints = 0.3, 10, 1.5
	if b := st.Thresholds().Bands; b != (progress.Bands{RatePoints: 0.3, AmountShare: 0.1, SeriousPoints: 1.5}) {
		t.Errorf("bands %+v", b)
	}
	bad := supervise.DefaultSettings()
	bad.BandRatePoints, bad.BandAmountPercent, bad.BandSeriousPoints = -0.5, 120, 0
	err := bad.Validate()
	if err == nil {
		t.Fatal("bad bands accepted")
	}
	for _, want := range []string{"增速类目标容差 ±-0.5 个百分点", "总量类目标容差 ±120%", "严重滞后差距 0 个百分点"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not say %q", err, want)
		}
	}
}

// TestExcludedNotEvaluated: a unit whose only commitment is marked 不列入
// is not ranked; before, it is (with nothing to score).
func TestExcludedNotEvaluated(t *testing.T) {
	svc, st, res, _ := setUp(t)
	ctx := context.Background()
	items, err := svc.Items(ctx, res.ReportID)
	if err != nil {
		t.Fatal(err)
	}
	busy := map[string]bool{}
	parent := map[string]bool{}
	for _, it := range items {
		busy[it.Assignment.Lead] = true
		for _, c := range it.Assignment.Cooperating {
			busy[c] = true
		}
		parent[it.ParentCode] = true
	}
	units, err := st.Units(ctx)
	if err != nil {
		t.Fatal(err)
	}
	idle := ""
	for _, u := range units {
		if !busy[u.Name] {
			idle = u.Name
			break
		}
	}
	if idle == "" {
		t.Fatal("every unit of the demo leads or cooperates on something")
	}
	proposal := findItem(t, svc, res.ReportID, "new leaf target", func(it supervise.Item) bool {
		return it.Kind == ledger.KindTarget && it.State == ledger.StateNew && !parent[it.Code]
	})
	c := proposal.Commitment
	c.Assignment = ledger.Assignment{Lead: idle}
	if err := st.ApplyTasks(ctx, res.ReportID, []ledger.Commitment{c}); err != nil {
		t.Fatal(err)
	}
	svc.Forget()
	ranked := func() bool {
		scores, err := svc.Evaluation(ctx, res.ReportID, demo.AsOf, evaluate.DefaultFormula())
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range scores {
			if s.Unit == idle {
				return true
			}
		}
		return false
	}
	if !ranked() {
		t.Fatalf("%s, lead of %s, is not ranked before the exclusion", idle, proposal.Code)
	}
	if err := svc.Exclude(ctx, office, []int64{proposal.ID}, "不是任务"); err != nil {
		t.Fatal(err)
	}
	if ranked() {
		t.Errorf("%s is ranked for a commitment marked 不列入", idle)
	}
}
