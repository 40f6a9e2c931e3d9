package e2e

import (
	"context"
	"fmt"
	"net"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"ducha/demo"
	"ducha/importer"
	"ducha/internal/testpdf"
	"ducha/ledger"
	"ducha/samples"
	"ducha/store"
	"ducha/supervise"
	"ducha/web"
)

// dayOne is the server's clock in TestOfficeAndUnitDay: the office
// imports the year's report (delivered on 12 January) and dispatches its
// plan on 15 January 2024, and the unit reports on the same day for
// January.
var dayOne = time.Date(2024, 1, 15, 10, 0, 0, 0, time.UTC)

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
	began := time.Now()
	b := newBrowser(t)
	e := newFreshEnv(t, dayOne)
	report, err := filepath.Abs(filepath.Join("testdata", "officeday-2024.txt"))
	if err != nil {
		t.Fatal(err)
	}
	evidence, _ := writePDF(t, "三月改造进度照片.pdf")
	evidence2 := filepath.Join(t.TempDir(), "三月电梯验收单.pdf")
	if err := os.WriteFile(evidence2, testpdf.OnePage("Lift acceptance, March 2024"), 0o644); err != nil {
		t.Fatal(err)
	}
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
	if got := sup.text(".facts"); !strings.Contains(got, unitName) || !strings.Contains(got, "2024-12-31") {
		t.Errorf("the facts of 改造老旧小区 after the edit: %s", got)
	}
	if got := eval[[]string](sup, `[...document.querySelectorAll('article.commitment h3 + ul li')].map(li => li.innerText.trim())`); !slices.Equal(got, []string{"2024-06-30 20", "2024-12-31 42"}) {
		t.Errorf("the milestones of 改造老旧小区: %q", got)
	}

	// 交办 of the whole plan from the list.
	sup.open("/commitments")
	sup.do(chromedp.Evaluate[chromedp.Void](`document.querySelectorAll('table.list input[name=id]').forEach(i => { if (!i.checked) i.click(); })`))
	sup.click("#dispatch-many")
	sup.expectFlash("已交办 9 项")
	// Given today, nothing is behind yet (4% of the year has passed, below
	// the grace before a task without a report counts as late).
	for _, code := range []string{"2024-01-01-1", "2024-03-01-1.1.1", "2024-03-01-1.3"} {
		if got := sup.rowText(code); !strings.Contains(got, " 已交办 未启动 0%") {
			t.Errorf("the row of %s after 交办: %q", code, got)
		}
	}

	// The unit signs in: three commitments to acknowledge.
	t.Logf("office's day done at %v", time.Since(began).Round(time.Second))
	u := b.user(e, "zjj")
	u.login("zjj")
	u.open("/dashboard")
	expectText(t, u, "#todo-count", "3")
	for _, code := range []string{"2024-03-01-1.1", "2024-03-01-1.1.1", "2024-03-01-1.1.2"} {
		if got := u.todoText(code); !strings.HasPrefix(got, "待签收 "+code) {
			t.Errorf("the to-do entry of %s: %q", code, got)
		}
	}
	u.click(fmt.Sprintf(`#todo li.todo-acknowledge a[href=%q]`, page))
	u.click("#acknowledge")
	u.expectFlash("已签收")
	expectText(t, u, "#state", "已签收")
	expectText(t, u, "#form-due", "截止 2024-02-10")
	u.do(
		chromedp.SendKeys(chromedp.CSS("#value"), "21"),
		chromedp.SendKeys(chromedp.CSS("#narrative"), "一月，21个小区完成改造，其余进场施工。"),
		chromedp.SetUploadFiles(chromedp.CSS("#evidence"), []string{evidence}),
	)
	u.click("#submit")
	u.expectFlash("已提交，等待督查室复核")
	if got := u.text("#period-submitted"); !strings.Contains(got, "2024年1月") {
		t.Errorf("the submitted period: %q", got)
	}
	if got := u.text("#reports .report"); !strings.Contains(got, "21个") || !strings.Contains(got, filepath.Base(evidence)) {
		t.Errorf("the report with its evidence: %q", got)
	}

	// The same unit on a phone: the to-do list, then the second figure.
	u.do(chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile, chromedp.EmulatePortrait))
	u.open("/dashboard")
	expectText(t, u, "#todo-count", "2")
	if got := u.todoText("2024-03-01-1.1.2"); !strings.HasPrefix(got, "待签收 2024-03-01-1.1.2 加装电梯100部") {
		t.Errorf("the phone's to-do entry of 加装电梯: %q", got)
	}
	u.fitsPhone("the unit's dashboard")
	u.screenshot("officeday-unit-todo-phone")
	u.open(u.todoLink("2024-03-01-1.1.2"))
	u.click("#acknowledge")
	u.expectFlash("已签收")
	u.do(
		chromedp.SendKeys(chromedp.CSS("#value"), "30"),
		chromedp.SendKeys(chromedp.CSS("#narrative"), "一月，30部电梯完成加装并通过验收。"),
		chromedp.SetUploadFiles(chromedp.CSS("#evidence"), []string{evidence2}),
	)
	u.fitsPhone("the report form")
	u.screenshot("officeday-unit-form-phone")
	u.click("#submit")
	u.expectFlash("已提交，等待督查室复核")
	u.open("/dashboard")
	parent := u.todoLink("2024-03-01-1.1")
	u.open(parent)
	u.click("#acknowledge")
	u.expectFlash("已签收")
	// Nothing left to acknowledge, and both figures are in. (The parent
	// is still listed as 本期待填报 although its progress is rolled up
	// from the two: reported to the lead, left alone here.)
	u.open("/dashboard")
	if u.has("#todo li.todo-acknowledge") || u.todoText("2024-03-01-1.1.1") != "" || u.todoText("2024-03-01-1.1.2") != "" {
		t.Errorf("the unit's to-do list after its day: %s", u.text("#todo"))
	}

	// The office approves both reports at once.
	t.Logf("unit's day done at %v", time.Since(began).Round(time.Second))
	sup.open("/dashboard")
	expectText(t, sup, "#todo-review", "2")
	sup.click(`#todo a[href="/review"]`)
	for _, want := range []string{"2024-03-01-1.1.1 改造老旧小区42个 示例区住房和城乡建设局 2024年1月 21个 42个", "2024-03-01-1.1.2 加装电梯100部 示例区住房和城乡建设局 2024年1月 30部 100部"} {
		code := strings.Fields(want)[0]
		if got := sup.rowText(code); !strings.HasPrefix(got, want) {
			t.Errorf("the review row of %s: %q, want it to start %q", code, got, want)
		}
		sup.tickReport(code)
	}
	sup.click("#approve-selected")
	sup.expectFlash("已通过 2 份报告")

	// The dashboard: the office's ledger is 7 tasks (the leaves of the
	// plan; the two 不列入 left out), two of them ahead and five just
	// given; 民生实事 stand at (40% + 0 + 0) / 3 = 13%, the whole plan at
	// (0 + 0 + 0 + 13.3%) / 4 = 3%.
	sup.open("/dashboard")
	expectText(t, sup, "#completion", "3%")
	expectText(t, sup, "#excluded-count", "不列入 2")
	counts := statusCounts(sup)
	for st, want := range map[string]int{"not_started": 5, "on_track": 0, "ahead": 2, "lagging": 0, "seriously_lagging": 0, "completed": 0, "overdue": 0} {
		if counts[st] != want {
			t.Errorf("dashboard: %d %s, want %d (all: %v)", counts[st], st, want, counts)
		}
	}
	if got := eval[string](sup, `(() => { const tr = [...document.querySelectorAll('main tr')].find(tr => tr.cells[0] && tr.cells[0].innerText.trim() === '（三）办好民生实事'); return tr ? tr.innerText.replace(/\s+/g, ' ').trim() : ''; })()`); got != "（三）办好民生实事 4 13%" {
		t.Errorf("the dashboard's row of 民生实事: %q, want %q", got, "（三）办好民生实事 4 13%")
	}
	sup.screenshot("officeday-dashboard")

	// The parent rolls its two sub-tasks up: (50% + 30%) / 2 = 40%.
	sup.open(parent)
	expectText(t, sup, "#status", "超进度")
	if got := sup.text("#standing"); !strings.Contains(got, "实际进度40%") {
		t.Errorf("the parent's progress: %q", got)
	}
	for code, want := range map[string]string{"2024-03-01-1.1.1": "实际进度50%", "2024-03-01-1.1.2": "实际进度30%"} {
		if got := sup.childText(code); !strings.Contains(got, " 超进度 ") || !strings.Contains(got, want) {
			t.Errorf("the parent's row of %s: %q, want %q", code, got, want)
		}
	}
	// …and 民生实事 roll up their three: (40% + 0 + 0) / 3 = 13%.
	sup.open("/commitments")
	if got := sup.rowText("2024-03-01-1"); !strings.HasSuffix(got, " 13%") {
		t.Errorf("the list's row of 民生实事: %q", got)
	}
	sup.open(sup.rowLink("2024-03-01-1"))
	if got := sup.text("#standing"); !strings.Contains(got, "实际进度13%") {
		t.Errorf("民生实事's progress: %q", got)
	}

	// The public page: the approved figures on the 民生实事 cards.
	pub := b.user(e, "visitor")
	pub.open("/public/" + url.PathEscape("示例区") + "/2024")
	cards := eval[[]string](pub, `[...document.querySelectorAll('#practical .pcard')].map(c => c.innerText.replace(/\s+/g, ' ').trim())`)
	for _, want := range []string{
		"改造老旧小区42个 目标 42个 已完成 21个 超进度 · 50% · " + unitName,
		"加装电梯100部 目标 100部 已完成 30部 超进度 · 30% · " + unitName,
		"新建口袋公园10个 目标 10个 已完成 — 未启动 · 0% · 示例区自然资源分局",
	} {
		if !slices.Contains(cards, want) {
			t.Errorf("no public card %q among %q", want, cards)
		}
	}
	for _, c := range cards {
		if strings.Contains(c, "数字化转型") || strings.Contains(c, "清单化管理") {
			t.Errorf("a proposal marked 不列入 is on the public page: %q", c)
		}
	}
	pub.screenshot("officeday-public")
	// The administrator finds the import in the audit log.
	adm.open("/admin/audit")
	if got := adm.text("main"); !strings.Contains(got, "导入政府工作报告") {
		t.Errorf("no report import in the audit log: %s", got)
	}
	t.Logf("the day in the browser took %v", time.Since(began).Round(time.Second))
}

