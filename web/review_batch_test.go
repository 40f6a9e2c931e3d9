package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"ducha/ledger"
	"ducha/web"
)

var reviewBoxRE = regexp.MustCompile(`name="report" value="([0-9]+):([0-9]+)"`)

// statuses returns the status of every report of the demo's review queue
// as it was, by report id.
func statuses(t *testing.T, e *env, queue []ledger.ProgressReport) map[int64]ledger.ProgressReport {
	t.Helper()
	out := map[int64]ledger.ProgressReport{}
	for _, q := range queue {
		reps, err := e.st.ProgressReports(context.Background(), q.CommitmentID)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range reps {
			if r.ID == q.ID {
				out[r.ID] = r
			}
		}
	}
	return out
}

// TestBatchApprove: the office ticks two reports of the queue and
// approves exactly those, each audited; a post without the CSRF token, or
// by a unit or a leader, approves nothing; a row's return takes its
// reason.
func TestBatchApprove(t *testing.T) {
	e := newEnv(t, web.Config{})
	ctx := context.Background()
	queue, err := e.st.ReportsByStatus(ctx, e.res.ReportID, ledger.ReportSubmitted)
	if err != nil || len(queue) < 4 {
		t.Fatalf("demo review queue: %d reports, %v", len(queue), err)
	}
	o := e.client()
	o.login("ducha")
	_, body := o.get("/review")
	boxes := reviewBoxRE.FindAllStringSubmatch(body, -1)
	if len(boxes) != len(queue) {
		t.Fatalf("%d checkboxes for %d reports in the queue", len(boxes), len(queue))
	}
	key := func(r ledger.ProgressReport) string { return fmt.Sprintf("%d:%d", r.CommitmentID, r.ID) }
	pick := []ledger.ProgressReport{queue[0], queue[2]}

	// Refused: no CSRF token, a unit, a leader.
	form := func() url.Values { return url.Values{"report": {key(pick[0]), key(pick[1])}} } // post adds the token
	bad := url.Values{"report": form()["report"], "csrf_token": {"forged"}}
	if resp, _ := o.post("/review/approve", bad); resp.StatusCode != http.StatusForbidden {
		t.Errorf("without the CSRF token: %d, want 403", resp.StatusCode)
	}
	for _, login := range []string{e.reporterOf(pick[0].Unit).Login, "leader"} {
		c := e.client()
		c.login(login)
		if resp, _ := c.post("/review/approve", form()); resp.StatusCode != http.StatusForbidden {
			t.Errorf("as %s: %d, want 403", login, resp.StatusCode)
		}
	}
	for id, r := range statuses(t, e, queue) {
		if r.Status != ledger.ReportSubmitted {
			t.Fatalf("report %d is %s after refused requests", id, r.Status)
		}
	}

	// The office approves the two.
	resp, _ := o.post("/review/approve", form())
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/review" {
		t.Fatalf("approve: %d %s", resp.StatusCode, resp.Header.Get("Location"))
	}
	_, body = o.get("/review")
	if !strings.Contains(body, "已通过 2 份报告") {
		t.Error("no message of the two approved")
	}
	for id, r := range statuses(t, e, queue) {
		want := ledger.ReportSubmitted
		if id == pick[0].ID || id == pick[1].ID {
			want = ledger.ReportApproved
			if r.ReviewedBy != "ducha" {
				t.Errorf("report %d reviewed by %q", id, r.ReviewedBy)
			}
			audit, err := e.st.Audit(ctx, "progress_report", fmt.Sprint(id), 10)
			if err != nil || len(audit) == 0 || audit[0].Action != "report.review" || audit[0].Actor != "ducha" {
				t.Errorf("report %d: audit %+v, %v", id, audit, err)
			}
		}
		if r.Status != want {
			t.Errorf("report %d is %s, want %s", id, r.Status, want)
		}
	}
	if n := len(reviewBoxRE.FindAllString(body, -1)); n != len(queue)-2 {
		t.Errorf("%d reports left in the queue, want %d", n, len(queue)-2)
	}
	// Approving one again: named, nothing else happens.
	o.post("/review/approve", url.Values{"report": {key(pick[0])}})
	if _, body := o.get("/review"); !strings.Contains(body, "未通过") {
		t.Error("approving an approved report again is not reported")
	}

	// Returning a row with its reason; without one it is refused.
	ret := queue[1]
	o.post("/review/return", url.Values{"return": {key(ret)}})
	if r := statuses(t, e, []ledger.ProgressReport{ret})[ret.ID]; r.Status != ledger.ReportSubmitted {
		t.Errorf("returned without a reason: %s", r.Status)
	}
	const reason = "完成值缺少统计部门核实材料"
	resp, _ = o.post("/review/return", url.Values{"return": {key(ret)}, "reason-" + key(ret): {reason}})
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("return: %d", resp.StatusCode)
	}
	if r := statuses(t, e, []ledger.ProgressReport{ret})[ret.ID]; r.Status != ledger.ReportReturned || r.ReturnReason != reason {
		t.Errorf("returned report: %s %q", r.Status, r.ReturnReason)
	}
}

// TestReviewQueueFigures: each figure stands with its unit and the target
// beside it, and the period does not wrap.
func TestReviewQueueFigures(t *testing.T) {
	e := newEnv(t, web.Config{})
	ctx := context.Background()
	queue, _ := e.st.ReportsByStatus(ctx, e.res.ReportID, ledger.ReportSubmitted)
	o := e.client()
	o.login("ducha")
	_, body := o.get("/review")
	checked := 0
	for _, q := range queue {
		c, err := e.st.Commitment(ctx, q.CommitmentID)
		if err != nil {
			t.Fatal(err)
		}
		row := regexp.MustCompile(fmt.Sprintf(`<tr data-report="%d">(?s:.*?)</tr>`, q.ID)).FindString(body)
		if row == "" {
			t.Fatalf("no row of report %d", q.ID)
		}
		if !strings.Contains(row, `class="nowrap">`+periodName(q.Period)+`</td>`) {
			t.Errorf("report %d: period cell %q", q.ID, row)
		}
		value := regexp.MustCompile(`class="num value">([^<]*)</td>`).FindStringSubmatch(row)
		target := regexp.MustCompile(`class="num target">([^<]*)</td>`).FindStringSubmatch(row)
		if value == nil || target == nil {
			t.Fatalf("report %d: no value or target cell: %q", q.ID, row)
		}
		switch {
		case q.Value != "" && c.Target != nil && c.Target.Unit != "":
			if !strings.HasSuffix(value[1], c.Target.Unit) {
				t.Errorf("report %d: figure %q without its unit %s", q.ID, value[1], c.Target.Unit)
			}
			if target[1] != c.Target.Quantity {
				t.Errorf("report %d: target %q, want %q", q.ID, target[1], c.Target.Quantity)
			}
			checked++
		case q.Value == "" && q.Percent >= 0:
			if value[1] != fmt.Sprintf("完成百分比 %d%%", q.Percent) {
				t.Errorf("report %d: percent shown as %q", q.ID, value[1])
			}
		}
	}
	if checked == 0 {
		t.Error("no report of the queue has a figure with a unit")
	}
}

func periodName(p string) string {
	return p[:4] + "年" + strings.TrimPrefix(p[5:], "0") + "月"
}
