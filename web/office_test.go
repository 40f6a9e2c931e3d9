package web_test

import (
	"bytes"
	"context"
	"html"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"ducha/ledger"
	"ducha/tasksheet"
	"ducha/web"
)

// freshTasks adds n new target sub-tasks (not dispatched, lead unit and
// deadline 2024-12-31 set) to the demo's report and returns them.
func freshTasks(t *testing.T, e *env, n int) []ledger.Commitment {
	t.Helper()
	ctx := context.Background()
	cs, err := e.st.Commitments(ctx, e.res.ReportID)
	if err != nil {
		t.Fatal(err)
	}
	units, _ := e.st.Units(ctx)
	var parent ledger.Commitment
	for _, c := range cs {
		if c.Kind == ledger.KindTarget && c.ParentCode == "" {
			parent = c
			break
		}
	}
	eoy := time.Date(2024, 12, 31, 0, 0, 0, 0, time.UTC)
	var fresh []ledger.Commitment
	for i := range n {
		fresh = append(fresh, ledger.Commitment{Code: parent.Code + "." + strconv.Itoa(90+i), ParentCode: parent.Code,
			Kind: ledger.KindTarget, Title: "网页测试子任务" + strconv.Itoa(i+1), Section: parent.Section, Category: parent.Category,
			Period: parent.Period, Deadline: &eoy, Assignment: ledger.Assignment{Lead: units[0].Name, SuggestedLead: units[0].Name}})
	}
	if err := e.st.ApplyTasks(ctx, e.res.ReportID, fresh); err != nil {
		t.Fatal(err)
	}
	e.svc.Forget()
	return fresh
}

func (e *env) stored(t *testing.T, id int64) ledger.Commitment {
	t.Helper()
	c, err := e.st.Commitment(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestPlanForm(t *testing.T) {
	e := newEnv(t, web.Config{})
	c := freshTasks(t, e, 1)[0]
	path := "/commitments/" + strconv.FormatInt(c.ID, 10)
	cl := e.client()
	cl.login("ducha")
	_, body := cl.get(path)
	for _, want := range []string{`id="plan-form"`, `name="milestones"`, `value="2024-12-31"`, "修改责任分工与计划"} {
		if !strings.Contains(body, want) {
			t.Errorf("commitment page lacks %s", want)
		}
	}
	// Without the CSRF token: refused, nothing changes.
	resp, _ := cl.post(path+"/plan", url.Values{"csrf_token": {"forged"}, "deadline": {"6月底前"}})
	if resp.StatusCode != http.StatusForbidden || e.stored(t, c.ID).DeadlineText != "" {
		t.Fatalf("forged form: %d", resp.StatusCode)
	}
	// A bad milestone: the page says which field and value; nothing stored.
	resp, _ = cl.post(path+"/plan", url.Values{"deadline": {"6月底前"}, "milestones": {"2024-06-31：100"}})
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("bad form: %d", resp.StatusCode)
	}
	_, body = cl.get(path)
	if !strings.Contains(html.UnescapeString(body), "时间节点 “2024-06-31") {
		t.Errorf("error of the milestone not shown")
	}
	if e.stored(t, c.ID).DeadlineText != "" {
		t.Error("a refused form stored the deadline")
	}
	// Right: stored.
	resp, _ = cl.post(path+"/plan", url.Values{"deadline": {"6月底前"}, "milestones": {"2024-03-31：开工；2024-06-30：完工"},
		"leader": {"张副区长"}, "weight": {"2"}})
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("form: %d", resp.StatusCode)
	}
	got := e.stored(t, c.ID)
	if got.DeadlineText != "6月底前" || len(got.Milestones) != 2 || got.Assignment.Leader != "张副区长" || got.Weight != 2 {
		t.Errorf("stored %+v", got)
	}
	_, body = cl.get(path)
	if !strings.Contains(body, "2024-03-31：开工；2024-06-30：完工") {
		t.Error("the form does not show the stored milestones in the sheet's syntax")
	}
	// A leader sees no form and may not post one.
	ld := e.client()
	ld.login("leader")
	if _, body := ld.get(path); strings.Contains(body, `id="plan-form"`) {
		t.Error("leader sees the plan form")
	}
	if resp, _ := ld.post(path+"/plan", url.Values{"leader": {"某人"}}); resp.StatusCode != http.StatusForbidden {
		t.Errorf("leader posts the plan form: %d", resp.StatusCode)
	}
}