// todoJS finds the to-do entry of code.
func todoJS(code string) string {
	return fmt.Sprintf(`[...document.querySelectorAll('#todo li')].find(li => [...li.querySelectorAll('code')].some(c => c.textContent.trim() === %q))`, code)
}

// todoText is the text of the to-do entry of code, spaces squeezed.
func (p *tab) todoText(code string) string {
	p.t.Helper()
	return eval[string](p, `(() => { const li = `+todoJS(code)+`; return li ? li.innerText.replace(/\s+/g, ' ').trim() : ''; })()`)
}

// childText is the text of the row of code among a parent's sub-tasks.
func (p *tab) childText(code string) string {
	p.t.Helper()
	return eval[string](p, fmt.Sprintf(`(() => { const tr = [...document.querySelectorAll('#children tr')].find(tr => [...tr.querySelectorAll('code, a')].some(c => c.textContent.trim() === %q)); return tr ? tr.innerText.replace(/\s+/g, ' ').trim() : ''; })()`, code))
}

// tickReport ticks the report of code in the review queue.
func (p *tab) tickReport(code string) {
	p.t.Helper()
	v := eval[string](p, `(() => { const tr = `+rowJS(code)+`; const i = tr && tr.querySelector('input[name=report]'); return i ? i.value : ''; })()`)
	if v == "" {
		p.t.Fatalf("%s: no report to tick for %s: %s", p.who, code, p.text("main"))
	}
	p.do(chromedp.Click(chromedp.CSS(`input[name=report][value="`+v+`"]`), chromedp.NodeVisible))
}

// fitsPhone fails the test when the page is wider than the phone.
func (p *tab) fitsPhone(what string) {
	p.t.Helper()
	if o := p.overflowing(); o.InnerWidth != 390 || o.ScrollWidth > o.InnerWidth+1 {
		p.t.Errorf("%s at 390 px: scrollWidth %d, innerWidth %d; too wide: %v", what, o.ScrollWidth, o.InnerWidth, o.Wide)
	}
}

// todoLink is the commitment page of the to-do entry of code.
func (p *tab) todoLink(code string) string {
	p.t.Helper()
	href := eval[string](p, `(() => { const li = `+todoJS(code)+`; const a = li && li.querySelector('a'); return a ? a.getAttribute('href') : ''; })()`)
	if href == "" {
		p.t.Fatalf("%s: no to-do entry for %s: %s", p.who, code, p.text("main"))
	}
	return strings.SplitN(href, "#", 2)[0]
}
