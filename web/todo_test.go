package web_test

import (
	"context"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"ducha/access"
	"ducha/ledger"
	"ducha/supervise"
	"ducha/web"
)

var office = supervise.Actor{Login: "ducha", Role: access.Supervisor}

// section returns the element of a page from id="id" to the end of its
// section.
func section(t *testing.T, body, id string) string {
	t.Helper()
	i := strings.Index(body, `id="`+id+`"`)
	if i < 0 {
		t.Fatalf("no #%s on the page", id)
	}
	j := strings.Index(body[i:], "</section>")
	if j < 0 {
		t.Fatalf("#%s is not closed", id)
	}
	return body[i : i+j]
}

// item returns the to-do list's entry of commitment id in class kind.
func todoEntry(list string, kind string, id int64) string {
	re := regexp.MustCompile(`<li class="todo-` + kind + `" data-id="` + strconv.FormatInt(id, 10) + `">(?s:.*?)</li>`)
	return re.FindString(list)
}

var dataIDRE = regexp.MustCompile(`data-id="([0-9]+)"`)

// TestUnitDashboardTodo: on 15 September 2024 a unit's dashboard lists
// first what it must do, with the days: the 督办单 to answer by 20
// September, the report returned (August's, due 10 September, so late)
// with the office's reason, September's report due on 10 October; and
// nothing of another unit's, although that unit has a 督办单 too. The
// office sees its review queue instead.
func TestUnitDashboardTodo(t *testing.T) {
	e := newEnv(t, web.Config{})
	ctx := context.Background()
	queue, err := e.st.ReportsByStatus(ctx, e.res.ReportID, ledger.ReportSubmitted)
	if err != nil || len(queue) < 2 {
		t.Fatalf("demo review queue: %d reports, %v", len(queue), err)
	}
	returned := queue[0]
	unit := returned.Unit
	const reason = "佐证材料与完成值不符，请补充九月现场照片"
	if err := e.svc.Review(ctx, office, returned.CommitmentID, returned.ID, false, reason); err != nil {
		t.Fatal(err)
	}
	// Another commitment of the unit, August approved.
	c := e.commitment(func(it supervise.Item) bool {
		return it.Assignment.Lead == unit && it.ID != returned.CommitmentID && it.State == ledger.StateInProgress &&
			it.LatestApproved != nil && it.LatestApproved.Period == "2024-08" && it.LatestStatus == ledger.ReportApproved
	})
	order, err := e.svc.IssueOrder(ctx, office, c.ID, "请说明九月进度安排", time.Date(2024, 9, 20, 0, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	other := e.commitment(func(it supervise.Item) bool {
		return it.Assignment.Lead != unit && it.Assignment.Lead != "" && it.State == ledger.StateInProgress
	})
	if _, err := e.svc.IssueOrder(ctx, office, other.ID, "请加快进度", time.Time{}); err != nil {
		t.Fatal(err)
	}

	u := e.client()
	u.login(e.reporterOf(unit).Login)
	_, body := u.get("/dashboard")
	todo := section(t, body, "todo")
	if strings.Index(body, `id="todo"`) > strings.Index(body, `class="tiles"`) {
		t.Error("the to-do list is not before the statistics")
	}
	if got := todoEntry(todo, "order", c.ID); !strings.Contains(got, order.No) || !strings.Contains(got, "2024-09-20") ||
		!strings.Contains(got, "回复时限") || strings.Contains(got, "已逾期") {
		t.Errorf("the 督办单 to answer by 20 September: %q", got)
	}
	if got := todoEntry(todo, "report", c.ID); !strings.Contains(got, "2024年9月") || !strings.Contains(got, "截止 2024-10-10") ||
		strings.Contains(got, "已逾期") || !strings.Contains(got, `href="/commitments/`+strconv.FormatInt(c.ID, 10)+`#report-form"`) {
		t.Errorf("September's report due on 10 October: %q", got)
	}
	if got := todoEntry(todo, "returned", returned.CommitmentID); !strings.Contains(got, reason) ||
		!strings.Contains(got, "2024年8月") || !strings.Contains(got, "截止 2024-09-10") || !strings.Contains(got, "已逾期") {
		t.Errorf("the returned August report: %q", got)
	}
	if todoEntry(todo, "report", returned.CommitmentID) != "" {
		t.Error("the returned report is listed a second time as a report due")
	}
	items, _ := e.svc.Items(ctx, e.res.ReportID)
	lead := map[string]string{}
	for _, it := range items {
		lead[strconv.FormatInt(it.ID, 10)] = it.Assignment.Lead
	}
	for _, m := range dataIDRE.FindAllStringSubmatch(todo, -1) {
		if lead[m[1]] != unit {
			t.Errorf("%s's to-do list shows commitment %s of %q", unit, m[1], lead[m[1]])
		}
	}
	if strings.Contains(todo, "/commitments/"+strconv.FormatInt(other.ID, 10)+"#orders") || strings.Contains(todo, "待复核的进展报告") {
		t.Error("the unit sees another unit's 督办单 or the office's queue")
	}
	// Every link of the list opens.
	for _, m := range regexp.MustCompile(`href="(/commitments/[0-9]+)`).FindAllStringSubmatch(todo, -1) {
		if resp, _ := u.get(m[1]); resp.StatusCode != http.StatusOK {
			t.Errorf("%s from the to-do list: %d", m[1], resp.StatusCode)
		}
	}

	// The office: the reports waiting for review, as the queue has them.
	o := e.client()
	o.login("ducha")
	_, body = o.get("/dashboard")
	want := strconv.Itoa(len(queue) - 1)
	if got := section(t, body, "todo"); !strings.Contains(got, `<b id="todo-review">`+want+`</b>`) || !strings.Contains(got, `href="/review"`) {
		t.Errorf("office's queue, want %s to review: %q", want, got)
	}
	// The leader: the 督办单 past their reply day (the demo's two, due on
	// 13 September), no review queue (leaders do not review).
	l := e.client()
	l.login("leader")
	_, body = l.get("/dashboard")
	open, _ := e.st.OpenOrders(ctx)
	late := 0
	for _, o := range open {
		if o.Overdue(e.now) {
			late++
		}
	}
	got := section(t, body, "todo")
	if late == 0 || !strings.Contains(got, `<b id="todo-orders">`+strconv.Itoa(late)+`</b>`) || strings.Contains(got, "todo-review") ||
		strings.Count(got, "回复时限 2024-09-13") != late {
		t.Errorf("leader's queue, want %d overdue 督办单: %q", late, got)
	}
}

// TestSubmittedPeriodShown: after 提交审核 the page shows the report as
// submitted and the next period with its days, not an empty form of the
// same period; a returned report opens the form again, filled in, with
// the reason.
func TestSubmittedPeriodShown(t *testing.T) {
	e := newEnv(t, web.Config{})
	c := e.commitment(func(it supervise.Item) bool {
		return it.Target == nil && it.State == ledger.StateInProgress && it.LatestApproved != nil &&
			it.LatestApproved.Period == "2024-08" && it.LatestStatus == ledger.ReportApproved
	})
	id := strconv.FormatInt(c.ID, 10)
	u := e.client()
	u.login(e.reporterOf(c.Assignment.Lead).Login)
	_, body := u.get("/commitments/" + id)
	form := section(t, body, "report-form")
	if !strings.Contains(form, `name="period" value="2024-09"`) || !strings.Contains(form, "截止 2024-10-10") {
		t.Fatalf("the form of September, due 10 October: %.600s", form)
	}
	resp, _ := u.post("/commitments/"+id+"/progress", url.Values{"period": {"2024-09"}, "percent": {"70"},
		"narrative": {"九月完成主体工程"}, "action": {"submit"}})
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("submit: %d", resp.StatusCode)
	}
	_, body = u.get("/commitments/" + id)
	form = section(t, body, "report-form")
	if strings.Contains(form, `action="/commitments/`+id+`/progress"`) {
		t.Error("an empty form of the submitted period is still offered")
	}
	for _, want := range []string{`id="period-submitted"`, "2024年9月", "已提交，等待督查室复核", "九月完成主体工程", "70%",
		"下一期", "2024年10月", "2024-10-01", "截止 2024-11-10"} {
		if !strings.Contains(form, want) {
			t.Errorf("the submitted period does not show %q: %.800s", want, form)
		}
	}
	reps, _ := e.st.ProgressReports(context.Background(), c.ID)
	var rid int64
	for _, r := range reps {
		if r.Period == "2024-09" {
			rid = r.ID
		}
	}
	const reason = "请补充施工现场照片"
	if err := e.svc.Review(context.Background(), office, c.ID, rid, false, reason); err != nil {
		t.Fatal(err)
	}
	_, body = u.get("/commitments/" + id)
	form = section(t, body, "report-form")
	if !strings.Contains(form, `id="returned-reason"`) || !strings.Contains(form, reason) ||
		!strings.Contains(form, `value="2024-09"`) || !strings.Contains(form, "九月完成主体工程</textarea>") ||
		!strings.Contains(form, `value="70"`) || strings.Contains(form, `id="period-submitted"`) {
		t.Errorf("the returned report's form: %.1200s", form)
	}
}

// TestFuturePeriodRefusedWeb: October on 15 September is refused by the
// form and the API alike, naming the period, and nothing is stored.
func TestFuturePeriodRefusedWeb(t *testing.T) {
	e := newEnv(t, web.Config{})
	c := e.commitment(func(it supervise.Item) bool { return it.Target == nil && it.State == ledger.StateInProgress })
	id := strconv.FormatInt(c.ID, 10)
	before, _ := e.st.ProgressReports(context.Background(), c.ID)
	u := e.client()
	u.login(e.reporterOf(c.Assignment.Lead).Login)
	u.get("/commitments/" + id)
	u.post("/commitments/"+id+"/progress", url.Values{"period": {"2024-10"}, "percent": {"80"}, "narrative": {"十月进展"}, "action": {"submit"}})
	_, body := u.get("/commitments/" + id)
	if !strings.Contains(html.UnescapeString(body), "填报期次 2024年10月 尚未开始") {
		t.Error("the page does not say October has not begun")
	}
	resp, js := u.api("POST", "/api/v1/commitments/"+id+"/progress", `{"period":"2024-10","narrative":"十月进展","submit":true}`, "")
	if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(js, `"field":"period"`) && !strings.Contains(js, `"Field":"period"`) {
		t.Errorf("API: %d %s", resp.StatusCode, js)
	}
	if after, _ := e.st.ProgressReports(context.Background(), c.ID); len(after) != len(before) {
		t.Errorf("a report of October was stored: %d reports, were %d", len(after), len(before))
	}
}

// TestWaitingPeriodAndNext: August waiting for review on 15 September:
// the page shows it as submitted, September as the next period due on 10
// October, and offers September's form folded beneath.
func TestWaitingPeriodAndNext(t *testing.T) {
	e := newEnv(t, web.Config{})
	queue, err := e.st.ReportsByStatus(context.Background(), e.res.ReportID, ledger.ReportSubmitted)
	if err != nil || len(queue) == 0 {
		t.Fatalf("review queue: %d, %v", len(queue), err)
	}
	q := queue[0]
	if q.Period != "2024-08" {
		t.Fatalf("the demo's queue holds %s, not August", q.Period)
	}
	id := strconv.FormatInt(q.CommitmentID, 10)
	u := e.client()
	u.login(e.reporterOf(q.Unit).Login)
	_, body := u.get("/commitments/" + id)
	form := section(t, body, "report-form")
	sub := form[:strings.Index(form, "</div>")]
	for _, want := range []string{`id="period-submitted"`, "2024年8月", "已提交，等待督查室复核", "2024年9月", "截止 2024-10-10"} {
		if !strings.Contains(sub, want) {
			t.Errorf("the waiting report does not show %q: %.800s", want, sub)
		}
	}
	if !strings.Contains(form, "<details><summary>") || !strings.Contains(form, `name="period" value="2024-09"`) {
		t.Errorf("September's form is not offered folded: %.1500s", form)
	}
}
