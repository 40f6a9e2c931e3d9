package storetest

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"slices"
	"strconv"
	"testing"
	"time"

	"ducha/ledger"
)

func fmtID(id int64) string { return strconv.FormatInt(id, 10) }

// progress returns a progress report of the fixture's commitment code.
func (f *fixture) progress(code, period string, status ledger.ReportStatus) ledger.ProgressReport {
	return ledger.ProgressReport{CommitmentID: f.id(code), Period: period, Value: "1500.50", Percent: -1,
		Narrative: "已开工建设学校3所", Problems: "资金拨付较慢", NextSteps: "加快建设进度", Status: status}
}

// stored returns report r as the store holds it.
func (f *fixture) stored(t *testing.T, r ledger.ProgressReport) ledger.ProgressReport {
	t.Helper()
	for _, got := range must(f.s.ProgressReports(t.Context(), r.CommitmentID))(t) {
		if got.ID == r.ID {
			return got
		}
	}
	t.Fatalf("report %d not stored", r.ID)
	return ledger.ProgressReport{}
}

func testProgressReports(t *testing.T, f *fixture) {
	ctx, s := t.Context(), f.s
	start := time.Now()
	// A draft, saved twice: the second save updates the same report.
	r := f.progress(schools, "2024-Q1", ledger.ReportDraft)
	r.Evidence = []ledger.Evidence{{Name: "ignored.pdf"}}
	if err := s.SaveProgressReport(ctx, &r, "zhang.wei"); err != nil {
		t.Fatal(err)
	}
	if r.ID <= 0 || r.Unit != edu || r.Status != ledger.ReportDraft || !r.SubmittedAt.IsZero() || r.SubmittedBy != "" {
		t.Fatalf("saved draft: %+v", r)
	}
	wantAudit(t, f, "progress_report", fmtID(r.ID), "zhang.wei", "report.save", "", `"Status":"draft"`)
	first := r.ID
	r.Value, r.Narrative = "2000", "已开工建设学校4所"
	if err := s.SaveProgressReport(ctx, &r, "zhang.wei"); err != nil {
		t.Fatal(err)
	}
	if r.ID != first {
		t.Fatalf("second save of the period got id %d, want %d", r.ID, first)
	}
	wantAudit(t, f, "progress_report", fmtID(r.ID), "zhang.wei", "report.save", `"Value":"1500.50"`, `"Value":"2000"`)
	// Submitting sets who and when.
	r.Status = ledger.ReportSubmitted
	if err := s.SaveProgressReport(ctx, &r, "zhang.wei"); err != nil {
		t.Fatal(err)
	}
	if r.SubmittedBy != "zhang.wei" {
		t.Fatalf("SubmittedBy = %q", r.SubmittedBy)
	}
	recent(t, "SubmittedAt", r.SubmittedAt, start)
	// A submitted report cannot change.
	edit := r
	edit.Value = "9999"
	wantErr(t, s.SaveProgressReport(ctx, &edit, "zhang.wei"), ledger.EConflict, "本期进展已提交，不能修改", "2024-Q1")
	// A report read back cannot move to another period or commitment.
	moved := r
	moved.Period, moved.Status = "2024-Q3", ledger.ReportDraft
	wantErr(t, s.SaveProgressReport(ctx, &moved, "zhang.wei"), ledger.EInvalid, "2024-Q3")
	moved = r
	moved.CommitmentID, moved.Status = f.id(income), ledger.ReportDraft
	wantErr(t, s.SaveProgressReport(ctx, &moved, "zhang.wei"), ledger.EInvalid)
	// Another period is another report; the unit may be given.
	q2 := f.progress(schools, "2024-Q2", ledger.ReportSubmitted)
	q2.Unit, q2.Value, q2.Percent, q2.Done = eduBuild, "", 80, true
	q2.SubmittedAt = time.Date(2024, 7, 5, 10, 0, 0, 0, time.FixedZone("CST", 8*3600)) // given: kept
	if err := s.SaveProgressReport(ctx, &q2, "api:教育局统计系统"); err != nil {
		t.Fatal(err)
	}
	if !q2.SubmittedAt.Equal(time.Date(2024, 7, 5, 2, 0, 0, 0, time.UTC)) || q2.Unit != eduBuild {
		t.Fatalf("given submission time or unit not kept: %v %s", q2.SubmittedAt, q2.Unit)
	}
	// Newest period first, as stored.
	r.Evidence = nil
	diff(t, "ProgressReports", []ledger.ProgressReport{q2, r}, must(s.ProgressReports(ctx, f.id(schools)))(t))
	if rs := must(s.ProgressReports(ctx, f.id(jobs)))(t); len(rs) != 0 {
		t.Fatalf("another commitment has %d reports", len(rs))
	}
	// A commitment without a lead: no unit unless given.
	j := f.progress(jobs, "2024-06", ledger.ReportDraft)
	if err := s.SaveProgressReport(ctx, &j, "li.na"); err != nil {
		t.Fatal(err)
	}
	if j.Unit != "" {
		t.Fatalf("report of a commitment without lead has unit %q", j.Unit)
	}
	_, err := s.ProgressReports(ctx, f.id(jobs)+1000)
	wantErr(t, err, ledger.ENotFound)
}

