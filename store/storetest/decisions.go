package storetest

import (
	"slices"
	"testing"
	"time"

	"ducha/ledger"
)

// testTargetKind: the office sets and clears a target's kind; every
// change is audited with the kind before and after, and a task sheet
// that says nothing of the kind keeps it.
func testTargetKind(t *testing.T, f *fixture) {
	ctx, s := t.Context(), f.s
	id := f.id(schools)
	if k := must(s.Commitment(ctx, id))(t).Target.Kind; k != "" {
		t.Fatalf("imported kind %q, want \"\" (inferred)", k)
	}
	if err := s.SetTargetKind(ctx, id, "level", "duchashi"); err != nil {
		t.Fatal(err)
	}
	if k := must(s.Commitment(ctx, id))(t).Target.Kind; k != "level" {
		t.Fatalf("kind %q after setting level", k)
	}
	if k := viewOf(t, f, schools).Target.Kind; k != "level" {
		t.Fatalf("view kind %q, want level", k)
	}
	wantAudit(t, f, "commitment", fmtID(id), "duchashi", "commitment.kind", `{"kind":""}`, `{"kind":"level"}`)

	// Setting the same kind again changes nothing and logs nothing.
	entries := f.auditCount(t)
	if err := s.SetTargetKind(ctx, id, "level", "duchashi"); err != nil || f.auditCount(t) != entries {
		t.Fatalf("same kind again: %v, audit %d → %d", err, entries, f.auditCount(t))
	}
	for _, tt := range []struct {
		id    int64
		kind  string
		actor string
		code  string
		parts []string
	}{
		{id, "percentage", "duchashi", ledger.EInvalid, []string{"percentage"}},
		{f.id(jobs), "count", "duchashi", ledger.EInvalid, []string{"没有量化目标"}},
		{id + 1000, "count", "duchashi", ledger.ENotFound, nil},
		{id, "count", " ", ledger.EInvalid, nil},
	} {
		wantErr(t, s.SetTargetKind(ctx, tt.id, tt.kind, tt.actor), tt.code, tt.parts...)
	}
	if k := must(s.Commitment(ctx, id))(t).Target.Kind; k != "level" || f.auditCount(t) != entries {
		t.Fatalf("refused changes left kind %q, audit %d → %d", k, entries, f.auditCount(t))
	}

	// A task sheet's target without a kind keeps the office's.
	c := must(s.Commitment(ctx, id))(t)
	edited := c
	g := *c.Target
	g.Kind, g.Value = "", "6500"
	edited.Target = &g
	if err := s.ApplyTasks(ctx, f.report.ID, []ledger.Commitment{edited}); err != nil {
		t.Fatal(err)
	}
	if got := must(s.Commitment(ctx, id))(t).Target; got.Kind != "level" || got.Value != "6500" {
		t.Fatalf("after a task sheet: kind %q value %q, want level 6500", got.Kind, got.Value)
	}

	// Back to inferred.
	if err := s.SetTargetKind(ctx, id, "", "li.na"); err != nil {
		t.Fatal(err)
	}
	if k := must(s.Commitment(ctx, id))(t).Target.Kind; k != "" {
		t.Fatalf("kind %q after clearing", k)
	}
	wantAudit(t, f, "commitment", fmtID(id), "li.na", "commitment.kind", `{"kind":"level"}`, `{"kind":""}`)
	// The kind the fixture was imported with is kept.
	if k := must(s.Commitment(ctx, f.id("2024-02-03-10")))(t).Target.Kind; k != "ceiling" {
		t.Fatalf("imported kind %q, want ceiling", k)
	}
}

