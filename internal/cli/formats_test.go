package cli

import (
	"encoding/json"
	"strings"
	"testing"

	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/unicode"
)

// quantitiesOut runs ducha extract on a file and returns the quantities.
func quantitiesOut(t *testing.T, path string) []string {
	t.Helper()
	code, out, errOut := run(t, "", "extract", path)
	if code != 0 {
		t.Fatalf("extract %s: exit %d: %s", path, code, errOut)
	}
	var qs []string
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		var m map[string]any
		if err := json.Unmarshal([]byte(line), &m); err != nil {
			t.Fatal(err)
		}
		if q, ok := m["quantity"].(string); ok {
			qs = append(qs, q)
		}
	}
	return qs
}

const body = "一、2023年工作回顾\n全年新增城镇就业1.13万人，新增学位5400个。\n二、2024年工作安排\n新增学位6000个以上，城镇调查失业率控制在5.5%以内。\n"

var bodyQuantities = []string{"1.13万人", "5400个", "6000个", "5.5%"}

func TestExtractFormats_Encodings(t *testing.T) {
	gbk, err := simplifiedchinese.GBK.NewEncoder().String(body)
	if err != nil {
		t.Fatal(err)
	}
	utf16, err := unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewEncoder().String(body)
	if err != nil {
		t.Fatal(err)
	}
	for name, data := range map[string]string{"gbk.txt": gbk, "utf16.txt": utf16, "bom.txt": "\ufeff" + strings.ReplaceAll(body, "\n", "\r\n")} {
		got := quantitiesOut(t, writeFile(t, name, []byte(data)))
		if strings.Join(got, " ") != strings.Join(bodyQuantities, " ") {
			t.Errorf("%s: got %v, want %v", name, got, bodyQuantities)
		}
	}
}

// TestExtractFormats_ScrapedPage: menus, page dates and view counters of a
// scraped government page give no quantities.
func TestExtractFormats_ScrapedPage(t *testing.T) {
	page := `<!DOCTYPE html><html><head><meta charset="utf-8"><title>政府工作报告</title>
<script>var views = 1234; document.write("3个");</script><style>.nav{width:100px}</style></head>
<body><div class="header"><a href="/">首页</a> <a href="/zwgk">政务公开</a> <a href="/x">12345热线</a></div>
<ul class="nav"><li><a href="/a">机构设置（12个）</a></li><li><a href="/b">重点项目（36个）</a></li><li><a href="/c">第3页</a></li></ul>
<div class="breadcrumb">当前位置：首页 &gt; 政务公开 &gt; 政府工作报告</div>
<div class="content"><h1>政府工作报告</h1><p class="info">发布时间：2024-01-15 浏览次数：5678次</p>` +
		"<p>一、2023年工作回顾</p><p>全年新增城镇就业1.13万人，新增学位5400个。</p><p>二、2024年工作安排</p><p>新增学位6000个以上，城镇调查失业率控制在5.5%以内。</p>" +
		`</div><div class="footer">版权所有 某区人民政府 共3页 访问量 99999 人次</div></body></html>`
	got := quantitiesOut(t, writeFile(t, "page.html", []byte(page)))
	if strings.Join(got, " ") != strings.Join(bodyQuantities, " ") {
		t.Errorf("scraped page: got %v, want %v", got, bodyQuantities)
	}
}

// TestExtractFormats_DOCX: paragraphs are lines and a table row is one line
// with its cells joined by a tab.
func TestExtractFormats_DOCX(t *testing.T) {
	p := func(s string) string { return `<w:p><w:r><w:t>` + s + `</w:t></w:r></w:p>` }
	cell := func(s string) string { return `<w:tc>` + p(s) + `</w:tc>` }
	var x strings.Builder
	x.WriteString(`<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>`)
	for _, line := range strings.Split(strings.TrimSpace(body), "\n") {
		x.WriteString(p(line))
	}
	x.WriteString(`<w:tbl><w:tr>` + cell("指标") + cell("目标") + `</w:tr><w:tr>` + cell("新增养老床位") + cell("300张") + `</w:tr></w:tbl>`)
	x.WriteString(`</w:body></w:document>`)
	docx := zipOf(t, map[string][]byte{
		"[Content_Types].xml": []byte(`<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"></Types>`),
		"word/document.xml":   []byte(x.String()),
	})
	path := writeFile(t, "report.docx", docx)
	code, out, errOut := run(t, "", "text", path)
	if code != 0 || !strings.Contains(out, "新增养老床位\t300张\n") {
		t.Fatalf("text of DOCX: exit %d %s\n%s", code, errOut, out)
	}
	got := quantitiesOut(t, path)
	want := append(append([]string{}, bodyQuantities...), "300张")
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("DOCX: got %v, want %v", got, want)
	}
}