func TestConfirmLeadForm(t *testing.T) {
	e := newEnv(t, web.Config{})
	c := freshTasks(t, e, 1)[0]
	c.Assignment.Lead = ""
	if err := e.st.ApplyTasks(context.Background(), e.res.ReportID, []ledger.Commitment{c}); err != nil {
		t.Fatal(err)
	}
	e.svc.Forget()
	path := "/commitments/" + strconv.FormatInt(c.ID, 10)
	cl := e.client()
	cl.login("ducha")
	_, body := cl.get(path)
	if !strings.Contains(body, `id="confirm-lead"`) {
		t.Fatal("no confirm button beside the suggestion")
	}
	if resp, _ := cl.post(path+"/confirm-lead", nil); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("confirm: %d", resp.StatusCode)
	}
	if got := e.stored(t, c.ID); got.Assignment.Lead != c.Assignment.SuggestedLead {
		t.Errorf("lead %q after confirming %q", got.Assignment.Lead, c.Assignment.SuggestedLead)
	}
	if _, body := cl.get(path); strings.Contains(body, `id="confirm-lead"`) {
		t.Error("confirm button still shown")
	}
}

func TestBulkForm(t *testing.T) {
	e := newEnv(t, web.Config{})
	cs := freshTasks(t, e, 2)
	units, _ := e.st.Units(context.Background())
	cl := e.client()
	cl.login("ducha")
	_, body := cl.get("/commitments?state=new")
	if !strings.Contains(body, `id="bulk-apply"`) || !strings.Contains(body, `value="`+strconv.FormatInt(cs[0].ID, 10)+`" form="batch"`) {
		t.Fatal("list lacks the bulk form or the row's box")
	}
	ids := []string{strconv.FormatInt(cs[0].ID, 10), strconv.FormatInt(cs[1].ID, 10)}
	// A bad deadline: both problems listed, nothing changed.
	resp, _ := cl.post("/commitments/bulk", url.Values{"id": ids, "lead": {units[2].Name}, "deadline": {"尽快"}, "dispatch": {"1"}})
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("bulk: %d", resp.StatusCode)
	}
	_, body = cl.get("/commitments?state=new")
	body = html.UnescapeString(body)
	if !strings.Contains(body, "有2处问题") || !strings.Contains(body, cs[0].Code+"：完成时限 “尽快”") || !strings.Contains(body, cs[1].Code+"：完成时限") {
		t.Errorf("bulk problems not listed")
	}
	if got := e.stored(t, cs[0].ID); got.Assignment.Lead == units[2].Name {
		t.Error("refused bulk edit changed a lead")
	}
	// Right: lead, deadline and 交办.
	resp, _ = cl.post("/commitments/bulk", url.Values{"id": ids, "lead": {units[2].Name}, "deadline": {"三季度末"}, "dispatch": {"1"}})
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("bulk: %d", resp.StatusCode)
	}
	for _, c := range cs {
		got := e.stored(t, c.ID)
		st, _ := e.st.CommitmentState(context.Background(), c.ID)
		if got.Assignment.Lead != units[2].Name || got.DeadlineText != "三季度末" || st != ledger.StateDispatched {
			t.Errorf("%s: lead %q deadline %q state %s", c.Code, got.Assignment.Lead, got.DeadlineText, st)
		}
	}
}

