package web_test

import (
	"context"
	"database/sql"
	"io"
	"net/http"
	"net/netip"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"ducha/demo"
	"ducha/supervise"
	"ducha/web"
)

// TestLockoutIsPerAccount: failures of one account from an address lock
// that account there, not every account signing in from the address.
func TestLockoutIsPerAccount(t *testing.T) {
	e := newEnv(t, web.Config{})
	c := e.client()
	c.get("/login")
	for i := 0; i < 5; i++ {
		if resp, _ := c.post("/login", url.Values{"login": {"ducha"}, "password": {"wrong-password-" + strconv.Itoa(i)}}); resp.StatusCode != http.StatusUnauthorized {
			t.Fatalf("attempt %d: %d", i+1, resp.StatusCode)
		}
	}
	if resp, _ := c.post("/login", url.Values{"login": {"ducha"}, "password": {demo.Password}}); resp.StatusCode != http.StatusTooManyRequests {
		t.Errorf("the locked account with the right password: %d, want 429", resp.StatusCode)
	} else if resp.Header.Get("Retry-After") == "" {
		t.Errorf("429 without Retry-After")
	}
	other := e.client()
	other.get("/login")
	if resp, body := other.post("/login", url.Values{"login": {"leader"}, "password": {demo.Password}}); resp.StatusCode != http.StatusSeeOther {
		t.Errorf("another account from the same address: %d, want a sign-in\n%.300s", resp.StatusCode, body)
	}
}

