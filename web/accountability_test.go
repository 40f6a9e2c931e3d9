package web_test

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"ducha/access"
	"ducha/demo"
	"ducha/ledger"
	"ducha/supervise"
	"ducha/web"

	"github.com/xuri/excelize/v2"
)

// TestAccountabilityFlow: an escalated 督办单 left unanswered and a
// commitment closed short are proposed to the office, and nothing is
// applied until it decides; accepting opens a record, dismissing needs a
// reason; the unit states its case, the office corrects the record and
// the original stays; other units never see it; the statistics and the
// evaluation count it.
func TestAccountabilityFlow(t *testing.T) {
	e := newEnv(t, web.Config{})
	ctx := context.Background()
	office := supervise.Actor{Login: "ducha", Role: access.Supervisor}
	pick := func(not int64) supervise.Item {
		return e.commitment(func(it supervise.Item) bool {
			return it.ID != not && it.State == ledger.StateInProgress && it.Assignment.Lead != "" && it.Excluded == nil &&
				e.reporterOf(it.Assignment.Lead).Login != ""
		})
	}
	late := pick(0)
	short := e.commitment(func(it supervise.Item) bool {
		return it.ID != late.ID && it.State == ledger.StateInProgress && it.Assignment.Lead != "" && it.Excluded == nil &&
			it.Assignment.Lead != late.Assignment.Lead
	})
	unit := late.Assignment.Lead
	// A 督办单 due tomorrow, unanswered: escalated three days later, and
	// the escalated one unanswered a week after that.
	if _, err := e.svc.IssueOrder(ctx, office, late.ID, "请说明滞后原因", e.now.AddDate(0, 0, 1)); err != nil {
		t.Fatal(err)
	}
	e.now = e.now.AddDate(0, 0, 3)
	if _, err := e.svc.Tick(ctx); err != nil {
		t.Fatal(err)
	}
	var escalated ledger.SupervisionOrder
	for _, o := range val(e.st.Orders(ctx, late.ID)) {
		if o.Level == 2 && o.EscalatedAt.IsZero() {
			escalated = o
		}
	}
	if escalated.ID == 0 {
		t.Fatal("the 督办单 was not escalated")
	}
	e.now = escalated.ReplyBy.AddDate(0, 0, 2)
	if err := e.svc.Close(ctx, office, short.ID, ledger.OutcomePartly, "capacity"); err != nil {
		t.Fatal(err)
	}
	e.svc.Forget()

	c := e.client()
	c.login("ducha")
	audit0 := len(val(e.st.Audit(ctx, "", "", 0)))
	_, page := c.get("/accountability")
	keys := regexp.MustCompile(`data-key="([^"]+)"`).FindAllStringSubmatch(page, -1)
	var unanswered, shortfall string
	for _, k := range keys {
		switch k[1] {
		case "unanswered:" + strconv.FormatInt(escalated.ID, 10):
			unanswered = k[1]
		default:
			if strings.HasPrefix(k[1], "shortfall:"+strconv.FormatInt(short.ID, 10)+":") {
				shortfall = k[1]
			}
		}
	}
	if unanswered == "" || shortfall == "" {
		t.Fatalf("proposed %v; want the escalated 督办单 %d and the shortfall of %d", keys, escalated.ID, short.ID)
	}
	// Proposing applies nothing: no record, no audit entry, the
	// commitment as it was.
	if rs := val(e.st.AccountabilityRecords(ctx, "")); len(rs) != 0 {
		t.Fatalf("records before any decision: %+v", rs)
	}
	if n := len(val(e.st.Audit(ctx, "", "", 0))); n != audit0 {
		t.Errorf("listing the proposals wrote %d audit entries", n-audit0)
	}
	if st := val(e.st.CommitmentState(ctx, late.ID)); st != ledger.StateInProgress {
		t.Errorf("the late commitment is %s", st)
	}

	// Dismissing needs a reason.
	if resp, _ := c.post("/accountability/triggers/dismiss", url.Values{"key": {shortfall}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("dismiss without reason: %d", resp.StatusCode)
	}
	if ds := val(e.st.AccountabilityDecisions(ctx)); len(ds) != 0 {
		t.Fatalf("dismissed without a reason: %+v", ds)
	}
	c.post("/accountability/triggers/dismiss", url.Values{"key": {shortfall}, "reason": {"用地报批受上级调整影响，已书面说明"}})

	// Accepting opens the record.
	resp, _ := c.post("/accountability/triggers/accept", url.Values{"key": {unanswered}, "measure": {"criticism"},
		"person": {"MARK-ACC-PERSON"}, "date": {e.now.Format("2006-01-02")}, "doc_no": {"MARK-ACC-DOC〔2024〕3号"},
		"deduction": {"2"}, "note": {"MARK-ACC-NOTE 升级督办后仍未回复"}})
	loc := resp.Header.Get("Location")
	if resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(loc, "/accountability/records/") {
		t.Fatalf("accept: %d %s", resp.StatusCode, loc)
	}
	recs := val(e.st.AccountabilityRecords(ctx, ""))
	if len(recs) != 1 || recs[0].Unit != unit || recs[0].CommitmentID != late.ID || recs[0].OrderID != escalated.ID ||
		recs[0].Measure != "criticism" || recs[0].Deduction != 2 || len(recs[0].Facts) != 2 {
		t.Fatalf("record: %+v", recs)
	}
	_, page = c.get("/accountability")
	if strings.Contains(page, unanswered) || strings.Contains(page, shortfall) {
		t.Error("decided proposals are still proposed")
	}
	if !strings.Contains(page, "MARK-ACC-DOC") {
		t.Error("the office's list lacks the record")
	}

	// The unit states its case; another unit does not see the record.
	u := e.client()
	u.login(e.reporterOf(unit).Login)
	if resp, body := u.get(loc); resp.StatusCode != 200 || !strings.Contains(body, "MARK-ACC-DOC") {
		t.Fatalf("the unit's own record: %d", resp.StatusCode)
	}
	u.post(loc+"/statement", url.Values{"body": {"MARK-ACC-STATEMENT 已于次日回复"}})
	other := e.client()
	other.login(e.reporterOf(short.Assignment.Lead).Login)
	if resp, body := other.get(loc); resp.StatusCode != http.StatusNotFound || strings.Contains(body, "MARK-ACC") {
		t.Errorf("another unit's view of the record: %d", resp.StatusCode)
	}
	if _, body := other.get("/accountability"); strings.Contains(body, "MARK-ACC") {
		t.Error("another unit's list shows the record")
	}
	if resp, _ := other.post(loc+"/statement", url.Values{"body": {"代为申辩"}}); resp.StatusCode != http.StatusNotFound {
		t.Errorf("another unit's statement: %d", resp.StatusCode)
	}

	// The office corrects it; the original stays.
	c.post(loc+"/correct", url.Values{"version": {"1"}, "measure": {"interview"}, "person": {"MARK-ACC-PERSON"},
		"date": {e.now.Format("2006-01-02")}, "doc_no": {"MARK-ACC-DOC〔2024〕3号"}, "deduction": {"1"}, "reason": {"追责方式有误"}})
	id, _ := strconv.ParseInt(strings.TrimPrefix(loc, "/accountability/records/"), 10, 64)
	versions, statements, err := e.st.AccountabilityRecord(ctx, id)
	if err != nil || len(versions) != 2 || versions[0].Measure != "criticism" || versions[1].Measure != "interview" ||
		versions[1].Reason != "追责方式有误" {
		t.Fatalf("versions %+v, %v", versions, err)
	}
	if len(statements) != 1 || !strings.Contains(statements[0].Body, "MARK-ACC-STATEMENT") {
		t.Errorf("statements %+v", statements)
	}
	_, body := c.get(loc)
	for _, want := range []string{"约谈", "通报批评", "追责方式有误", "MARK-ACC-STATEMENT"} {
		if !strings.Contains(body, want) {
			t.Errorf("the record page lacks %q", want)
		}
	}

	// Statistics: one 约谈 of the unit this year, deducting 1.
	year := strconv.Itoa(e.now.Year())
	resp, xb := c.get("/accountability/stats?year=" + year + "&format=xlsx")
	if resp.StatusCode != 200 {
		t.Fatalf("stats xlsx: %d", resp.StatusCode)
	}
	f, err := excelize.OpenReader(bytes.NewReader([]byte(xb)))
	if err != nil {
		t.Fatal(err)
	}
	rows, _ := f.GetRows("Sheet1")
	want := [][]string{{"单位", "提醒谈话", "约谈", "通报批评", "诫勉谈话", "移交纪检监察机关", "合计", "考核扣分"},
		{unit, "0", "1", "0", "0", "0", "1", "1"}, {"合计", "0", "1", "0", "0", "0", "1"}}
	if len(rows) != 4 {
		t.Fatalf("stats rows %q", rows)
	}
	for i, w := range want {
		if strings.Join(rows[i+1], "|") != strings.Join(w, "|") {
			t.Errorf("stats row %d = %q, want %q", i+2, rows[i+1], w)
		}
	}
	// The evaluation shows the deduction.
	_, body = c.get("/evaluation?at=" + e.now.Format("2006-01-02"))
	if !strings.Contains(body, "责任追究扣分") || !strings.Contains(body, "− 1（约谈 MARK-ACC-DOC〔2024〕3号）") {
		t.Errorf("the evaluation does not show the deduction")
	}

	// Nothing of the record is public: crawl the public site and the open
	// data, and every internal route without a login.
	crawlPublic(t, e, regexp.MustCompile(`MARK-ACC-[A-Z]+`))
}

// crawlPublic fetches every public page reachable from /public, the open
// data files, and every GET route without a login, and fails on a marker.
func crawlPublic(t *testing.T, e *env, marks *regexp.Regexp) {
	anon := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	fetch := func(path string) (int, string) {
		resp, err := anon.Get(e.http.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		return resp.StatusCode, string(b)
	}
	base := "/public/" + url.PathEscape(demo.Government) + "/2024"
	link := regexp.MustCompile(`href="(/public[^"#]*)"`)
	queue := []string{"/public", base + "/ledger.json", base + "/ledger.csv", base + "/feed.atom"}
	seen := map[string]bool{}
	for _, q := range queue {
		seen[q] = true
	}
	pages := 0
	for len(queue) > 0 {
		path := queue[0]
		queue = queue[1:]
		status, body := fetch(path)
		pages++
		if m := marks.FindString(body); m != "" {
			t.Errorf("%s (%d) serves %q", path, status, m)
		}
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
	for _, rt := range e.srv.Routes() {
		if rt.Method != "GET" || rt.Auth == web.Public {
			continue
		}
		path := strings.NewReplacer("{$}", "", "{id}", "1", "{aid}", "1", "{eid}", "1").Replace(rt.Pattern)
		status, body := fetch(path)
		if status == http.StatusOK {
			t.Errorf("%s answers 200 without a login", path)
		}
		if m := marks.FindString(body); m != "" {
			t.Errorf("%s (no login) serves %q", path, m)
		}
	}
}

func val[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}
