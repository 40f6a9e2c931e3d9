package e2e

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"ducha/access"
	"ducha/ledger"
	"ducha/supervise"
)

// TestUnitWorkbench: a unit signs in on 15 September 2024 and finds its
// to-do list first, with September's report due on 10 October; it follows
// the entry, reports, and the page shows the period as submitted with the
// next one's days; the office ticks that report and another in the review
// queue and approves both with one click; the entry is gone from the
// unit's list.
func TestUnitWorkbench(t *testing.T) {
	b := newBrowser(t)
	e := newEnv(t)
	ctx := context.Background()
	items, err := e.svc.Items(ctx, e.res.ReportID)
	if err != nil {
		t.Fatal(err)
	}
	logins := map[string]string{}
	for _, a := range e.res.Accounts {
		if a.Role == access.Reporter {
			logins[a.Unit] = a.Login
		}
	}
	var it supervise.Item
	for _, x := range items {
		if x.Kind == ledger.KindTarget && x.Target == nil && x.State == ledger.StateInProgress && logins[x.Assignment.Lead] != "" &&
			x.LatestApproved != nil && x.LatestApproved.Period == "2024-08" && x.LatestStatus == ledger.ReportApproved {
			it = x
			break
		}
	}
	if it.CommitmentView == nil {
		t.Fatal("the demo has no descriptive task with August approved")
	}
	entry := fmt.Sprintf(`#todo li.todo-report[data-id="%d"]`, it.ID)

	u := b.user(e, logins[it.Assignment.Lead])
	u.login(logins[it.Assignment.Lead])
	u.open("/dashboard")
	if got := u.text(entry); !strings.Contains(got, "2024年9月") || !strings.Contains(got, "截止 2024-10-10") {
		t.Fatalf("the to-do entry: %q", got)
	}
	u.press(entry + " a")
	if got := u.text("#form-due"); got != "截止 2024-10-10" {
		t.Errorf("the form's due day: %q", got)
	}
	u.do(
		chromedp.SendKeys(chromedp.CSS("#percent"), "72"),
		chromedp.SendKeys(chromedp.CSS("#narrative"), "九月，主体工作按计划推进。"),
	)
	u.press("#submit")
	u.expectFlash("已提交，等待督查室复核")
	if got := u.text("#period-submitted"); !strings.Contains(got, "2024年9月") || !strings.Contains(got, "已提交，等待督查室复核") {
		t.Errorf("the submitted period: %q", got)
	}
	if got := u.text("#next-period"); !strings.Contains(got, "2024年10月") || !strings.Contains(got, "截止 2024-11-10") {
		t.Errorf("the next period: %q", got)
	}
	if u.has(fmt.Sprintf(`form[action="/commitments/%d/progress"]`, it.ID)) {
		t.Error("a form of the submitted period is still offered")
	}

	// The office approves it and the oldest report of the queue at once.
	queue, err := e.st.ReportsByStatus(ctx, e.res.ReportID, ledger.ReportSubmitted)
	if err != nil || len(queue) < 3 {
		t.Fatalf("review queue: %d, %v", len(queue), err)
	}
	var mine ledger.ProgressReport
	for _, r := range queue {
		if r.CommitmentID == it.ID {
			mine = r
		}
	}
	other := queue[0]
	sup := b.user(e, "ducha")
	sup.login("ducha")
	sup.open("/review")
	for _, r := range []ledger.ProgressReport{mine, other} {
		sup.do(chromedp.Click(chromedp.CSS(fmt.Sprintf(`input[name=report][value="%d:%d"]`, r.CommitmentID, r.ID)), chromedp.NodeVisible))
	}
	sup.press("#approve-selected")
	sup.expectFlash("已通过 2 份报告")
	sup.screenshot("review-batch")
	after, err := e.st.ReportsByStatus(ctx, e.res.ReportID, ledger.ReportSubmitted)
	if err != nil {
		t.Fatal(err)
	}
	if len(after) != len(queue)-2 {
		t.Errorf("%d reports left to review, want %d", len(after), len(queue)-2)
	}
	for _, r := range after {
		if r.ID == mine.ID || r.ID == other.ID {
			t.Errorf("report %d is still waiting", r.ID)
		}
	}

	u.open("/dashboard")
	if u.has(entry) {
		t.Error("September's report is still on the unit's list after it was approved")
	}
	u.screenshot("unit-workbench")
}
