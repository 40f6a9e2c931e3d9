package document

import (
	"bytes"
	"strings"
	"testing"
)

func TestReadHTMLPage(t *testing.T) {
	doc, err := ReadFile("testdata/report.html", Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := "2024年政府工作报告\n" +
		"——2024年1月10日在示例区第十八届人民代表大会第四次会议上\n" +
		"各位代表：\n" +
		"现在，我代表区人民政府，向大会报告工作，请予审议。\n" +
		"一、2023年工作回顾\n" +
		"过去一年，全区地区生产总值增长6.5%，一般公共预算收入达到12.3亿元。\n" +
		"新增学位6000个以上。\n" +
		"指标\t2023年\t增长\n" +
		"地区生产总值\t325.6亿元\t6.5%\n" +
		"固定资产 投资\t118亿元\t\n" +
		"各位代表，让我们紧密团结，奋力推动高质量发展！\n"
	if doc.Format != HTML || doc.Encoding != "utf-8" {
		t.Errorf("format %s encoding %s, want html utf-8", doc.Format, doc.Encoding)
	}
	if doc.Text != want {
		t.Errorf("text:\n%s\nwant:\n%s", doc.Text, want)
	}
	for _, gone := range []string{"脚本", "政务公开", "网站导航", "当前位置", "相关链接", "热点专题", "分享到", "版权所有", "欢迎访问", "font-size", "示例区人民政府\n"} {
		if strings.Contains(doc.Text, gone) {
			t.Errorf("text still holds %q", gone)
		}
	}
}

func TestReadHTMLSnippets(t *testing.T) {
	long1, long2 := strings.Repeat("推动发展", 40)+"。", strings.Repeat("改善民生", 40)+"。"
	tests := []struct {
		name, file, in, want string
	}{
		{"title without h1", "a.html",
			"<html><head><title> 政府工作报告 </title></head><body><h2>前言</h2><p>正文第一段。</p></body></html>",
			"政府工作报告\n前言\n正文第一段。\n"},
		{"title equal to first line", "a.html",
			"<html><head><title>政府工作报告</title></head><body><h2>政府工作报告</h2><p>正文。</p></body></html>",
			"政府工作报告\n正文。\n"},
		{"layout table", "a.html",
			"<html><body><table><tr><td><a href=/>首页</a></td></tr><tr><td><table><tr><td>左栏</td><td><p>" + long1 + "</p><p>" + long2 + "</p></td></tr></table></td></tr></table></body></html>",
			"首页\n左栏\n" + long1 + "\n" + long2 + "\n"},
		{"page wrapped in a form", "a.aspx",
			"<html><body><form id=form1><div class=nav><a href=/1>一</a><a href=/2>二</a></div><div class=content><p>第一段，内容较长。</p><p>第二段，内容较长。</p></div></form></body></html>",
			"第一段，内容较长。\n第二段，内容较长。\n"},
		{"chrome-named content container", "a.html",
			"<html><body><div class=header>站点名</div><div class=main-nav-content><p>正文第一段，内容较长。</p><p>正文第二段，内容较长。</p></div></body></html>",
			"正文第一段，内容较长。\n正文第二段，内容较长。\n"},
		{"article header kept", "a.html",
			"<html><body><div class=nav><a href=/>首页</a><a href=/x>列表</a></div><article><header><h1>报告标题</h1></header><p>正文很长的一段文字，说明工作情况。</p></article></body></html>",
			"报告标题\n正文很长的一段文字，说明工作情况。\n"},
		{"page of links only", "a.html",
			"<html><body><ul><li><a href=/1>2024年政府工作报告</a></li><li><a href=/2>2023年政府工作报告</a></li></ul></body></html>",
			"2024年政府工作报告\n2023年政府工作报告\n"},
		{"br and pre", "a.html",
			"<html><body><p>第一行<br>第二行</p><pre>  a   b\n c</pre></body></html>",
			"第一行\n第二行\na b\nc\n"},
		{"hidden elements", "a.html",
			"<html><body><p>正文。</p><div style='display: none'>隐藏</div><p hidden>也隐藏</p><template><p>模板</p></template><noscript>请启用脚本</noscript></body></html>",
			"正文。\n"},
		{"entities and white space", "a.html",
			"<html><body><p>A&amp;B&nbsp;&nbsp; C\n\tD</p><div>\n\n</div><p> </p></body></html>",
			"A&B C D\n"},
		{"line break between chinese characters", "a.html",
			"<html><body><p>新增学位\n6000个，\n   新建学校3所</p></body></html>",
			"新增学位 6000个，新建学校3所\n"},
		{"fragment named .htm", "a.htm",
			"<p>正文</p>\n<p>第二段</p>",
			"正文\n第二段\n"},
		{"comment before html", "a.txt",
			"<!-- saved from url -->\n<HTML><BODY><P>正文</P></BODY></HTML>",
			"正文\n"},
		{"list items", "a.html",
			"<html><body><ol><li>新增学位6000个；</li><li>新建公园3个。</li></ol></body></html>",
			"新增学位6000个；\n新建公园3个。\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, err := Read(tt.file, strings.NewReader(tt.in), Options{})
			if err != nil {
				t.Fatal(err)
			}
			if doc.Format != HTML || doc.Text != tt.want {
				t.Errorf("got %s %q, want html %q", doc.Format, doc.Text, tt.want)
			}
		})
	}
}

