package web

import (
	"html/template"
	"io"
	"io/fs"
	"path"
	"strings"
	"testing"
	"text/template/parse"
)

// TestPretranslateContexts: every call pretranslate replaces stands where
// html/template would only HTML-escape its output (element text, quoted
// attribute values, RCDATA such as <title>), so that the escaped
// translation written in its place means what the call's output meant;
// and pretranslate replaces exactly the calls of T with a literal.
func TestPretranslateContexts(t *testing.T) {
	layout, err := fs.ReadFile(assets, "templates/layout.html")
	if err != nil {
		t.Fatal(err)
	}
	names, _ := fs.Glob(assets, "templates/*.html")
	htmlOnly := map[string]bool{"_html_template_htmlescaper": true, "_html_template_attrescaper": true,
		"_html_template_rcdataescaper": true}
	calls := 0
	// Parts (files defining no "content") are checked in the pages that
	// include them.
	parts := map[string]string{}
	for _, n := range names {
		body, _ := fs.ReadFile(assets, n)
		if name := strings.TrimSuffix(path.Base(n), ".html"); name != "layout" && !strings.Contains(string(body), `{{define "content"}}`) {
			parts[name] = string(body)
		}
	}
	for _, n := range names {
		name := strings.TrimSuffix(path.Base(n), ".html")
		if name == "layout" || parts[name] != "" {
			continue
		}
		raw, _ := fs.ReadFile(assets, n)
		body := string(raw)
		tm := template.Must(template.New("layout").Funcs(funcs).Parse(string(layout)))
		template.Must(tm.New(name).Parse(body))
		for pn, src := range parts {
			if strings.Contains(body, `{{template "`+pn+`"`) {
				template.Must(tm.New("").Parse(src))
				body += src
			}
		}
		tm.ExecuteTemplate(io.Discard, "layout", page{}) // escapes the templates; errors of missing data do not matter
		found, inLayout := 0, 0
		for _, sub := range tm.Templates() {
			if sub.Tree == nil {
				continue
			}
			walk(sub.Tree.Root, func(a *parse.ActionNode) {
				if !literalCall(a) {
					return
				}
				if sub.Name() == "layout" {
					inLayout++
				} else {
					found++
				}
				esc := a.Pipe.Cmds[1:]
				if len(esc) == 0 {
					t.Errorf("%s: %s is not escaped (not reached from the layout?)", name, a)
				}
				for _, c := range esc {
					if id, ok := c.Args[0].(*parse.IdentifierNode); !ok || !htmlOnly[id.Ident] {
						t.Errorf("%s: %s is escaped by %s, not as HTML text", name, a, c)
					}
				}
			})
		}
		if want := len(literalT.FindAllString(body, -1)); found != want {
			t.Errorf("%s: %d calls of T with a literal in the tree, pretranslate finds %d", name, found, want)
		}
		if want := len(literalT.FindAllString(string(layout), -1)); inLayout != want {
			t.Errorf("layout: %d calls of T with a literal in the tree, pretranslate finds %d", inLayout, want)
		}
		calls += found
	}
	if calls < 200 {
		t.Fatalf("only %d calls of T with a literal found", calls)
	}
	if got := pretranslate(`<b title="{{.T "Status"}}">{{$p.T "Status"}}</b>{{$.T "a\"<b>"}}{{.P.T "Status"}}`, langZH); got !=
		`<b title="状态">状态</b>a&#34;&lt;b&gt;{{.P.T "Status"}}` {
		t.Errorf("pretranslate: %s", got)
	}
}

// literalCall reports whether a is {{.T "…"}}, {{$.T "…"}} or {{$p.T "…"}}.
func literalCall(a *parse.ActionNode) bool {
	if len(a.Pipe.Decl) > 0 || len(a.Pipe.Cmds) == 0 || len(a.Pipe.Cmds[0].Args) != 2 {
		return false
	}
	if _, ok := a.Pipe.Cmds[0].Args[1].(*parse.StringNode); !ok {
		return false
	}
	switch f := a.Pipe.Cmds[0].Args[0].(type) {
	case *parse.FieldNode:
		return len(f.Ident) == 1 && f.Ident[0] == "T"
	case *parse.VariableNode:
		return len(f.Ident) == 2 && (f.Ident[0] == "$" || f.Ident[0] == "$p") && f.Ident[1] == "T"
	}
	return false
}

// walk calls f on every action under n.
func walk(n parse.Node, f func(*parse.ActionNode)) {
	switch n := n.(type) {
	case *parse.ListNode:
		if n != nil {
			for _, c := range n.Nodes {
				walk(c, f)
			}
		}
	case *parse.ActionNode:
		f(n)
	case *parse.IfNode:
		walk(n.List, f)
		walk(n.ElseList, f)
	case *parse.RangeNode:
		walk(n.List, f)
		walk(n.ElseList, f)
	case *parse.WithNode:
		walk(n.List, f)
		walk(n.ElseList, f)
	}
}