// postSheet uploads a task sheet in field "sheet".
func (c *client) postSheet(name string, data []byte) (*http.Response, string) {
	c.e.t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	mw.WriteField("csrf_token", c.csrf)
	w, _ := mw.CreateFormFile("sheet", name)
	w.Write(data)
	mw.Close()
	req, _ := http.NewRequest("POST", c.e.http.URL+"/tasks/upload", &buf)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	resp, err := c.c.Do(req)
	if err != nil {
		c.e.t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	return resp, string(b)
}

var hiddenRE = regexp.MustCompile(`name="(sum|digest)" value="([0-9a-f]+)"`)

func TestTaskSheetUpload(t *testing.T) {
	e := newEnv(t, web.Config{})
	cs := freshTasks(t, e, 2)
	ctx := context.Background()
	all, _ := e.st.Commitments(ctx, e.res.ReportID)
	var rows []tasksheet.Row
	for _, c := range all {
		if c.Kind == ledger.KindTarget {
			rows = append(rows, tasksheet.Row{Commitment: c})
		}
	}
	var b bytes.Buffer
	if err := tasksheet.Export(&b, rows, tasksheet.ExportOptions{Format: "csv"}); err != nil {
		t.Fatal(err)
	}
	// Two edits: a deadline phrase and a person.
	lines := strings.Split(b.String(), "\n")
	for i, l := range lines {
		f := strings.Split(l, ",")
		if len(f) < 13 {
			continue
		}
		switch f[1] {
		case cs[0].Code:
			lines[i] = strings.Replace(l, "2024-12-31", "9月底前", 1)
		case cs[1].Code:
			f[11] = "周科员" // 责任人
			lines[i] = strings.Join(f, ",")
		}
	}
	sheet := []byte(strings.Join(lines, "\n"))

	cl := e.client()
	cl.login("ducha")
	if resp, body := cl.get("/tasks/upload"); resp.StatusCode != 200 || !strings.Contains(body, `name="sheet"`) {
		t.Fatalf("upload page: %d", resp.StatusCode)
	}
	resp, body := cl.postSheet("分解表.csv", sheet)
	if resp.StatusCode != 200 {
		t.Fatalf("preview: %d\n%.500s", resp.StatusCode, body)
	}
	if n := strings.Count(body, `class="sheet-change"`); n != 2 {
		t.Errorf("preview lists %d changes, want 2", n)
	}
	for _, want := range []string{cs[0].Code, "<td>完成时限</td><td>2024-12-31</td><td>9月底前</td>", cs[1].Code, "<td>责任人</td><td></td><td>周科员</td>"} {
		if !strings.Contains(body, want) {
			t.Errorf("preview lacks %s", want)
		}
	}
	if e.stored(t, cs[0].ID).DeadlineText != "" {
		t.Fatal("the preview applied the sheet")
	}
	hidden := map[string]string{}
	for _, m := range hiddenRE.FindAllStringSubmatch(body, -1) {
		hidden[m[1]] = m[2]
	}
	if hidden["sum"] == "" || hidden["digest"] == "" {
		t.Fatalf("apply form lacks sum or digest: %v", hidden)
	}
	// Another file's checksum: refused.
	if resp, _ := cl.post("/tasks/apply", url.Values{"sum": {strings.Repeat("0", 64)}, "digest": {hidden["digest"]}}); resp.StatusCode != http.StatusConflict {
		t.Errorf("apply with another checksum: %d", resp.StatusCode)
	}
	if resp, _ := cl.post("/tasks/apply", url.Values{"csrf_token": {"forged"}, "sum": {hidden["sum"]}, "digest": {hidden["digest"]}}); resp.StatusCode != http.StatusForbidden {
		t.Errorf("apply without CSRF: %d", resp.StatusCode)
	}
	if e.stored(t, cs[0].ID).DeadlineText != "" {
		t.Fatal("a refused apply changed the ledger")
	}
	// Apply: exactly the two changes.
	resp, _ = cl.post("/tasks/apply", url.Values{"sum": {hidden["sum"]}, "digest": {hidden["digest"]}})
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("apply: %d", resp.StatusCode)
	}
	if got := e.stored(t, cs[0].ID); got.DeadlineText != "9月底前" || got.Deadline.Format("2006-01-02") != "2024-09-30" {
		t.Errorf("deadline %q", got.DeadlineText)
	}
	if got := e.stored(t, cs[1].ID); got.Assignment.Person != "周科员" || got.DeadlineText != "" {
		t.Errorf("second row %+v", got.Assignment)
	}
	es, _ := e.st.Audit(ctx, "commitment", strconv.FormatInt(cs[1].ID, 10), 5)
	if len(es) == 0 || es[0].Action != "tasks.import" || !strings.Contains(es[0].After, "周科员") || !strings.Contains(es[0].After, "分解表.csv") {
		t.Errorf("audit %+v", es)
	}
	// Applying twice: the preview is gone.
	if resp, _ := cl.post("/tasks/apply", url.Values{"sum": {hidden["sum"]}, "digest": {hidden["digest"]}}); resp.StatusCode != http.StatusConflict {
		t.Errorf("second apply: %d", resp.StatusCode)
	}
	// A bad sheet: every problem by row, column and value; nothing kept
	// to apply, nothing changed.
	bad := bytes.Replace(sheet, []byte("周科员"), []byte("周科员2"), 1)
	bad = bytes.Replace(bad, []byte("9月底前"), []byte("某天"), 1)
	resp, body = cl.postSheet("坏表.csv", bad)
	if resp.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("bad sheet: %d", resp.StatusCode)
	}
	if n := strings.Count(body, `class="sheet-error"`); n != 1 || !strings.Contains(body, "<td>完成时限</td><td>某天</td>") || strings.Contains(body, `id="apply-form"`) {
		t.Errorf("bad sheet page: %d errors\n%.2000s", n, body)
	}
	if resp, _ := cl.post("/tasks/apply", url.Values{"sum": {hidden["sum"]}, "digest": {hidden["digest"]}}); resp.StatusCode != http.StatusConflict {
		t.Errorf("apply after a bad upload: %d", resp.StatusCode)
	}
	if got := e.stored(t, cs[1].ID); got.Assignment.Person != "周科员" {
		t.Error("a bad sheet changed the ledger")
	}
	// Too large: refused before it is read as a sheet.
	resp, body = cl.postSheet("大表.csv", bytes.Repeat([]byte("a,b\n"), web.MaxTaskSheetBytes/4+1))
	if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "超过 2 MB 的上限") || strings.Contains(body, `id="apply-form"`) {
		t.Errorf("oversized sheet: %d", resp.StatusCode)
	}
	// The leader may not upload.
	ld := e.client()
	ld.login("leader")
	if resp, _ := ld.get("/tasks/upload"); resp.StatusCode != http.StatusForbidden {
		t.Errorf("leader upload page: %d", resp.StatusCode)
	}
}

