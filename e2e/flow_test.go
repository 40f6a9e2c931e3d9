package e2e

import (
	"bytes"
	"context"
	"encoding/base64"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"ducha/access"
	"ducha/demo"
	"ducha/internal/testpdf"
	"ducha/ledger"
	"ducha/progress"
	"ducha/supervise"
)

// target is the commitment the flow works on, and who reports on it.
type target struct {
	item     supervise.Item
	reporter demo.Account
}

// pickTarget chooses, through the store, a descriptive target (reported
// as a percentage) that is still 未交办 and has no sub-tasks, gives it the
// unit of a demo reporter as lead unit, and returns it as the service
// sees it after that.
func pickTarget(t *testing.T, e *env) target {
	t.Helper()
	ctx := context.Background()
	views, err := e.st.Views(ctx, e.res.ReportID)
	if err != nil {
		t.Fatal(err)
	}
	parents := map[string]bool{}
	for _, v := range views {
		if v.ParentCode != "" {
			parents[v.ParentCode] = true
		}
	}
	reporters := map[string]demo.Account{}
	var first demo.Account
	for _, a := range e.res.Accounts {
		if a.Role == access.Reporter {
			reporters[a.Unit] = a
			if first.Login == "" {
				first = a
			}
		}
	}
	var c *ledger.Commitment
	for i := range views {
		v := &views[i]
		if v.Kind == ledger.KindTarget && v.State == ledger.StateNew && !parents[v.Code] && v.Target == nil {
			c = &v.Commitment
			break
		}
	}
	if c == nil {
		t.Fatal("the demo has no undispatched descriptive target")
	}
	rep, ok := reporters[c.Assignment.Lead]
	if !ok {
		rep = first
		c.Assignment.Lead = rep.Unit
	}
	if c.Deadline == nil {
		eoy := time.Date(e.res.Year, 12, 31, 0, 0, 0, 0, time.UTC)
		c.Deadline = &eoy
	}
	if err := e.st.ApplyTasks(ctx, e.res.ReportID, []ledger.Commitment{*c}); err != nil {
		t.Fatal(err)
	}
	// The service has read nothing yet, so it sees the edit.
	items, err := e.svc.Items(ctx, e.res.ReportID)
	if err != nil {
		t.Fatal(err)
	}
	for _, it := range items {
		if it.ID == c.ID {
			if it.Assignment.Lead != rep.Unit {
				t.Fatalf("%s: lead unit %q after ApplyTasks, want %q", it.Code, it.Assignment.Lead, rep.Unit)
			}
			return target{item: it, reporter: rep}
		}
	}
	t.Fatalf("commitment %d not found", c.ID)
	return target{}
}