// testExclusion: 不列入 with a reason and 恢复列入, all or nothing, each
// change audited per commitment.
func testExclusion(t *testing.T, f *fixture) {
	ctx, s := t.Context(), f.s
	start := time.Now()
	a, b := f.id(schools), f.id(income)
	entries := f.auditCount(t)
	for _, tt := range []struct {
		ids    []int64
		reason string
		actor  string
		code   string
		parts  []string
	}{
		{[]int64{a}, "  ", "duchashi", ledger.EInvalid, []string{"理由"}},
		{nil, "口号，无具体任务", "duchashi", ledger.EInvalid, []string{"未选择"}},
		{[]int64{a, b + 1000}, "口号，无具体任务", "duchashi", ledger.ENotFound, nil},
		{[]int64{a}, "口号，无具体任务", "", ledger.EInvalid, nil},
		{[]int64{a}, string(make([]rune, 501)), "duchashi", ledger.EInvalid, []string{"500"}},
	} {
		wantErr(t, s.ExcludeCommitments(ctx, tt.ids, tt.reason, tt.actor), tt.code, tt.parts...)
	}
	if v := viewOf(t, f, schools); v.Excluded != nil || f.auditCount(t) != entries {
		t.Fatalf("refused exclusions left %+v, audit %d → %d", v.Excluded, entries, f.auditCount(t))
	}

	if err := s.ExcludeCommitments(ctx, []int64{b, a, a}, "口号，无具体任务", "duchashi"); err != nil {
		t.Fatal(err)
	}
	for _, code := range []string{schools, income} {
		v := viewOf(t, f, code)
		if v.Excluded == nil || v.Excluded.By != "duchashi" || v.Excluded.Reason != "口号，无具体任务" {
			t.Fatalf("%s excluded: %+v", code, v.Excluded)
		}
		recent(t, "Excluded.At", v.Excluded.At, start)
		diff(t, "Commitment "+code, v.Commitment, must(s.Commitment(ctx, v.ID))(t))
		wantAudit(t, f, "commitment", fmtID(v.ID), "duchashi", "commitment.exclude", `{"excluded":false}`,
			`"reason":"口号，无具体任务","by":"duchashi"`)
	}
	if n := f.auditCount(t); n != entries+2 {
		t.Fatalf("%d audit entries for excluding two commitments, want 2", n-entries)
	}
	if vs := must(s.ViewsOf(ctx, []int64{a}))(t); len(vs) != 1 || vs[0].Excluded == nil {
		t.Fatalf("ViewsOf an excluded commitment: %+v", vs)
	}
	if v := viewOf(t, f, jobs); v.Excluded != nil {
		t.Fatalf("untouched commitment excluded: %+v", v.Excluded)
	}

	// 恢复列入: all or nothing too.
	entries = f.auditCount(t)
	wantErr(t, s.IncludeCommitments(ctx, []int64{a, a + 1000}, "li.na"), ledger.ENotFound)
	if v := viewOf(t, f, schools); v.Excluded == nil || f.auditCount(t) != entries {
		t.Fatal("a refused restore changed something")
	}
	if err := s.IncludeCommitments(ctx, []int64{a, f.id(jobs)}, "li.na"); err != nil {
		t.Fatal(err)
	}
	if v := viewOf(t, f, schools); v.Excluded != nil {
		t.Fatalf("restored commitment still excluded: %+v", v.Excluded)
	}
	if v := viewOf(t, f, income); v.Excluded == nil {
		t.Fatal("the other excluded commitment was restored")
	}
	wantAudit(t, f, "commitment", fmtID(a), "li.na", "commitment.include", `"reason":"口号，无具体任务"`, `{"excluded":false}`)
	// Only the commitment whose exclusion changed is audited.
	if n := f.auditCount(t); n != entries+1 {
		t.Fatalf("%d audit entries for restoring one excluded commitment, want 1", n-entries)
	}
}