func testProgressReportsInvalid(t *testing.T, f *fixture) {
	ctx, s := t.Context(), f.s
	ok := f.progress(schools, "2024-Q1", ledger.ReportDraft)
	for _, tt := range []struct {
		name  string
		edit  func(r *ledger.ProgressReport)
		actor string
		code  string
		parts []string
	}{
		{"value not a number", func(r *ledger.ProgressReport) { r.Value = "1,500" }, "u", ledger.EInvalid, []string{"数值", "1,500"}},
		{"value with exponent", func(r *ledger.ProgressReport) { r.Value = "1e3" }, "u", ledger.EInvalid, []string{"数值"}},
		{"value a point", func(r *ledger.ProgressReport) { r.Value = "." }, "u", ledger.EInvalid, []string{"数值"}},
		{"percent above 100", func(r *ledger.ProgressReport) { r.Percent = 101 }, "u", ledger.EInvalid, []string{"自评进度"}},
		{"percent below -1", func(r *ledger.ProgressReport) { r.Percent = -2 }, "u", ledger.EInvalid, []string{"自评进度"}},
		{"period", func(r *ledger.ProgressReport) { r.Period = "2024-13" }, "u", ledger.EInvalid, []string{"填报期次", "2024-13"}},
		{"period as a year", func(r *ledger.ProgressReport) { r.Period = "2024" }, "u", ledger.EInvalid, []string{"填报期次"}},
		{"saved as approved", func(r *ledger.ProgressReport) { r.Status = ledger.ReportApproved }, "u", ledger.EInvalid, []string{"状态"}},
		{"saved as returned", func(r *ledger.ProgressReport) { r.Status = ledger.ReportReturned }, "u", ledger.EInvalid, nil},
		{"unknown status", func(r *ledger.ProgressReport) { r.Status = "done" }, "u", ledger.EInvalid, nil},
		{"unknown unit", func(r *ledger.ProgressReport) { r.Unit = "示例区宇宙局" }, "u", ledger.EInvalid, []string{"示例区宇宙局"}},
		{"unknown commitment", func(r *ledger.ProgressReport) { r.CommitmentID += 1000 }, "u", ledger.ENotFound, nil},
		{"no commitment", func(r *ledger.ProgressReport) { r.CommitmentID = 0 }, "u", ledger.EInvalid, nil},
		{"no actor", func(r *ledger.ProgressReport) {}, "", ledger.EInvalid, nil},
	} {
		t.Run(tt.name, func(t *testing.T) {
			r := ok
			tt.edit(&r)
			wantErr(t, s.SaveProgressReport(ctx, &r, tt.actor), tt.code, tt.parts...)
			if r.ID != 0 {
				t.Fatalf("failed save set ID %d", r.ID)
			}
		})
	}
	if rs := must(s.ProgressReports(ctx, f.id(schools)))(t); len(rs) != 0 {
		t.Fatalf("failed saves stored %d reports", len(rs))
	}
	// Valid edge values.
	for i, v := range []string{"0", "-3", "41900.50", "0.333333333333", ""} {
		r := ok
		r.Period, r.Value, r.Percent = fmt.Sprintf("2024-%02d", i+1), v, []int{-1, 0, 100, 50, 7}[i]
		if err := s.SaveProgressReport(ctx, &r, "u"); err != nil {
			t.Fatalf("value %q: %v", v, err)
		}
		got := must(s.ProgressReports(ctx, f.id(schools)))(t)[0]
		if got.Value != v || got.Percent != r.Percent {
			t.Fatalf("value %q stored as %q, percent %d as %d", v, got.Value, r.Percent, got.Percent)
		}
	}
	q := ok
	q.Period = "2024-Q4"
	if err := s.SaveProgressReport(ctx, &q, "u"); err != nil {
		t.Fatal(err)
	}
}

