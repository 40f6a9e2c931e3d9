package web_test

import (
	"bytes"
	"context"
	"html"
	"io"
	"mime/multipart"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"ducha/samples"
	"ducha/web"
)

// postReport uploads a work report in field "report" (no file when name
// is "").
func (c *client) postReport(name string, data []byte) (*http.Response, string) {
	c.e.t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	mw.WriteField("csrf_token", c.csrf)
	if name != "" {
		w, _ := mw.CreateFormFile("report", name)
		w.Write(data)
	}
	mw.Close()
	req, _ := http.NewRequest("POST", c.e.http.URL+"/reports/upload", &buf)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	resp, err := c.c.Do(req)
	if err != nil {
		c.e.t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	return resp, string(b)
}

// A small report of another government, written for this test.
const yangliReport = `政府工作报告
——2024年1月12日在样例县第三届人民代表大会第四次会议上
样例县人民政府县长　赵远

各位代表：

一、2023年工作回顾

过去一年，新增规模以上工业企业22家；打通断头路6条。

二、2024年工作安排

（一）稳住工业基本盘

新增规模以上工业企业25家。推动制造业数字化转型。

（二）补齐城市短板

打通断头路8条。新建口袋公园10个。
`

func TestReportUpload(t *testing.T) {
	e := newEnv(t, web.Config{})
	ctx := context.Background()
	cl := e.client()
	cl.login("ducha")
	if resp, body := cl.get("/reports/upload"); resp.StatusCode != 200 || !strings.Contains(body, `name="report"`) {
		t.Fatalf("upload page: %d", resp.StatusCode)
	}
	reportsBefore, _ := e.st.Governments(ctx)

	// No file; a file that is no report.
	if resp, body := cl.postReport("", nil); resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "请选择要导入的政府工作报告") {
		t.Errorf("no file: %d %s", resp.StatusCode, body)
	}
	resp, body := cl.postReport("扫描件.pdf", []byte("not a pdf at all"))
	if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(html.UnescapeString(body), "扫描件.pdf") {
		t.Errorf("a broken PDF: %d, the page does not name the file", resp.StatusCode)
	}

	// The demo's own 2024 report again: nothing changes.
	raw, _ := samples.FS.ReadFile("shili-2024.txt")
	resp, _ = cl.postReport("shili-2024.txt", raw)
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/commitments?report="+strconv.FormatInt(e.res.ReportID, 10) {
		t.Fatalf("the same report again: %d → %s", resp.StatusCode, resp.Header.Get("Location"))
	}
	if _, body := cl.get("/commitments"); !strings.Contains(body, "shili-2024.txt 已导入过，未作修改") {
		t.Error("the same report again: no message that nothing changed")
	}

	// A new government's report: imported, audited, opened.
	resp, _ = cl.postReport("样例县2024.txt", []byte(yangliReport))
	loc := resp.Header.Get("Location")
	if resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(loc, "/commitments?report=") {
		t.Fatalf("a new report: %d → %q", resp.StatusCode, loc)
	}
	_, body = cl.get(loc)
	if !strings.Contains(body, "已导入样例县2024年政府工作报告：4 项事项（3 项有量化目标）") {
		t.Errorf("no import message on %s: %s", loc, regexp.MustCompile(`class="flash[^<]*`).FindString(body))
	}
	govs, _ := e.st.Governments(ctx)
	if len(govs) != len(reportsBefore)+1 {
		t.Errorf("%d governments after the import, want %d", len(govs), len(reportsBefore)+1)
	}
	ref := strings.TrimPrefix(loc, "/commitments?report=")
	es, err := e.st.Audit(ctx, "report", ref, 0)
	if err != nil || len(es) != 1 || es[0].Actor != "ducha" || es[0].Action != "report.import" ||
		!strings.Contains(es[0].After, `"file":"样例县2024.txt"`) || !strings.Contains(es[0].After, `"government":"样例县"`) {
		t.Errorf("audit of the import: %+v, %v", es, err)
	}
}
