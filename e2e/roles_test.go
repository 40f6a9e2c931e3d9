package e2e

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"ducha/demo"
	"ducha/ledger"
)

// roleCase is an account and the menu it must be given, written down by
// hand from the roles' rights: the administrator manages users and
// settings, the office (督查室) reviews, exports and evaluates, a leader
// reads, evaluates and drafts, a unit's reporter sees its own unit.
type roleCase struct {
	login string
	menu  []string // the paths of the header's menu, in order
}

// roleCases lists every role; unit is the reporter's unit page.
func roleCases(unit string) []roleCase {
	report := "/reports/%d/text"
	common := []string{"/dashboard", "/commitments", "/proposals", "/projects"}
	return []roleCase{
		{"admin", append(slices.Clone(common), "/review", report, "/reconcile", "/public", "/evaluation", "/draft",
			"/accountability", "/admin/users", "/admin/tokens", "/admin/settings", "/admin/audit", "/admin/outbox")},
		{"ducha", append(slices.Clone(common), "/review", report, "/reconcile", "/public", "/evaluation", "/draft", "/accountability")},
		{"leader", append(slices.Clone(common), report, "/reconcile", "/public", "/evaluation", "/draft", "/accountability")},
		{"unit01", append(slices.Clone(common), report, "/reconcile", "/public", "/units/"+url.PathEscape(unit), "/accountability")},
	}
}

// member opens a tab in a new browser context sized like vp (a phone is
// emulated as a mobile device with touch) and signs in as login.
func (b *browser) member(t *testing.T, e *env, login string, vp viewport) *tab {
	t.Helper()
	p := b.visitor(t, e, vp)
	p.who = login + " (" + vp.name + ")"
	p.login(login)
	return p
}

// layoutFacts is what checkInternalPage measures of a page.
type layoutFacts struct {
	Header    float64  `json:"header"`    // the height of the header and the report choice, px
	Viewport  float64  `json:"viewport"`  // the height of the viewport, px
	Cells     int      `json:"cells"`     // table cells
	Unlabeled []string `json:"unlabeled"` // cells without a data-label, by row and column
	Shown     []string `json:"shown"`     // a few labels as the phone shows them
}

// checkInternalPage checks what every internal page must be on screen vp:
// nothing wider than the screen, the header under a quarter of the first
// screen, and, on a phone, every table cell carrying its column's label
// and showing it.
func checkInternalPage(t *testing.T, p *tab, vp viewport, path string) layoutFacts {
	t.Helper()
	if o := p.overflowing(); int64(o.InnerWidth) != vp.width || o.ScrollWidth > o.InnerWidth {
		t.Errorf("%s: %s at %d px: scrollWidth %d, innerWidth %d; too wide: %v", p.who, path, vp.width,
			o.ScrollWidth, o.InnerWidth, o.Wide)
	}
	f := eval[layoutFacts](p, `(() => {
		const bottom = [...document.querySelectorAll('header.top, form.report-choice')]
			.reduce((m, el) => Math.max(m, el.getBoundingClientRect().bottom + window.scrollY), 0);
		const unlabeled = [], shown = [];
		const cells = [...document.querySelectorAll('main td')];
		cells.forEach((td, i) => {
			const l = (td.getAttribute('data-label') || '').trim();
			if (!l) {
				const tr = td.closest('tr'), table = td.closest('table');
				unlabeled.push((table.id || table.className || 'table') + ' row ' + ([...table.rows].indexOf(tr) + 1) +
					' cell ' + (td.cellIndex + 1) + ': ' + td.textContent.trim().slice(0, 20));
			}
			const before = getComputedStyle(td, '::before').content;
			if (shown.length < 3 && before && before !== 'none' && before !== 'normal') shown.push(before);
		});
		return {header: bottom, viewport: window.innerHeight, cells: cells.length, unlabeled: unlabeled.slice(0, 10), shown};
	})()`)
	if f.Header <= 0 || f.Header > f.Viewport/4 {
		t.Errorf("%s: %s: the header takes %.0f px of a %.0f px screen, more than a quarter", p.who, path, f.Header, f.Viewport)
	}
	if vp.phone {
		if len(f.Unlabeled) > 0 {
			t.Errorf("%s: %s: table cells without a label: %q", p.who, path, f.Unlabeled)
		}
		if f.Cells > 0 && len(f.Shown) == 0 {
			t.Errorf("%s: %s: %d table cells, none shows its label on a phone", p.who, path, f.Cells)
		}
	}
	return f
}