func testReview(t *testing.T, f *fixture) {
	ctx, s := t.Context(), f.s
	r := f.progress(schools, "2024-Q1", ledger.ReportDraft)
	if err := s.SaveProgressReport(ctx, &r, "zhang.wei"); err != nil {
		t.Fatal(err)
	}
	// Only a submitted report is reviewed.
	wantErr(t, s.ReviewProgressReport(ctx, r.ID, ledger.ReportApproved, "", "li.na"), ledger.EConflict, "草稿")
	r.Status = ledger.ReportSubmitted
	if err := s.SaveProgressReport(ctx, &r, "zhang.wei"); err != nil {
		t.Fatal(err)
	}
	wantErr(t, s.ReviewProgressReport(ctx, r.ID, ledger.ReportReturned, "  ", "li.na"), ledger.EInvalid, "退回原因")
	wantErr(t, s.ReviewProgressReport(ctx, r.ID, ledger.ReportDraft, "", "li.na"), ledger.EInvalid)
	wantErr(t, s.ReviewProgressReport(ctx, r.ID, ledger.ReportApproved, "", ""), ledger.EInvalid)
	wantErr(t, s.ReviewProgressReport(ctx, r.ID+1000, ledger.ReportApproved, "", "li.na"), ledger.ENotFound)
	start := time.Now()
	if err := s.ReviewProgressReport(ctx, r.ID, ledger.ReportReturned, "请补充佐证材料", "li.na"); err != nil {
		t.Fatal(err)
	}
	got := must(s.ProgressReports(ctx, r.CommitmentID))(t)[0]
	if got.Status != ledger.ReportReturned || got.ReturnReason != "请补充佐证材料" || got.ReviewedBy != "li.na" {
		t.Fatalf("returned report: %+v", got)
	}
	recent(t, "ReviewedAt", got.ReviewedAt, start)
	wantAudit(t, f, "progress_report", fmtID(r.ID), "li.na", "report.review", `"Status":"submitted"`, `"Status":"returned"`)
	wantErr(t, s.ReviewProgressReport(ctx, r.ID, ledger.ReportApproved, "", "li.na"), ledger.EConflict)
	// A returned report can be corrected; the unit cannot touch the
	// review fields.
	got.Value, got.Status, got.ReturnReason, got.ReviewedBy = "1600", ledger.ReportSubmitted, "", "zhang.wei"
	if err := s.SaveProgressReport(ctx, &got, "zhang.wei"); err != nil {
		t.Fatal(err)
	}
	if got.ReturnReason != "请补充佐证材料" || got.ReviewedBy != "li.na" {
		t.Fatalf("resubmission changed the review fields: %q %q", got.ReturnReason, got.ReviewedBy)
	}
	if err := s.ReviewProgressReport(ctx, r.ID, ledger.ReportApproved, "ignored", "li.na"); err != nil {
		t.Fatal(err)
	}
	got = must(s.ProgressReports(ctx, r.CommitmentID))(t)[0]
	if got.Status != ledger.ReportApproved || got.ReturnReason != "" || got.Value != "1600" {
		t.Fatalf("approved report: %+v", got)
	}
	wantErr(t, s.ReviewProgressReport(ctx, r.ID, ledger.ReportReturned, "晚了", "li.na"), ledger.EConflict)
	got.Status = ledger.ReportSubmitted
	wantErr(t, s.SaveProgressReport(ctx, &got, "zhang.wei"), ledger.EConflict, "本期进展已提交", "已通过")
}

// testViewColumns follows the view columns of a commitment through
// save → submit → return → resubmit → approve, and a newer period.
func testViewColumns(t *testing.T, f *fixture) {
	ctx, s := t.Context(), f.s
	check := func(step string, status ledger.ReportStatus, approved int64, last time.Time) ledger.CommitmentView {
		t.Helper()
		v := viewOf(t, f, schools)
		var gotApproved int64
		if v.LatestApproved != nil {
			gotApproved = v.LatestApproved.ID
		}
		if v.LatestStatus != status || gotApproved != approved || !v.LastReportAt.Equal(last) {
			t.Fatalf("%s: LatestStatus %q, LatestApproved %d, LastReportAt %v; want %q, %d, %v", step,
				v.LatestStatus, gotApproved, v.LastReportAt, status, approved, last)
		}
		return v
	}
	check("before any report", "", 0, time.Time{})
	r := f.progress(schools, "2024-Q1", ledger.ReportDraft)
	if err := s.SaveProgressReport(ctx, &r, "zhang.wei"); err != nil {
		t.Fatal(err)
	}
	check("saved", ledger.ReportDraft, 0, time.Time{})
	r.Status = ledger.ReportSubmitted
	r.SubmittedAt = time.Date(2024, 4, 3, 9, 0, 0, 0, time.UTC)
	if err := s.SaveProgressReport(ctx, &r, "zhang.wei"); err != nil {
		t.Fatal(err)
	}
	submitted := r.SubmittedAt
	check("submitted", ledger.ReportSubmitted, 0, submitted)
	if err := s.ReviewProgressReport(ctx, r.ID, ledger.ReportReturned, "数据有误", "li.na"); err != nil {
		t.Fatal(err)
	}
	check("returned", ledger.ReportReturned, 0, submitted)
	// Resubmitting with the submission time as read is a new submission.
	r = must(s.ProgressReports(ctx, r.CommitmentID))(t)[0]
	r.Status, r.Value = ledger.ReportSubmitted, "1800"
	start := time.Now()
	if err := s.SaveProgressReport(ctx, &r, "zhang.wei"); err != nil {
		t.Fatal(err)
	}
	recent(t, "resubmitted SubmittedAt", r.SubmittedAt, start)
	resubmitted := r.SubmittedAt
	check("resubmitted", ledger.ReportSubmitted, 0, resubmitted)
	if err := s.ReviewProgressReport(ctx, r.ID, ledger.ReportApproved, "", "li.na"); err != nil {
		t.Fatal(err)
	}
	v := check("approved", ledger.ReportApproved, r.ID, resubmitted)
	want := must(s.ProgressReports(ctx, r.CommitmentID))(t)[0]
	diff(t, "LatestApproved", want, *v.LatestApproved)
	if v.LatestApproved.Value != "1800" || v.LatestApproved.ReviewedBy != "li.na" {
		t.Fatalf("LatestApproved: %+v", v.LatestApproved)
	}
	// A newer period: its status is the latest, the approved one stays.
	q2 := f.progress(schools, "2024-Q2", ledger.ReportDraft)
	if err := s.SaveProgressReport(ctx, &q2, "zhang.wei"); err != nil {
		t.Fatal(err)
	}
	check("newer draft", ledger.ReportDraft, r.ID, resubmitted)
	q2.Status, q2.SubmittedAt = ledger.ReportSubmitted, time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)
	if err := s.SaveProgressReport(ctx, &q2, "zhang.wei"); err != nil {
		t.Fatal(err)
	}
	if err := s.ReviewProgressReport(ctx, q2.ID, ledger.ReportApproved, "", "li.na"); err != nil {
		t.Fatal(err)
	}
	check("newer approved", ledger.ReportApproved, q2.ID, q2.SubmittedAt)
	// An older period submitted late changes neither the latest status
	// nor the approved report, only the last report time.
	q0 := f.progress(schools, "2023-Q4", ledger.ReportSubmitted)
	q0.SubmittedAt = time.Date(2031, 1, 1, 0, 0, 0, 0, time.UTC)
	if err := s.SaveProgressReport(ctx, &q0, "zhang.wei"); err != nil {
		t.Fatal(err)
	}
	check("older period", ledger.ReportApproved, q2.ID, q0.SubmittedAt)
	// Views list every commitment, in the order of Commitments.
	cs := must(s.Commitments(ctx, f.report.ID))(t)
	vs := must(s.Views(ctx, f.report.ID))(t)
	if len(vs) != len(cs) {
		t.Fatalf("%d views of %d commitments", len(vs), len(cs))
	}
	for i := range cs {
		diff(t, "commitment of view "+cs[i].Code, cs[i], vs[i].Commitment)
		if vs[i].Code != schools && (vs[i].LatestStatus != "" || vs[i].LatestApproved != nil || vs[i].State != ledger.StateNew) {
			t.Fatalf("view of %s: %+v", vs[i].Code, vs[i])
		}
	}
	_, err := s.Views(ctx, f.report.ID+1000)
	wantErr(t, err, ledger.ENotFound)
}

