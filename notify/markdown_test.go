package notify

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestEscapeMarkdown(t *testing.T) {
	tests := []struct{ in, want string }{
		{"新增学位10340个", "新增学位10340个"},
		{"[点我](https://evil.example/x)", "［点我］（https：//evil.example/x）"},
		{"![图](http://evil.example/a.png)", "！［图］（http：//evil.example/a.png）"},
		{"**加粗** __下划__ _斜_ *斜*", "＊＊加粗＊＊ ＿＿下划＿＿ ＿斜＿ ＊斜＊"},
		{"`代码` ```块```", "｀代码｀ ｀｀｀块｀｀｀"},
		{"# 标题", "＃ 标题"},
		{"> 引用", "＞ 引用"},
		{`<font color="warning">红</font>`, `＜font color="warning"＞红＜/font＞`},
		{"<@zhangsan>", "＜@zhangsan＞"},
		{`a\*b`, "a＼＊b"},
		{"~~删除~~ |表|", "～～删除～～ ｜表｜"},
		{"访问www.evil.example", "访问www．evil.example"},
		{"第一行\n# 第二行\r\n> 第三行", "第一行 ＃ 第二行 ＞ 第三行"},
		{"  前后空白\t中间  ", "前后空白 中间"},
		{"推进\n落实", "推进落实"}, // a line break inside Chinese text is dropped
		{"10所，\n新增", "10所，新增"},
		{"phase\none", "phase one"},
		{"控制\x00字符\x1b[31m", "控制 字符 ［31m"},
	}
	for _, tt := range tests {
		if got := EscapeMarkdown(tt.in); got != tt.want {
			t.Errorf("EscapeMarkdown(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestEscapeLine(t *testing.T) {
	tests := []struct{ in, want string }{
		{"- 列表", "－ 列表"},
		{"+ 列表", "＋ 列表"},
		{"===", "＝=="},
		{"1. 有序", "1． 有序"},
		{"2024. 年份", "2024． 年份"},
		{"3) 有序", "3） 有序"},
		{"2024年完成", "2024年完成"},
		{"    缩进代码", "缩进代码"},
	}
	for _, tt := range tests {
		if got := escapeLine(tt.in); got != tt.want {
			t.Errorf("escapeLine(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestMarkdownLink(t *testing.T) {
	tests := []struct{ raw, want string }{
		{"https://ducha.example.gov.cn/c/2024-3-1", "[查看详情](https://ducha.example.gov.cn/c/2024-3-1)"},
		{" http://ducha.example/c?id=1&x=2 ", "[查看详情](http://ducha.example/c?id=1&x=2)"},
		{"https://ducha.example/c/a)b(c", "[查看详情](https://ducha.example/c/a%29b%28c)"},
		{"https://ducha.example/c/<x>", "[查看详情](https://ducha.example/c/%3Cx%3E)"},
		{"javascript:alert(1)", ""},
		{"ducha.example/c/1", ""},
		{"", ""},
	}
	for _, tt := range tests {
		if got := markdownLink("查看详情", tt.raw); got != tt.want {
			t.Errorf("markdownLink(%q) = %q, want %q", tt.raw, got, tt.want)
		}
	}
}

// TestMarkdownInjection: whatever the user data, the rendering has one
// heading, one link (ours) and bold only on the labels.
func TestMarkdownInjection(t *testing.T) {
	m := robotMsg(ChannelWeCom, "")
	if got, want := Markdown(m), strings.Join(wantRobotLines, "\n\n"); got != want {
		t.Errorf("Markdown =\n%s\nwant\n%s", got, want)
	}
	evil := "推进[钓鱼](http://evil.example)项目\n# 标题\n> 引用 <font color=\"warning\">x</font> **粗** http://evil.example"
	for name, m := range map[string]Message{
		"period":      PeriodDue(evil, evil, evil, evil, testDay, "https://ducha.example/c/1"),
		"overdue":     Overdue(evil, evil, evil, testDay, 3, "https://ducha.example/c/1"),
		"lagging":     Lagging(evil, evil, evil, evil, testDay, "https://ducha.example/c/1"),
		"supervision": Supervision(evil, evil, evil, evil, evil, testDay, "https://ducha.example/c/1"),
	} {
		md := Markdown(m)
		if n := strings.Count(md, "]("); n != 1 {
			t.Errorf("%s: %d links in\n%s", name, n, md)
		}
		if strings.Contains(md, "evil.example)") || strings.Contains(md, "http://evil") || strings.Contains(md, "<") {
			t.Errorf("%s: live user markup in\n%s", name, md)
		}
		for i, p := range strings.Split(md, "\n\n") {
			if i > 0 && (strings.HasPrefix(p, "#") || strings.HasPrefix(p, ">")) {
				t.Errorf("%s: paragraph %d is markup: %q", name, i, p)
			}
			if strings.Count(p, "**") > 2 || (strings.Contains(p, "**") && !strings.HasPrefix(p, "**")) {
				t.Errorf("%s: bold outside a label: %q", name, p)
			}
		}
		if strings.Count(md, "\n") != strings.Count(md, "\n\n")*2 {
			t.Errorf("%s: stray line break from user data in\n%s", name, md)
		}
	}
}

// TestRenderMarkdownLimit: a long body is cut by whole lines so the
// message fits, keeping the heading and the link.
func TestRenderMarkdownLimit(t *testing.T) {
	m := Message{Subject: "【督办通知】长文", Link: "https://ducha.example/c/1",
		Body: strings.Repeat("督办要求：请抓紧推进各项工作并按时报送进展情况。\n", 300)}
	for _, limit := range []int{wecomMaxMarkdown, 600} {
		md := renderMarkdown(m, "\n", limit)
		if len(md) > limit || !utf8.ValidString(md) {
			t.Errorf("limit %d: %d bytes", limit, len(md))
		}
		if !strings.HasPrefix(md, "### 【督办通知】长文\n") || !strings.HasSuffix(md, "\n……\n[查看详情](https://ducha.example/c/1)") {
			t.Errorf("limit %d: heading or link lost:\n%s", limit, md)
		}
	}
	if md := renderMarkdown(m, "\n", 0); strings.Contains(md, "……") {
		t.Error("cut without a limit")
	}
}

func TestPlainText(t *testing.T) {
	tests := []struct {
		m    Message
		want string
	}{
		{Message{Body: "第一行\r\n第二行\n"}, "第一行\n第二行"},
		{Message{Body: "正文", Link: " https://ducha.example/c/1 "}, "正文\n\n查看详情：https://ducha.example/c/1"},
		{Message{Link: "https://ducha.example/c/1"}, "查看详情：https://ducha.example/c/1"},
	}
	for _, tt := range tests {
		if got := PlainText(tt.m); got != tt.want {
			t.Errorf("PlainText(%+v) = %q, want %q", tt.m, got, tt.want)
		}
	}
}