// TestRoles signs in as every role — the administrator, the office
// (ducha), a leader and a unit's reporter — on a phone (390×844) and on
// a desktop screen (1366×900), follows every entry of the role's menu and
// opens a commitment and a unit page besides: no page is wider than the
// screen, the header stays under a quarter of the first screen, and on
// the phone every table cell is labelled. A screenshot of every page is
// saved.
func TestRoles(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	var unit string
	for _, a := range e.res.Accounts {
		if a.Login == "unit01" {
			unit = a.Unit
		}
	}
	if unit == "" {
		t.Fatal("the demo has no account unit01")
	}
	// A commitment unit01's unit leads (a reporter may open it), with
	// approved progress so that its chart has points.
	items, err := e.svc.Items(ctx, e.res.ReportID)
	if err != nil {
		t.Fatal(err)
	}
	var own, other int64
	var ownCode string
	for _, it := range items {
		if it.Kind != ledger.KindTarget || it.LatestApproved == nil {
			continue
		}
		if it.Assignment.Lead == unit && own == 0 {
			own, ownCode = it.ID, it.Code
		}
		if it.Assignment.Lead != unit && it.Assignment.Lead != "" && other == 0 {
			other = it.ID
		}
	}
	if own == 0 || other == 0 {
		t.Fatalf("no commitment with approved progress led by %s (%d) or by another unit (%d)", unit, own, other)
	}
	// The public page of the same commitment draws its approved progress
	// too, for a visitor on a phone.
	t.Run("visitor/phone", func(t *testing.T) {
		b := newBrowser(t)
		p := b.visitor(t, e, roleViewports[0])
		path := fmt.Sprintf("/public/%s/%d/c/%s", url.PathEscape(demo.Government), e.res.Year, url.PathEscape(ownCode))
		p.open(path)
		if n := eval[int](p, `document.querySelectorAll('main svg.chart circle.dot').length`); n == 0 {
			t.Errorf("%s: no chart of approved progress", path)
		}
		checkInternalPage(t, p, roleViewports[0], path)
		shot(p, "role-visitor-phone-public-commitment")
	})
	for _, rc := range roleCases(unit) {
		want := make([]string, len(rc.menu))
		for i, m := range rc.menu {
			want[i] = strings.Replace(m, "%d", fmt.Sprint(e.res.ReportID), 1)
		}
		c := own
		if rc.login != "unit01" {
			c = other
		}
		pages := slices.DeleteFunc(slices.Clone(want), func(s string) bool { return s == "/public" })
		for _, extra := range []string{fmt.Sprintf("/commitments/%d", c), "/units/" + url.PathEscape(unit)} {
			if !slices.Contains(pages, extra) {
				pages = append(pages, extra)
			}
		}
		for _, vp := range roleViewports {
			// A browser for every few pages: each has the whole browser
			// timeout, which a busy machine needs.
			for part := range slices.Chunk(pages, 5) {
				t.Run(rc.login+"/"+vp.name, func(t *testing.T) {
					b := newBrowser(t)
					start := time.Now()
					p := b.member(t, e, rc.login, vp)
					menu := eval[[]string](p, `[...document.querySelectorAll('header.top nav a')].map(a => a.getAttribute('href'))`)
					if !slices.Equal(menu, want) {
						t.Errorf("%s: the menu is %q, want %q", p.who, menu, want)
					}
					for _, path := range part {
						p.open(path)
						checkInternalPage(t, p, vp, path)
						shot(p, fmt.Sprintf("role-%s-%s-%s", rc.login, vp.name, shotName(path)))
					}
					if rc.login == "unit01" && slices.Contains(part, "/reconcile") {
						checkLinksOpen(t, p, "/reconcile")
					}
					t.Logf("%s: %q in %v", p.who, part, time.Since(start).Round(time.Millisecond))
				})
			}
		}
	}
}

// roleViewports are the screens of TestRoles: the public test's phone at
// a device pixel ratio of 2 (its 3 makes every screenshot of a long page
// more than twice as slow to encode) and its desktop.
var roleViewports = []viewport{
	{name: "phone", width: 390, height: 844, scale: 2, phone: true},
	{name: "desktop", width: 1366, height: 900, scale: 1},
}

// shot saves a PNG screenshot of the page: the whole page, or only its
// first screen when the page is very long (the report's text, a long
// list), which would take most of the test's time to encode.
func shot(p *tab, name string) {
	p.t.Helper()
	var img []byte
	// Up to about five million pixels, the whole page.
	if eval[float64](p, `document.documentElement.scrollHeight * window.innerWidth * devicePixelRatio ** 2`) <= 5e6 {
		img = run(p, chromedp.FullScreenshot(100))
	} else {
		img = run(p, chromedp.CaptureScreenshot())
	}
	save(p, name, img)
	// The first chart of a long page, on its own.
	if p.has("main svg.chart") {
		save(p, name+"-chart", run(p, chromedp.Screenshot(chromedp.CSS("main svg.chart"))))
	}
}

func save(p *tab, name string, img []byte) {
	p.t.Helper()
	path := filepath.Join(screenshotDir(p.t), name+".png")
	if err := os.WriteFile(path, img, 0o644); err != nil {
		p.t.Fatal(err)
	}
	p.t.Logf("screenshot %s (%d bytes)", path, len(img))
}

// checkLinksOpen opens every link of the page at path to a commitment
// and fails on any that does not answer 200: a page links only to what
// its viewer may open.
func checkLinksOpen(t *testing.T, p *tab, path string) {
	t.Helper()
	p.open(path)
	links := eval[[]string](p, `[...new Set([...document.querySelectorAll('main a[href^="/commitments/"]')].map(a => a.getAttribute('href')))]`)
	var statuses []int
	for _, l := range links {
		statuses = append(statuses, eval[int](p, fmt.Sprintf(`(() => { const x = new XMLHttpRequest();
			x.open('GET', %q, false); x.send(); return x.status; })()`, l)))
	}
	for i, s := range statuses {
		if s != 200 {
			t.Errorf("%s: %s links to %s, which answers %d", p.who, path, links[i], s)
		}
	}
	t.Logf("%s: %s links to %d commitments, all open", p.who, path, len(links))
}

// shotName makes a file name of a path.
func shotName(path string) string {
	s := strings.Trim(path, "/")
	if u, err := url.PathUnescape(s); err == nil {
		s = u
	}
	return strings.NewReplacer("/", "-", "?", "-", "=", "-").Replace(s)
}
