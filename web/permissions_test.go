package web_test

import (
	"context"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"ducha/access"
	"ducha/demo"
	"ducha/ledger"
	"ducha/supervise"
	"ducha/web"
)

// The roles of the permission table: the three internal roles, reporters
// of the lead unit, of a cooperating unit and of an unrelated unit, and
// the public.
const (
	rAdmin = "admin"
	rSup   = "supervisor"
	rLead  = "leader"
	rUnit  = "lead-unit"
	rCoop  = "coop-unit"
	rOther = "other-unit"
	rPub   = "public"
)

var allRoles = []string{rAdmin, rSup, rLead, rUnit, rCoop, rOther, rPub}

// expected is the permission table: for every route, the roles that get
// through. "*" means the route answers everyone the same way (sign in and
// out, language, the API description); "in" every signed-in role; "all"
// every role including the public (the public site).
var expected = map[string][]string{
	"GET /login":                                         {"*"},
	"POST /login":                                        {"*"},
	"POST /logout":                                       {"*"},
	"GET /lang/{lang}":                                   {"*"},
	"GET /{$}":                                           {"all"}, // a visitor is sent to /public
	"GET /dashboard":                                     {"in"},
	"GET /commitments":                                   {"in"},
	"POST /commitments/dispatch":                         {rAdmin, rSup},
	"POST /commitments/exclude":                          {rAdmin, rSup},
	"POST /commitments/include":                          {rAdmin, rSup},
	"POST /commitments/{id}/kind":                        {rAdmin, rSup},
	"POST /commitments/{id}/exclude":                     {rAdmin, rSup},
	"POST /commitments/{id}/include":                     {rAdmin, rSup},
	"POST /reconcile/review":                             {rAdmin, rSup},
	"GET /commitments/{id}":                              {rAdmin, rSup, rLead, rUnit, rCoop},
	"POST /commitments/bulk":                             {rAdmin, rSup},
	"POST /commitments/{id}/plan":                        {rAdmin, rSup},
	"POST /commitments/{id}/confirm-lead":                {rAdmin, rSup},
	"POST /commitments/{id}/split":                       {rAdmin, rSup},
	"POST /commitments/{id}/unsplit":                     {rAdmin, rSup},
	"GET /reports/upload":                                {rAdmin, rSup},
	"POST /reports/upload":                               {rAdmin, rSup},
	"GET /tasks/upload":                                  {rAdmin, rSup},
	"POST /tasks/upload":                                 {rAdmin, rSup},
	"POST /tasks/apply":                                  {rAdmin, rSup},
	"GET /commitments/{id}/evidence/{eid}":               {rAdmin, rSup, rLead, rUnit, rCoop},
	"POST /commitments/{id}/dispatch":                    {rAdmin, rSup},
	"POST /commitments/{id}/acknowledge":                 {rAdmin, rUnit},
	"POST /commitments/{id}/progress":                    {rAdmin, rUnit},
	"POST /commitments/{id}/reports/{rid}/submit":        {rAdmin, rUnit},
	"POST /commitments/{id}/reports/{rid}/evidence":      {rAdmin, rUnit},
	"POST /commitments/{id}/reports/{rid}/review":        {rAdmin, rSup},
	"POST /commitments/{id}/close":                       {rAdmin, rSup},
	"POST /commitments/{id}/reopen":                      {rAdmin, rSup},
	"POST /commitments/{id}/orders":                      {rAdmin, rSup, rLead},
	"POST /commitments/{id}/orders/{oid}/reply":          {rAdmin, rUnit},
	"GET /commitments/{id}/orders/{oid}/document.docx":   {rAdmin, rSup, rLead, rUnit, rCoop},
	"POST /commitments/{id}/comments":                    {rAdmin, rSup, rLead, rCoop},
	"GET /units/{name}":                                  {rAdmin, rSup, rLead, rUnit},
	"GET /reports/{id}/text":                             {"in"},
	"GET /review":                                        {rAdmin, rSup},
	"POST /review/approve":                               {rAdmin, rSup},
	"POST /review/return":                                {rAdmin, rSup},
	"GET /export/tasks.xlsx":                             {rAdmin, rSup, rLead},
	"GET /projects":                                      {"in"},
	"POST /projects/upload":                              {rAdmin, rSup},
	"GET /projects/{pid}":                                {rAdmin, rSup, rLead, rUnit},
	"GET /projects/links":                                {rAdmin, rSup, rLead},
	"POST /projects/links":                               {rAdmin, rSup},
	"POST /projects/{pid}/dispatch":                      {rAdmin, rSup},
	"POST /projects/{pid}/acknowledge":                   {rAdmin, rUnit},
	"POST /projects/{pid}/reports":                       {rAdmin, rUnit},
	"POST /projects/{pid}/reports/{prid}/review":         {rAdmin, rSup},
	"GET /admin/users":                                   {rAdmin},
	"POST /admin/users":                                  {rAdmin},
	"POST /admin/users/{login}":                          {rAdmin},
	"GET /admin/settings":                                {rAdmin},
	"POST /admin/settings":                               {rAdmin},
	"GET /admin/tokens":                                  {rAdmin},
	"POST /admin/tokens":                                 {rAdmin},
	"POST /admin/tokens/{tid}/revoke":                    {rAdmin},
	"GET /admin/audit":                                   {rAdmin},
	"GET /admin/outbox":                                  {rAdmin},
	"GET /reconcile":                                     {"in"},
	"GET /evaluation":                                    {rAdmin, rSup, rLead},
	"GET /draft":                                         {rAdmin, rSup, rLead},
	"GET /accountability":                                {"in"},
	"POST /accountability/triggers/accept":               {rAdmin, rSup},
	"POST /accountability/triggers/dismiss":              {rAdmin, rSup},
	"POST /accountability/settings":                      {rAdmin, rSup},
	"GET /accountability/stats":                          {"in"},
	"GET /accountability/records/{aid}":                  {rAdmin, rSup, rLead, rUnit},
	"POST /accountability/records/{aid}/statement":       {rUnit},
	"POST /accountability/records/{aid}/correct":         {rAdmin, rSup},
	"GET /public":                                        {"all"},
	"GET /public/{gov}/{year}":                           {"all"},
	"GET /public/{gov}/{year}/c/{code}":                  {"all"},
	"GET /public/{gov}/{year}/units/{unit}":              {"all"},
	"GET /public/{gov}/{year}/text":                      {"all"},
	"GET /public/{gov}/{year}/reconcile":                 {"all"},
	"GET /public/{gov}/{year}/ledger.json":               {"all"},
	"GET /public/{gov}/{year}/ledger.csv":                {"all"},
	"GET /public/{gov}/{year}/feed.atom":                 {"all"},
	"GET /api/v1/openapi.json":                           {"*"},
	"GET /api/v1/me":                                     {"in"},
	"GET /api/v1/reports":                                {"in"},
	"GET /api/v1/reports/{id}/summary":                   {"in"},
	"GET /api/v1/reports/{id}/commitments":               {"in"},
	"GET /api/v1/commitments/{id}":                       {rAdmin, rSup, rLead, rUnit, rCoop},
	"POST /api/v1/commitments/{id}/dispatch":             {rAdmin, rSup},
	"POST /api/v1/commitments/{id}/acknowledge":          {rAdmin, rUnit},
	"POST /api/v1/commitments/{id}/progress":             {rAdmin, rUnit},
	"POST /api/v1/commitments/{id}/reports/{rid}/review": {rAdmin, rSup},
	"POST /api/v1/commitments/{id}/orders":               {rAdmin, rSup, rLead},
	"POST /api/v1/commitments/{id}/orders/{oid}/reply":   {rAdmin, rUnit},
	"POST /api/v1/commitments/{id}/comments":             {rAdmin, rSup, rLead, rCoop},
	// 建议提案: the fixture's item is led by the lead unit, co-handled by the coop unit.
	"GET /proposals":                      {"in"},
	"POST /proposals/import":              {rAdmin, rSup},
	"GET /proposals/stats":                {rAdmin, rSup, rLead},
	"GET /proposals/stats.xlsx":           {rAdmin, rSup, rLead},
	"GET /proposals/{sid}":                {rAdmin, rSup, rLead, rUnit, rCoop},
	"POST /proposals/{sid}/assign":        {rAdmin, rSup},
	"POST /proposals/{sid}/deadline":      {rAdmin, rSup},
	"POST /proposals/{sid}/adjust/decide": {rAdmin, rSup},
	"POST /proposals/{sid}/feedback-link": {rAdmin, rSup},
	"POST /proposals/{sid}/close":         {rAdmin, rSup},
	"POST /proposals/{sid}/public":        {rAdmin, rSup},
	"GET /public/proposals":               {"all"},
	"POST /proposals/{sid}/acknowledge":   {rAdmin, rUnit},
	"POST /proposals/{sid}/adjust":        {rAdmin, rUnit},
	"POST /proposals/{sid}/contacts":      {rAdmin, rUnit},
	"POST /proposals/{sid}/reply":         {rAdmin, rUnit},
	"POST /proposals/{sid}/followups":     {rAdmin, rUnit},
	"GET /feedback/{token}":               {"*"}, // a token opens one form; a wrong one is 404 for everyone
	"POST /feedback/{token}":              {"*"},
}