// testViewsLeadUnit: the last report time counts the lead unit's
// submissions, and follows a change of the lead unit.
func testViewsLeadUnit(t *testing.T, f *fixture) {
	ctx, s := t.Context(), f.s
	lead := f.progress(income, "2024-Q1", ledger.ReportSubmitted) // unit: the lead, hr
	lead.SubmittedAt = time.Date(2024, 4, 1, 0, 0, 0, 0, time.UTC)
	other := f.progress(income, "2024-Q2", ledger.ReportSubmitted)
	other.Unit, other.SubmittedAt = finance, time.Date(2024, 7, 1, 0, 0, 0, 0, time.UTC)
	for _, r := range []*ledger.ProgressReport{&lead, &other} {
		if err := s.SaveProgressReport(ctx, r, "u"); err != nil {
			t.Fatal(err)
		}
	}
	if v := viewOf(t, f, income); !v.LastReportAt.Equal(lead.SubmittedAt) || v.LatestStatus != ledger.ReportSubmitted {
		t.Fatalf("LastReportAt %v, want the lead's %v", v.LastReportAt, lead.SubmittedAt)
	}
	// The task sheet makes finance the lead.
	c := f.byCode[income]
	c.Assignment.Lead = finance
	if err := s.ApplyTasks(ctx, f.report.ID, []ledger.Commitment{c}); err != nil {
		t.Fatal(err)
	}
	if v := viewOf(t, f, income); !v.LastReportAt.Equal(other.SubmittedAt) {
		t.Fatalf("after the lead changed, LastReportAt %v, want %v", v.LastReportAt, other.SubmittedAt)
	}
	// Without a lead, any unit's submission counts.
	j := f.progress(jobs, "2024-Q1", ledger.ReportSubmitted)
	j.Unit = housing
	if err := s.SaveProgressReport(ctx, &j, "u"); err != nil {
		t.Fatal(err)
	}
	if v := viewOf(t, f, jobs); !v.LastReportAt.Equal(j.SubmittedAt) {
		t.Fatalf("no lead: LastReportAt %v, want %v", v.LastReportAt, j.SubmittedAt)
	}
}

