package web_test

import (
	"fmt"
	"strings"
	"testing"

	"ducha/supervise"
	"ducha/web"
)

// A parent's page lists its sub-tasks with their statuses and shows the
// status rolled up from them; a unit sees only the sub-tasks it may open.
func TestParentListsChildren(t *testing.T) {
	e := newEnv(t, web.Config{})
	items, err := e.svc.Items(t.Context(), e.res.ReportID)
	if err != nil {
		t.Fatal(err)
	}
	// The demo parent with the most sub-tasks that report.
	var parent supervise.Item
	var kids []supervise.Item
	for _, it := range items {
		k := supervise.Children(items, it.Code)
		reported := 0
		for _, c := range k {
			if c.LatestApproved != nil {
				reported++
			}
		}
		if reported >= 2 && len(k) > len(kids) {
			parent, kids = it, k
		}
	}
	if len(kids) < 2 {
		t.Fatal("no parent with two reporting sub-tasks in the demo")
	}
	c := e.client()
	c.login("ducha")
	_, body := c.get(fmt.Sprintf("/commitments/%d", parent.ID))
	for _, k := range kids {
		if !strings.Contains(body, fmt.Sprintf(`href="/commitments/%d"`, k.ID)) {
			t.Errorf("the parent's page does not link its sub-task %s", k.Code)
		}
	}
	// The parent is not "not started" with 0% while its sub-tasks report.
	if parent.Result.Status == "not_started" || parent.Result.Completion == 0 {
		t.Errorf("parent result %+v", parent.Result)
	}
	if !strings.Contains(body, `id="children"`) {
		t.Errorf("the sub-task table is missing")
	}
	// A sub-task's page leads up to its parent.
	if _, body := c.get(fmt.Sprintf("/commitments/%d", kids[0].ID)); !strings.Contains(body,
		fmt.Sprintf(`<span id="parent">所属任务 <a href="/commitments/%d">`, parent.ID)) {
		t.Errorf("the sub-task %s does not link up to its parent", kids[0].Code)
	}
	// A rate's standing reads as its figure against the target.
	retail := e.commitment(func(it supervise.Item) bool {
		return strings.HasPrefix(it.Title, "社会消费品零售总额增长7%左右")
	})
	if _, body := c.get(fmt.Sprintf("/commitments/%d", retail.ID)); !strings.Contains(body, "实际3.2%，目标7%左右") {
		t.Errorf("the rate's standing is missing")
	}
}
