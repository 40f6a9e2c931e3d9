package web_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"mime/multipart"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"ducha/demo"
	"ducha/ledger"
	"ducha/project"
	"ducha/projectsheet"
	"ducha/web"
)

// projectFixture imports a 2024 project of unit, in progress, with July's
// report submitted, and returns the ids of the project and the report.
func projectFixture(t *testing.T, e *env, unit string) (pid, rid int64) {
	t.Helper()
	ctx := context.Background()
	p := project.Project{Year: 2024, Code: "XM-T01", Name: "测试物流园", Category: project.New, OwnerUnit: unit,
		Leader: "甲副区长", Total: 5000, AnnualPlan: 1200, Stages: project.NewStages()}
	p.Stages[2].Planned = time.Date(2024, 5, 31, 0, 0, 0, 0, time.UTC)
	if _, _, err := e.st.ImportProjects(ctx, []project.Project{p}, "office"); err != nil {
		t.Fatal(err)
	}
	ps, err := e.st.Projects(ctx, 2024)
	if err != nil || len(ps) == 0 {
		t.Fatalf("projects: %v %d", err, len(ps))
	}
	p = ps[0]
	for _, s := range []ledger.State{ledger.StateDispatched, ledger.StateAcknowledged, ledger.StateInProgress} {
		if err := e.st.SetProjectState(ctx, p.ID, s, "office"); err != nil {
			t.Fatal(err)
		}
	}
	p.State = ledger.StateInProgress
	r := project.MonthlyReport{Period: "2024-07", Month: 100, Cumulative: 500, Status: ledger.ReportSubmitted, SubmittedBy: "unit"}
	if err := e.st.SaveProjectReport(ctx, p, &r, "unit"); err != nil {
		t.Fatal(err)
	}
	return p.ID, r.ID
}

// postBack posts a form that answers by returning to a page and returns
// that page.
func postBack(t *testing.T, c *client, path string, form url.Values) string {
	t.Helper()
	resp, body := c.post(path, form)
	if resp.StatusCode != 303 {
		t.Fatalf("POST %s: %d, want a redirect\n%.1000s", path, resp.StatusCode, body)
	}
	_, body = c.get(resp.Header.Get("Location"))
	return body
}

// TestProjectWorkflow: the office sees the lagging project, the unit
// reports 开工 for August, the office approves it and the project's stage
// and light move; another unit cannot open it.
func TestProjectWorkflow(t *testing.T) {
	e := newEnv(t, web.Config{})
	f := setUp(t, e)
	id := strconv.FormatInt(f.pid, 10)
	office := e.client()
	office.login("ducha")
	_, body := office.get("/projects?lagging=1")
	if !strings.Contains(body, "测试物流园") || !strings.Contains(body, `class="light red"`) {
		t.Fatalf("lagging list without the project:\n%.2000s", body)
	}
	// No approved report by 15 September: red. Approve July's report.
	if body := postBack(t, office, "/projects/"+id+"/reports/"+strconv.FormatInt(f.prid, 10)+"/review", url.Values{"decision": {"approve"}}); !strings.Contains(body, "已通过") {
		t.Fatalf("approve:\n%.3000s", body)
	}
	unit := e.client()
	unit.login(e.reporterOf(f.lead).Login)
	_, body = unit.get("/projects")
	if !strings.Contains(body, "测试物流园") {
		t.Fatalf("the unit's list lacks its project:\n%.2000s", body)
	}
	// August's report is owed on the unit's dashboard, late since 10 September.
	_, body = unit.get("/dashboard")
	if !strings.Contains(body, `data-project="`+id+`"`) || !strings.Contains(body, "2024年8月") {
		t.Fatalf("the unit's to-do list lacks the project's report:\n%.6000s", body)
	}
	body = postBack(t, unit, "/projects/"+id+"/reports", url.Values{"period": {"2024-08"}, "month": {"300"}, "cumulative": {"800"},
		"stage": {"竣工"}, "stage_date": {"2024-08-20"}, "action": {"submit"}})
	if !strings.Contains(body, "「竣工」不能早于「主体施工」") {
		t.Fatalf("a stage out of order was not refused:\n%.3000s", body)
	}
	body = postBack(t, unit, "/projects/"+id+"/reports", url.Values{"period": {"2024-08"}, "month": {"300"}, "cumulative": {"800"},
		"progress": {"主体基础完成"}, "action": {"submit"}})
	if !strings.Contains(body, "已报送，待复核") {
		t.Fatalf("submit:\n%.3000s", body)
	}
	reps, err := e.st.ProjectReports(context.Background(), 2024)
	if err != nil {
		t.Fatal(err)
	}
	var aug project.MonthlyReport
	for _, r := range reps[f.pid] {
		if r.Period == "2024-08" {
			aug = r
		}
	}
	if aug.Status != ledger.ReportSubmitted || aug.Cumulative != 800 {
		t.Fatalf("August's report %+v", aug)
	}
	if _, body := unit.get("/dashboard"); strings.Contains(body, `data-project="`+id+`"`) {
		t.Errorf("the submitted report is still on the unit's to-do list")
	}
	if body := postBack(t, office, "/projects/"+id+"/reports/"+strconv.FormatInt(aug.ID, 10)+"/review", url.Values{"decision": {"approve"}}); !strings.Contains(body, "已通过") {
		t.Fatalf("approve August:\n%.3000s", body)
	}
	p, err := e.st.Project(context.Background(), f.pid)
	if err != nil || p.Progress != "主体基础完成" {
		t.Fatalf("after approval: %v %q", err, p.Progress)
	}
	other := e.client()
	other.login(e.reporterOf(f.other).Login)
	if resp, _ := other.get("/projects/" + id); resp.StatusCode != 404 {
		t.Errorf("another unit opened the project: %d", resp.StatusCode)
	}
	if _, body := other.get("/projects"); strings.Contains(body, "测试物流园") {
		t.Errorf("another unit's list shows the project")
	}
}

