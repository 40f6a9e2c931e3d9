package web_test

import (
	"fmt"
	"net/url"
	"strings"
	"testing"

	"ducha/demo"
	"ducha/ledger"
	"ducha/supervise"
	"ducha/web"
)

// The dashboard opens on the newest report of a year that has begun by
// the server's clock: at demo.AsOf (September 2024) the supervised 2024
// report, not the 2025 one imported beside it; ?report= still chooses.
func TestDashboardDefaultReport(t *testing.T) {
	e := newEnv(t, web.Config{})
	c := e.client()
	c.login("ducha")
	_, body := c.get("/dashboard")
	want := fmt.Sprintf(`<option value="%d" selected>`, e.res.ReportID)
	if !strings.Contains(body, want) {
		t.Fatalf("the dashboard at %s does not open on report %d (the %d one)", e.now.Format("2006-01-02"), e.res.ReportID, e.res.Year)
	}
	e.now = e.now.AddDate(1, 0, 0)
	c2 := e.client()
	c2.login("ducha")
	if _, body := c2.get("/dashboard"); strings.Contains(body, want) {
		t.Fatalf("a year later the dashboard still opens on the %d report", e.res.Year)
	}
}

// A report whose narrative repeats last month's (the demo has a few) is
// marked on the commitment's page and in the API, and nowhere public.
func TestRepeatedNarrativeMarked(t *testing.T) {
	e := newEnv(t, web.Config{})
	items, err := e.svc.Items(t.Context(), e.res.ReportID)
	if err != nil {
		t.Fatal(err)
	}
	var id int64
	var period string
	for _, it := range items {
		d, err := e.svc.Detail(t.Context(), supervise.System, it.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range d.Repeats {
			id, period = it.ID, r.Period
		}
		if id != 0 {
			break
		}
	}
	if id == 0 {
		t.Fatal("no repeated narrative in the demo")
	}
	c := e.client()
	c.login("ducha")
	_, body := c.get(fmt.Sprintf("/commitments/%d", id))
	if !strings.Contains(body, `<span class="repeat"`) || !strings.Contains(body, "内容雷同于") {
		t.Errorf("the commitment page does not mark the repeated narrative")
	}
	_, body = c.api("GET", fmt.Sprintf("/api/v1/commitments/%d", id), "", "")
	if !strings.Contains(body, `"repeats":{"period":"`+period+`"`) {
		t.Errorf("the API does not mark the repeated narrative: %.300s", body)
	}
	pub := e.client()
	resp, body := pub.get("/public/" + url.PathEscape(demo.Government) + "/2024/c/" + url.PathEscape(codeOf(items, id)))
	if resp.StatusCode != 200 || !strings.Contains(body, codeOf(items, id)) {
		t.Fatalf("public page of the commitment: %d", resp.StatusCode)
	}
	if strings.Contains(body, "内容雷同") || strings.Contains(body, "repeat") {
		t.Errorf("the public page shows the internal mark")
	}
}

func codeOf(items []supervise.Item, id int64) string {
	for _, it := range items {
		if it.ID == id {
			return it.Code
		}
	}
	return ""
}

// One photo attached to the reports of two units' commitments: the second
// unit is warned on upload, the office sees both places, the unit only that
// there is another place.
func TestEvidenceReuseShown(t *testing.T) {
	e := newEnv(t, web.Config{})
	inProgress := func(it supervise.Item) bool {
		return it.State == ledger.StateInProgress && len(it.Assignment.Cooperating) == 0
	}
	a := e.commitment(inProgress)
	b := e.commitment(func(it supervise.Item) bool { return inProgress(it) && it.Assignment.Lead != a.Assignment.Lead })
	photo := file{"现场照片.jpg", append([]byte("\xff\xd8\xff\xe0"), strings.Repeat("照片", 100)...)}
	upload := func(it supervise.Item) (*client, string) {
		c := e.client()
		c.login(e.reporterOf(it.Assignment.Lead).Login)
		path := fmt.Sprintf("/commitments/%d", it.ID)
		c.get(path)
		resp, body := c.postMultipart(path+"/progress", url.Values{"period": {"2024-09"}, "narrative": {"九月完成现场踏勘"},
			"percent": {"60"}, "action": {"save"}}, photo)
		if resp.StatusCode != 303 {
			t.Fatalf("upload to %s: %d %s", it.Code, resp.StatusCode, body)
		}
		_, page := c.get(path)
		return c, page
	}
	if _, page := upload(a); strings.Contains(page, "此前已作为佐证材料上传过") {
		t.Error("a first upload is warned of")
	}
	_, page := upload(b)
	if !strings.Contains(page, "此前已作为佐证材料上传过") {
		t.Error("the second upload of the same file is not warned of")
	}
	if !strings.Contains(page, "其他无权查看的事项") || strings.Contains(page, fmt.Sprintf(`href="/commitments/%d"`, a.ID)) {
		t.Error("the unit's page does not say, or says too much, where else the file is")
	}
	office := e.client()
	office.login("ducha")
	_, page = office.get(fmt.Sprintf("/commitments/%d", b.ID))
	if !strings.Contains(page, "同一文件亦用于") || !strings.Contains(page, fmt.Sprintf(`<a href="/commitments/%d">%s</a>`, a.ID, a.Code)) {
		t.Error("the office's page does not show where else the file is attached")
	}
}

// The review queue marks a submitted report whose narrative repeats last
// month's.
func TestReviewQueueFlags(t *testing.T) {
	e := newEnv(t, web.Config{})
	it := e.commitment(func(it supervise.Item) bool {
		return it.State == ledger.StateInProgress && it.Target != nil && it.LatestApproved != nil
	})
	hist, err := e.st.ProgressReports(t.Context(), it.ID)
	if err != nil || len(hist) == 0 {
		t.Fatalf("history: %v", err)
	}
	unit := e.client()
	unit.login(e.reporterOf(it.Assignment.Lead).Login)
	path := fmt.Sprintf("/commitments/%d", it.ID)
	unit.get(path)
	form := url.Values{"period": {"2024-09"}, "narrative": {hist[0].Narrative}, "action": {"submit"}}
	if it.LatestApproved.Value != "" {
		form.Set("value", it.LatestApproved.Value)
	} else {
		form.Set("percent", "80")
	}
	if resp, body := unit.postMultipart(path+"/progress", form); resp.StatusCode != 303 {
		t.Fatalf("submit: %d %s", resp.StatusCode, body)
	}
	if _, page := unit.get(path); !strings.Contains(page, "请写明本期的新进展") {
		t.Error("the unit is not warned of the copied narrative")
	}
	office := e.client()
	office.login("ducha")
	_, page := office.get("/review")
	found := false
	for _, row := range strings.Split(page, "<tr>") {
		if strings.Contains(row, "<code>"+it.Code+"</code>") && strings.Contains(row, "2024年9月") {
			found = true
			if !strings.Contains(row, "内容雷同于") {
				t.Errorf("the review queue does not flag the copied narrative: %s", row)
			}
		}
	}
	if !found {
		t.Error("the submitted report is not in the review queue")
	}
}