// fixture are the records the routes are walked against: a commitment led
// by one unit with a cooperating unit, a draft report with evidence, an
// open 督办单 and an API token.
type fixture struct {
	c                 supervise.Item
	lead, coop, other string
	rid, eid, oid     int64
	tid               int64
	sid               int64 // a 建议 assigned to lead, co-handled by coop
	pid, prid         int64 // a project of the lead unit and its submitted report
	aid               int64 // a 责任追究 record against the lead unit
}

func setUp(t *testing.T, e *env) fixture {
	ctx := context.Background()
	var f fixture
	f.c = e.commitment(func(it supervise.Item) bool {
		return it.State == ledger.StateInProgress && it.Target != nil && it.LatestStatus == ledger.ReportApproved
	})
	f.lead = f.c.Assignment.Lead
	for _, a := range e.res.Accounts {
		if a.Role == access.Reporter && a.Unit != f.lead {
			if f.coop == "" {
				f.coop = a.Unit
			} else if f.other == "" {
				f.other = a.Unit
			}
		}
	}
	c := f.c.Commitment
	c.Assignment.Cooperating = []string{f.coop}
	if err := e.st.ApplyTasks(ctx, e.res.ReportID, []ledger.Commitment{c}); err != nil {
		t.Fatal(err)
	}
	lead := supervise.Actor{Login: e.reporterOf(f.lead).Login, Role: access.Reporter, Unit: f.lead}
	office := supervise.Actor{Login: "ducha", Role: access.Supervisor}
	r, _, err := e.svc.SaveProgress(ctx, lead, c.ID, supervise.ProgressInput{Percent: -1, Narrative: "九月进展"})
	if err != nil {
		t.Fatal(err)
	}
	f.rid = r.ID
	ev, err := e.svc.AddEvidence(ctx, lead, c.ID, r.ID, "现场照片.png", pngBytes)
	if err != nil {
		t.Fatal(err)
	}
	f.eid = ev.ID
	o, err := e.svc.IssueOrder(ctx, office, c.ID, "请加快进度", time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	f.oid = o.ID
	_, hash := web.NewToken()
	tok := ledger.APIToken{Unit: f.lead, Name: "统计系统", Hash: hash, CreatedBy: "admin"}
	if err := e.st.CreateAPIToken(ctx, &tok, "admin"); err != nil {
		t.Fatal(err)
	}
	f.tid = tok.ID
	f.sid = proposalFixture(t, e, f.lead, f.coop)
	f.pid, f.prid = projectFixture(t, e, f.lead)
	rec := ledger.AccountabilityRecord{Unit: f.lead, Measure: "reminder", Date: e.now, DocNo: "区督责〔2024〕1号", CommitmentID: c.ID}
	if err := e.st.OpenRecord(ctx, &rec, "", "ducha"); err != nil {
		t.Fatal(err)
	}
	f.aid = rec.ID
	return f
}

// pngBytes is the start of a PNG file (enough for content sniffing).
var pngBytes = append([]byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), make([]byte, 64)...)

