package web_test

import (
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"ducha/demo"
	"ducha/web"
)

// TestHomeByVisitor: a visitor at / is sent to the public site, a
// signed-in user to the dashboard.
func TestHomeByVisitor(t *testing.T) {
	e := newEnv(t, web.Config{})
	c := e.client()
	resp, _ := c.get("/")
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/public" {
		t.Errorf("a visitor at /: %d to %q, want 303 to /public", resp.StatusCode, resp.Header.Get("Location"))
	}
	c.login("leader")
	resp, _ = c.get("/")
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/dashboard" {
		t.Errorf("a leader at /: %d to %q, want 303 to /dashboard", resp.StatusCode, resp.Header.Get("Location"))
	}
}

var commitmentLink = regexp.MustCompile(`href="(/commitments/\d+)"`)

// TestReconcileLinksOnlyWhatOpens: the reconciliation links a unit's
// reporter only to the commitments the reporter may open (its unit's),
// and the office to all of them.
func TestReconcileLinksOnlyWhatOpens(t *testing.T) {
	e := newEnv(t, web.Config{})
	counts := map[string]int{}
	for _, login := range []string{"ducha", "unit01"} {
		c := e.client()
		c.login(login)
		resp, body := c.get("/reconcile")
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("%s: /reconcile %d", login, resp.StatusCode)
		}
		seen := map[string]bool{}
		for _, m := range commitmentLink.FindAllStringSubmatch(body, -1) {
			if seen[m[1]] {
				continue
			}
			seen[m[1]] = true
			if resp, _ := c.get(m[1]); resp.StatusCode != http.StatusOK {
				t.Errorf("%s: /reconcile links to %s, which answers %d", login, m[1], resp.StatusCode)
			}
		}
		counts[login] = len(seen)
	}
	if counts["ducha"] < 10 || counts["unit01"] >= counts["ducha"] {
		t.Errorf("links on /reconcile: %v; want the office to get at least 10, the unit fewer", counts)
	}
}

// TestTitlesNameGovernmentAndYear: the headings and the browser's title
// bar name the government and the year of the report, not only
// 政府工作报告; the reconciliation names both years.
func TestTitlesNameGovernmentAndYear(t *testing.T) {
	e := newEnv(t, web.Config{})
	name := demo.Government + "2024年政府工作报告"
	base := "/public/" + url.PathEscape(demo.Government) + "/2024"
	c := e.client()
	for _, tc := range []struct{ path, h1, title string }{
		{base, name, name},
		{base + "/reconcile", "", demo.Government + "2024年目标 → 2025年报告回顾"},
	} {
		_, body := c.get(tc.path)
		if tc.h1 != "" && !strings.Contains(body, "<h1>"+tc.h1+"</h1>") {
			t.Errorf("%s: no heading %q", tc.path, tc.h1)
		}
		if !strings.Contains(body, tc.title) {
			t.Errorf("%s: %q is nowhere on the page", tc.path, tc.title)
		}
		if strings.Contains(body, "政府工作报告 → 政府工作报告") {
			t.Errorf("%s: says 政府工作报告 → 政府工作报告", tc.path)
		}
	}
	c.login("ducha")
	for _, path := range []string{"/dashboard", fmt.Sprintf("/reports/%d/text", e.res.ReportID)} {
		_, body := c.get(path)
		if !strings.Contains(body, "<h1>"+name+"</h1>") || !strings.Contains(body, "<title>"+name) {
			t.Errorf("%s: heading or title is not %q", path, name)
		}
	}
	_, body := c.get("/evaluation")
	if !strings.Contains(body, "<h1>"+name+" · 年终考核</h1>") {
		t.Errorf("/evaluation: heading is not %q", name+" · 年终考核")
	}
}

var pcard = regexp.MustCompile(`(?s)<a class="pcard".*?</a>`)

// TestPublicCardsLabelled: a 为民实事 card says which figure is the target
// (目标) and which the approved result (已完成), and its bar has the colour
// of its status.
func TestPublicCardsLabelled(t *testing.T) {
	e := newEnv(t, web.Config{})
	_, body := e.client().get("/public/" + url.PathEscape(demo.Government) + "/2024")
	cards := pcard.FindAllString(body, -1)
	if len(cards) < 10 {
		t.Fatalf("%d cards", len(cards))
	}
	status := regexp.MustCompile(`<small>([^·<]+) ·`)
	bar := regexp.MustCompile(`<div class="bar"><span class="st-([a-z_]+)"`)
	labels := map[string]string{"未启动": "not_started", "达进度": "on_track", "超进度": "ahead", "欠进度": "lagging",
		"严重滞后": "seriously_lagging", "已完成": "completed", "逾期": "overdue"}
	for _, card := range cards {
		if !strings.Contains(card, "<dt>目标</dt>") || !strings.Contains(card, "<dt>已完成</dt>") {
			t.Errorf("card without 目标 / 已完成:\n%s", card)
		}
		s, b := status.FindStringSubmatch(card), bar.FindStringSubmatch(card)
		if s == nil || b == nil || labels[strings.TrimSpace(s[1])] != b[1] {
			t.Errorf("card's bar does not have its status's colour (status %q, bar %q):\n%s", s, b, card)
		}
	}
}

var td = regexp.MustCompile(`<td[ >][^>]*>?`)

// TestEveryCellLabelled: on the pages with tables, every cell carries its
// column's label for the phone's card layout.
func TestEveryCellLabelled(t *testing.T) {
	e := newEnv(t, web.Config{})
	c := e.client()
	base := "/public/" + url.PathEscape(demo.Government) + "/2024"
	check := func(path string) {
		t.Helper()
		resp, body := c.get(path)
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("%s: %d", path, resp.StatusCode)
		}
		cells := td.FindAllString(body, -1)
		if len(cells) == 0 {
			t.Errorf("%s: no table cells", path)
		}
		for _, cell := range cells {
			if !regexp.MustCompile(`data-label="[^"]+"`).MatchString(cell) {
				t.Errorf("%s: cell without a label: %s", path, cell)
				break
			}
		}
	}
	for _, p := range []string{base, base + "/reconcile", base + "/units/" + url.PathEscape(e.res.Accounts[3].Unit)} {
		check(p)
	}
	c.login("admin")
	for _, p := range []string{"/dashboard", "/commitments", "/evaluation", "/admin/users", "/admin/audit", "/reconcile"} {
		check(p)
	}
}
