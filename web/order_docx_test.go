package web_test

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"ducha/access"
	"ducha/demo"
	"ducha/document"
	"ducha/ledger"
	"ducha/supervise"
	"ducha/web"
)

// A 督办单 prints as a DOCX in the layout of an official document, read back
// through ducha's own DOCX reader: title, number, addressee, matter,
// requirement, reply deadline, the issuing office and the date; a unit not
// concerned gets nothing.
func TestOrderDocument(t *testing.T) {
	e := newEnv(t, web.Config{})
	it := e.commitment(func(it supervise.Item) bool {
		return it.State == ledger.StateInProgress && it.Target != nil && it.Assignment.Lead != ""
	})
	office := supervise.Actor{Login: "ducha", Name: "督查室 李明", Role: access.Supervisor}
	o, err := e.svc.IssueOrder(t.Context(), office, it.ID, "请于本周内说明滞后原因并提出整改措施", e.now.AddDate(0, 0, 5))
	if err != nil {
		t.Fatal(err)
	}
	c := e.client()
	c.login("ducha")
	path := fmt.Sprintf("/commitments/%d/orders/%d/document.docx", it.ID, o.ID)
	resp, body := c.get(path)
	if resp.StatusCode != 200 || !strings.Contains(resp.Header.Get("Content-Type"), "wordprocessingml") {
		t.Fatalf("%s: %d %s", path, resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	doc, err := document.Read("order.docx", bytes.NewReader([]byte(body)), document.Options{})
	if err != nil {
		t.Fatal(err)
	}
	replyBy := e.now.AddDate(0, 0, 5).Format("2006年1月2日")
	for _, want := range []string{"督办通知单", o.No, "主送单位：" + it.Assignment.Lead, "督办事项：" + it.Title,
		"办理要求：请于本周内说明滞后原因并提出整改措施", "回复时限：" + replyBy + "前", "示例区人民政府督查室", e.now.Format("2006年1月2日")} {
		if !strings.Contains(doc.Text, want) {
			t.Errorf("the printed order lacks %q:\n%s", want, doc.Text)
		}
	}
	// The lines come in the order of the document.
	if i, j := strings.Index(doc.Text, "主送单位"), strings.Index(doc.Text, "示例区人民政府督查室"); i < 0 || j < i {
		t.Errorf("addressee after the signature:\n%s", doc.Text)
	}
	// A unit that neither leads nor cooperates cannot print it.
	other := e.account(func(a demo.Account) bool { return a.Role == access.Reporter && a.Unit != it.Assignment.Lead })
	c2 := e.client()
	c2.login(other.Login)
	if resp, _ := c2.get(path); resp.StatusCode != 404 {
		t.Errorf("another unit got the order: %d", resp.StatusCode)
	}
}