// testViewsOf: the views of some commitments are those Views has of
// them, in Views' order, leaving out unknown ids.
func testViewsOf(t *testing.T, f *fixture) {
	ctx, s := t.Context(), f.s
	id := f.id(schools)
	for _, st := range []ledger.State{ledger.StateDispatched, ledger.StateAcknowledged, ledger.StateInProgress} {
		if err := s.SetCommitmentState(ctx, id, st, "", "", "duchashi"); err != nil {
			t.Fatal(err)
		}
	}
	r := f.progress(schools, "2024-Q1", ledger.ReportDraft)
	if err := s.SaveProgressReport(ctx, &r, "zhang.wei"); err != nil {
		t.Fatal(err)
	}
	if err := s.AddEvidence(ctx, r.ID, &ledger.Evidence{Name: "照片.jpg", ContentType: "image/jpeg"}, []byte("jpg"), "u"); err != nil {
		t.Fatal(err)
	}
	r.Status = ledger.ReportSubmitted
	if err := s.SaveProgressReport(ctx, &r, "zhang.wei"); err != nil {
		t.Fatal(err)
	}
	if err := s.ReviewProgressReport(ctx, r.ID, ledger.ReportApproved, "", "li.na"); err != nil {
		t.Fatal(err)
	}
	q2 := f.progress(schools, "2024-Q2", ledger.ReportSubmitted)
	if err := s.SaveProgressReport(ctx, &q2, "zhang.wei"); err != nil {
		t.Fatal(err)
	}
	all := must(s.Views(ctx, f.report.ID))(t)
	want := slices.DeleteFunc(slices.Clone(all), func(v ledger.CommitmentView) bool {
		return v.Code != schools && v.Code != jobs
	})
	got := must(s.ViewsOf(ctx, []int64{f.id(jobs), id + 1000, id}))(t)
	diff(t, "ViewsOf", want, got)
	if v := got[slices.IndexFunc(got, func(v ledger.CommitmentView) bool { return v.ID == id })]; v.State != ledger.StateInProgress ||
		v.LatestStatus != ledger.ReportSubmitted || v.LatestApproved == nil || len(v.LatestApproved.Evidence) != 1 {
		t.Fatalf("view of %s: %+v", schools, v)
	}
	if got := must(s.ViewsOf(ctx, nil))(t); len(got) != 0 {
		t.Fatalf("ViewsOf(nil) = %d views", len(got))
	}
}

func testReportsByStatus(t *testing.T, f *fixture) {
	ctx, s := t.Context(), f.s
	var submitted []ledger.ProgressReport
	for i, tt := range []struct {
		code, period string
		at           time.Time
	}{
		{schools, "2024-Q2", date(2024, 7, 3)},
		{income, "2024-Q2", date(2024, 7, 1)},
		{schools, "2024-Q1", date(2024, 7, 2)},
	} {
		r := f.progress(tt.code, tt.period, ledger.ReportSubmitted)
		r.SubmittedAt = tt.at
		if err := s.SaveProgressReport(ctx, &r, "u"); err != nil {
			t.Fatal(err)
		}
		if i == 0 {
			if err := s.AddEvidence(ctx, r.ID, &ledger.Evidence{Name: "照片.jpg", ContentType: "image/jpeg"}, []byte("jpg"), "u"); err != nil {
				t.Fatal(err)
			}
		}
		submitted = append(submitted, f.stored(t, r))
	}
	draft := f.progress(jobs, "2024-Q2", ledger.ReportDraft)
	if err := s.SaveProgressReport(ctx, &draft, "u"); err != nil {
		t.Fatal(err)
	}
	// Another report's reports are not in the queue.
	other := newReport(f.gov.ID, 2025, "shili-2025")
	ocs := fixtureCommitments()[:2]
	if err := s.SaveReport(ctx, other, ocs); err != nil {
		t.Fatal(err)
	}
	o := ledger.ProgressReport{CommitmentID: ocs[0].ID, Period: "2025-Q1", Percent: 10, Status: ledger.ReportSubmitted}
	if err := s.SaveProgressReport(ctx, &o, "u"); err != nil {
		t.Fatal(err)
	}
	queue := must(s.ReportsByStatus(ctx, f.report.ID, ledger.ReportSubmitted))(t)
	diff(t, "review queue", []ledger.ProgressReport{submitted[1], submitted[2], submitted[0]}, queue)
	if len(queue[2].Evidence) != 1 || queue[2].Evidence[0].Name != "照片.jpg" {
		t.Fatalf("queue without evidence: %+v", queue[2].Evidence)
	}
	drafts := must(s.ReportsByStatus(ctx, f.report.ID, ledger.ReportDraft))(t)
	if len(drafts) != 1 || drafts[0].ID != draft.ID {
		t.Fatalf("drafts: %+v", drafts)
	}
	if rs := must(s.ReportsByStatus(ctx, f.report.ID, ledger.ReportApproved))(t); len(rs) != 0 {
		t.Fatalf("%d approved", len(rs))
	}
	_, err := s.ReportsByStatus(ctx, f.report.ID, "pending")
	wantErr(t, err, ledger.EInvalid)
	_, err = s.ReportsByStatus(ctx, other.ID+1000, ledger.ReportSubmitted)
	wantErr(t, err, ledger.ENotFound)
}