// fill substitutes the fixture into a route pattern.
func (f fixture) fill(pattern string, reportID int64) string {
	p := strings.TrimSuffix(pattern, "{$}")
	id := strconv.FormatInt(f.c.ID, 10)
	if strings.HasPrefix(p, "/reports/") || strings.HasPrefix(p, "/api/v1/reports/") {
		id = strconv.FormatInt(reportID, 10)
	}
	return strings.NewReplacer("{id}", id, "{rid}", strconv.FormatInt(f.rid, 10), "{eid}", strconv.FormatInt(f.eid, 10),
		"{oid}", strconv.FormatInt(f.oid, 10), "{sid}", strconv.FormatInt(f.sid, 10), "{token}", "not-a-token",
		"{tid}", strconv.FormatInt(f.tid, 10), "{aid}", strconv.FormatInt(f.aid, 10),
		"{pid}", strconv.FormatInt(f.pid, 10), "{prid}", strconv.FormatInt(f.prid, 10), "{name}", url.PathEscape(f.lead),
		"{login}", "unit01", "{lang}", "en", "{gov}", url.PathEscape(demo.Government), "{year}", "2024",
		"{code}", url.PathEscape(f.c.Code), "{unit}", url.PathEscape(f.lead)).Replace(p)
}

// formFor gives a POST route a plausible body.
func formFor(pattern string) url.Values {
	v := url.Values{}
	switch {
	case pattern == "/projects/{pid}/reports":
		v.Set("period", "2024-08")
		v.Set("cumulative", "600")
		v.Set("action", "save")
	case strings.HasSuffix(pattern, "/progress"):
		v.Set("narrative", "测试进展")
		v.Set("action", "save")
	case strings.HasSuffix(pattern, "/review"):
		v.Set("decision", "return")
		v.Set("reason", "请补充材料")
	case strings.HasSuffix(pattern, "/close"):
		v.Set("outcome", "completed")
	case strings.HasSuffix(pattern, "/orders"):
		v.Set("requirement", "请说明滞后原因")
	case strings.HasSuffix(pattern, "/reply"):
		v.Set("reply", "已落实")
	case strings.HasSuffix(pattern, "/comments"):
		v.Set("body", "请关注")
	case pattern == "/admin/users":
		v.Set("login", "new.user")
		v.Set("name", "新用户")
		v.Set("role", "leader")
		v.Set("password", "a-long-password-1")
	case pattern == "/commitments/dispatch":
		v.Set("id", "1")
	case pattern == "/commitments/exclude", pattern == "/commitments/include":
		v.Set("id", "1")
		v.Set("reason", "口号，不是任务")
	case strings.HasSuffix(pattern, "/kind"):
		v.Set("kind", "level")
	case strings.HasSuffix(pattern, "/exclude"):
		v.Set("reason", "口号，不是任务")
	case pattern == "/reconcile/review":
		for k, x := range map[string]string{"gov": demo.Government, "year": "2024", "start": "0", "end": "1", "verdict": "met"} {
			v.Set(k, x)
		}
	case pattern == "/admin/users/{login}":
		v.Set("op", "enable")
	case pattern == "/admin/settings":
		for k, x := range map[string]string{"period": "month", "ahead": "1.1", "lagging": "0.9", "serious": "0.6",
			"stale_days": "10", "reply_days": "5", "remind_days": "5", "band_rate_points": "0.5", "band_amount_percent": "5",
			"band_serious_points": "2"} {
			v.Set(k, x)
		}
	case pattern == "/admin/tokens":
		v.Set("name", "测试令牌")
	case strings.HasPrefix(pattern, "/accountability/triggers/"):
		v.Set("key", "stale:1:0")
		v.Set("reason", "已说明")
	case pattern == "/accountability/settings":
		v.Set("stale_periods", "2")
	case strings.HasSuffix(pattern, "/statement"):
		v.Set("body", "申辩：已整改")
	case strings.HasSuffix(pattern, "/correct"):
		for k, x := range map[string]string{"version": "1", "measure": "interview", "date": "2024-09-30", "doc_no": "区督责〔2024〕2号",
			"reason": "更正文号"} {
			v.Set(k, x)
		}
	}
	return v
}

