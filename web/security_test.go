package web_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"ducha/access"
	"ducha/ledger"
	"ducha/supervise"
	"ducha/web"
)

func TestCSRF(t *testing.T) {
	e := newEnv(t, web.Config{})
	f := setUp(t, e)
	c := e.client()
	c.login(e.reporterOf(f.lead).Login)
	path := "/commitments/" + strconv.FormatInt(f.c.ID, 10) + "/comments"
	before, _ := e.st.Comments(context.Background(), f.c.ID)
	for name, tok := range map[string]string{"missing": "", "wrong": "not-the-token"} {
		form := url.Values{"body": {"伪造请求"}}
		if tok != "" {
			form.Set("csrf_token", tok)
		}
		saved := c.csrf
		c.csrf = ""
		resp, _ := c.post(path, form)
		c.csrf = saved
		if resp.StatusCode != http.StatusForbidden {
			t.Errorf("%s CSRF token: status %d, want 403", name, resp.StatusCode)
		}
	}
	// The API with a session cookie needs the header as well.
	saved := c.csrf
	c.csrf = ""
	resp, body := c.api("POST", "/api/v1/commitments/"+strconv.FormatInt(f.c.ID, 10)+"/progress", `{"narrative":"x"}`, "")
	c.csrf = saved
	if resp.StatusCode != http.StatusForbidden || !strings.Contains(body, `"csrf"`) {
		t.Errorf("API without CSRF header: %d %s", resp.StatusCode, body)
	}
	// A session's token does not work for another session.
	other := e.client()
	other.login("leader")
	form := url.Values{"body": {"跨会话"}, "csrf_token": {c.csrf}}
	other.csrf = ""
	if resp, _ := other.post(path, form); resp.StatusCode != http.StatusForbidden {
		t.Errorf("another session's token: %d, want 403", resp.StatusCode)
	}
	after, _ := e.st.Comments(context.Background(), f.c.ID)
	if len(after) != len(before) {
		t.Errorf("forged requests stored %d comments", len(after)-len(before))
	}
}

// TestStoredXSS: what units type is shown as text on every page that shows it.
func TestStoredXSS(t *testing.T) {
	e := newEnv(t, web.Config{})
	f := setUp(t, e)
	unit := e.client()
	unit.login(e.reporterOf(f.lead).Login)
	id := strconv.FormatInt(f.c.ID, 10)
	evil := `完成学位建设<script>alert("xss")</script><img src=x onerror=alert(1)>"'`
	resp, body := unit.postMultipart("/commitments/"+id+"/progress", url.Values{
		"period": {"2024-09"}, "value": {f.c.LatestApproved.Value}, "narrative": {evil}, "problems": {evil},
		"action": {"submit"},
	})
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("submit: %d %s", resp.StatusCode, body)
	}
	unit.post("/commitments/"+id+"/comments", url.Values{"body": {evil}}) // not allowed for the lead: ignored
	coop := e.client()
	coop.login(e.reporterOf(f.coop).Login)
	coop.post("/commitments/"+id+"/comments", url.Values{"body": {evil}})
	office := e.client()
	office.login("ducha")
	for _, path := range []string{"/commitments/" + id, "/review", "/dashboard", "/commitments?q=" + url.QueryEscape("学位")} {
		_, page := office.get(path)
		if strings.Contains(page, "<script>alert") || strings.Contains(page, "<img src=x") {
			t.Errorf("%s shows the narrative unescaped", path)
		}
	}
	_, page := office.get("/commitments/" + id)
	if !strings.Contains(page, "完成学位建设&lt;script&gt;alert(&#34;xss&#34;)&lt;/script&gt;") {
		t.Errorf("commitment page does not show the escaped narrative")
	}
	_, js := office.api("GET", "/api/v1/commitments/"+id, "", "")
	if strings.Contains(js, "<script>") {
		t.Errorf("API returns raw <script> (want \\u003c escapes): %.200s", js)
	}
	var parsed map[string]any
	if err := json.Unmarshal([]byte(js), &parsed); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(js, `\u003cscript\u003e`) {
		t.Errorf("API lost the narrative")
	}
}