// testReconcileReviews: the office confirms or overrides rows of a
// reconciliation; a row reviewed again is replaced, audited each time; the
// reviews go with a replaced report.
func testReconcileReviews(t *testing.T, f *fixture) {
	ctx, s := t.Context(), f.s
	rid := f.report.ID
	if rs := must(s.ReconcileReviews(ctx, rid))(t); len(rs) != 0 {
		t.Fatalf("reviews of a fresh report: %+v", rs)
	}
	entries := f.auditCount(t)
	for _, tt := range []struct {
		r     ledger.ReconcileReview
		code  string
		parts []string
	}{
		{ledger.ReconcileReview{ReportID: rid, Start: 150, End: 177, Override: "done"}, ledger.EInvalid, []string{"done"}},
		{ledger.ReconcileReview{ReportID: rid, Start: 177, End: 150}, ledger.EInvalid, []string{"177"}},
		{ledger.ReconcileReview{ReportID: rid + 1000, Start: 150, End: 177}, ledger.ENotFound, nil},
		{ledger.ReconcileReview{ReportID: rid, Start: 1, End: 2, Note: string(make([]rune, 501))}, ledger.EInvalid, nil},
	} {
		r := tt.r
		wantErr(t, s.SaveReconcileReview(ctx, &r, "duchashi"), tt.code, tt.parts...)
	}
	if f.auditCount(t) != entries || len(must(s.ReconcileReviews(ctx, rid))(t)) != 0 {
		t.Fatal("refused reviews changed something")
	}
	start := time.Now()
	confirm := ledger.ReconcileReview{ReportID: rid, Start: 300, End: 342}
	override := ledger.ReconcileReview{ReportID: rid, Start: 150, End: 177, Override: "missed", Note: " 实际新增5200个 "}
	for _, r := range []*ledger.ReconcileReview{&confirm, &override} {
		if err := s.SaveReconcileReview(ctx, r, "duchashi"); err != nil {
			t.Fatal(err)
		}
		if r.By != "duchashi" {
			t.Fatalf("review by %q", r.By)
		}
		recent(t, "review At", r.At, start)
	}
	wantAudit(t, f, "reconcile_review", fmtID(rid)+":150-177", "duchashi", "reconcile.review", "",
		`{"override":"missed","note":"实际新增5200个"}`)
	got := must(s.ReconcileReviews(ctx, rid))(t)
	want := []ledger.ReconcileReview{override, confirm} // by span
	want[0].Note = "实际新增5200个"
	diff(t, "reviews", want, got)

	// Reviewed again: replaced, the audit shows the row before.
	again := ledger.ReconcileReview{ReportID: rid, Start: 150, End: 177, Override: "met"}
	if err := s.SaveReconcileReview(ctx, &again, "li.na"); err != nil {
		t.Fatal(err)
	}
	wantAudit(t, f, "reconcile_review", fmtID(rid)+":150-177", "li.na", "reconcile.review",
		`{"override":"missed","note":"实际新增5200个"}`, `{"override":"met"}`)
	got = must(s.ReconcileReviews(ctx, rid))(t)
	if len(got) != 2 || got[0].Override != "met" || got[0].Note != "" || got[0].By != "li.na" {
		t.Fatalf("after reviewing again: %+v", got)
	}

	// A replaced report takes its reviews with it: the spans pointed into
	// its text.
	r := newReport(f.gov.ID, 2024, "shili-2024-final")
	if err := s.SaveReport(ctx, r, fixtureCommitments()); err != nil {
		t.Fatal(err)
	}
	if rs := must(s.ReconcileReviews(ctx, r.ID))(t); len(rs) != 0 {
		t.Fatalf("reviews of the replacement: %+v", rs)
	}
	if rs := must(s.ReconcileReviews(ctx, rid))(t); len(rs) != 0 {
		t.Fatalf("reviews of the replaced report remain: %+v", rs)
	}
	// The exclusion a re-import carries is kept.
	cs := must(s.Commitments(ctx, r.ID))(t)
	i := slices.IndexFunc(cs, func(c ledger.Commitment) bool { return c.Code == "2024-02-04-1" })
	if i < 0 || cs[i].Excluded == nil || cs[i].Excluded.Reason != "重复事项" ||
		!cs[i].Excluded.At.Equal(time.Date(2024, 2, 1, 9, 30, 0, 0, time.UTC)) {
		t.Fatalf("re-imported exclusion: %+v", cs)
	}
}
