package web_test

import (
	"bytes"
	"strings"
	"testing"

	"ducha/document"
	"ducha/web"

	"github.com/xuri/excelize/v2"
)

// TestExports: the office downloads the 考核表, the 任务分解表 and the draft
// review, and each opens as what it claims to be.
func TestExports(t *testing.T) {
	e := newEnv(t, web.Config{})
	c := e.client()
	c.login("ducha")
	for _, tc := range []struct {
		path, ctype, want string
	}{
		{"/evaluation?format=xlsx", "spreadsheetml", "考核表"},
		{"/export/tasks.xlsx", "spreadsheetml", "任务分解表"},
		{"/draft?format=docx", "wordprocessingml", "完成年度目标的"},
		{"/draft?format=txt", "text/plain", "完成年度目标的"},
	} {
		resp, body := c.get(tc.path)
		if resp.StatusCode != 200 || !strings.Contains(resp.Header.Get("Content-Type"), tc.ctype) {
			t.Errorf("%s: %d %s", tc.path, resp.StatusCode, resp.Header.Get("Content-Type"))
			continue
		}
		switch {
		case tc.ctype == "spreadsheetml":
			f, err := excelize.OpenReader(bytes.NewReader([]byte(body)))
			if err != nil {
				t.Errorf("%s: %v", tc.path, err)
				continue
			}
			found := false
			for _, sh := range f.GetSheetList() {
				rows, _ := f.GetRows(sh)
				for _, r := range rows {
					found = found || strings.Contains(strings.Join(r, " "), tc.want)
				}
			}
			if !found {
				t.Errorf("%s: no %q in the workbook", tc.path, tc.want)
			}
		case tc.ctype == "wordprocessingml":
			doc, err := document.Read("draft.docx", strings.NewReader(body), document.Options{})
			if err != nil || !strings.Contains(doc.Text, tc.want) {
				t.Errorf("%s: %v, text has %q: %v", tc.path, err, tc.want, err == nil && strings.Contains(doc.Text, tc.want))
			}
		default:
			if !strings.Contains(body, tc.want) {
				t.Errorf("%s lacks %q", tc.path, tc.want)
			}
		}
	}
	// The evaluation page prints the formula beside the ranking.
	_, page := c.get("/evaluation")
	if !strings.Contains(page, "总分 =") || !strings.Contains(page, `id="ranking"`) {
		t.Error("the evaluation page lacks the formula or the ranking")
	}
}