func TestUploads(t *testing.T) {
	e := newEnv(t, web.Config{MaxUploadBytes: 12 << 20})
	f := setUp(t, e)
	unit := e.client()
	unit.login(e.reporterOf(f.lead).Login)
	id := strconv.FormatInt(f.c.ID, 10)
	path := "/commitments/" + id + "/reports/" + strconv.FormatInt(f.rid, 10) + "/evidence"
	count := func() int {
		reps, _ := e.st.ProgressReports(context.Background(), f.c.ID)
		n := 0
		for _, r := range reps {
			n += len(r.Evidence)
		}
		return n
	}
	start := count()
	cases := []struct {
		name   string
		file   file
		status int
		msg    string
	}{
		{"exe renamed pdf", file{"报告.pdf", append([]byte("MZ\x90\x00"), make([]byte, 100)...)}, 303, "不符"},
		{"html as png", file{"图.png", []byte("<html><script>alert(1)</script></html>")}, 303, "不符"},
		{"unknown type", file{"run.sh", []byte("#!/bin/sh\nrm -rf /\n")}, 303, "不受支持"},
		{"svg", file{"图.svg", []byte(`<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>`)}, 303, "不受支持"},
		{"empty", file{"空.pdf", nil}, 303, "空文件"},
		{"over 10 MB", file{"大.pdf", append([]byte("%PDF-1.7\n"), bytes.Repeat([]byte("a"), 11<<20)...)}, 303, "上限"},
		{"over the request limit", file{"巨大.pdf", append([]byte("%PDF-1.7\n"), bytes.Repeat([]byte("a"), 13<<20)...)}, 413, ""},
	}
	for _, tc := range cases {
		resp, body := unit.postMultipart(path, nil, tc.file)
		if resp.StatusCode != tc.status {
			t.Errorf("%s: status %d, want %d\n%.300s", tc.name, resp.StatusCode, tc.status, body)
			continue
		}
		if tc.msg != "" {
			_, page := unit.get("/commitments/" + id)
			if !strings.Contains(page, tc.msg) {
				t.Errorf("%s: page does not say %q", tc.name, tc.msg)
			}
		}
	}
	if n := count(); n != start {
		t.Errorf("rejected uploads stored %d files", n-start)
	}
	resp, _ := unit.postMultipart(path, nil, file{"验收报告.pdf", []byte("%PDF-1.7\n1 0 obj\n<<>>\nendobj\n")})
	if resp.StatusCode != http.StatusSeeOther || count() != start+1 {
		t.Errorf("a good PDF was not stored: %d", resp.StatusCode)
	}
	// Served as an attachment with its type, never inline HTML.
	reps, _ := e.st.ProgressReports(context.Background(), f.c.ID)
	var eid int64
	for _, r := range reps {
		for _, ev := range r.Evidence {
			if ev.Name == "验收报告.pdf" {
				eid = ev.ID
			}
		}
	}
	r2, err := unit.c.Get(e.http.URL + "/commitments/" + id + "/evidence/" + strconv.FormatInt(eid, 10))
	if err != nil {
		t.Fatal(err)
	}
	r2.Body.Close()
	if r2.Header.Get("Content-Type") != "application/pdf" || !strings.HasPrefix(r2.Header.Get("Content-Disposition"), "attachment") {
		t.Errorf("evidence served as %q, %q", r2.Header.Get("Content-Type"), r2.Header.Get("Content-Disposition"))
	}
}

