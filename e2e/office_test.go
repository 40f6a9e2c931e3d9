package e2e

import (
	"context"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"ducha/ledger"
)

// TestOfficeDay: the office runs its first day of the year in the
// browser with real clicks — sets the lead unit and deadline of two new
// tasks in bulk from the list, confirms a suggested lead unit, edits
// milestones and the deadline on the commitment page, 交办 one there and
// two in bulk — and the ledger and its audit log say so.
func TestOfficeDay(t *testing.T) {
	e := newEnv(t)
	b := newBrowser(t)
	ctx := context.Background()
	cs, err := e.st.Commitments(ctx, e.res.ReportID)
	if err != nil {
		t.Fatal(err)
	}
	units, err := e.st.Units(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var parent ledger.Commitment
	for _, c := range cs {
		if c.Kind == ledger.KindTarget && c.ParentCode == "" {
			parent = c
			break
		}
	}
	// Three tasks as an import leaves them: no lead unit (one with a
	// suggestion), no deadline.
	fresh := []ledger.Commitment{
		{Code: parent.Code + ".91", Title: "办公室测试甲：建设社区食堂", Assignment: ledger.Assignment{SuggestedLead: units[0].Name}},
		{Code: parent.Code + ".92", Title: "办公室测试乙：改造老旧小区"},
		{Code: parent.Code + ".93", Title: "办公室测试丙：新建口袋公园"},
	}
	for i := range fresh {
		fresh[i].ParentCode, fresh[i].Kind, fresh[i].Section, fresh[i].Category, fresh[i].Period =
			parent.Code, ledger.KindTarget, parent.Section, parent.Category, parent.Period
	}
	if err := e.st.ApplyTasks(ctx, e.res.ReportID, fresh); err != nil {
		t.Fatal(err)
	}
	e.svc.Forget()
	lead := units[1].Name

	sup := b.user(e, "supervisor")
	sup.login("ducha")
	list := "/commitments?state=new&q=" + url.QueryEscape("办公室测试")
	sup.open(list)
	if n := eval[int](sup, `document.querySelectorAll('table.list tbody tr').length`); n != 3 {
		t.Fatalf("list shows %d rows, want 3", n)
	}
	tick := func(c ledger.Commitment) {
		sup.do(chromedp.Click(chromedp.CSS(`input[name=id][value="`+strconv.FormatInt(c.ID, 10)+`"]`), chromedp.NodeVisible))
	}
	// 1. Lead unit and deadline of 乙 and 丙 in bulk; a typo first.
	tick(fresh[1])
	tick(fresh[2])
	sup.do(
		chromedp.SendKeys(chromedp.CSS("#bulk-lead"), lead+"X"),
		chromedp.SendKeys(chromedp.CSS("#bulk-deadline"), "三季度末"),
	)
	sup.press("#bulk-apply")
	if f := sup.flash(); !strings.HasPrefix(f, "err: 有2处问题") || !strings.Contains(f, "是否为") {
		t.Fatalf("bulk with a typo: flash %q", f)
	}
	tick(fresh[1])
	tick(fresh[2])
	sup.do(
		chromedp.SendKeys(chromedp.CSS("#bulk-lead"), lead),
		chromedp.SendKeys(chromedp.CSS("#bulk-deadline"), "三季度末"),
	)
	sup.press("#bulk-apply")
	sup.expectFlash("已修改 2 项")

	// 2. 甲: confirm the suggestion, edit deadline and milestones, 交办.
	page := "/commitments/" + strconv.FormatInt(fresh[0].ID, 10)
	sup.open(page)
	sup.press("#confirm-lead")
	sup.expectFlash("已确认牵头单位")
	sup.do(
		chromedp.Click(chromedp.CSS("details.plan-edit summary"), chromedp.NodeVisible),
		chromedp.SendKeys(chromedp.CSS("#plan-deadline"), "11月底前"),
		chromedp.SendKeys(chromedp.CSS("#plan-milestones"), "2024-10-15：完成选址；2024-11-30：投入使用"),
	)
	sup.press("#plan-save")
	sup.expectFlash("已保存")
	if got := sup.text(".facts"); !strings.Contains(got, units[0].Name) || !strings.Contains(got, "2024-11-30") {
		t.Errorf("facts after the edit: %s", got)
	}
	sup.press("#dispatch")
	sup.expectFlash("已交办")
	sup.screenshot("office-day-commitment")

	// 3. 交办 乙 and 丙 in bulk.
	sup.open(list)
	tick(fresh[1])
	tick(fresh[2])
	sup.do(chromedp.Click(chromedp.CSS("#bulk-dispatch"), chromedp.NodeVisible))
	sup.screenshot("office-day-list")
	sup.press("#bulk-apply")
	sup.expectFlash("已交办 2 项")

	// The ledger.
	for i, c := range fresh {
		got, err := e.st.Commitment(ctx, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		st, _ := e.st.CommitmentState(ctx, c.ID)
		wantLead, wantDue := lead, "2024-09-30"
		if i == 0 {
			wantLead, wantDue = units[0].Name, "2024-11-30"
		}
		if got.Assignment.Lead != wantLead || got.Deadline == nil || got.Deadline.Format("2006-01-02") != wantDue || st != ledger.StateDispatched {
			t.Errorf("%s: lead %q deadline %v state %s", c.Code, got.Assignment.Lead, got.Deadline, st)
		}
		if i == 0 && (len(got.Milestones) != 2 || got.Milestones[0].Description != "完成选址") {
			t.Errorf("%s milestones %+v", c.Code, got.Milestones)
		}
	}
	es, _ := e.st.Audit(ctx, "commitment", strconv.FormatInt(fresh[0].ID, 10), 10)
	var actions []string
	for _, x := range es {
		actions = append(actions, x.Action)
	}
	if got := strings.Join(actions, " "); got != "commitment.state commitment.plan commitment.lead_confirm" {
		t.Errorf("audit of 甲: %s", got)
	}
}
