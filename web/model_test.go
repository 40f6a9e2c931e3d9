package web_test

import (
	"context"
	"encoding/json"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"ducha/demo"
	"ducha/ledger"
	"ducha/progress"
	"ducha/supervise"
	"ducha/web"
)

func idPath(id int64) string { return "/commitments/" + strconv.FormatInt(id, 10) }

// newLeaf is a target of the demo not yet dispatched and without
// sub-tasks.
func newLeaf(e *env, not ...int64) supervise.Item {
	items, err := e.svc.Items(context.Background(), e.res.ReportID)
	if err != nil {
		e.t.Fatal(err)
	}
	parent := map[string]bool{}
	for _, it := range items {
		parent[it.ParentCode] = true
	}
	return e.commitment(func(it supervise.Item) bool {
		for _, id := range not {
			if it.ID == id {
				return false
			}
		}
		return it.State == ledger.StateNew && !parent[it.Code]
	})
}

// TestTargetKindForm: the commitment page shows the inferred kind, marked
// 系统推断, with a form for the office only; a saved kind shows as set and
// in the audit trail.
func TestTargetKindForm(t *testing.T) {
	e := newEnv(t, web.Config{})
	retail := e.commitment(func(it supervise.Item) bool {
		return it.Target != nil && it.Target.Indicator == "社会消费品零售总额"
	})
	office := e.client()
	office.login("ducha")
	_, body := office.get(idPath(retail.ID))
	for _, want := range []string{`id="kind-select"`, `<option value="">系统推断：增速（保持）</option>`, `id="kind-inferred"`,
		`<b id="kind">增速（保持）</b>`} {
		if !strings.Contains(body, want) {
			t.Errorf("the commitment page lacks %s", want)
		}
	}
	resp, _ := office.post(idPath(retail.ID)+"/kind", url.Values{"kind": {"level"}})
	if resp.StatusCode != 303 {
		t.Fatalf("saving a kind: %d", resp.StatusCode)
	}
	_, body = office.get(idPath(retail.ID))
	if !strings.Contains(body, `<b id="kind">达到水平</b>`) || strings.Contains(body, `id="kind-inferred"`) ||
		!strings.Contains(body, `<option value="level" selected>`) {
		t.Error("the saved kind does not show as set")
	}
	if !strings.Contains(body, "修改目标类型") {
		t.Error("the audit trail does not show the change of kind")
	}
	resp, _ = office.post(idPath(retail.ID)+"/kind", url.Values{"kind": {"percentage"}})
	if resp.StatusCode != 303 {
		t.Fatalf("an unknown kind: %d", resp.StatusCode)
	}
	_, body = office.get(idPath(retail.ID))
	if !strings.Contains(body, "目标类型 &#34;percentage&#34; 无效") && !strings.Contains(body, "目标类型 \"percentage\" 无效") {
		t.Error("an unknown kind is not refused with a message")
	}
	leader := e.client()
	leader.login("leader")
	_, body = leader.get(idPath(retail.ID))
	if strings.Contains(body, `id="kind-select"`) || !strings.Contains(body, `<b id="kind">达到水平</b>`) {
		t.Error("a leader sees the kind form, or not the kind")
	}
	if resp, _ := leader.post(idPath(retail.ID)+"/kind", url.Values{"kind": {"count"}}); resp.StatusCode != 403 {
		t.Errorf("a leader sets a kind: %d", resp.StatusCode)
	}
}

