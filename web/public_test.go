package web_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"ducha/access"
	"ducha/demo"
	"ducha/importer"
	"ducha/ledger"
	"ducha/notify"
	"ducha/samples"
	"ducha/supervise"
	"ducha/web"
)

// TestPublicShowsOnlyApproved plants a marker in every kind of internal
// record — drafts, submitted and returned reports, problems, return
// reasons, comments, 督办单 and replies, evidence, contact details, user
// and token names, webhook addresses — then crawls every public page,
// download and feed (and tries every API and internal page without a
// login) and checks that no marker is served; an approved narrative is.
func TestPublicShowsOnlyApproved(t *testing.T) {
	e := newEnv(t, web.Config{})
	ctx := context.Background()
	items, err := e.svc.Items(ctx, e.res.ReportID)
	if err != nil {
		t.Fatal(err)
	}
	var active []supervise.Item
	for _, it := range items {
		if it.Kind == ledger.KindTarget && it.State == ledger.StateInProgress && it.Target != nil && it.Target.Value != "" && !strings.Contains(it.Target.Unit, "%") && !strings.Contains(it.Target.Unit, "百分点") &&
			(it.LatestStatus == ledger.ReportApproved || it.LatestStatus == ledger.ReportSubmitted) {
			active = append(active, it)
		}
	}
	if len(active) < 4 {
		t.Fatalf("only %d active commitments in the demo", len(active))
	}
	unitOf := func(it supervise.Item) supervise.Actor {
		return supervise.Actor{Login: e.reporterOf(it.Assignment.Lead).Login, Role: access.Reporter, Unit: it.Assignment.Lead}
	}
	office := supervise.Actor{Login: "ducha", Role: access.Supervisor}
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	// Approved, with a public narrative and internal problems.
	a := active[0]
	r, _, err := e.svc.SaveProgress(ctx, unitOf(a), a.ID, supervise.ProgressInput{Value: a.LatestApproved.Value, Percent: -1,
		Narrative: "PUBLIC-OK 九月份按计划推进", Problems: "MARK-PROBLEMS", NextSteps: "MARK-NEXT", Submit: true})
	must(err)
	must(e.svc.Review(ctx, office, a.ID, r.ID, true, ""))
	// Submitted, waiting for review, with a figure nobody approved.
	b := active[1]
	_, _, err = e.svc.SaveProgress(ctx, unitOf(b), b.ID, supervise.ProgressInput{Value: "987654321", Percent: -1,
		Narrative: "MARK-SUBMITTED", Explanation: "MARK-EXPLAIN", Submit: true})
	must(err)
	// Returned with a reason.
	c := active[2]
	r, _, err = e.svc.SaveProgress(ctx, unitOf(c), c.ID, supervise.ProgressInput{Value: c.LatestApproved.Value, Percent: -1,
		Narrative: "MARK-RETURNED", Submit: true})
	must(err)
	must(e.svc.Review(ctx, office, c.ID, r.ID, false, "MARK-REASON"))
	// A draft with evidence.
	d := active[3]
	r, _, err = e.svc.SaveProgress(ctx, unitOf(d), d.ID, supervise.ProgressInput{Value: d.LatestApproved.Value, Percent: -1,
		Narrative: "MARK-DRAFT"})
	must(err)
	_, err = e.svc.AddEvidence(ctx, unitOf(d), d.ID, r.ID, "MARK-EVIDENCE.pdf", []byte("%PDF-1.7\n"))
	must(err)
	// 督办单, reply, comments.
	o, err := e.svc.IssueOrder(ctx, office, a.ID, "MARK-ORDER", time.Time{})
	must(err)
	must(e.svc.ReplyOrder(ctx, unitOf(a), a.ID, o.ID, "MARK-REPLY"))
	_, err = e.svc.AddComment(ctx, supervise.Actor{Login: "leader", Role: access.Leader}, a.ID, "MARK-COMMENT")
	must(err)
	// Contacts, names, tokens, webhooks.
	units, err := e.st.Units(ctx)
	must(err)
	for i := range units {
		units[i].Contact = "MARK-CONTACT 0931-1234567"
	}
	_, _, err = e.st.SaveUnits(ctx, units)
	must(err)
	u, err := e.st.UserByLogin(ctx, "leader")
	must(err)
	u.Name = "MARK-USER"
	must(e.st.UpdateUser(ctx, u, "admin"))
	_, hash := web.NewToken()
	must(e.st.CreateAPIToken(ctx, &ledger.APIToken{Unit: a.Assignment.Lead, Name: "MARK-TOKEN", Hash: hash, CreatedBy: "admin"}, "admin"))
	set := supervise.DefaultSettings()
	set.Recipients = []supervise.Recipient{{Unit: a.Assignment.Lead, Channel: notify.ChannelWeCom, To: "https://example.com/MARK-HOOK"}}
	must(e.svc.SaveSettings(ctx, supervise.Actor{Login: "admin", Role: access.Admin}, set))
	// A proposal marked 不列入, its title planted: public before, never
	// after.
	var proposal supervise.Item
	for i, it := range items {
		if it.Kind == ledger.KindTarget && it.State == ledger.StateNew && it.Target != nil &&
			(i+1 == len(items) || items[i+1].ParentCode != it.Code) {
			proposal = it
			break
		}
	}
	if proposal.Code == "" {
		t.Fatal("no proposal to exclude in the demo")
	}
	planted := proposal.Commitment
	planted.Title = "MARK-EXCLUDED " + planted.Title
	must(e.st.ApplyTasks(ctx, e.res.ReportID, []ledger.Commitment{planted}))
	e.svc.Forget()
	proposalURL := "/public/" + url.PathEscape(demo.Government) + "/2024/c/" + url.PathEscape(proposal.Code)
	if resp, err := http.Get(e.http.URL + proposalURL); err != nil {
		t.Fatal(err)
	} else {
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 || !strings.Contains(string(b), "MARK-EXCLUDED") {
			t.Fatalf("the proposal is not public before its exclusion: %d", resp.StatusCode)
		}
	}
	must(e.svc.Exclude(ctx, office, []int64{proposal.ID}, "MARK-REASON-EXCLUDED 引导语"))
	if _, err := e.svc.Tick(ctx); err != nil {
		t.Fatal(err)
	}

	marks := regexp.MustCompile(`MARK-[A-Z]+|987654321|0931-1234567`)
	anon := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	fetch := func(path string) (int, string, http.Header) {
		resp, err := anon.Get(e.http.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		return resp.StatusCode, string(b), resp.Header
	}
	// Crawl the public site from its index.
	link := regexp.MustCompile(`href="(/public[^"#]*)"`)
	seen := map[string]bool{"/public": true}
	queue := []string{"/public"}
	publicOK := false
	pages := 0
	for len(queue) > 0 {
		path := queue[0]
		queue = queue[1:]
		status, body, _ := fetch(path)
		pages++
		if status != http.StatusOK {
			t.Errorf("%s: status %d", path, status)
			continue
		}
		if m := marks.FindString(body); m != "" {
			t.Errorf("%s serves %q", path, m)
		}
		publicOK = publicOK || strings.Contains(body, "PUBLIC-OK")
		for _, m := range link.FindAllStringSubmatch(body, -1) {
			p := strings.ReplaceAll(m[1], "&amp;", "&")
			if !seen[p] {
				seen[p] = true
				queue = append(queue, p)
			}
		}
	}
	if pages < 100 {
		t.Errorf("crawled only %d public pages", pages)
	}
	if !publicOK {
		t.Error("the approved narrative is on no public page")
	}
	if status, _, _ := fetch(proposalURL); status != http.StatusNotFound {
		t.Errorf("the excluded proposal's public page: %d, want 404", status)
	}
	for _, want := range []string{"ledger.csv", "ledger.json", "feed.atom", "/reconcile", "/units/", "/c/"} {
		found := false
		for p := range seen {
			found = found || strings.Contains(p, want)
		}
		if !found {
			t.Errorf("the crawl never reached a %s link", want)
		}
	}
	// The JSON download parses and carries only approved figures.
	base := "/public/" + url.PathEscape(demo.Government) + "/2024"
	_, body, _ := fetch(base + "/ledger.json")
	var doc struct {
		Commitments []map[string]any `json:"commitments"`
	}
	if err := json.Unmarshal([]byte(body), &doc); err != nil || len(doc.Commitments) == 0 {
		t.Fatalf("ledger.json: %v, %d commitments", err, len(doc.Commitments))
	}
	// Nothing internal answers without a login.
	probe := e.srv.Routes()
	for _, rt := range probe {
		if rt.Method != "GET" || rt.Auth == web.Public {
			continue
		}
		path := strings.NewReplacer("{$}", "", "{id}", "1", "{eid}", "1", "{name}", url.PathEscape(a.Assignment.Lead)).Replace(rt.Pattern)
		status, body, hdr := fetch(path)
		if status == http.StatusOK {
			t.Errorf("%s answers 200 without a login", path)
		}
		if m := marks.FindString(body); m != "" {
			t.Errorf("%s (no login) serves %q", path, m)
		}
		if status == http.StatusSeeOther && !strings.HasPrefix(hdr.Get("Location"), "/login") {
			t.Errorf("%s redirects to %s", path, hdr.Get("Location"))
		}
	}
}

// TestPublicLevels: a city's public page rolls up its districts' ledgers of
// the same year and sets the same indicators side by side.
func TestPublicLevels(t *testing.T) {
	e := newEnv(t, web.Config{})
	ctx := context.Background()
	raw, err := samples.FS.ReadFile("shili-2024.txt")
	if err != nil {
		t.Fatal(err)
	}
	// The city's report: for the test, the district's text under the
	// city's name (another file, so another checksum).
	im := &importer.Importer{Store: e.st}
	if _, err := im.ImportReportData(ctx, "city-2024.txt", append(raw, "\n"...), importer.ReportOptions{
		Government: "示例市", Level: ledger.LevelCity, Year: 2024}); err != nil {
		t.Fatal(err)
	}
	e.svc.Forget()
	c := e.client()
	resp, body := c.get("/public/" + url.PathEscape("示例市") + "/2024")
	if resp.StatusCode != 200 {
		t.Fatalf("city page: %d", resp.StatusCode)
	}
	for _, want := range []string{"下级政府", "/public/" + url.PathEscape(demo.Government) + "/2024", "同一指标上下级对照", "新增学位"} {
		if !strings.Contains(body, want) {
			t.Errorf("the city's page lacks %q", want)
		}
	}
	// So is the city office's dashboard.
	office := e.client()
	office.login("ducha")
	city, err := e.st.Government(ctx, "示例市")
	if err != nil {
		t.Fatal(err)
	}
	cityReport, err := e.st.Report(ctx, city.ID, 2024)
	if err != nil {
		t.Fatal(err)
	}
	_, dash := office.get("/dashboard?report=" + strconv.FormatInt(cityReport.ID, 10))
	if !strings.Contains(dash, `id="lower-levels"`) || !strings.Contains(dash, demo.Government) {
		t.Error("the city's dashboard does not roll up its district")
	}
	// The district's page has no lower level.
	_, body = c.get("/public/" + url.PathEscape(demo.Government) + "/2024")
	if strings.Contains(body, "下级政府") {
		t.Error("the district's page shows lower levels")
	}
}