func TestSplitForm(t *testing.T) {
	e := newEnv(t, web.Config{})
	c := freshTasks(t, e, 1)[0]
	path := "/commitments/" + strconv.FormatInt(c.ID, 10)
	cl := e.client()
	cl.login("ducha")
	_, body := cl.get(path)
	if !strings.Contains(body, `id="split-form"`) || strings.Contains(body, `id="unsplit"`) {
		t.Fatal("split form missing, or undo shown before any split")
	}
	if resp, _ := cl.post(path+"/split", url.Values{"titles": {"第一步\r\n第二步\n"}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("split: %d", resp.StatusCode)
	}
	_, body = cl.get(path)
	if !strings.Contains(body, "已拆分为 2 项子任务："+c.Code+".1、"+c.Code+".2") || !strings.Contains(body, `id="unsplit"`) {
		t.Errorf("after split the page lacks the message or the undo button")
	}
	sub, err := e.st.Commitments(context.Background(), e.res.ReportID)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, x := range sub {
		if x.ParentCode == c.Code && (x.Title == "第一步" || x.Title == "第二步") {
			n++
		}
	}
	if n != 2 {
		t.Errorf("%d sub-tasks stored, want 2", n)
	}
	if resp, _ := cl.post(path+"/unsplit", nil); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("unsplit: %d", resp.StatusCode)
	}
	if _, body := cl.get(path); !strings.Contains(body, "已撤销拆分") {
		t.Error("undo not confirmed")
	}
	ld := e.client()
	ld.login("leader")
	if resp, _ := ld.post(path+"/split", url.Values{"titles": {"x"}}); resp.StatusCode != http.StatusForbidden {
		t.Errorf("leader splits: %d", resp.StatusCode)
	}
}