// TestSupervisionFlow walks one commitment through the whole workflow in
// Chromium: the office dispatches it, the unit acknowledges it and reports
// with a PDF attached, the office returns the report, the unit corrects
// it, the office approves it, and the dashboard counts it under its new
// status.
func TestSupervisionFlow(t *testing.T) {
	start := time.Now()
	b := newBrowser(t)
	e := newEnv(t)
	tg := pickTarget(t, e)
	it := tg.item
	page := fmt.Sprintf("/commitments/%d", it.ID)
	t.Logf("commitment %s (id %d) %q, lead unit %s (reporter %s)", it.Code, it.ID, it.Title, tg.reporter.Unit, tg.reporter.Login)

	// Not dispatched yet: 未启动 (no unit can be behind on it). The unit
	// first reports too little, then corrects it to a little over the
	// expected share: 达进度.
	if it.Result.Status != progress.NotStarted {
		t.Fatalf("%s starts as %s, want %s (%s)", it.Code, it.Result.Status, progress.NotStarted, it.Result.Reason)
	}
	expected := it.Result.Expected * 100
	low := int(math.Floor(expected * 0.4))
	high := int(math.Ceil(expected)) + 3
	if high > 99 || low < 1 {
		t.Fatalf("expected progress %.0f%% leaves no room for the test", expected)
	}
	evidence, pdf := writePDF(t, "九月进展佐证材料.pdf")
	const reason = "完成比例与佐证材料不一致，请核实后重新报送。"

	// The office signs in and looks at the dashboard.
	sup := b.user(e, "ducha")
	sup.login("ducha")
	sup.open("/dashboard")
	if lang := eval[string](sup, `document.documentElement.lang`); lang != "zh-CN" {
		t.Fatalf("the pages are in %q, want zh-CN", lang)
	}
	before := statusCounts(sup)
	t.Logf("dashboard before: %v", before)
	sup.screenshot("dashboard-before")

	// 交办.
	sup.open(page)
	expectText(t, sup, "#state", ledger.StateNew.Label("zh"))
	expectText(t, sup, "#status", progress.NotStarted.Label("zh"))
	sup.press("#dispatch")
	sup.expectFlash("已交办")
	expectText(t, sup, "#state", ledger.StateDispatched.Label("zh"))
	if sup.has("#dispatch") {
		t.Error("the 交办 button is still there after dispatching")
	}

	// The unit signs in in a browser of its own, 签收, and reports.
	rep := b.user(e, tg.reporter.Login)
	rep.login(tg.reporter.Login)
	rep.open(page)
	if rep.has("#dispatch") || rep.has("form.review") {
		t.Error("the reporter sees the office's buttons")
	}
	rep.press("#acknowledge")
	rep.expectFlash("已签收")
	expectText(t, rep, "#state", ledger.StateAcknowledged.Label("zh"))
	if !rep.has("#report-form") || !rep.has("#percent") {
		t.Fatalf("no progress form after 签收: %s", rep.text("main"))
	}
	rep.do(
		chromedp.SendKeys(chromedp.CSS("#percent"), strconv.Itoa(low)),
		chromedp.SendKeys(chromedp.CSS("#narrative"), "九月，已完成方案制定和前期准备工作。"),
		chromedp.SetUploadFiles(chromedp.CSS("#evidence"), []string{evidence}),
	)
	rep.press("#submit")
	rep.expectFlash("已提交，等待督查室复核")
	expectText(t, rep, "#state", ledger.StateInProgress.Label("zh"))
	expectText(t, rep, "#reports .report .rstatus", "已提交")
	if got := rep.text("#reports .report"); !strings.Contains(got, filepath.Base(evidence)) {
		t.Errorf("the attachment is not listed with the report: %q", got)
	}

	// The office returns it with a reason; the attachment downloads.
	sup.open(page)
	expectText(t, sup, "#reports .report .rstatus", "已提交")
	href := eval[string](sup, `document.querySelector('#reports .report a[href*="/evidence/"]').getAttribute('href')`)
	got := run(sup, chromedp.Evaluate[string](fmt.Sprintf(`fetch(%q).then(r => r.ok ? r.arrayBuffer() : Promise.reject(r.status))
		.then(b => btoa(String.fromCharCode(...new Uint8Array(b))))`, href), chromedp.EvalAwaitPromise))
	if got != b64(pdf) {
		t.Errorf("the attachment downloaded from %s differs from the uploaded PDF", href)
	}
	sup.do(chromedp.SendKeys(chromedp.CSS("form.review input[name=reason]"), reason))
	sup.press("form.review button.return")
	sup.expectFlash("已退回")
	expectText(t, sup, "#reports .report .rstatus", "已退回")

	// The unit sees why, corrects the figure and submits again.
	rep.open(page)
	if got := rep.text("#reports .report .returned"); !strings.Contains(got, reason) {
		t.Fatalf("the reporter does not see the return reason: %q", got)
	}
	if v := run(rep, chromedp.Value(chromedp.CSS("#percent"))); v != strconv.Itoa(low) {
		t.Errorf("the returned report's percent is shown as %q, want %d", v, low)
	}
	rep.do(
		chromedp.Clear(chromedp.CSS("#percent")),
		chromedp.SendKeys(chromedp.CSS("#percent"), strconv.Itoa(high)),
		chromedp.SetValue(chromedp.CSS("#narrative"), "九月，已完成方案制定、招标和主体工作，完成比例已按佐证材料核实更正。"),
	)
	rep.press("#submit")
	rep.expectFlash("已提交，等待督查室复核")
	expectText(t, rep, "#reports .report .rstatus", "已提交")

	// The office approves it: the commitment is on track now.
	sup.open(page)
	if got := sup.text("#reports .report"); !strings.Contains(got, strconv.Itoa(high)+"%") {
		t.Errorf("the corrected report does not show %d%%: %q", high, got)
	}
	sup.press("form.review button.approve")
	sup.expectFlash("已通过")
	expectText(t, sup, "#reports .report .rstatus", "已通过")
	expectText(t, sup, "#status", progress.OnTrack.Label("zh"))
	expectText(t, sup, "#state", ledger.StateInProgress.Label("zh"))
	if sup.has("form.review") {
		t.Error("the review form is still there after approval")
	}
	sup.screenshot("commitment")

	// The dashboard moved the commitment from 未启动 to 达进度.
	sup.open("/dashboard")
	after := statusCounts(sup)
	t.Logf("dashboard after: %v", after)
	for _, s := range progress.Statuses {
		want := before[string(s)]
		switch s {
		case progress.NotStarted:
			want--
		case progress.OnTrack:
			want++
		}
		if after[string(s)] != want {
			t.Errorf("dashboard %s (%s): %d, want %d (before %d)", s, s.Label("zh"), after[string(s)], want, before[string(s)])
		}
	}
	sup.screenshot("dashboard")

	// Phone-sized: nothing sticks out to the right.
	sup.do(chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile, chromedp.EmulatePortrait))
	for _, shot := range []struct{ path, name string }{{"/dashboard", "dashboard-phone"}, {page, "commitment-phone"}} {
		sup.open(shot.path)
		if o := sup.overflowing(); o.InnerWidth != 390 || o.ScrollWidth > o.InnerWidth+1 {
			t.Errorf("%s at 390 px: scrollWidth %d, innerWidth %d; too wide: %v", shot.path, o.ScrollWidth, o.InnerWidth, o.Wide)
		}
		sup.screenshot(shot.name)
	}

	checkStore(t, e, tg, high, reason, filepath.Base(evidence), pdf)
	t.Logf("flow in the browser took %v", time.Since(start).Round(time.Millisecond))
}

