package e2e

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"ducha/access"
	"ducha/proposal"
	"ducha/proposalsheet"

	"github.com/chromedp/chromedp"
)

// TestProposalFlow: in the browser, the office imports the 175-item list
// and assigns an item to a unit; the unit 签收, records a meeting and
// answers with its signed document; the office makes the feedback link;
// the deputy, with no account, answers 不满意 through it and the item is
// handled again. Desktop and phone screenshots of the item.
func TestProposalFlow(t *testing.T) {
	b := newBrowser(t)
	e := newEnv(t)
	var unit, login string
	for _, a := range e.res.Accounts {
		if access.Role(a.Role) == access.Reporter {
			unit, login = a.Unit, a.Login
			break
		}
	}
	var list bytes.Buffer
	if err := proposalsheet.WriteListXLSX(&list, proposalsheet.SampleItems(76, 99, "十五届三次会议")); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "建议提案清单.xlsx")
	if err := os.WriteFile(file, list.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}

	sup := b.user(e, "ducha")
	sup.login("ducha")
	sup.open("/proposals")
	sup.do(chromedp.SetUploadFiles(chromedp.CSS(`#proposal-import input[name=file]`), []string{file}))
	sup.press(`#proposal-import button`)
	sup.expectFlash("已导入：175")
	items, err := e.st.Proposals(context.Background(), proposal.Filter{})
	if err != nil || len(items) != 175 {
		t.Fatalf("%d items stored, %v", len(items), err)
	}
	page := "/proposals/" + strconv.FormatInt(items[0].ID, 10)
	sup.open(page)
	setVal(sup, `#form-assign input[name=lead]`, unit)
	setVal(sup, `#form-assign input[name=co]`, "")
	sup.press(`#form-assign button`)
	sup.expectFlash("已保存：交办")
	expectText(t, sup, "#proposal-state", "已交办")

	rep := b.user(e, login)
	rep.login(login)
	rep.open(page)
	rep.press(`#form-ack button`)
	expectText(t, rep, "#proposal-state", "办理中")
	setVal(rep, `#form-contact textarea[name=summary]`, "到代表单位当面沟通，听取意见。")
	rep.press(`#form-contact button`)
	rep.expectFlash("已保存：登记沟通")
	setVal(rep, `#form-reply textarea[name=text]`, "经研究，已在学校周边增设临时停车位。")
	setVal(rep, `#form-reply input[name=document]`, "示教函〔2024〕12号")
	rep.press(`#form-reply button`)
	expectText(t, rep, "#proposal-state", "已答复待反馈")

	sup.open(page)
	sup.press(`#form-link button`)
	link := sup.text("#feedback-link")
	if !strings.HasPrefix(link, "/feedback/") {
		t.Fatalf("feedback link %q", link)
	}
	sup.screenshot("proposal-answered")

	deputy := b.user(e, "deputy") // no account
	deputy.open(link)
	if deputy.has(`form[action="/logout"]`) {
		t.Fatal("the deputy is signed in")
	}
	deputy.do(chromedp.Click(chromedp.CSS(`input[value=dissatisfied]`), chromedp.NodeVisible))
	setVal(deputy, `#form-feedback textarea[name=comment]`, "车位仍然不够，希望进一步解决。")
	deputy.press(`#form-feedback button`)
	expectText(t, deputy, "#feedback-done", "您的意见已记录，此链接已失效。")

	rep.open(page)
	expectText(t, rep, "#proposal-state", "重新办理")
	if !strings.Contains(rep.text("#feedback"), "车位仍然不够") {
		t.Errorf("the unit does not see the comment: %s", rep.text("#feedback"))
	}
	rep.screenshot("proposal-redo-desktop")
	rep.do(chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile, chromedp.EmulatePortrait))
	rep.open(page)
	if o := rep.overflowing(); o.ScrollWidth > o.InnerWidth+1 {
		t.Errorf("the item page is wider than a phone: %+v", o)
	}
	rep.screenshot("proposal-redo-phone")
}

// setVal sets the value of the form field sel.
func setVal(p *tab, sel, v string) {
	p.t.Helper()
	q, _ := json.Marshal(sel)
	val, _ := json.Marshal(v)
	if !eval[bool](p, "(() => { const f = document.querySelector("+string(q)+"); if (!f) return false; f.value = "+string(val)+"; return true; })()") {
		p.t.Fatalf("%s: no field %s", p.who, sel)
	}
}
