package e2e

import (
	"context"
	"fmt"
	"net"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"ducha/demo"
	"ducha/importer"
	"ducha/ledger"
	"ducha/samples"
	"ducha/store"
	"ducha/supervise"
	"ducha/web"
)

// dayOne is the server's clock in TestOfficeAndUnitDay: the office
// imports the year's report and dispatches its plan on 15 March 2024,
// and the unit reports on the same day for March.
var dayOne = time.Date(2024, 3, 15, 10, 0, 0, 0, time.UTC)

// newFreshEnv is a new server over an empty database, as an installation
// starts: the schema (ducha migrate), the units directory (ducha import
// units samples/units.csv) and one administrator (ducha user add admin).
// No report, no other account.
func newFreshEnv(t *testing.T, now time.Time) *env {
	t.Helper()
	ctx := context.Background()
	st, err := store.Open(ctx, filepath.Join(t.TempDir(), "fresh.db"), store.Options{Migrate: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	units, err := samples.FS.ReadFile(samples.Units)
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := (&importer.Importer{Store: st}).ImportUnitsData(ctx, samples.Units, units); err != nil {
		t.Fatal(err)
	}
	if err := web.AddUser(ctx, st, ledger.User{Login: "admin", Name: "系统管理员", Role: "admin"}, demo.Password, "cli"); err != nil {
		t.Fatal(err)
	}
	clock := func() time.Time { return now }
	svc := &supervise.Service{Store: st, Outbox: st, Now: clock, CacheFor: time.Nanosecond}
	srv, err := web.New(web.Config{}, svc, nil)
	if err != nil {
		t.Fatal(err)
	}
	srv.Now = clock
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	hs := httptest.NewUnstartedServer(srv.Handler())
	hs.Listener.Close()
	hs.Listener = ln
	hs.Start()
	t.Cleanup(hs.Close)
	return &env{t: t, st: st, svc: svc, url: hs.URL}
}

// rowJS finds the list's row whose code is code.
func rowJS(code string) string {
	return fmt.Sprintf(`[...document.querySelectorAll('table.list tbody tr')].find(tr => [...tr.querySelectorAll('code')].some(c => c.textContent.trim() === %q))`, code)
}

// tickCode ticks the row of the list whose code is code.
func (p *tab) tickCode(code string) {
	p.t.Helper()
	id := eval[string](p, `(() => { const tr = `+rowJS(code)+`; const i = tr && tr.querySelector('input[name=id]'); return i ? i.value : ''; })()`)
	if id == "" {
		p.t.Fatalf("%s: no row to tick for %s in %s", p.who, code, p.text("main"))
	}
	p.do(chromedp.Click(chromedp.CSS(`input[name=id][value="`+id+`"]`), chromedp.NodeVisible))
}

// rowText is the text of the list's row of code, spaces squeezed.
func (p *tab) rowText(code string) string {
	p.t.Helper()
	return eval[string](p, `(() => { const tr = `+rowJS(code)+`; return tr ? tr.innerText.replace(/\s+/g, ' ').trim() : ''; })()`)
}

// rowLink is the address of the commitment page linked from the row of
// code.
func (p *tab) rowLink(code string) string {
	p.t.Helper()
	href := eval[string](p, `(() => { const tr = `+rowJS(code)+`; const a = tr && tr.querySelector('a[href^="/commitments/"]'); return a ? a.getAttribute('href') : ''; })()`)
	if href == "" {
		p.t.Fatalf("%s: no link in the row of %s: %s", p.who, code, p.text("main"))
	}
	return href
}

// click presses a button that is on the page now, failing at once (with
// what the page says) when it is not there.
func (p *tab) click(sel string) {
	p.t.Helper()
	if !p.has(sel) {
		p.t.Fatalf("%s: no %s on %s: %s", p.who, sel, eval[string](p, `location.pathname`), p.text("main"))
	}
	p.press(sel)
}

// TestOfficeAndUnitDay runs the office's first day with a new report and
// the unit's, on a fresh server and only through the browser: the
// administrator opens the office's and the unit's accounts; the office
// uploads the report, marks two proposals 不列入, sets a lead unit for
// two rows and confirms the suggested ones in bulk, confirms one on its
// page and gives it milestones, and dispatches the plan; the unit finds
// its to-do list, 签收 and reports its two figures with evidence (the
// second on a phone); the office approves both at once; the dashboard,
// the parent's roll-up and the public page show the figures a person
// works out from the report: 改造老旧小区 21 of 42 is 50%, 加装电梯 30
// of 100 is 30%, and their parent stands at 40%.
func TestOfficeAndUnitDay(t *testing.T) {
	b := newBrowser(t)
	e := newFreshEnv(t, dayOne)
	report, err := filepath.Abs(filepath.Join("testdata", "officeday-2024.txt"))
	if err != nil {
		t.Fatal(err)
	}
	evidence, _ := writePDF(t, "三月改造进度照片.pdf")
	const (
		unitName  = "示例区住房和城乡建设局"
		govOffice = "示例区人民政府办公室"
	)

	// The administrator opens the accounts.
	adm := b.user(e, "admin")
	adm.login("admin")
	adm.open("/admin/users")
	for _, u := range []struct{ login, name, role, unit string }{
		{"ducha", "张督查", "supervisor", ""},
		{"zjj", "李住建", "reporter", unitName},
	} {
		f := `form[action="/admin/users"] `
		adm.do(
			chromedp.SendKeys(chromedp.CSS(f+`input[name=login]`), u.login),
			chromedp.SendKeys(chromedp.CSS(f+`input[name=name]`), u.name),
			chromedp.SetValue(chromedp.CSS(f+`select[name=role]`), u.role),
			chromedp.SetValue(chromedp.CSS(f+`select[name=unit]`), u.unit),
			chromedp.SendKeys(chromedp.CSS(f+`input[name=password]`), demo.Password),
		)
		adm.click(f + `button.primary`)
		adm.expectFlash("已新增用户 " + u.login)
	}

	// The office: nothing yet, then the report.
	sup := b.user(e, "ducha")
	sup.login("ducha")
	sup.open("/dashboard")
	if got := sup.text("main .empty"); got != "尚未导入报告" {
		t.Fatalf("the fresh dashboard says %q", got)
	}
	sup.click("#import-report")
	sup.do(chromedp.SetUploadFiles(chromedp.CSS("#report-file"), []string{report}))
	sup.click("#report-import")
	sup.expectFlash("已导入示例区2024年政府工作报告：11 项事项（7 项有量化目标），8 项已建议牵头单位")
	expectText(t, sup, "#total", "11")
	sup.screenshot("officeday-imported")
	if got := sup.rowText("2024-03-01-1.1.1"); !strings.Contains(got, "改造老旧小区42个") || !strings.Contains(got, "建议: "+unitName) || !strings.Contains(got, "未交办") {
		t.Errorf("the row of 改造老旧小区 after the import: %q", got)
	}

	// Two proposals are not commitments: a line of intent and the
	// government's own way of working.
	sup.tickCode("2024-01-01-2")
	sup.tickCode("2024-04-01-1")
	sup.do(chromedp.SendKeys(chromedp.CSS("#exclude-reason"), "工作要求，无具体任务"))
	sup.click("#exclude-many")
	sup.expectFlash("已不列入 2 项")
	expectText(t, sup, "#total", "9")

	// Lead units in bulk: one unit for two rows without a suggestion, a
	// deadline with it; then the suggestions of six rows confirmed at once.
	sup.tickCode("2024-02-01-2")
	sup.tickCode("2024-03-01-1")
	sup.do(
		chromedp.SendKeys(chromedp.CSS("#bulk-lead"), govOffice),
		chromedp.SendKeys(chromedp.CSS("#bulk-deadline"), "年底前"),
	)
	sup.click("#bulk-apply")
	sup.expectFlash("已修改 2 项")
	for _, code := range []string{"2024-01-01-1", "2024-02-01-1", "2024-03-01-1.1", "2024-03-01-1.1.2", "2024-03-01-1.2", "2024-03-01-1.3"} {
		sup.tickCode(code)
	}
	sup.do(
		chromedp.Click(chromedp.CSS("#bulk-confirm"), chromedp.NodeVisible),
		chromedp.SendKeys(chromedp.CSS("#bulk-deadline"), "年底前"),
	)
	sup.click("#bulk-apply")
	sup.expectFlash("已修改 6 项")
	if got := sup.rowText("2024-02-01-2"); !strings.Contains(got, govOffice) || !strings.Contains(got, "2024-12-31") {
		t.Errorf("the row of 乐购示例 after the bulk edit: %q", got)
	}
	if got := sup.rowText("2024-03-01-1.1.2"); !strings.Contains(got, unitName) || strings.Contains(got, "建议") {
		t.Errorf("the row of 加装电梯 after confirming its suggestion: %q", got)
	}

	// 改造老旧小区: its suggestion confirmed on its page, milestones.
	sup.open("/commitments?q=" + url.QueryEscape("改造老旧小区42个"))
	page := sup.rowLink("2024-03-01-1.1.1")
	sup.open(page)
	sup.click("#confirm-lead")
	sup.expectFlash("已确认牵头单位")
	sup.do(
		chromedp.Click(chromedp.CSS("details.plan-edit summary"), chromedp.NodeVisible),
		chromedp.SendKeys(chromedp.CSS("#plan-deadline"), "年底前"),
		chromedp.SendKeys(chromedp.CSS("#plan-milestones"), "2024-06-30：20；2024-12-31：42"),
	)
	sup.click("#plan-save")
	sup.expectFlash("已保存")
	t.Logf("facts: %s", sup.text(".facts"))
	if got := sup.text(".facts"); !strings.Contains(got, unitName) || !strings.Contains(got, "2024-12-31") {
		t.Errorf("the facts of 改造老旧小区 after the edit: %s", got)
	}

	// 交办 of the whole plan from the list.
	sup.open("/commitments")
	sup.do(chromedp.Evaluate[chromedp.Void](`document.querySelectorAll('table.list input[name=id]').forEach(i => { if (!i.checked) i.click(); })`))
	sup.click("#dispatch-many")
	sup.expectFlash("已交办 9 项")
	if got := sup.rowText("2024-03-01-1.1.1"); !strings.Contains(got, "已交办") {
		t.Errorf("the row of 改造老旧小区 after 交办: %q", got)
	}
	sup.screenshot("officeday-dispatched")

	// The unit signs in: three commitments to acknowledge.
	u := b.user(e, "zjj")
	u.login("zjj")
	u.open("/dashboard")
	expectText(t, u, "#todo-count", "3")
	t.Logf("todo: %s", u.text("#todo"))
	u.click(fmt.Sprintf(`#todo li.todo-acknowledge a[href=%q]`, page))
	u.click("#acknowledge")
	u.expectFlash("已签收")
	expectText(t, u, "#form-due", "截止 2024-04-10")
	u.do(
		chromedp.SendKeys(chromedp.CSS("#value"), "21"),
		chromedp.SendKeys(chromedp.CSS("#narrative"), "三月，21个小区完成改造，其余进场施工。"),
		chromedp.SetUploadFiles(chromedp.CSS("#evidence"), []string{evidence}),
	)
	u.click("#submit")
	u.expectFlash("已提交，等待督查室复核")
	if got := u.text("#reports .report"); !strings.Contains(got, filepath.Base(evidence)) {
		t.Errorf("the evidence is not listed with the report: %q", got)
	}
	u.open("/dashboard")
	t.Logf("todo after: %s", u.text("#todo"))
	u.screenshot("officeday-unit")
}