// TestExcludeForms: 不列入 from the commitment page needs a reason, hides
// the proposal from the list (a filter shows it) and the dashboard's
// count, and is reversed from the list in bulk.
func TestExcludeForms(t *testing.T) {
	e := newEnv(t, web.Config{})
	ctx := context.Background()
	a := newLeaf(e)
	b := newLeaf(e, a.ID)
	office := e.client()
	office.login("ducha")
	_, body := office.get(idPath(a.ID))
	if !strings.Contains(body, `id="exclude-reason"`) {
		t.Fatal("the commitment page has no 不列入 form")
	}
	before, err := e.svc.Summary(ctx, supervise.Actor{Login: "ducha", Role: "supervisor"}, e.res.ReportID)
	if err != nil {
		t.Fatal(err)
	}
	office.post(idPath(a.ID)+"/exclude", url.Values{"reason": {" "}})
	_, body = office.get(idPath(a.ID))
	if strings.Contains(body, `id="excluded"`) || !strings.Contains(body, "不列入须填写理由") {
		t.Fatal("不列入 without a reason was not refused with a message")
	}
	office.post(idPath(a.ID)+"/exclude", url.Values{"reason": {"引导语，不是任务"}})
	_, body = office.get(idPath(a.ID))
	if !strings.Contains(body, `id="excluded"`) || !strings.Contains(body, "引导语，不是任务") || !strings.Contains(body, `id="include"`) ||
		strings.Contains(body, `id="dispatch"`) || !strings.Contains(body, "标记不列入") {
		t.Error("the excluded commitment's page: no mark, reason, restore button or audit line, or a dispatch button")
	}
	after, err := e.svc.Summary(ctx, supervise.Actor{Login: "ducha", Role: "supervisor"}, e.res.ReportID)
	if err != nil {
		t.Fatal(err)
	}
	if after.Targets != before.Targets-1 {
		t.Errorf("dashboard targets %d after excluding one of %d", after.Targets, before.Targets)
	}
	if _, dash := office.get("/dashboard"); !strings.Contains(dash, `<p class="muted" id="excluded-count"><a href="/commitments?kind=all&amp;excluded=1">不列入</a> 1</p>`) {
		t.Error("the dashboard does not say one proposal is 不列入")
	}
	link := `href="` + idPath(a.ID) + `"`
	if _, list := office.get("/commitments?kind=all&q=" + url.QueryEscape(a.Code)); strings.Contains(list, link) {
		t.Error("the excluded proposal is in the default list")
	}
	_, list := office.get("/commitments?kind=all&excluded=1")
	if !strings.Contains(list, link) || !strings.Contains(list, `id="include-many"`) {
		t.Error("the 不列入 filter does not list the proposal with a restore button")
	}
	// In bulk: restore a, then exclude both.
	office.post("/commitments/include", url.Values{"id": {strconv.FormatInt(a.ID, 10)}})
	if it := itemOf(t, e, a.ID); it.Excluded != nil {
		t.Fatal("bulk restore left the proposal excluded")
	}
	ids := []string{strconv.FormatInt(a.ID, 10), strconv.FormatInt(b.ID, 10)}
	office.post("/commitments/exclude", url.Values{"id": ids})
	if itemOf(t, e, a.ID).Excluded != nil || itemOf(t, e, b.ID).Excluded != nil {
		t.Fatal("bulk 不列入 without a reason excluded something")
	}
	office.post("/commitments/exclude", url.Values{"id": ids, "reason": {"重复事项"}})
	for _, id := range []int64{a.ID, b.ID} {
		if it := itemOf(t, e, id); it.Excluded == nil || it.Excluded.Reason != "重复事项" || it.Excluded.By != "ducha" {
			t.Errorf("bulk 不列入 of %d: %+v", id, it.Excluded)
		}
	}
	leader := e.client()
	leader.login("leader")
	if resp, _ := leader.post("/commitments/include", url.Values{"id": ids}); resp.StatusCode != 403 {
		t.Errorf("a leader restores in bulk: %d", resp.StatusCode)
	}
	// The API lists them under the same filter only, marked.
	api := "/api/v1/reports/" + strconv.FormatInt(e.res.ReportID, 10) + "/commitments?kind=all&per_page=500"
	var page struct {
		Total       int `json:"total"`
		Commitments []struct {
			ID             int64  `json:"id"`
			Excluded       bool   `json:"excluded"`
			ExcludedReason string `json:"excluded_reason"`
		} `json:"commitments"`
	}
	_, raw := office.api("GET", api+"&excluded=1", "", "")
	if err := json.Unmarshal([]byte(raw), &page); err != nil || page.Total != 2 || !page.Commitments[0].Excluded ||
		page.Commitments[0].ExcludedReason != "重复事项" {
		t.Errorf("API excluded=1: %v %+v", err, page)
	}
	_, raw = office.api("GET", api, "", "")
	page.Commitments = nil
	if err := json.Unmarshal([]byte(raw), &page); err != nil {
		t.Fatal(err)
	}
	for _, c := range page.Commitments {
		if c.ID == a.ID || c.ID == b.ID || c.Excluded {
			t.Errorf("the API's default list holds excluded %d", c.ID)
		}
	}
}

func itemOf(t *testing.T, e *env, id int64) supervise.Item {
	t.Helper()
	items, err := e.svc.Items(context.Background(), e.res.ReportID)
	if err != nil {
		t.Fatal(err)
	}
	for _, it := range items {
		if it.ID == id {
			return it
		}
	}
	t.Fatalf("no item %d", id)
	return supervise.Item{}
}