func jsonFor(pattern string) string {
	switch {
	case strings.HasSuffix(pattern, "/progress"):
		return `{"narrative":"接口填报","submit":false}`
	case strings.HasSuffix(pattern, "/review"):
		return `{"approve":false,"reason":"请补充"}`
	case strings.HasSuffix(pattern, "/orders"):
		return `{"requirement":"请加快"}`
	case strings.HasSuffix(pattern, "/reply"):
		return `{"reply":"已落实"}`
	case strings.HasSuffix(pattern, "/comments"):
		return `{"body":"请关注"}`
	}
	return `{}`
}

// denied reports whether a response refuses the request: 401, 403, 404
// or a redirect to the login page.
func denied(resp *http.Response) bool {
	switch resp.StatusCode {
	case http.StatusUnauthorized, http.StatusForbidden, http.StatusNotFound:
		return true
	case http.StatusSeeOther, http.StatusFound:
		return strings.HasPrefix(resp.Header.Get("Location"), "/login")
	}
	return false
}

// TestPermissions walks every route as every role and compares with the
// permission table; routes missing from the table fail the test.
func TestPermissions(t *testing.T) {
	probe := newEnv(t, web.Config{})
	routes := probe.srv.Routes()
	for _, rt := range routes {
		if _, ok := expected[rt.Method+" "+rt.Pattern]; !ok {
			t.Errorf("route %s %s is missing from the permission table", rt.Method, rt.Pattern)
		}
	}
	// Sign-out last, so the walk stays signed in.
	sort.SliceStable(routes, func(i, j int) bool { return routes[j].Pattern == "/logout" })
	for _, role := range allRoles {
		t.Run(role, func(t *testing.T) {
			e := newEnv(t, web.Config{})
			f := setUp(t, e)
			c := e.client()
			switch role {
			case rAdmin, rSup, rLead:
				c.login(map[string]string{rAdmin: "admin", rSup: "ducha", rLead: "leader"}[role])
			case rUnit:
				c.login(e.reporterOf(f.lead).Login)
			case rCoop:
				c.login(e.reporterOf(f.coop).Login)
			case rOther:
				c.login(e.reporterOf(f.other).Login)
			default:
				c.get("/login")
			}
			for _, rt := range routes {
				key := rt.Method + " " + rt.Pattern
				path := f.fill(rt.Pattern, e.res.ReportID)
				var resp *http.Response
				var body string
				switch {
				case rt.Method == "GET":
					resp, body = c.get(path)
				case rt.API:
					resp, body = c.api(rt.Method, path, jsonFor(rt.Pattern), "")
				case rt.Pattern == "/login":
					resp, body = c.post(path, url.Values{"login": {"nobody"}, "password": {"wrong-password"}})
				default:
					resp, body = c.post(path, formFor(rt.Pattern))
				}
				if resp.StatusCode >= 500 {
					t.Errorf("%s as %s: %d\n%.300s", key, role, resp.StatusCode, body)
					continue
				}
				want := expected[key]
				if len(want) == 1 && want[0] == "*" {
					if resp.StatusCode == http.StatusForbidden {
						t.Errorf("%s as %s: 403", key, role)
					}
					continue
				}
				allow := false
				for _, w := range want {
					allow = allow || w == role || w == "in" && role != rPub || w == "all"
				}
				if got := !denied(resp); got != allow {
					t.Errorf("%s as %s: status %d (Location %q), want allowed=%v\n%.300s", key, role, resp.StatusCode,
						resp.Header.Get("Location"), allow, body)
				}
			}
		})
	}
}

