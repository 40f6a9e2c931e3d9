package e2e

import (
	"context"
	"fmt"
	"net"
	"net/http/httptest"
	"path/filepath"
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
	_, _ = writePDF(t, "三月改造进度照片.pdf")
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
		adm.press(f + `button.primary`)
		adm.expectFlash("已新增用户 " + u.login)
	}

	// The office: nothing yet, then the report.
	sup := b.user(e, "ducha")
	sup.login("ducha")
	sup.open("/dashboard")
	if got := sup.text("main .empty"); got != "尚未导入报告" {
		t.Fatalf("the fresh dashboard says %q", got)
	}
	sup.press("#import-report")
	sup.do(chromedp.SetUploadFiles(chromedp.CSS("#report-file"), []string{report}))
	sup.press("#report-import")
	sup.expectFlash("已导入示例区2024年政府工作报告：11 项事项（7 项有量化目标），8 项已建议牵头单位")
	expectText(t, sup, "#total", "11")
	sup.screenshot("officeday-imported")
	t.Logf("after import: %s", sup.rowText("2024-03-01-1.1.1"))
}