// checkStore checks what the flow left in the database: one approved
// report with the PDF, the state, and the audit trail of every step.
func checkStore(t *testing.T, e *env, tg target, percent int, reason, name string, pdf []byte) {
	t.Helper()
	ctx := context.Background()
	id := tg.item.ID
	if st, err := e.st.CommitmentState(ctx, id); err != nil || st != ledger.StateInProgress {
		t.Errorf("state %s, %v; want %s", st, err, ledger.StateInProgress)
	}
	reps, err := e.st.ProgressReports(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if len(reps) != 1 {
		t.Fatalf("%d progress reports, want 1: %+v", len(reps), reps)
	}
	r := reps[0]
	if r.Status != ledger.ReportApproved || r.Percent != percent || r.ReviewedBy != "ducha" || r.SubmittedBy != tg.reporter.Login || r.Unit != tg.reporter.Unit {
		t.Errorf("report: status %s, percent %d, reviewed by %q, submitted by %q, unit %q; want approved, %d, ducha, %s, %s",
			r.Status, r.Percent, r.ReviewedBy, r.SubmittedBy, r.Unit, percent, tg.reporter.Login, tg.reporter.Unit)
	}
	if len(r.Evidence) != 1 || r.Evidence[0].Name != name || r.Evidence[0].Size != int64(len(pdf)) || r.Evidence[0].ContentType != "application/pdf" {
		t.Fatalf("evidence %+v, want one %s of %d bytes", r.Evidence, name, len(pdf))
	}
	ev, data, err := e.st.EvidenceData(ctx, r.Evidence[0].ID)
	if err != nil || !bytes.Equal(data, pdf) || ev.Name != name {
		t.Errorf("stored evidence %+v (%d bytes), %v: not the uploaded PDF", ev, len(data), err)
	}

	// The audit trail: 交办 by the office; 签收 and 办理中 by the unit.
	states, err := e.st.Audit(ctx, "commitment", strconv.FormatInt(id, 10), 0)
	if err != nil {
		t.Fatal(err)
	}
	wantStates := []struct {
		actor string
		state ledger.State
	}{{"ducha", ledger.StateDispatched}, {tg.reporter.Login, ledger.StateAcknowledged}, {tg.reporter.Login, ledger.StateInProgress}}
	if len(states) != len(wantStates) {
		t.Errorf("%d audit entries of the commitment, want %d: %+v", len(states), len(wantStates), states)
	} else {
		for i, w := range wantStates {
			got := states[len(states)-1-i] // newest first
			if got.Actor != w.actor || got.Action != "commitment.state" || !strings.Contains(got.After, `"`+string(w.state)+`"`) {
				t.Errorf("audit %d: %s %s %s, want %s to move it to %s", i, got.Actor, got.Action, got.After, w.actor, w.state)
			}
		}
	}
	// The report: saved and given the PDF by the unit, returned with the
	// reason and approved by the office.
	trail, err := e.st.Audit(ctx, "progress_report", strconv.FormatInt(r.ID, 10), 0)
	if err != nil {
		t.Fatal(err)
	}
	var steps []string
	for i := len(trail) - 1; i >= 0; i-- {
		a := trail[i]
		step := a.Actor + " " + a.Action
		switch {
		case a.Action == "report.review" && strings.Contains(a.After, `"approved"`):
			step += " approved"
		case a.Action == "report.review" && strings.Contains(a.After, reason):
			step += " returned"
		}
		steps = append(steps, step)
	}
	u := tg.reporter.Login
	want := []string{u + " report.save", u + " evidence.add", u + " report.save", "ducha report.review returned",
		u + " report.save", "ducha report.review approved"}
	if strings.Join(steps, "; ") != strings.Join(want, "; ") {
		t.Errorf("audit trail of the report:\n got %q\nwant %q", steps, want)
	}
}

// statusCounts reads the dashboard's count of commitments per status.
func statusCounts(p *tab) map[string]int {
	p.t.Helper()
	return eval[map[string]int](p, `Object.fromEntries([...document.querySelectorAll('#status-counts b[data-status]')]
		.map(b => [b.dataset.status, parseInt(b.textContent, 10)]))`)
}

// expectText fails unless the element's text is want.
func expectText(t *testing.T, p *tab, sel, want string) {
	t.Helper()
	if got := p.text(sel); got != want {
		t.Fatalf("%s: %s is %q, want %q", p.who, sel, got, want)
	}
}

// writePDF writes a small, valid one-page PDF into a temporary directory.
func writePDF(t *testing.T, name string) (string, []byte) {
	t.Helper()
	pdf := testpdf.OnePage("Progress evidence, September 2024")
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	return path, pdf
}

func b64(b []byte) string { return base64.StdEncoding.EncodeToString(b) }
