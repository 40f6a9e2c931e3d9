package web

import (
	"bytes"
	"encoding/json"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"path"
	"regexp"
	"strconv"
	"strings"
	"time"

	"ducha/access"
	"ducha/ledger"
	"ducha/progress"
	"ducha/reconcile"
	"ducha/supervise"
)

// page is what every template gets.
type page struct {
	Lang    string
	Actor   supervise.Actor
	User    bool
	CSRF    string
	Path    string
	Flash   string
	Error   string
	Reports []reportChoice
	Report  *ledger.Report
	Nav     navPerms
	Data    any
	// Title names the page in the browser's title bar: the "Title" of
	// the page's data when the handler gives one (see titles.go).
	Title string
}

// navPerms says which menu entries the user gets.
type navPerms struct {
	Review, Export, Users, Settings bool
}

type reportChoice struct {
	ID    int64
	Label string
}

// T translates a UI string.
func (p page) T(s string) string { return translate(p.Lang, s) }

// Zh reports whether the page is in Chinese.
func (p page) Zh() bool { return p.Lang != langEN }

// StatusLabel, StateLabel … name values in the page's language.
func (p page) StatusLabel(s progress.Status) string { return s.Label(p.Lang) }
func (p page) LightLabel(l progress.Light) string   { return l.Label(p.Lang) }
func (p page) StateLabel(s ledger.State) string     { return s.Label(p.Lang) }
func (p page) RoleLabel(r any) string               { return access.Role(fmt.Sprint(r)).Label(p.Lang) }
func (p page) ReportStatusLabel(s ledger.ReportStatus) string {
	return p.T(map[ledger.ReportStatus]string{ledger.ReportDraft: "Draft", ledger.ReportSubmitted: "Submitted",
		ledger.ReportReturned: "Returned", ledger.ReportApproved: "Approved"}[s])
}

// ActionLabel names an audit action.
func (p page) ActionLabel(a string) string {
	if p.Lang == langEN {
		return a
	}
	if l, ok := actionLabels[a]; ok {
		return l
	}
	return a
}

var actionLabels = map[string]string{
	"commitment.state": "办理状态变更", "report.save": "保存/提交进展", "report.review": "复核进展",
	"evidence.add": "上传佐证材料", "order.issue": "下发督办单", "order.reply": "回复督办单", "order.escalate": "督办升级",
	"comment.add": "发表意见", "token.create": "创建接口令牌", "token.revoke": "撤销接口令牌", "setting.set": "修改设置",
	"user.add": "新增用户", "user.update": "修改用户", "user.login": "登录", "user.login_failed": "登录失败",
	"tasks.export": "导出任务分解表",
}

func (p page) VerdictLabel(v reconcile.Verdict) string { return v.Label(p.Lang) }
func (p page) OutcomeLabel(o ledger.Outcome) string {
	return p.T(map[ledger.Outcome]string{ledger.OutcomeCompleted: "Completed", ledger.OutcomePartly: "Partly completed",
		ledger.OutcomeNotCompleted: "Not completed"}[o])
}

var funcs = template.FuncMap{
	"date": func(t any) string {
		switch v := t.(type) {
		case time.Time:
			if v.IsZero() {
				return ""
			}
			return v.Format("2006-01-02")
		case *time.Time:
			if v == nil || v.IsZero() {
				return ""
			}
			return v.Format("2006-01-02")
		}
		return ""
	},
	"datetime": func(t time.Time) string {
		if t.IsZero() {
			return ""
		}
		return t.Local().Format("2006-01-02 15:04")
	},
	"pct":       percent,
	"width":     barWidth,
	"share":     share,
	"highlight": highlight,
	"dict2":     func(p page, items []supervise.Item) itemsArg { return itemsArg{p, items} },
	"join":      strings.Join,
	"add":       func(a, b int) int { return a + b },
	"json": func(v any) string {
		b, _ := json.MarshalIndent(v, "", "  ")
		return string(b)
	},
	"statuses":   func() []progress.Status { return progress.Statuses },
	"shortfalls": func() map[string]string { return ledger.ShortfallReasons },
	"roles":      func() []access.Role { return access.Roles },
	"isoDate":    func(t time.Time) string { return t.Format("2006-01-02") },
	"pathEscape": pathEscape,
	"periodName": progress.PeriodName,
	"truncate":   truncate,
	"lightOf":    func(l progress.Light) string { return string(l) },
	"L":          func(s string) progress.Light { return progress.Light(s) },
	"status":     func(s string) progress.Status { return progress.Status(s) },
	// amount writes a reported figure, stored in the target's unit
	// without magnitudes (9959016393 元), as a report would (99.59亿元).
	"amount": supervise.FormatAmount,
	"targetUnit": func(c *ledger.Commitment) string {
		if c == nil || c.Target == nil {
			return ""
		}
		return c.Target.Unit
	},
	"verdicts": func() []reconcile.Verdict {
		return []reconcile.Verdict{reconcile.Exceeded, reconcile.Met, reconcile.Missed, reconcile.NotMentioned}
	},
	"list2": func(n1 string, a []publicItem, n2 string, b []publicItem) []namedItems {
		return []namedItems{{n1, a}, {n2, b}}
	},
	"safeAuditJSON": func(s string) string { return s },
}