// uploadSheet posts a plan sheet to /projects/upload and returns the page
// it goes back to.
func uploadSheet(t *testing.T, c *client, year, name string, data []byte) string {
	t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	mw.WriteField("csrf_token", c.csrf)
	mw.WriteField("year", year)
	fw, _ := mw.CreateFormFile("sheet", name)
	fw.Write(data)
	mw.Close()
	resp, err := c.c.Post(c.e.http.URL+"/projects/upload", mw.FormDataContentType(), &buf)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 303 {
		t.Fatalf("upload: %d", resp.StatusCode)
	}
	_, body := c.get(resp.Header.Get("Location"))
	return body
}

// TestProjectUpload: the office uploads a sheet of 100 projects; a bad
// sheet lists its errors by row and column and changes nothing.
func TestProjectUpload(t *testing.T) {
	e := newEnv(t, web.Config{})
	office := e.client()
	office.login("ducha")
	x, err := projectsheet.XLSX(projectsheet.Sample(100, 2025))
	if err != nil {
		t.Fatal(err)
	}
	if body := uploadSheet(t, office, "2025", "plan.xlsx", x); !strings.Contains(body, "已导入：新增100个项目，更新0个项目") ||
		!strings.Contains(body, fmt.Sprintf("%d / %d 个项目", 100+demo.ProjectCount, 100+demo.ProjectCount)) {
		t.Fatalf("upload:\n%.4000s", body)
	}
	rows := projectsheet.Sample(2, 2025)
	rows[1][3] = "改建"
	var b bytes.Buffer
	csv.NewWriter(&b).WriteAll(rows)
	body := uploadSheet(t, office, "2025", "bad.csv", b.Bytes())
	if !strings.Contains(body, `第2行 类别 &#34;改建&#34; 类别应为新建、续建、储备或前期`) {
		t.Fatalf("bad sheet:\n%.4000s", body)
	}
	ps, err := e.st.Projects(context.Background(), 2025)
	if err != nil || len(ps) != 100 || ps[1].Category != project.Continuing {
		t.Fatalf("after the bad sheet: %v, %d projects, XM2025-002 %s", err, len(ps), ps[1].Category)
	}
}

// TestProjectLinks: a commitment linked to the project counts it once its
// approved report reaches the stage.
func TestProjectLinks(t *testing.T) {
	e := newEnv(t, web.Config{})
	f := setUp(t, e)
	office := e.client()
	office.login("ducha")
	body := postBack(t, office, "/projects/links", url.Values{"commitment": {strconv.FormatInt(f.c.ID, 10)},
		"measure": {"stage_count"}, "stage": {"签约"}, "codes": {"XM-T01"}})
	if !strings.Contains(body, "已关联项目") || !strings.Contains(body, "（0/1）") {
		t.Fatalf("after linking:\n%.5000s", body)
	}
	ctx := context.Background()
	p, err := e.st.Project(ctx, f.pid)
	if err != nil {
		t.Fatal(err)
	}
	r := project.MonthlyReport{ProjectID: p.ID, Period: "2024-08", Cumulative: 600, Stage: "签约",
		StageDate: time.Date(2024, 8, 1, 0, 0, 0, 0, time.UTC), Status: ledger.ReportSubmitted}
	np, rr, err := project.Review(p, r, true, "", "ducha", e.now)
	if err != nil {
		t.Fatal(err)
	}
	if err := e.st.SaveProjectReport(ctx, np, &rr, "ducha"); err != nil {
		t.Fatal(err)
	}
	if _, body := office.get("/projects/links"); !strings.Contains(body, "（1/1）") || !strings.Contains(body, `class="counted"`) {
		t.Fatalf("after 签约:\n%.5000s", body)
	}
	if body := postBack(t, office, "/projects/links", url.Values{"commitment": {strconv.FormatInt(f.c.ID, 10)}, "codes": {"XM-404"}}); !strings.Contains(body, `项目编号 &#34;XM-404&#34; 不存在`) {
		t.Fatalf("unknown code:\n%.3000s", body)
	}
}