func TestSessionExpiry(t *testing.T) {
	e := newEnv(t, web.Config{IdleTimeout: 2 * time.Second, SessionLifetime: time.Hour})
	c := e.client()
	c.login("ducha")
	if resp, _ := c.get("/dashboard"); resp.StatusCode != 200 {
		t.Fatalf("signed in: %d", resp.StatusCode)
	}
	time.Sleep(3500 * time.Millisecond) // the store keeps expiries to the second
	resp, _ := c.get("/dashboard")
	if resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(resp.Header.Get("Location"), "/login") {
		t.Errorf("after the idle timeout: %d %s, want a redirect to /login", resp.StatusCode, resp.Header.Get("Location"))
	}
	if resp, _ := c.api("GET", "/api/v1/me", "", ""); resp.StatusCode != 401 {
		t.Errorf("API after the idle timeout: %d, want 401", resp.StatusCode)
	}
	// Signing out ends the session on the server, not only in the browser.
	c2 := e.client()
	c2.login("ducha")
	cookies := c2.c.Jar.Cookies(mustURL(e.http.URL))
	c2.post("/logout", nil)
	replay := e.client()
	replay.c.Jar.SetCookies(mustURL(e.http.URL), cookies)
	if resp, _ := replay.get("/dashboard"); resp.StatusCode != http.StatusSeeOther {
		t.Errorf("replayed cookie after logout: %d, want a redirect", resp.StatusCode)
	}
	// A disabled account is signed out at its next request.
	c3 := e.client()
	c3.login("leader")
	u, _ := e.st.UserByLogin(context.Background(), "leader")
	u.Disabled = true
	if err := e.st.UpdateUser(context.Background(), u, "admin"); err != nil {
		t.Fatal(err)
	}
	if resp, _ := c3.get("/dashboard"); resp.StatusCode != http.StatusSeeOther {
		t.Errorf("disabled account: %d, want a redirect", resp.StatusCode)
	}
}

func mustURL(s string) *url.URL {
	u, err := url.Parse(s)
	if err != nil {
		panic(err)
	}
	return u
}

func TestLoginThrottling(t *testing.T) {
	e := newEnv(t, web.Config{})
	clock := time.Now()
	e.srv.Throttle().Now = func() time.Time { return clock }
	c := e.client()
	c.get("/login")
	for i := 0; i < 5; i++ {
		resp, _ := c.post("/login", url.Values{"login": {"ducha"}, "password": {"wrong-password-" + strconv.Itoa(i)}})
		if resp.StatusCode != http.StatusUnauthorized {
			t.Fatalf("attempt %d: %d", i+1, resp.StatusCode)
		}
	}
	resp, body := c.post("/login", url.Values{"login": {"ducha"}, "password": {"ducha-demo-2024"}})
	if resp.StatusCode != http.StatusTooManyRequests || !strings.Contains(body, "登录失败次数过多") {
		t.Errorf("locked account with the right password: %d", resp.StatusCode)
	}
	clock = clock.Add(16 * time.Minute)
	if resp, _ := c.post("/login", url.Values{"login": {"ducha"}, "password": {"ducha-demo-2024"}}); resp.StatusCode != http.StatusSeeOther {
		t.Errorf("after the lockout: %d, want a sign-in", resp.StatusCode)
	}
	// Failures are in the audit log.
	es, err := e.st.Audit(context.Background(), "user", "ducha", 20)
	if err != nil {
		t.Fatal(err)
	}
	failed := 0
	for _, a := range es {
		if a.Action == "user.login_failed" {
			failed++
		}
	}
	if failed < 5 {
		t.Errorf("audit log has %d failed logins, want 5", failed)
	}
}

// TestOpenAPIListsEveryRoute: the API description names every API route.
func TestOpenAPIListsEveryRoute(t *testing.T) {
	e := newEnv(t, web.Config{})
	c := e.client()
	resp, body := c.get("/api/v1/openapi.json")
	if resp.StatusCode != 200 {
		t.Fatal(resp.StatusCode)
	}
	var doc struct {
		Paths map[string]map[string]any `json:"paths"`
	}
	if err := json.Unmarshal([]byte(body), &doc); err != nil {
		t.Fatal(err)
	}
	for _, rt := range e.srv.Routes() {
		if !rt.API {
			continue
		}
		if _, ok := doc.Paths[rt.Pattern][strings.ToLower(rt.Method)]; !ok {
			t.Errorf("openapi.json lacks %s %s", rt.Method, rt.Pattern)
		}
	}
}

var _ = access.Admin
var _ = ledger.ReportApproved
var _ = supervise.Actor{}