func testImportProgressReports(t *testing.T, f *fixture) {
	ctx, s := t.Context(), f.s
	existing := f.progress(schools, "2024-01", ledger.ReportDraft)
	if err := s.SaveProgressReport(ctx, &existing, "zhang.wei"); err != nil {
		t.Fatal(err)
	}
	entries := f.auditCount(t)
	var rs []ledger.ProgressReport
	for _, code := range []string{schools, income, jobs} {
		for m := 1; m <= 3; m++ {
			r := f.progress(code, fmt.Sprintf("2024-%02d", m), ledger.ReportSubmitted)
			r.Value = strconv.Itoa(100 * m)
			rs = append(rs, r)
		}
	}
	// The same period twice: the second save replaces the first (a draft).
	twice := f.progress(jobs, "2024-04", ledger.ReportDraft)
	rs = append(rs, twice)
	twice.Value, twice.Status = "450", ledger.ReportSubmitted
	rs = append(rs, twice)
	start := time.Now()
	if err := s.ImportProgressReports(ctx, rs, "api:统计系统"); err != nil {
		t.Fatal(err)
	}
	if rs[0].ID != existing.ID {
		t.Fatalf("imported report of a stored draft's period got id %d, want %d", rs[0].ID, existing.ID)
	}
	if rs[len(rs)-1].ID != rs[len(rs)-2].ID {
		t.Fatalf("a period saved twice got ids %d and %d", rs[len(rs)-2].ID, rs[len(rs)-1].ID)
	}
	for _, r := range rs[:9] {
		if r.ID <= 0 || r.Status != ledger.ReportSubmitted || r.SubmittedBy != "api:统计系统" {
			t.Fatalf("imported %+v", r)
		}
		recent(t, "imported SubmittedAt", r.SubmittedAt, start)
	}
	got := must(s.ProgressReports(ctx, f.id(jobs)))(t)
	if len(got) != 4 || got[0].Value != "450" || got[0].Status != ledger.ReportSubmitted || got[3].Value != "100" {
		t.Fatalf("reports of %s: %+v", jobs, got)
	}
	// One audit entry per report saved, the second save of a period with
	// the first as before.
	if n := f.auditCount(t) - entries; n != len(rs) {
		t.Fatalf("%d audit entries for %d reports", n, len(rs))
	}
	es := f.audit(t, "progress_report", fmtID(rs[len(rs)-1].ID))
	if len(es) != 2 || es[0].Before == "" || es[1].Before != "" {
		t.Fatalf("audit of a period saved twice: %+v", es)
	}
	wantAudit(t, f, "progress_report", fmtID(existing.ID), "api:统计系统", "report.save", `"Status":"draft"`, `"Value":"100"`)
	if v := viewOf(t, f, income); v.LatestStatus != ledger.ReportSubmitted {
		t.Fatalf("view after import: %+v", v)
	}
	if err := s.ImportProgressReports(ctx, nil, "u"); err != nil {
		t.Fatalf("empty import: %v", err)
	}
}

func testImportAllOrNothing(t *testing.T, f *fixture) {
	ctx, s := t.Context(), f.s
	submitted := f.progress(income, "2024-Q1", ledger.ReportSubmitted)
	if err := s.SaveProgressReport(ctx, &submitted, "u"); err != nil {
		t.Fatal(err)
	}
	entries := f.auditCount(t)
	good := func() []ledger.ProgressReport {
		return []ledger.ProgressReport{
			f.progress(schools, "2024-Q1", ledger.ReportSubmitted),
			f.progress(jobs, "2024-Q1", ledger.ReportDraft),
			f.progress(schools, "2024-Q2", ledger.ReportDraft),
		}
	}
	for _, tt := range []struct {
		name  string
		edit  func(rs []ledger.ProgressReport) []ledger.ProgressReport
		code  string
		parts []string
	}{
		{"bad value", func(rs []ledger.ProgressReport) []ledger.ProgressReport {
			rs[2].Value = "约2000"
			return rs
		}, ledger.EInvalid, []string{"第3条", "数值", "约2000"}},
		{"bad percent", func(rs []ledger.ProgressReport) []ledger.ProgressReport {
			rs[1].Percent = 300
			return rs
		}, ledger.EInvalid, []string{"第2条", "自评进度"}},
		{"unknown commitment", func(rs []ledger.ProgressReport) []ledger.ProgressReport {
			rs[2].CommitmentID += 1000
			return rs
		}, ledger.ENotFound, []string{"第3条"}},
		{"submitted period", func(rs []ledger.ProgressReport) []ledger.ProgressReport {
			return append(rs, f.progress(income, "2024-Q1", ledger.ReportDraft))
		}, ledger.EConflict, []string{"第4条", "本期进展已提交"}},
		{"submitted earlier in the batch", func(rs []ledger.ProgressReport) []ledger.ProgressReport {
			return append(rs, f.progress(schools, "2024-Q1", ledger.ReportDraft))
		}, ledger.EConflict, []string{"第4条", "本期进展已提交"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			rs := tt.edit(good())
			wantErr(t, s.ImportProgressReports(ctx, rs, "u"), tt.code, tt.parts...)
			for _, r := range rs {
				if r.ID != 0 && r.ID != submitted.ID {
					t.Fatalf("failed import set an id: %+v", r)
				}
			}
			for _, code := range []string{schools, jobs} {
				if n := len(must(s.ProgressReports(ctx, f.id(code)))(t)); n != 0 {
					t.Fatalf("failed import stored %d reports of %s", n, code)
				}
			}
			if n := f.auditCount(t); n != entries {
				t.Fatalf("failed import left %d audit entries", n-entries)
			}
			if v := viewOf(t, f, schools); v.LatestStatus != "" {
				t.Fatalf("failed import changed the view: %+v", v)
			}
		})
	}
	wantErr(t, s.ImportProgressReports(ctx, good(), ""), ledger.EInvalid)
}

