package e2e

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"ducha/demo"
	"ducha/ledger"
	"ducha/progress"
	"ducha/reconcile"
	"ducha/supervise"
)

// viewport is a screen the public site is looked at on.
type viewport struct {
	name          string
	width, height int64
	scale         float64
	phone         bool
}

var viewports = []viewport{
	{name: "phone", width: 390, height: 844, scale: 2, phone: true},
	{name: "desktop", width: 1366, height: 900, scale: 1},
}

// visitor opens a tab in a new browser context, with no session, sized
// like vp: a phone is emulated as a mobile device with touch.
func (b *browser) visitor(t *testing.T, e *env, vp viewport) *tab {
	t.Helper()
	ctx, cancel := chromedp.NewContext(b.ctx, chromedp.WithNewBrowserContext())
	t.Cleanup(cancel)
	p := &tab{t: t, ctx: ctx, base: e.url, who: "visitor (" + vp.name + ")"}
	if vp.phone {
		p.do(chromedp.EmulateViewport(vp.width, vp.height, chromedp.EmulateScale(vp.scale),
			chromedp.EmulateMobile, chromedp.EmulatePortrait, chromedp.EmulateTouch))
	} else {
		p.do(chromedp.EmulateViewport(vp.width, vp.height, chromedp.EmulateScale(vp.scale)))
	}
	return p
}

// follow clicks a link (taps it on a phone) and waits for the page it
// leads to, which must answer 200.
func (p *tab) follow(sel string, phone bool) {
	p.t.Helper()
	act := chromedp.Click(chromedp.CSS(sel), chromedp.NodeVisible)
	if phone {
		act = chromedp.Tap(chromedp.CSS(sel), chromedp.NodeVisible)
	}
	resp, err := chromedp.RunResponse(p.ctx, act)
	if err != nil {
		p.t.Fatalf("%s: follow %s: %v", p.who, sel, err)
	}
	if resp.Status != http.StatusOK {
		p.t.Fatalf("%s: follow %s: HTTP %d at %s\n%s", p.who, sel, resp.Status, resp.URL, p.text("main"))
	}
}

// path is the path of the page the tab shows, unescaped.
func (p *tab) path() string {
	p.t.Helper()
	loc := run(p, chromedp.Location())
	u, err := url.Parse(loc)
	if err != nil {
		p.t.Fatalf("%s: location %q: %v", p.who, loc, err)
	}
	return u.Path
}

// publicPaths are where a link of a public page may lead on this server:
// the public site itself, the language switch (back to the same page),
// the stylesheet and the API description. Anything else — /, /dashboard,
// /commitments, /review, /admin/…, /units/…, /reconcile — is the signed-in
// site, which would only send an anonymous visitor to the login page.
var publicPaths = []string{"/public", "/lang/", "/static/", "/api/v1/openapi.json"}

// checkPublicPage checks what every public page must be for an anonymous
// visitor: no sign-out form, no link into the internal site, and, on a
// phone, nothing wider than the screen.
func checkPublicPage(t *testing.T, p *tab, vp viewport) {
	t.Helper()
	path := p.path()
	if p.has(`form[action="/logout"]`) {
		t.Errorf("%s: %s shows a sign-out form to an anonymous visitor", vp.name, path)
	}
	links := eval[[]string](p, `[...document.querySelectorAll('a[href]')]
		.filter(a => a.origin === location.origin).map(a => a.pathname)`)
	var internal []string
	for _, l := range links {
		ok := false
		for _, pre := range publicPaths {
			if strings.HasPrefix(l, pre) {
				ok = true
			}
		}
		if !ok {
			internal = append(internal, l)
		}
	}
	if len(internal) > 0 {
		t.Errorf("%s: %s links into the internal site: %q", vp.name, path, internal)
	}
	if vp.phone {
		if o := p.overflowing(); int64(o.InnerWidth) != vp.width || o.ScrollWidth > o.InnerWidth+1 {
			t.Errorf("%s: %s at %d px: scrollWidth %d, innerWidth %d; too wide: %v", vp.name, path, vp.width, o.ScrollWidth, o.InnerWidth, o.Wide)
		}
	}
}

