package web_test

import (
	"bytes"
	"context"
	"mime/multipart"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"ducha/access"
	"ducha/proposal"
	"ducha/proposalsheet"
	"ducha/web"
)

// proposalFixture stores one 建议 assigned to lead with coop co-handling,
// and returns its id.
func proposalFixture(t *testing.T, e *env, lead, coop string) int64 {
	t.Helper()
	ctx := context.Background()
	items, err := e.st.ImportProposals(ctx, []proposal.Item{{Number: "第0012号", Kind: proposal.KindSuggestion,
		Session: "十五届三次会议", Title: "关于增设学校周边停车位的建议", Lead: proposal.Person{Name: "张三"}}}, "admin")
	if err != nil {
		t.Fatal(err)
	}
	office := proposal.Actor{Subject: access.Subject{Role: access.Supervisor}}
	_, err = e.st.UpdateProposal(ctx, items[0].ID, "proposal.assign", "ducha", func(it proposal.Item) (proposal.Item, error) {
		return proposal.Apply(it, office, proposal.Event{Type: proposal.EvAssign, LeadUnit: lead, CoUnits: []string{coop}}, e.now)
	})
	if err != nil {
		t.Fatal(err)
	}
	return items[0].ID
}

var linkRE = regexp.MustCompile(`id="feedback-link">(/feedback/[A-Za-z0-9_-]+)<`)