func testEvidence(t *testing.T, f *fixture) {
	ctx, s := t.Context(), f.s
	r := f.progress(schools, "2024-Q1", ledger.ReportDraft)
	if err := s.SaveProgressReport(ctx, &r, "zhang.wei"); err != nil {
		t.Fatal(err)
	}
	data := []byte("%PDF-1.7 验收报告")
	e := ledger.Evidence{Name: " 验收报告.pdf ", ContentType: "application/pdf", Size: 1, SHA256: "forged"}
	if err := s.AddEvidence(ctx, r.ID, &e, data, "zhang.wei"); err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(data)
	want := ledger.Evidence{ID: e.ID, Name: "验收报告.pdf", ContentType: "application/pdf", Size: int64(len(data)),
		SHA256: hex.EncodeToString(sum[:])}
	if e.ID <= 0 {
		t.Fatalf("AddEvidence set ID %d", e.ID)
	}
	diff(t, "added evidence", want, e)
	wantAudit(t, f, "progress_report", fmtID(r.ID), "zhang.wei", "evidence.add", "", want.SHA256)
	meta, got, err := s.EvidenceData(ctx, e.ID)
	if err != nil || string(got) != string(data) {
		t.Fatalf("EvidenceData = %q, %v", got, err)
	}
	diff(t, "EvidenceData", want, meta)
	// An empty file is kept as such.
	empty := ledger.Evidence{Name: "空.txt"}
	if err := s.AddEvidence(ctx, r.ID, &empty, nil, "zhang.wei"); err != nil {
		t.Fatal(err)
	}
	if _, got, err := s.EvidenceData(ctx, empty.ID); err != nil || got == nil || len(got) != 0 || empty.Size != 0 {
		t.Fatalf("empty evidence: %v, %v, size %d", got, err, empty.Size)
	}
	wantErr(t, s.AddEvidence(ctx, r.ID, &ledger.Evidence{Name: "  "}, data, "u"), ledger.EInvalid, "文件名")
	wantErr(t, s.AddEvidence(ctx, r.ID+1000, &ledger.Evidence{Name: "x"}, data, "u"), ledger.ENotFound)
	wantErr(t, s.AddEvidence(ctx, r.ID, &ledger.Evidence{Name: "x"}, data, ""), ledger.EInvalid)
	_, _, err = s.EvidenceData(ctx, empty.ID+1000)
	wantErr(t, err, ledger.ENotFound)

	reports := must(s.ProgressReports(ctx, r.CommitmentID))(t)
	diff(t, "evidence of the report", []ledger.Evidence{want, empty}, reports[0].Evidence)
	// Evidence may still come with the submission, not once approved.
	r.Status = ledger.ReportSubmitted
	if err := s.SaveProgressReport(ctx, &r, "zhang.wei"); err != nil {
		t.Fatal(err)
	}
	late := ledger.Evidence{Name: "补充.jpg"}
	if err := s.AddEvidence(ctx, r.ID, &late, []byte{1, 2, 3}, "zhang.wei"); err != nil {
		t.Fatal(err)
	}
	if err := s.ReviewProgressReport(ctx, r.ID, ledger.ReportApproved, "", "li.na"); err != nil {
		t.Fatal(err)
	}
	wantErr(t, s.AddEvidence(ctx, r.ID, &ledger.Evidence{Name: "太晚.jpg"}, data, "u"), ledger.EConflict)
	v := viewOf(t, f, schools)
	if v.LatestApproved == nil || len(v.LatestApproved.Evidence) != 3 || v.LatestApproved.Evidence[2].Name != "补充.jpg" {
		t.Fatalf("LatestApproved evidence: %+v", v.LatestApproved)
	}
}