// TestReconcileConfirmation: the public 对照表 marks every row 系统比对，待核实
// until the office reviews it; an override shows as the verdict, marked
// 督查室核定; only the office gets the form.
func TestReconcileConfirmation(t *testing.T) {
	e := newEnv(t, web.Config{})
	ctx := context.Background()
	rc, err := e.svc.Reconcile(ctx, demo.Government, e.res.Year)
	if err != nil {
		t.Fatal(err)
	}
	if len(rc.Lines) == 0 {
		t.Fatal("no reconciliation lines in the demo")
	}
	public := e.client()
	pub := "/public/" + url.PathEscape(demo.Government) + "/2024/reconcile"
	_, body := public.get(pub)
	if n := strings.Count(body, `class="unconfirmed"`); n != len(rc.Lines) {
		t.Errorf("%d rows marked 待核实 of %d", n, len(rc.Lines))
	}
	if !strings.Contains(body, "系统比对，待核实") || strings.Contains(body, `action="/reconcile/review"`) {
		t.Error("the public page lacks the 待核实 mark or offers the review form")
	}
	l := rc.Lines[0]
	override := progress.Missed
	if progress.Verdict(l.Verdict) == progress.Missed {
		override = progress.Exceeded
	}
	leader := e.client()
	leader.login("leader")
	if _, page := leader.get("/reconcile"); strings.Contains(page, `action="/reconcile/review"`) {
		t.Error("a leader gets the review form")
	}
	office := e.client()
	office.login("ducha")
	if _, page := office.get("/reconcile"); !strings.Contains(page, `action="/reconcile/review"`) {
		t.Fatal("the office gets no review form")
	}
	resp, _ := office.post("/reconcile/review", url.Values{"gov": {demo.Government}, "year": {"2024"},
		"start": {strconv.Itoa(l.Target.Start)}, "end": {strconv.Itoa(l.Target.End)}, "verdict": {string(override)},
		"note": {"以统计公报为准"}})
	if resp.StatusCode != 303 {
		t.Fatalf("review: %d", resp.StatusCode)
	}
	_, body = public.get(pub)
	row := regexp.MustCompile(`(?s)<tr id="l` + strconv.Itoa(l.Target.Start) + `"[^>]*>(.*?)</tr>`).FindStringSubmatch(body)
	if row == nil {
		t.Fatal("the reviewed row is not on the public page")
	}
	want := `<span class="verdict v-` + string(override) + `">` + override.Label("zh-CN") + `</span>`
	if !strings.Contains(row[1], want) || !strings.Contains(row[1], "督查室核定") || !strings.Contains(row[1], "以统计公报为准") ||
		strings.Contains(row[1], "待核实") {
		t.Errorf("the overridden row does not show the office's verdict:\n%s", row[1])
	}
	if n := strings.Count(body, `class="unconfirmed"`); n != len(rc.Lines)-1 {
		t.Errorf("%d rows marked 待核实 after one review of %d", n, len(rc.Lines))
	}
	// A stale row: refused with a message, nothing stored.
	office.post("/reconcile/review", url.Values{"gov": {demo.Government}, "year": {"2024"}, "start": {"0"}, "end": {"1"}})
	if _, page := office.get("/reconcile"); !strings.Contains(page, "没有位置 0–1 的目标") {
		t.Error("a review of no row is not refused with a message")
	}
}

// TestSettingsBandsForm: the bands show on the settings page and are
// saved; a wrong band is refused in Chinese.
func TestSettingsBandsForm(t *testing.T) {
	e := newEnv(t, web.Config{})
	admin := e.client()
	admin.login("admin")
	_, body := admin.get("/admin/settings")
	for _, want := range []string{`name="band_rate_points" id="band_rate_points" value="0.5"`,
		`name="band_amount_percent" id="band_amount_percent" value="5"`, `name="band_serious_points" id="band_serious_points" value="2"`,
		"增速类目标容差（±个百分点）"} {
		if !strings.Contains(body, want) {
			t.Errorf("the settings page lacks %s", want)
		}
	}
	form := url.Values{}
	for k, v := range map[string]string{"period": "month", "ahead": "1.1", "lagging": "0.9", "serious": "0.6",
		"stale_days": "10", "reply_days": "5", "remind_days": "5", "band_rate_points": "0.3", "band_amount_percent": "10",
		"band_serious_points": "1.5"} {
		form.Set(k, v)
	}
	admin.post("/admin/settings", form)
	st, err := e.svc.Settings(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if b := st.Thresholds().Bands; b != (progress.Bands{RatePoints: 0.3, AmountShare: 0.1, SeriousPoints: 1.5}) {
		t.Errorf("saved bands %+v", b)
	}
	form.Set("band_amount_percent", "80")
	admin.post("/admin/settings", form)
	if _, body := admin.get("/admin/settings"); !strings.Contains(body, "总量类目标容差 ±80% 无效") {
		t.Error("a wrong band is not refused with a message")
	}
}
