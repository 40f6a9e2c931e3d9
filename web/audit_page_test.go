package web_test

import (
	"fmt"
	"strings"
	"testing"

	"ducha/ledger"
	"ducha/supervise"
	"ducha/web"
)

// TestCommitmentAuditTrail: on a commitment the office dispatched and its
// unit took on, the trail names 督查室 李明 and the unit's 填报员 — not the
// logins ducha and unitNN — and says what changed: 办理状态 未交办 → 已交办,
// then 已交办 → 已签收.
func TestCommitmentAuditTrail(t *testing.T) {
	e := newEnv(t, web.Config{})
	it := e.commitment(func(it supervise.Item) bool { return it.State == ledger.StateInProgress })
	reporter := e.reporterOf(it.Assignment.Lead)
	c := e.client()
	c.login("ducha")
	_, body := c.get(fmt.Sprintf("/commitments/%d", it.ID))
	i := strings.Index(body, `<table class="audit">`)
	if i < 0 {
		t.Fatalf("no audit trail on the page:\n%s", body)
	}
	trail := body[i:]
	trail = trail[:strings.Index(trail, "</table>")]
	for _, want := range []string{
		`<td data-label="操作人">督查室 李明</td>`,
		`办理状态：<del>未交办</del> → <ins>已交办</ins>`,
		`<td data-label="操作人">` + reporter.Name + `</td>`,
		`办理状态：<del>已交办</del> → <ins>已签收</ins>`,
	} {
		if !strings.Contains(trail, want) {
			t.Errorf("the trail lacks %s:\n%s", want, trail)
		}
	}
	for _, login := range []string{">ducha<", ">" + reporter.Login + "<"} {
		if strings.Contains(trail, login) {
			t.Errorf("the trail shows the login %s:\n%s", login, trail)
		}
	}
}
