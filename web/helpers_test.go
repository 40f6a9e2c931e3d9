package web_test

import (
	"bytes"
	"context"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"ducha/demo"
	"ducha/demo/demotest"
	"ducha/ledger"
	"ducha/notify"
	"ducha/store"
	"ducha/supervise"
	"ducha/web"
)

func TestMain(m *testing.M) { demotest.Main(m) }

// env is a running server over a copy of the demo database.
type env struct {
	t    testing.TB
	path string // the SQLite file
	st   store.DB
	svc  *supervise.Service
	srv  *web.Server
	http *httptest.Server
	res  demo.Result
	now  time.Time
}

func newEnv(t testing.TB, cfg web.Config) *env {
	path, res := demotest.DB(t)
	ctx := context.Background()
	st, err := store.Open(ctx, path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	e := &env{t: t, path: path, st: st, res: res, now: demo.AsOf}
	st.SetClock(func() time.Time { return e.now })
	e.svc = &supervise.Service{Store: st, Outbox: st, Now: func() time.Time { return e.now }, CacheFor: time.Nanosecond}
	e.srv, err = web.New(cfg, e.svc, nil)
	if err != nil {
		t.Fatal(err)
	}
	e.srv.Now = func() time.Time { return e.now }
	e.http = httptest.NewServer(e.srv.Handler())
	t.Cleanup(func() {
		e.http.Close()
		st.Close()
	})
	return e
}

// client is a browser-like client with cookies.
type client struct {
	e    *env
	c    *http.Client
	csrf string
}

func (e *env) client() *client {
	jar, _ := cookiejar.New(nil)
	return &client{e: e, c: &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error {
		return http.ErrUseLastResponse
	}}}
}

var csrfRE = regexp.MustCompile(`name="csrf_token" value="([^"]+)"`)

// get fetches a path and remembers the page's CSRF token.
func (c *client) get(path string) (*http.Response, string) {
	c.e.t.Helper()
	resp, err := c.c.Get(c.e.http.URL + path)
	if err != nil {
		c.e.t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if m := csrfRE.FindSubmatch(body); m != nil {
		c.csrf = string(m[1])
	}
	return resp, string(body)
}

// post sends a form with the client's CSRF token.
func (c *client) post(path string, form url.Values) (*http.Response, string) {
	c.e.t.Helper()
	if form == nil {
		form = url.Values{}
	}
	if form.Get("csrf_token") == "" && c.csrf != "" {
		form.Set("csrf_token", c.csrf)
	}
	resp, err := c.c.PostForm(c.e.http.URL+path, form)
	if err != nil {
		c.e.t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	return resp, string(body)
}

type file struct {
	name string
	data []byte
}

// postMultipart sends a multipart form with files in field "evidence".
func (c *client) postMultipart(path string, form url.Values, files ...file) (*http.Response, string) {
	c.e.t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	if form == nil {
		form = url.Values{}
	}
	if form.Get("csrf_token") == "" {
		form.Set("csrf_token", c.csrf)
	}
	for k, vs := range form {
		for _, v := range vs {
			mw.WriteField(k, v)
		}
	}
	for _, f := range files {
		w, _ := mw.CreateFormFile("evidence", f.name)
		w.Write(f.data)
	}
	mw.Close()
	req, _ := http.NewRequest("POST", c.e.http.URL+path, &buf)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	resp, err := c.c.Do(req)
	if err != nil {
		c.e.t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	return resp, string(body)
}

// api sends a JSON request with the session cookie (and CSRF header) or
// a bearer token.
func (c *client) api(method, path, body, token string) (*http.Response, string) {
	c.e.t.Helper()
	req, _ := http.NewRequest(method, c.e.http.URL+path, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	} else if c.csrf != "" {
		req.Header.Set("X-CSRF-Token", c.csrf)
	}
	resp, err := c.c.Do(req)
	if err != nil {
		c.e.t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	return resp, string(b)
}

// login signs in as a demo account.
func (c *client) login(login string) {
	c.e.t.Helper()
	c.get("/login")
	resp, body := c.post("/login", url.Values{"login": {login}, "password": {demo.Password}})
	if resp.StatusCode != http.StatusSeeOther {
		c.e.t.Fatalf("login %s: %d\n%s", login, resp.StatusCode, body)
	}
	c.get("/dashboard")
}

// account returns the demo account of a role or unit.
func (e *env) account(pred func(demo.Account) bool) demo.Account {
	for _, a := range e.res.Accounts {
		if pred(a) {
			return a
		}
	}
	e.t.Fatal("no such demo account")
	return demo.Account{}
}

func (e *env) reporterOf(unit string) demo.Account {
	return e.account(func(a demo.Account) bool { return a.Unit == unit })
}

// commitment returns the first target of the demo report matching pred.
func (e *env) commitment(pred func(supervise.Item) bool) supervise.Item {
	e.t.Helper()
	items, err := e.svc.Items(context.Background(), e.res.ReportID)
	if err != nil {
		e.t.Fatal(err)
	}
	for _, it := range items {
		if it.Kind == ledger.KindTarget && pred(it) {
			return it
		}
	}
	e.t.Fatal("no such commitment")
	return supervise.Item{}
}

var _ = notify.ChannelEmail