// TestPublicSite visits the public site without signing in, on a phone and
// on a desktop screen: the index, the 2024 report of the demo government
// with its 为民实事 cards, a commitment with its source sentence and
// approved updates, the reconciliation with the 2025 report, a unit's page
// and the open-data downloads. It saves screenshots of the report, the
// commitment and the reconciliation for each screen.
func TestPublicSite(t *testing.T) {
	start := time.Now()
	b := newBrowser(t)
	e := newEnv(t)
	if e.res.Year != 2024 {
		t.Fatalf("the demo's plan year is %d, want 2024", e.res.Year)
	}
	byCode, approved := publicFacts(t, e)
	for _, vp := range viewports {
		t.Run(vp.name, func(t *testing.T) {
			vstart := time.Now()
			visitPublic(t, b, e, vp, byCode, approved)
			t.Logf("%s: public site visited in %v", vp.name, time.Since(vstart).Round(time.Millisecond))
		})
	}
	t.Logf("public site in the browser took %v", time.Since(start).Round(time.Millisecond))
}

// publicFacts reads, through the service, the demo report's commitments by
// code and the number of approved progress reports of each.
func publicFacts(t *testing.T, e *env) (map[string]supervise.Item, map[string]int) {
	t.Helper()
	ctx := context.Background()
	items, err := e.svc.Items(ctx, e.res.ReportID)
	if err != nil {
		t.Fatal(err)
	}
	byCode := map[string]supervise.Item{}
	approved := map[string]int{}
	for _, it := range items {
		if it.Kind != ledger.KindTarget {
			continue
		}
		byCode[it.Code] = it
		reps, err := e.st.ProgressReports(ctx, it.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range reps {
			if r.Status == ledger.ReportApproved {
				approved[it.Code]++
			}
		}
	}
	return byCode, approved
}

func visitPublic(t *testing.T, b *browser, e *env, vp viewport, byCode map[string]supervise.Item, approved map[string]int) {
	p := b.visitor(t, e, vp)
	base := fmt.Sprintf("/public/%s/%d", url.PathEscape(demo.Government), e.res.Year)

	// The index lists the demo government's years.
	p.open("/public")
	if lang := eval[string](p, `document.documentElement.lang`); lang != "zh-CN" {
		t.Fatalf("the pages are in %q, want zh-CN", lang)
	}
	if vp.phone {
		if dpr := eval[float64](p, `window.devicePixelRatio`); dpr != vp.scale {
			t.Errorf("device pixel ratio %v, want %v", dpr, vp.scale)
		}
	}
	checkPublicPage(t, p, vp)
	p.follow(fmt.Sprintf(`main a[href=%q]`, base), vp.phone)
	if got, want := p.path(), "/public/"+demo.Government+"/2024"; got != want {
		t.Fatalf("the index's 2024 link led to %s, want %s", got, want)
	}

	// The report: 为民实事 cards, each with a light, a progress bar and a
	// status.
	if got, want := p.text("main h1 + p.muted"), demo.Government+" · 2024"; !strings.HasPrefix(got, want) {
		t.Errorf("report page: %q under the heading, want it to start with %q", got, want)
	}
	if got := p.text("#practical h2"); got != "为民实事" {
		t.Errorf("the practical matters are headed %q, want 为民实事", got)
	}
	statusLabels := map[string]bool{}
	for _, s := range progress.Statuses {
		statusLabels[s.Label("zh")] = true
	}
	type card struct {
		Href   string `json:"href"`
		Title  string `json:"title"`
		Light  string `json:"light"`
		Bar    string `json:"bar"`
		Status string `json:"status"`
	}
	cards := eval[[]card](p, `[...document.querySelectorAll('#practical .pcard')].map(c => {
		const bar = c.querySelector('.bar > span'), light = c.querySelector('.light'), small = c.querySelector('small');
		return {href: c.getAttribute('href'), title: (c.querySelector('b') || {}).textContent || '',
			light: light ? light.className : '', bar: bar ? bar.style.width : '',
			status: small ? small.textContent.split('·')[0].trim() : ''};
	})`)
	if len(cards) < 10 {
		t.Fatalf("%d 为民实事 cards, want at least 10", len(cards))
	}
	for _, c := range cards {
		if c.Bar == "" || !strings.HasSuffix(c.Bar, "%") {
			t.Errorf("card %s %q: progress bar width %q", c.Href, c.Title, c.Bar)
		}
		if !statusLabels[c.Status] {
			t.Errorf("card %s %q: status %q is none of %v", c.Href, c.Title, c.Status, statusLabels)
		}
		if !strings.Contains(c.Light, "green") && !strings.Contains(c.Light, "yellow") && !strings.Contains(c.Light, "red") {
			t.Errorf("card %s %q: light %q", c.Href, c.Title, c.Light)
		}
	}
	checkPublicPage(t, p, vp)
	p.screenshot("public-report-" + vp.name)

	// A card whose commitment has a quantity in its source sentence and
	// approved updates.
	var pick card
	var it supervise.Item
	for _, c := range cards {
		code, err := url.PathUnescape(c.Href[strings.LastIndex(c.Href, "/c/")+3:])
		if err != nil {
			t.Fatal(err)
		}
		cand, ok := byCode[code]
		if ok && cand.Target != nil && cand.Target.Quantity != "" && strings.Contains(cand.Sentence, cand.Target.Quantity) && approved[code] > 0 {
			pick, it = c, cand
			break
		}
	}
	if pick.Href == "" {
		t.Fatal("no 为民实事 card has a quantity in its sentence and approved updates")
	}
	reportPath := p.path()
	p.follow(fmt.Sprintf(`#practical a.pcard[href=%q]`, pick.Href), vp.phone)
	if got := p.text("main h1"); got != it.Title {
		t.Errorf("commitment page %s: heading %q, want %q", pick.Href, got, it.Title)
	}
	if got := p.text("blockquote.source"); got != it.Sentence {
		t.Errorf("commitment page %s: source sentence %q, want %q", pick.Href, got, it.Sentence)
	}
	if got := p.text("blockquote.source mark"); got != it.Target.Quantity {
		t.Errorf("commitment page %s: highlighted %q, want the quantity %q", pick.Href, got, it.Target.Quantity)
	}
	if n := eval[int](p, `document.querySelectorAll('main .report').length`); n != approved[it.Code] {
		t.Errorf("commitment page %s: %d approved updates shown, want %d", pick.Href, n, approved[it.Code])
	}
	checkPublicPage(t, p, vp)
	p.screenshot("public-commitment-" + vp.name)

	// Back to the report, on to the reconciliation with 2025.
	// Back to the report by its address (a back navigation of the
	// phone emulation can wait for a load event that never comes).
	p.open(reportPath)
	if got := p.path(); got != reportPath {
		t.Fatalf("back from the commitment: at %s, want %s", got, reportPath)
	}
	p.follow(fmt.Sprintf(`main a[href=%q]`, base+"/reconcile"), vp.phone)
	verdictLabels := map[string]bool{}
	var want []string
	for _, v := range []reconcile.Verdict{reconcile.Exceeded, reconcile.Met, reconcile.Missed, reconcile.NotMentioned} {
		verdictLabels[v.Label("zh")] = true
		want = append(want, v.Label("zh"))
	}
	legend := eval[[]string](p, `[...document.querySelectorAll('ul.legend .verdict')].map(s => s.textContent.trim())`)
	if strings.Join(legend, " ") != strings.Join(want, " ") {
		t.Errorf("reconcile legend %q, want %q", legend, want)
	}
	rows := eval[[][]string](p, `[...document.querySelectorAll('table.reconcile tbody tr')]
		.map(tr => [...tr.querySelectorAll('.verdict')].map(s => s.textContent.trim()))`)
	if len(rows) == 0 {
		t.Fatal("the reconcile table has no rows")
	}
	seen := map[string]int{}
	for i, r := range rows {
		if len(r) != 1 || !verdictLabels[r[0]] {
			t.Errorf("reconcile row %d: verdicts %q, want one of %v", i+1, r, want)
			continue
		}
		seen[r[0]]++
	}
	for _, v := range want {
		if seen[v] == 0 {
			t.Errorf("no reconcile row is %s (rows per verdict: %v)", v, seen)
		}
	}
	checkPublicPage(t, p, vp)
	p.screenshot("public-reconcile-" + vp.name)

	// A unit from the 按单位 list.
	p.open(base)
	unitHref := eval[string](p, `(() => { const a = document.querySelector('#units a[href*="/units/"]'); return a ? a.getAttribute('href') : ''; })()`)
	if unitHref == "" {
		t.Fatal("the report page lists no unit under 按单位")
	}
	unit, err := url.PathUnescape(unitHref[strings.LastIndex(unitHref, "/")+1:])
	if err != nil {
		t.Fatal(err)
	}
	p.follow(fmt.Sprintf(`#units a[href=%q]`, unitHref), vp.phone)
	if got := p.text("main h1"); got != unit {
		t.Errorf("unit page heading %q, want %q", got, unit)
	}
	if n := eval[int](p, `document.querySelectorAll('main table.list tbody tr').length`); n == 0 {
		t.Errorf("the page of %s lists no commitment", unit)
	}
	checkPublicPage(t, p, vp)
	p.screenshot("public-unit-" + vp.name)

	// The open data the report links to.
	p.open(base)
	for _, d := range []struct{ name, ctype string }{
		{"ledger.csv", "text/csv"}, {"ledger.json", "application/json"}, {"feed.atom", "application/atom+xml"},
	} {
		href := eval[string](p, fmt.Sprintf(`(document.querySelector('main a[href$=%q]') || {}).href || ''`, "/"+d.name))
		if href == "" {
			t.Errorf("the report page has no link to %s", d.name)
			continue
		}
		checkDownload(t, href, d.name, d.ctype)
	}
}

// checkDownload fetches an open-data link without a session and checks
// its status, content type and that it parses.
func checkDownload(t *testing.T, href, name, ctype string) {
	t.Helper()
	resp, err := http.Get(href)
	if err != nil {
		t.Errorf("%s: %v", name, err)
		return
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Errorf("%s: %v", name, err)
		return
	}
	mt, params, err := mime.ParseMediaType(resp.Header.Get("Content-Type"))
	if resp.StatusCode != http.StatusOK || err != nil || mt != ctype {
		t.Errorf("%s: HTTP %d, Content-Type %q, want 200 and %s", name, resp.StatusCode, resp.Header.Get("Content-Type"), ctype)
		return
	}
	if cs, ok := params["charset"]; ok && !strings.EqualFold(cs, "utf-8") {
		t.Errorf("%s: charset %s", name, cs)
	}
	switch name {
	case "ledger.csv":
		recs, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(string(body), "\ufeff"))).ReadAll()
		if err != nil || len(recs) < 2 || recs[0][0] != "编码" {
			t.Errorf("%s: %d records, %v", name, len(recs), err)
		}
	case "ledger.json":
		var v struct {
			Government  string            `json:"government"`
			Commitments []json.RawMessage `json:"commitments"`
		}
		if err := json.Unmarshal(body, &v); err != nil || v.Government != demo.Government || len(v.Commitments) == 0 {
			t.Errorf("%s: government %q, %d commitments, %v", name, v.Government, len(v.Commitments), err)
		}
	case "feed.atom":
		var f struct {
			Entries []struct {
				Title string `xml:"title"`
			} `xml:"entry"`
		}
		if err := xml.Unmarshal(body, &f); err != nil || len(f.Entries) == 0 {
			t.Errorf("%s: %d entries, %v", name, len(f.Entries), err)
		}
	}
}