// TestProposalFlow: the office imports a list and assigns an item, the
// unit acknowledges, records a meeting and replies; the office makes the
// feedback link; the deputy, with no account, answers 不满意 and the item
// is handled again; the link is then spent. A unit that does not handle
// the item cannot open it.
func TestProposalFlow(t *testing.T) {
	e := newEnv(t, web.Config{})
	f := setUp(t, e)
	office := e.client()
	office.login("ducha")

	// Import 175 items through the page.
	var list bytes.Buffer
	if err := proposalsheet.WriteListXLSX(&list, proposalsheet.SampleItems(76, 99, "十五届四次会议")); err != nil {
		t.Fatal(err)
	}
	resp, _ := office.upload("/proposals/import", "list.xlsx", list.Bytes())
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("import: %d", resp.StatusCode)
	}
	if _, body := office.get("/proposals"); !strings.Contains(body, "已导入：175") {
		i := strings.Index(body, "flash")
		t.Fatalf("import flash missing:\n%.800s", body[max(i-50, 0):])
	}
	all, _ := e.st.Proposals(context.Background(), proposal.Filter{})
	if len(all) != 176 {
		t.Fatalf("%d items stored, want 176", len(all))
	}
	// A bad list names its row and column and adds nothing.
	resp, _ = office.upload("/proposals/import", "bad.csv", []byte("编号,类型,标题,领衔人,附议人,类别,主办单位,协办单位\n1,建议,,张三,,,x,\n"))
	if _, body := office.get("/proposals"); resp.StatusCode != http.StatusSeeOther || !strings.Contains(body, "第2行 标题 标题不能为空") {
		i := strings.Index(body, "flash")
		t.Fatalf("bad list: %d\n%.800s", resp.StatusCode, body[max(i-50, 0):])
	}

	pid := strconv.FormatInt(f.sid, 10)
	base := "/proposals/" + pid
	unit := e.client()
	unit.login(e.reporterOf(f.lead).Login)
	other := e.client()
	other.login(e.reporterOf(f.other).Login)
	if resp, _ := other.get(base); resp.StatusCode != http.StatusNotFound {
		t.Errorf("other unit opens the item: %d", resp.StatusCode)
	}
	if _, body := other.get("/proposals"); strings.Contains(body, "第0012号") && strings.Contains(body, base) {
		t.Error("other unit's list shows the item")
	}
	step := func(c *client, path string, form url.Values) {
		t.Helper()
		c.get(base)
		resp, _ := c.post(path, form)
		_, body := c.get(base)
		if resp.StatusCode != http.StatusSeeOther || strings.Contains(body, `class="flash err"`) {
			t.Fatalf("%s: %d\n%.1500s", path, resp.StatusCode, body)
		}
	}
	today := e.now.Format("2006-01-02")
	step(unit, base+"/acknowledge", nil)
	step(unit, base+"/contacts", url.Values{"date": {today}, "way": {"face"}, "summary": {"到代表单位当面沟通"}})
	step(unit, base+"/reply", url.Values{"text": {"已协调增设车位30个"}, "document": {"教函〔2024〕12号"}, "class": {"A"}})
	office.get(base)
	resp, _ = office.post(base+"/feedback-link", nil)
	_, body := office.get(base)
	m := linkRE.FindStringSubmatch(body)
	if resp.StatusCode != http.StatusSeeOther || m == nil {
		t.Fatalf("no feedback link: %d\n%.2000s", resp.StatusCode, body)
	}
	link := m[1]

	deputy := e.client() // no account
	resp, body = deputy.get(link)
	if resp.StatusCode != 200 || !strings.Contains(body, "已协调增设车位30个") {
		t.Fatalf("feedback page: %d\n%.500s", resp.StatusCode, body)
	}
	// The token opens nothing else: not the item page, not the list.
	if resp, _ := deputy.get(base); resp.StatusCode != http.StatusSeeOther {
		t.Errorf("deputy opens the item page: %d", resp.StatusCode)
	}
	if resp, _ := deputy.get("/proposals"); resp.StatusCode != http.StatusSeeOther {
		t.Errorf("deputy opens the list: %d", resp.StatusCode)
	}
	// 不满意 without a comment is refused and the link stays valid.
	resp, body = deputy.post(link, url.Values{"verdict": {"dissatisfied"}})
	if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "不满意请写明意见") {
		t.Fatalf("no comment: %d\n%.500s", resp.StatusCode, body)
	}
	resp, body = deputy.post(link, url.Values{"verdict": {"dissatisfied"}, "comment": {"车位仍然不够"}})
	if resp.StatusCode != 200 || !strings.Contains(body, "feedback-done") {
		t.Fatalf("feedback: %d\n%.500s", resp.StatusCode, body)
	}
	it, _ := e.st.Proposal(context.Background(), f.sid)
	if it.State != proposal.StateRedo || it.Round != 2 || !it.Deadline.Equal(proposal.Day(e.now).AddDate(0, 1, 0)) {
		t.Fatalf("after 不满意: %s round %d deadline %v", it.State, it.Round, it.Deadline)
	}
	// Single use.
	if resp, _ := deputy.get(link); resp.StatusCode != http.StatusNotFound {
		t.Errorf("spent link: %d", resp.StatusCode)
	}
	if resp, _ := deputy.post(link, url.Values{"verdict": {"satisfied"}}); resp.StatusCode != http.StatusNotFound {
		t.Errorf("spent link posted: %d", resp.StatusCode)
	}
	if _, body := unit.get(base); !strings.Contains(body, "重新办理") || !strings.Contains(body, "车位仍然不够") {
		t.Errorf("item page after 不满意:\n%.1500s", body)
	}

	// A link expires: answered again, a new link, 31 days later.
	step(unit, base+"/contacts", url.Values{"date": {today}, "way": {"phone"}, "summary": {"电话沟通"}})
	step(unit, base+"/reply", url.Values{"text": {"再增设20个"}, "document": {"教函〔2024〕20号"}, "class": {"A"}})
	office.get(base)
	office.post(base+"/feedback-link", nil)
	_, body = office.get(base)
	link2 := linkRE.FindStringSubmatch(body)[1]
	if resp, _ := deputy.get(link2); resp.StatusCode != 200 {
		t.Fatalf("new link: %d", resp.StatusCode)
	}
	e.now = e.now.Add(31 * 24 * time.Hour)
	if resp, _ := deputy.get(link2); resp.StatusCode != http.StatusNotFound {
		t.Errorf("expired link: %d", resp.StatusCode)
	}

	// Published, the reply shows on the public site with its class, and
	// nothing of the deputy.
	if _, body := deputy.get("/public/proposals"); strings.Contains(body, "再增设20个") {
		t.Error("unpublished reply on the public site")
	}
	step(office, base+"/public", url.Values{"public": {"1"}})
	if resp, body := deputy.get("/public/proposals"); resp.StatusCode != 200 || !strings.Contains(body, "再增设20个") ||
		!strings.Contains(body, "A类（已解决或采纳）") || strings.Contains(body, "张三") {
		t.Errorf("public replies: %d\n%.1500s", resp.StatusCode, body)
	}

	// The statistics page and its xlsx.
	if resp, body := office.get("/proposals/stats"); resp.StatusCode != 200 || !strings.Contains(body, f.lead) {
		t.Errorf("stats: %d", resp.StatusCode)
	}
	if resp, _ := office.get("/proposals/stats.xlsx"); resp.StatusCode != 200 ||
		!strings.Contains(resp.Header.Get("Content-Type"), "spreadsheetml") {
		t.Errorf("stats.xlsx: %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
}

// upload posts a file in field "file" with the client's CSRF token.
func (c *client) upload(path, name string, data []byte) (*http.Response, string) {
	c.e.t.Helper()
	c.get("/proposals")
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	mw.WriteField("csrf_token", c.csrf)
	w, _ := mw.CreateFormFile("file", name)
	w.Write(data)
	mw.Close()
	req, _ := http.NewRequest("POST", c.e.http.URL+path, &buf)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	resp, err := c.c.Do(req)
	if err != nil {
		c.e.t.Fatal(err)
	}
	resp.Body.Close()
	return resp, ""
}

// TestProposalAdjust: the lead unit asks to change the handler, the
// office approves; the item moves to the new unit, which must 签收 it,
// and the old unit no longer reaches it. A unit cannot decide.
func TestProposalAdjust(t *testing.T) {
	e := newEnv(t, web.Config{})
	f := setUp(t, e)
	base := "/proposals/" + strconv.FormatInt(f.sid, 10)
	unit, office, newUnit := e.client(), e.client(), e.client()
	unit.login(e.reporterOf(f.lead).Login)
	office.login("ducha")
	newUnit.login(e.reporterOf(f.other).Login)

	unit.get(base)
	if resp, _ := unit.post(base+"/adjust", url.Values{"reason": {"主要涉及交通管理"}, "suggest": {f.other}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("adjust: %d", resp.StatusCode)
	}
	if resp, _ := unit.post(base+"/adjust/decide", url.Values{"decision": {"approve"}, "lead": {f.lead + "x"}}); resp.StatusCode != http.StatusForbidden {
		t.Errorf("a unit decides its own adjustment: %d", resp.StatusCode)
	}
	if _, body := office.get(base); !strings.Contains(body, "申请调整中") || !strings.Contains(body, "主要涉及交通管理") {
		t.Fatalf("office sees no request:\n%.1000s", body)
	}
	office.post(base+"/adjust/decide", url.Values{"decision": {"approve"}, "lead": {f.other}})
	it, _ := e.st.Proposal(context.Background(), f.sid)
	if it.State != proposal.StateDispatched || it.LeadUnit != f.other || it.Adjust != nil {
		t.Fatalf("after approval: %s %s %+v", it.State, it.LeadUnit, it.Adjust)
	}
	if resp, _ := unit.get(base); resp.StatusCode != http.StatusNotFound {
		t.Errorf("old unit still reaches the item: %d", resp.StatusCode)
	}
	if resp, body := newUnit.get(base); resp.StatusCode != 200 || !strings.Contains(body, `id="form-ack"`) {
		t.Errorf("new unit: %d, acknowledge form shown: %v", resp.StatusCode, strings.Contains(body, `id="form-ack"`))
	}
}