// testEvidenceUses: the attachments of one file are found across reports
// and commitments, in the order they were attached.
func testEvidenceUses(t *testing.T, f *fixture) {
	ctx, s := t.Context(), f.s
	photo, other := []byte("\xff\xd8\xff 现场照片"), []byte("%PDF-1.7 另一份材料")
	add := func(code, period, name string, data []byte) (ledger.ProgressReport, ledger.Evidence) {
		t.Helper()
		r := f.progress(code, period, ledger.ReportDraft)
		if err := s.SaveProgressReport(ctx, &r, "zhang.wei"); err != nil {
			t.Fatal(err)
		}
		e := ledger.Evidence{Name: name}
		if err := s.AddEvidence(ctx, r.ID, &e, data, "zhang.wei"); err != nil {
			t.Fatal(err)
		}
		return r, e
	}
	r1, e1 := add(schools, "2024-05", "五月现场.jpg", photo)
	_, e2 := add(schools, "2024-06", "其他.pdf", other)
	r3, e3 := add(income, "2024-06", "六月现场.jpg", photo)
	got := must(s.EvidenceUses(ctx, []string{e1.SHA256}))(t)
	want := []ledger.EvidenceUse{
		{Evidence: e1, ReportID: r1.ID, Period: "2024-05", CommitmentID: f.id(schools), Code: schools},
		{Evidence: e3, ReportID: r3.ID, Period: "2024-06", CommitmentID: f.id(income), Code: income},
	}
	diff(t, "uses of the photo", want, got)
	if got := must(s.EvidenceUses(ctx, []string{e1.SHA256, e2.SHA256, "0000"}))(t); len(got) != 3 || got[1].Evidence.ID != e2.ID {
		t.Fatalf("uses of two files: %+v", got)
	}
	if got := must(s.EvidenceUses(ctx, nil))(t); len(got) != 0 {
		t.Fatalf("uses of no file: %+v", got)
	}
	if got := must(s.EvidenceUses(ctx, []string{"0000"}))(t); len(got) != 0 {
		t.Fatalf("uses of an unknown file: %+v", got)
	}
}

// testReportProgress: a unit's report and the state it moves its
// commitment to are one transaction. The state is checked after the
// report is written, so a refusal there must leave nothing behind: no
// report, no audit entry, no state change.
func testReportProgress(t *testing.T, f *fixture) {
	ctx, s := t.Context(), f.s
	id := f.id(schools)
	for _, st := range []ledger.State{ledger.StateDispatched, ledger.StateAcknowledged} {
		if err := s.SetCommitmentState(ctx, id, st, "", "", "duchashi"); err != nil {
			t.Fatal(err)
		}
	}
	// A draft keeps the commitment acknowledged.
	r := f.progress(schools, "2024-Q1", ledger.ReportDraft)
	entries := f.auditCount(t)
	if err := s.ReportProgress(ctx, &r, "zhang.wei"); err != nil {
		t.Fatal(err)
	}
	if st := must(s.CommitmentState(ctx, id))(t); st != ledger.StateAcknowledged || f.auditCount(t) != entries+1 {
		t.Fatalf("after a draft: state %s, %d new audit entries", st, f.auditCount(t)-entries)
	}
	// Submitting starts the work: report and state together.
	r.Status = ledger.ReportSubmitted
	if err := s.ReportProgress(ctx, &r, "zhang.wei"); err != nil {
		t.Fatal(err)
	}
	if got := f.stored(t, r); got.Status != ledger.ReportSubmitted {
		t.Fatalf("report %+v", got)
	}
	if st := must(s.CommitmentState(ctx, id))(t); st != ledger.StateInProgress {
		t.Fatalf("state after the submission %s, want in_progress", st)
	}
	wantAudit(t, f, "commitment", fmtID(id), "zhang.wei", "commitment.state", `"acknowledged"`, `"in_progress"`)
	// In progress: another period's report changes no state.
	q2 := f.progress(schools, "2024-Q2", ledger.ReportSubmitted)
	entries = f.auditCount(t)
	if err := s.ReportProgress(ctx, &q2, "zhang.wei"); err != nil || f.auditCount(t) != entries+1 {
		t.Fatalf("second report: %v, %d new audit entries", err, f.auditCount(t)-entries)
	}

	// A commitment closed (meanwhile) and one not yet dispatched take no
	// report: the refusal comes after the report was written and must
	// undo it.
	closed := f.id(income)
	for _, st := range []ledger.State{ledger.StateDispatched, ledger.StateAcknowledged, ledger.StateInProgress} {
		if err := s.SetCommitmentState(ctx, closed, st, "", "", "duchashi"); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.SetCommitmentState(ctx, closed, ledger.StateClosed, ledger.OutcomeCompleted, "", "duchashi"); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		code  string
		state ledger.State
		label string
	}{{income, ledger.StateClosed, "已办结"}, {jobs, ledger.StateNew, "未交办"}} {
		entries := f.auditCount(t)
		r := f.progress(tc.code, "2024-Q1", ledger.ReportSubmitted)
		wantErr(t, s.ReportProgress(ctx, &r, "zhang.wei"), ledger.EConflict, tc.label, "不能填报进展")
		if rs := must(s.ProgressReports(ctx, f.id(tc.code)))(t); len(rs) != 0 {
			t.Errorf("%s: the refused report was stored: %+v", tc.code, rs)
		}
		if st := must(s.CommitmentState(ctx, f.id(tc.code)))(t); st != tc.state {
			t.Errorf("%s: state %s, want %s", tc.code, st, tc.state)
		}
		if n := f.auditCount(t); n != entries {
			t.Errorf("%s: %d audit entries of a refused report", tc.code, n-entries)
		}
	}
	wantErr(t, s.ReportProgress(ctx, &ledger.ProgressReport{CommitmentID: id + 1000, Period: "2024-Q1", Percent: -1,
		Status: ledger.ReportDraft}, "zhang.wei"), ledger.ENotFound)
}
