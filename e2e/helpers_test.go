package e2e

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"ducha/demo"
	"ducha/demo/demotest"
	"ducha/store"
	"ducha/supervise"
	"ducha/web"
)

// testTimeout bounds one browser test, from starting Chromium to the last
// screenshot. The browser tests run side by side on two cores, with
// full-page phone screenshots: three minutes leaves room for a busy
// machine while a hung browser still fails the test.
const testTimeout = 180 * time.Second

func TestMain(m *testing.M) { demotest.Main(m) }

// env is the real server on 127.0.0.1 over a fresh copy of the demo
// database, its service and server clocks fixed at demo.AsOf.
type env struct {
	t   testing.TB
	st  store.DB
	svc *supervise.Service
	url string
	res demo.Result
}

func newEnv(t testing.TB) *env {
	t.Helper()
	path, res := demotest.DB(t)
	ctx := context.Background()
	st, err := store.Open(ctx, path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	now := func() time.Time { return demo.AsOf }
	svc := &supervise.Service{Store: st, Outbox: st, Now: now, CacheFor: time.Nanosecond}
	srv, err := web.New(web.Config{}, svc, nil)
	if err != nil {
		st.Close()
		t.Fatal(err)
	}
	srv.Now = now
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		st.Close()
		t.Fatal(err)
	}
	hs := httptest.NewUnstartedServer(srv.Handler())
	hs.Listener.Close()
	hs.Listener = ln
	hs.Start()
	t.Cleanup(func() {
		hs.Close()
		st.Close()
	})
	return &env{t: t, st: st, svc: svc, url: hs.URL, res: res}
}

// chromiumPath finds Debian's Chromium: /usr/bin/chromium, else chromium
// on PATH; "" when there is none.
func chromiumPath() string {
	if fi, err := os.Stat("/usr/bin/chromium"); err == nil && !fi.IsDir() {
		return "/usr/bin/chromium"
	}
	if p, err := exec.LookPath("chromium"); err == nil {
		return p
	}
	return ""
}

// browser is one headless Chromium for a test; each user signs in in a
// browser context of their own, so their cookies do not mix.
type browser struct {
	t   testing.TB
	ctx context.Context // the first tab; owns the browser
}

// newBrowser starts Chromium, or skips the test when there is none
// (fails it when DUCHA_REQUIRE_BROWSER=1). The browser and every tab end
// with the test or after testTimeout.
func newBrowser(t testing.TB) *browser {
	t.Helper()
	path := chromiumPath()
	if path == "" {
		if os.Getenv("DUCHA_REQUIRE_BROWSER") == "1" {
			t.Fatal("Chromium not found (/usr/bin/chromium or chromium on PATH) and DUCHA_REQUIRE_BROWSER=1")
		}
		t.Skip("Chromium not found (/usr/bin/chromium or chromium on PATH); set DUCHA_REQUIRE_BROWSER=1 to fail instead")
	}
	tctx, cancelTimeout := context.WithTimeout(context.Background(), testTimeout)
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path),
		// As root in a container: no sandbox, no GPU, a small /dev/shm.
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.WindowSize(1280, 900),
		// The pages are in the language the browser asks for.
		chromedp.Flag("lang", "zh-CN"),
		chromedp.Flag("accept-lang", "zh-CN,zh"),
	)
	actx, cancelAlloc := chromedp.NewExecAllocator(tctx, opts...)
	ctx, cancelBrowser := chromedp.NewContext(actx, chromedp.WithErrorf(t.Logf))
	t.Cleanup(func() {
		cancelBrowser()
		cancelAlloc()
		cancelTimeout()
	})
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("starting %s: %v", path, err)
	}
	return &browser{t: t, ctx: ctx}
}

// user opens a tab in a new browser context (a fresh cookie jar).
func (b *browser) user(e *env, who string) *tab {
	b.t.Helper()
	ctx, cancel := chromedp.NewContext(b.ctx, chromedp.WithNewBrowserContext())
	b.t.Cleanup(cancel)
	p := &tab{t: b.t, ctx: ctx, base: e.url, who: who}
	p.do(chromedp.EmulateViewport(1280, 900))
	return p
}

// tab is one user's browser tab.
type tab struct {
	t    testing.TB
	ctx  context.Context
	base string
	who  string
}

func (p *tab) do(actions ...chromedp.Action[chromedp.Void]) {
	p.t.Helper()
	if err := chromedp.Do(p.ctx, actions...); err != nil {
		p.t.Fatalf("%s: %v", p.who, err)
	}
}

// run runs an action that returns a value.
func run[T any](p *tab, a chromedp.Action[T]) T {
	p.t.Helper()
	v, err := chromedp.Run(p.ctx, a)
	if err != nil {
		p.t.Fatalf("%s: %v", p.who, err)
	}
	return v
}