// TestTrustedProxy: behind a configured proxy the client is the
// forwarded address; without one, the forwarded headers are ignored.
func TestTrustedProxy(t *testing.T) {
	fromClient := func(c *client, addr, login, pw string) int {
		req, _ := http.NewRequest("POST", c.e.http.URL+"/login", strings.NewReader(url.Values{
			"login": {login}, "password": {pw}, "csrf_token": {c.csrf}}.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("X-Forwarded-For", "198.51.100.1, "+addr)
		resp, err := c.c.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		return resp.StatusCode
	}
	for _, trusted := range []bool{true, false} {
		cfg := web.Config{}
		if trusted {
			cfg.TrustedProxies = []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8"), netip.MustParsePrefix("::1/128")}
		}
		e := newEnv(t, cfg)
		c := e.client()
		c.get("/login")
		for i := 0; i < 5; i++ {
			fromClient(c, "203.0.113.5", "ducha", "wrong-password")
		}
		got := fromClient(c, "203.0.113.77", "ducha", demo.Password)
		switch {
		case trusted && got != http.StatusSeeOther:
			t.Errorf("behind a trusted proxy, the account from another client: %d, want a sign-in", got)
		case !trusted && got != http.StatusTooManyRequests:
			t.Errorf("X-Forwarded-For from an untrusted peer was believed: %d, want 429", got)
		}
	}
}

// TestOpenRedirect: next= may only name a path of this site, in every form
// browsers normalise to another origin.
func TestOpenRedirect(t *testing.T) {
	e := newEnv(t, web.Config{})
	evil := []string{
		"//evil.example", "/\\evil.example", "\\\\evil.example", "/\t/evil.example", "/\n/evil.example", "/\r/evil.example",
		"\t//evil.example", " //evil.example", "/%09/evil.example", "%2F%2Fevil.example", "/%2F/evil.example", "/%5Cevil.example",
		"%5C%5Cevil.example", "https://evil.example", "https:evil.example", "http:/evil.example", "javascript:alert(1)",
		"JavaScript:alert(1)", "java\tscript:alert(1)", "data:text/html,<script>alert(1)</script>", "/\\/evil.example",
		"//evil.example/%2e%2e", "/%2f%2fevil.example", "///evil.example", "\\/evil.example", "/\x00/evil.example",
		"evil.example", "./x", "?x=1",
	}
	ok := map[string]string{
		"/dashboard":               "/dashboard",
		"/commitments?state=new":   "/commitments?state=new",
		"/public/示例区/2024":         "/public/%E7%A4%BA%E4%BE%8B%E5%8C%BA/2024",
		"/commitments/12#reports":  "/commitments/12#reports",
		"/public/a%2Fb":            "/public/a%2Fb",
		"/commitments?next=//evil": "/commitments?next=//evil",
	}
	check := func(route, next, loc string, good bool) {
		t.Helper()
		if good {
			if want := ok[next]; loc != want {
				t.Errorf("%s next=%q: Location %q, want %q", route, next, loc, want)
			}
			return
		}
		u, err := url.Parse(loc)
		if err != nil || u.Scheme != "" || u.Host != "" || !strings.HasPrefix(loc, "/") || strings.HasPrefix(loc, "//") ||
			strings.ContainsAny(loc, "\\\t\r\n\x00") || strings.Contains(strings.ToLower(loc), "evil") {
			t.Errorf("%s next=%q: Location %q leaves the site", route, next, loc)
		}
	}
	// location sends a request without following or parsing its answer
	// (Go's client refuses a Location with a control character, a
	// browser does not).
	location := func(c *client, method, path string, form url.Values) string {
		t.Helper()
		var body io.Reader
		if form != nil {
			form.Set("csrf_token", c.csrf)
			body = strings.NewReader(form.Encode())
		}
		req, _ := http.NewRequest(method, e.http.URL+path, body)
		if form != nil {
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		}
		for _, ck := range c.c.Jar.Cookies(mustURL(e.http.URL)) {
			req.AddCookie(ck)
		}
		resp, err := http.DefaultTransport.RoundTrip(req)
		if err != nil {
			t.Fatal(err)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("%s %s: %d, want a redirect", method, path, resp.StatusCode)
		}
		return resp.Header.Get("Location")
	}
	c := e.client()
	for next := range ok {
		check("/lang/en", next, location(c, "GET", "/lang/en?next="+url.QueryEscape(next), nil), true)
	}
	for _, next := range evil {
		check("/lang/en", next, location(c, "GET", "/lang/en?next="+url.QueryEscape(next), nil), false)
	}
	// Raw in the query too, as a link would carry it.
	for _, raw := range []string{"%2F%09%2Fevil.example", "/%09/evil.example", "%2F%5Cevil.example", "%09//evil.example"} {
		check("/lang/en", raw, location(c, "GET", "/lang/en?next="+raw, nil), false)
	}
	for next := range ok {
		c := e.client()
		c.get("/login?next=" + url.QueryEscape(next))
		check("/login", next, location(c, "POST", "/login", url.Values{"login": {"leader"}, "password": {demo.Password}, "next": {next}}), true)
	}
	for _, next := range evil {
		c := e.client()
		_, page := c.get("/login?next=" + url.QueryEscape(next))
		if i := strings.Index(page, `name="next" value="`); i < 0 || !strings.HasPrefix(page[i+len(`name="next" value="`):], `"`) {
			t.Errorf("/login?next=%q: the form carries it on", next)
		}
		check("/login", next, location(c, "POST", "/login", url.Values{"login": {"leader"}, "password": {demo.Password}, "next": {next}}), false)
	}
}

// TestAnonymousRequestsStoreNoSession: the public site, open data, the
// feed, the API description and the login form write no session.
func TestAnonymousRequestsStoreNoSession(t *testing.T) {
	e := newEnv(t, web.Config{})
	refs, err := e.svc.Reports(context.Background())
	if err != nil || len(refs) == 0 {
		t.Fatal(err)
	}
	pub := "/public/" + url.PathEscape(refs[0].Government.Name) + "/" + strconv.Itoa(refs[0].Year)
	it := e.commitment(func(it supervise.Item) bool { return it.Assignment.Lead != "" })
	paths := []string{"/public", pub, pub + "/c/" + url.PathEscape(it.Code), pub + "/units/" + url.PathEscape(it.Assignment.Lead),
		pub + "/reconcile", pub + "/text", pub + "/ledger.json", pub + "/ledger.csv", pub + "/feed.atom",
		"/api/v1/openapi.json", "/login", "/lang/en?next=/public", "/dashboard", "/healthz"}
	db, err := sql.Open("sqlite", e.path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	rows := func() int {
		var n int
		if err := db.QueryRow(`SELECT count(*) FROM sessions`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	before := rows()
	for i := 0; i < 1000; i++ {
		p := paths[i%len(paths)]
		resp, err := http.Get(e.http.URL + p) // no cookie jar: a new visitor each time
		if err != nil {
			t.Fatal(err)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if resp.StatusCode >= 400 {
			t.Fatalf("%s: %d", p, resp.StatusCode)
		}
		for _, ck := range resp.Cookies() {
			if ck.Name == "ducha_session" {
				t.Fatalf("%s set a session cookie", p)
			}
		}
	}
	if n := rows() - before; n != 0 {
		t.Errorf("1,000 cookieless GETs added %d session rows, want 0", n)
	}
	// The login form still works, and only signing in makes a session.
	c := e.client()
	c.login("leader")
	if n := rows() - before; n != 1 {
		t.Errorf("a sign-in added %d session rows, want 1", n)
	}
}

// TestLoginFormCSRF: the login form's token is bound to the browser that
// got the form: a missing, forged or other browser's token is refused.
func TestLoginFormCSRF(t *testing.T) {
	e := newEnv(t, web.Config{})
	a, b := e.client(), e.client()
	a.get("/login")
	b.get("/login")
	if a.csrf == "" || a.csrf == b.csrf {
		t.Fatalf("login form tokens %q %q", a.csrf, b.csrf)
	}
	for name, tok := range map[string]string{"missing": "-", "forged": "x.y", "another browser's": b.csrf} {
		resp, _ := a.post("/login", url.Values{"login": {"leader"}, "password": {demo.Password}, "csrf_token": {tok}})
		if resp.StatusCode != http.StatusForbidden {
			t.Errorf("%s token: %d, want 403", name, resp.StatusCode)
		}
	}
	resp, _ := a.post("/login", url.Values{"login": {"leader"}, "password": {demo.Password}})
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("the form's own token: %d", resp.StatusCode)
	}
	// Signed in, the session's token is used (the login form's is not).
	a.get("/dashboard")
	if resp, _ := a.post("/logout", nil); resp.StatusCode != http.StatusSeeOther {
		t.Errorf("logout with the session's token: %d", resp.StatusCode)
	}
}

// TestBodyTooLarge: a JSON body over the API's limit is 413, not a
// parse error.
func TestBodyTooLarge(t *testing.T) {
	e := newEnv(t, web.Config{MaxUploadBytes: 4 << 20})
	f := setUp(t, e)
	c := e.client()
	c.login(e.reporterOf(f.lead).Login)
	path := "/api/v1/commitments/" + strconv.FormatInt(f.c.ID, 10) + "/progress"
	big := `{"narrative":"` + strings.Repeat("进", 1<<19) + `"}` // 1.5 MiB
	resp, body := c.api("POST", path, big, "")
	if resp.StatusCode != http.StatusRequestEntityTooLarge || !strings.Contains(body, `"too_large"`) {
		t.Errorf("a 1.5 MiB JSON body: %d %.200s, want 413 too_large", resp.StatusCode, body)
	}
	resp, body = c.api("POST", path, `{"narrative":"x"}`+strings.Repeat(" ", 2<<20), "")
	if resp.StatusCode != http.StatusRequestEntityTooLarge {
		t.Errorf("a small JSON value padded over the limit: %d %.200s, want 413", resp.StatusCode, body)
	}
	resp, body = c.api("POST", path, `{"narrative":"x"} {"narrative":"y"}`, "")
	if resp.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("two JSON values: %d %.200s, want 422", resp.StatusCode, body)
	}
	// A form over the request limit, whoever reads it.
	for _, hdr := range []bool{false, true} {
		req, _ := http.NewRequest("POST", e.http.URL+"/commitments/"+strconv.FormatInt(f.c.ID, 10)+"/comments",
			strings.NewReader("csrf_token="+url.QueryEscape(c.csrf)+"&body="+strings.Repeat("x", 5<<20)))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		if hdr {
			req.Header.Set("X-CSRF-Token", c.csrf)
		}
		resp, err := c.c.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusRequestEntityTooLarge {
			t.Errorf("a 5 MiB form (token in header: %v): %d, want 413", hdr, resp.StatusCode)
		}
	}
}

// TestHSTS: Strict-Transport-Security with secure cookies only.
func TestHSTS(t *testing.T) {
	for _, secure := range []bool{false, true} {
		e := newEnv(t, web.Config{SecureCookies: secure})
		resp, err := http.Get(e.http.URL + "/public")
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		got := resp.Header.Get("Strict-Transport-Security")
		want := ""
		if secure {
			want = "max-age=31536000; includeSubDomains"
		}
		if got != want {
			t.Errorf("secure cookies %v: Strict-Transport-Security %q, want %q", secure, got, want)
		}
		// Behind HTTPS the login form's cookie cannot be planted by a
		// subdomain (__Host-: Secure, Path=/, no Domain).
		resp, err = http.Get(e.http.URL + "/login")
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		var form *http.Cookie
		for _, ck := range resp.Cookies() {
			form = ck
		}
		wantName := "ducha_form"
		if secure {
			wantName = "__Host-ducha_form"
		}
		if form == nil || form.Name != wantName || form.Secure != secure || form.Path != "/" || form.Domain != "" || !form.HttpOnly {
			t.Errorf("secure cookies %v: login form cookie %+v, want %s", secure, form, wantName)
		}
	}
}

var _ = time.Second