// namedItems is a titled list of public items.
type namedItems struct {
	Name  string
	Items []publicItem
}

// pathEscape escapes s for a path segment.
func pathEscape(s string) string { return strings.ReplaceAll(template.URLQueryEscaper(s), "+", "%20") }

// itemsArg passes the page and a list to the "items" template.
type itemsArg struct {
	P     page
	Items []supervise.Item
}

// highlight returns text with the first occurrence of q marked, escaped.
func highlight(text, q string) template.HTML {
	i := -1
	if q != "" {
		i = strings.Index(text, q)
	}
	if i < 0 {
		return template.HTML(template.HTMLEscapeString(text))
	}
	return template.HTML(template.HTMLEscapeString(text[:i]) + `<mark>` + template.HTMLEscapeString(q) +
		`</mark>` + template.HTMLEscapeString(text[i+len(q):]))
}

func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n]) + "…"
}

// parsePages parses every page with the layout.
func parsePages() (map[string]*template.Template, error) {
	src, err := fs.ReadFile(assets, "templates/layout.html")
	if err != nil {
		return nil, err
	}
	names, err := fs.Glob(assets, "templates/*.html")
	if err != nil {
		return nil, err
	}
	// A file that defines no "content" is a part that pages include
	// ({{template "commitment_edit" .}}): parsed into every page.
	bodies := map[string]string{}
	var parts []string
	for _, n := range names {
		name := strings.TrimSuffix(path.Base(n), ".html")
		if name == "layout" {
			continue
		}
		body, err := fs.ReadFile(assets, n)
		if err != nil {
			return nil, err
		}
		if !strings.Contains(string(body), `{{define "content"}}`) {
			parts = append(parts, string(body))
			continue
		}
		bodies[name] = string(body)
	}
	pages := map[string]*template.Template{}
	for name, body := range bodies {
		for _, lang := range []string{langZH, langEN} {
			t, err := template.New("layout").Funcs(funcs).Parse(pretranslate(string(src), lang))
			if err == nil {
				_, err = t.New(name).Parse(pretranslate(body, lang))
			}
			for _, part := range parts {
				if err == nil {
					_, err = t.New("").Parse(pretranslate(part, lang))
				}
			}
			if err != nil {
				return nil, fmt.Errorf("template %s: %w", name, err)
			}
			pages[pageKey(lang, name)] = t
		}
	}
	return pages, nil
}

// pageKey names the template of page name in lang.
func pageKey(lang, name string) string {
	if lang == langEN {
		return name + "." + langEN
	}
	return name + "." + langZH
}

// literalT is a translation of a literal in a template: {{.T "…"}},
// {{$.T "…"}} or {{$p.T "…"}}, $p being the page.
var literalT = regexp.MustCompile(`\{\{(?:\.|\$\.|\$p\.)T ("(?:[^"\\]|\\.)*")\}\}`)

// pretranslate writes the translations of the literals in a template's
// source in lang, escaped, in place of the calls to T: each page is parsed
// once per language, and most of what a page says is then text, not calls.
// Only element text and quoted attribute values hold such calls (checked by
// TestPretranslateContexts), where escaped text stands as the call's
// output would.
func pretranslate(src, lang string) string {
	return literalT.ReplaceAllStringFunc(src, func(call string) string {
		lit, err := strconv.Unquote(literalT.FindStringSubmatch(call)[1])
		if err != nil {
			return call
		}
		return template.HTMLEscapeString(translate(lang, lit))
	})
}

// render writes page name with data in the layout.
func (s *Server) render(w http.ResponseWriter, r *http.Request, rq *request, name string, status int, data any) {
	p := page{Lang: rq.Lang, Actor: rq.Actor, User: rq.LoggedIn, CSRF: rq.CSRF, Path: r.URL.RequestURI(), Data: data,
		Title: titleOf(data)}
	if rq.LoggedIn {
		p.Flash = s.sessions.PopString(r.Context(), "flash")
		p.Error = s.sessions.PopString(r.Context(), "error")
		a := rq.Actor
		p.Nav = navPerms{Review: a.CanDo(access.Review), Export: a.CanDo(access.Export),
			Users: a.CanDo(access.ManageUsers), Settings: a.CanDo(access.ManageSettings)}
		p.Reports, p.Report = s.reportChoices(r, rq)
	}
	t, ok := s.pages[pageKey(p.Lang, name)]
	if !ok {
		http.Error(w, "no template "+name, http.StatusInternalServerError)
		return
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout", p); err != nil {
		s.log.Error("render", "page", name, "err", err)
		if status == http.StatusOK {
			http.Error(w, "服务器内部错误", http.StatusInternalServerError)
		}
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	writeJSONBody(w, status, encodeJSON(v))
}

// encodeJSON encodes v as writeJSON writes it.
func encodeJSON(v any) []byte {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(true)
	enc.Encode(v)
	return buf.Bytes()
}

// writeJSONBody writes an encoded JSON answer.
func writeJSONBody(w http.ResponseWriter, status int, body []byte) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	w.Write(body)
}