func TestLooksLikeHTML(t *testing.T) {
	tests := []struct {
		name, text string
		want       bool
	}{
		{"a.txt", "<!DOCTYPE html><p>x", true},
		{"a.txt", "\n  <html lang=zh>", true},
		{"a.txt", "<head><title>x</title></head>", true},
		{"a.txt", "<?xml version='1.0'?>\n<html xmlns='http://www.w3.org/1999/xhtml'>", true},
		{"a.txt", "<meta charset=utf-8>\n<body>text</body>", true},
		{"a.txt", "<p>text</p>", false},
		{"a.md", "# 标题\n\n<div>块</div>\n", false},
		{"a.HTML", "<p>text</p>", true},
		{"a.html", "纯文本，没有标签。", false},
		{"a.txt", "新增学位6000个以上。", false},
	}
	for _, tt := range tests {
		if got := looksLikeHTML(tt.text, tt.name); got != tt.want {
			t.Errorf("looksLikeHTML(%q, %q) = %v, want %v", tt.text, tt.name, got, tt.want)
		}
	}
}

func TestReadHTMLGBK(t *testing.T) {
	page := "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=gbk\">" +
		"<title>政府工作报告</title></head><body><h1>政府工作报告</h1><p>" + report + "</p></body></html>"
	doc, err := Read("gbk.html", bytes.NewReader(gbk(t, page)), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if doc.Format != HTML || doc.Encoding != "gb18030" || doc.Text != "政府工作报告\n"+report {
		t.Errorf("got %+v", doc)
	}

	// Bytes that GBK cannot decode: the message says what the page declares.
	bad := append(gbk(t, page), 0xFF, 0xFF)
	_, err = Read("bad.html", bytes.NewReader(bad), Options{})
	checkErr(t, err, "bad.html", "undecodable bytes at offset", "declares charset gbk")

	big5 := strings.Replace(page, "charset=gbk", "charset=big5", 1)
	_, err = Read("big5.html", bytes.NewReader(append(gbk(t, big5), 0xFF)), Options{})
	checkErr(t, err, "big5.html", "undecodable bytes", "charset big5, which ducha does not read")
}

func TestReadHTMLEmpty(t *testing.T) {
	_, err := Read("empty.html", strings.NewReader("<html><head><script>x()</script></head><body> </body></html>"), Options{})
	checkErr(t, err, "empty.html", "the HTML page has no visible text")
}

// Deep nesting must neither crash nor take long.
func TestReadHTMLDeep(t *testing.T) {
	in := "<html><body>" + strings.Repeat("<div>", 100000) + "深处" + strings.Repeat("</div>", 100000)
	doc, err := Read("deep.html", strings.NewReader(in), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if doc.Text != "深处\n" {
		t.Errorf("got %q", doc.Text)
	}
}