// TestAPITokenActsAsItsUnit: a unit's API token reaches its own
// commitments and nothing else, and needs no CSRF token.
func TestAPITokenActsAsItsUnit(t *testing.T) {
	e := newEnv(t, web.Config{})
	f := setUp(t, e)
	tok, hash := web.NewToken()
	at := ledger.APIToken{Unit: f.lead, Name: "统计系统", Hash: hash, CreatedBy: "admin"}
	if err := e.st.CreateAPIToken(context.Background(), &at, "admin"); err != nil {
		t.Fatal(err)
	}
	c := e.client()
	id := strconv.FormatInt(f.c.ID, 10)
	if resp, body := c.api("GET", "/api/v1/commitments/"+id, "", tok); resp.StatusCode != 200 {
		t.Fatalf("own commitment: %d %s", resp.StatusCode, body)
	}
	if resp, body := c.api("POST", "/api/v1/commitments/"+id+"/progress", `{"narrative":"系统对接填报","submit":false}`, tok); resp.StatusCode != 200 {
		t.Fatalf("progress by token: %d %s", resp.StatusCode, body)
	}
	other := e.commitment(func(it supervise.Item) bool { return it.Assignment.Lead != f.lead && it.Assignment.Lead != "" })
	oid := strconv.FormatInt(other.ID, 10)
	if resp, _ := c.api("GET", "/api/v1/commitments/"+oid, "", tok); resp.StatusCode != 404 {
		t.Errorf("other unit's commitment by token: %d, want 404", resp.StatusCode)
	}
	if resp, _ := c.api("POST", "/api/v1/commitments/"+oid+"/progress", `{"narrative":"x"}`, tok); resp.StatusCode != 404 {
		t.Errorf("report on other unit's commitment by token: %d, want 404", resp.StatusCode)
	}
	if resp, _ := c.api("POST", "/api/v1/commitments/"+id+"/dispatch", ``, tok); resp.StatusCode != 403 {
		t.Errorf("dispatch by token: %d, want 403", resp.StatusCode)
	}
	if err := e.st.RevokeAPIToken(context.Background(), at.ID, "admin"); err != nil {
		t.Fatal(err)
	}
	if resp, _ := c.api("GET", "/api/v1/commitments/"+id, "", tok); resp.StatusCode != 401 {
		t.Errorf("revoked token: %d, want 401", resp.StatusCode)
	}
	if resp, _ := c.api("GET", "/api/v1/me", "", "dch_not-a-token"); resp.StatusCode != 401 {
		t.Errorf("unknown token: %d, want 401", resp.StatusCode)
	}
	_ = demo.Password
}