// eval evaluates JavaScript in the page.
func eval[T any](p *tab, js string) T {
	p.t.Helper()
	return run(p, chromedp.Evaluate[T](js))
}

// open navigates to a path of the server and waits for the page.
func (p *tab) open(path string) {
	p.t.Helper()
	resp, err := chromedp.Run(p.ctx, chromedp.NavigateResponse(p.base+path))
	if err != nil {
		p.t.Fatalf("%s: open %s: %v", p.who, path, err)
	}
	if resp.Status != http.StatusOK {
		p.t.Fatalf("%s: open %s: HTTP %d\n%s", p.who, path, resp.Status, p.text("main"))
	}
}

// press clicks a button that submits a form and waits for the page the
// server answers with (after its redirect); it must be a 200.
func (p *tab) press(sel string) {
	p.t.Helper()
	resp, err := chromedp.RunResponse(p.ctx, chromedp.Click(chromedp.CSS(sel), chromedp.NodeVisible))
	if err != nil {
		p.t.Fatalf("%s: click %s: %v", p.who, sel, err)
	}
	if resp.Status != http.StatusOK {
		p.t.Fatalf("%s: click %s: HTTP %d at %s\n%s", p.who, sel, resp.Status, resp.URL, p.text("main"))
	}
}

// text is the visible text of the first element matching a CSS selector;
// it waits for the element.
func (p *tab) text(sel string) string {
	p.t.Helper()
	return strings.TrimSpace(run(p, chromedp.Text(chromedp.CSS(sel))))
}

// has reports whether an element matches a CSS selector now.
func (p *tab) has(sel string) bool {
	p.t.Helper()
	return eval[bool](p, fmt.Sprintf("document.querySelector(%q) !== null", sel))
}

// flash returns the message the last action left on the page: "ok: …"
// or "err: …", "" if none.
func (p *tab) flash() string {
	p.t.Helper()
	return eval[string](p, `(() => { const f = document.querySelector('main .flash');
		return f ? (f.classList.contains('err') ? 'err: ' : 'ok: ') + f.innerText.trim() : ''; })()`)
}

// expectFlash fails unless the page shows a success message containing
// want.
func (p *tab) expectFlash(want string) {
	p.t.Helper()
	if got := p.flash(); got != "ok: "+want && !strings.HasPrefix(got, "ok: "+want) {
		p.t.Fatalf("%s: flash %q, want %q", p.who, got, "ok: "+want)
	}
}

// login signs in through the login form.
func (p *tab) login(login string) {
	p.t.Helper()
	p.open("/login")
	p.do(
		chromedp.SendKeys(chromedp.CSS(`input[name=login]`), login),
		chromedp.SendKeys(chromedp.CSS(`input[name=password]`), demo.Password),
	)
	p.press(`.login button[type=submit]`)
	if !p.has(`form[action="/logout"]`) {
		p.t.Fatalf("%s: not signed in as %s: %s", p.who, login, p.text("main"))
	}
}

// screenshotDir is $DUCHA_SCREENSHOTS, else e2e/screenshots.
func screenshotDir(t testing.TB) string {
	t.Helper()
	dir := os.Getenv("DUCHA_SCREENSHOTS")
	if dir == "" {
		dir = "screenshots"
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		t.Fatal(err)
	}
	return abs
}

// screenshot saves a full-page PNG of the current page and logs its path.
func (p *tab) screenshot(name string) string {
	p.t.Helper()
	png := run(p, chromedp.FullScreenshot(100))
	path := filepath.Join(screenshotDir(p.t), name+".png")
	if err := os.WriteFile(path, png, 0o644); err != nil {
		p.t.Fatal(err)
	}
	p.t.Logf("screenshot %s (%d bytes)", path, len(png))
	return path
}

// overflow is what sticks out to the right of the viewport.
type overflow struct {
	ScrollWidth int      `json:"scrollWidth"`
	InnerWidth  int      `json:"innerWidth"`
	Wide        []string `json:"wide"`
}

// overflowing measures the page against the viewport and lists the
// deepest elements whose right edge passes it.
func (p *tab) overflowing() overflow {
	p.t.Helper()
	return eval[overflow](p, `(() => {
		const w = window.innerWidth, wide = [];
		for (const el of document.querySelectorAll('body *')) {
			const r = el.getBoundingClientRect();
			if (r.right > w + 1 && ![...el.children].some(c => c.getBoundingClientRect().right > w + 1)) {
				wide.push(el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
					(el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\s+/).join('.') : '') +
					' ' + Math.round(r.right) + 'px');
			}
			if (wide.length >= 10) break;
		}
		return {scrollWidth: document.documentElement.scrollWidth, innerWidth: w, wide};
	})()`)
}
