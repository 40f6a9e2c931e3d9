package web

import (
	"html/template"
	"regexp"
	"strings"
	"testing"

	"ducha/progress"
	"ducha/supervise"
)

// execute runs a one-line html/template on data: what the hand-written
// HTML of rows.go must agree with.
func execute(t *testing.T, text string, data any) string {
	t.Helper()
	var b strings.Builder
	tmpl := template.Must(template.New("t").Funcs(funcs).Parse(text))
	if err := tmpl.Execute(&b, data); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

const nasty = `<script>alert("x")</script> & 'q' + 一/二?a=b#c 100%`

func TestRowsEscape(t *testing.T) {
	items := benchItems(2)
	items[0].Title, items[0].Code, items[0].Assignment.Lead = nasty, nasty, nasty
	items[1].Assignment.Lead, items[1].Assignment.SuggestedLead = "", nasty
	rows := itemRows(items, langZH, 60)
	escaped := execute(t, `{{.}}`, nasty)
	for name, html := range map[string]template.HTML{"list": listHTML(rows, langZH, true), "items": itemsHTML(rows)} {
		if strings.Contains(string(html), "<script>") || strings.Contains(string(html), `"x"`) ||
			!strings.Contains(string(html), escaped) {
			t.Errorf("%s: not escaped:\n%s", name, html)
		}
	}
	if got := itemsHTML(nil); got != `<p class="empty">—</p>` {
		t.Errorf("no items: %s", got)
	}
	g := supervise.Group{Name: nasty, Total: 3, ByStatus: map[progress.Status]int{progress.Lagging: 1, progress.OnTrack: 2},
		ByLight: map[progress.Light]int{progress.Yellow: 1, progress.Green: 2}, Completion: 0.5}
	cats := string(categoriesHTML([]supervise.Group{g}, langZH))
	if want := execute(t, `<a href="/commitments?category={{.}}">{{.}}</a>`, nasty); !strings.Contains(cats, want) {
		t.Errorf("category link:\n%s\nwant\n%s", cats, want)
	}
	units := string(unitsHTML([]supervise.Group{g, {Name: ""}}, langZH))
	if want := execute(t, `<a href="/units/{{pathEscape .}}">{{.}}</a>`, nasty); !strings.Contains(units, want) {
		t.Errorf("unit link:\n%s\nwant\n%s", units, want)
	}
	if !strings.Contains(units, "<th>—</th>") {
		t.Errorf("no unit: %s", units)
	}
}

func TestOptions(t *testing.T) {
	got := string(optionsHTML([]string{"a", nasty, "c"}, nasty))
	want := execute(t, `{{range .}}<option{{if eq . "`+strings.ReplaceAll(nasty, `"`, `\"`)+`"}} selected{{end}}>{{.}}</option>{{end}}`,
		[]string{"a", nasty, "c"})
	if got != want {
		t.Errorf("options:\n%s\nwant\n%s", got, want)
	}
	got = string(statusOptions("lagging", langEN))
	if !strings.Contains(got, `<option value="lagging" selected>Lagging</option>`) ||
		strings.Count(got, "selected") != 1 || strings.Count(got, "<option") != len(progress.Statuses) {
		t.Errorf("status options: %s", got)
	}
}

// TestRowsLabelled: every cell of the hand-written rows carries its
// column's label, in the page's language, for the phone's cards.
func TestRowsLabelled(t *testing.T) {
	rows := itemRows(benchItems(3), langZH, 60)
	cell := regexp.MustCompile(`<td[^>]*>`)
	label := regexp.MustCompile(`data-label="([^"]+)"`)
	labelsOf := func(html template.HTML) []string {
		var out []string
		for _, td := range cell.FindAllString(string(html), -1) {
			m := label.FindStringSubmatch(td)
			if m == nil {
				t.Errorf("a cell without a label: %s", td)
				continue
			}
			out = append(out, m[1])
		}
		return out
	}
	got := labelsOf(listHTML(rows[:1], langZH, true))
	if want := "交办 编码 任务内容 目标值 牵头单位 完成时限 办理环节 状态 进度"; strings.Join(got, " ") != want {
		t.Errorf("list labels %q, want %q", strings.Join(got, " "), want)
	}
	got = labelsOf(listHTML(rows[:1], langEN, false))
	if want := "Code Task Target Lead unit Deadline Workflow Status Progress"; strings.Join(got, " ") != want {
		t.Errorf("English list labels %q, want %q", strings.Join(got, " "), want)
	}
	g := supervise.Group{Name: "民生", Total: 2, ByStatus: map[progress.Status]int{progress.OnTrack: 2},
		ByLight: map[progress.Light]int{progress.Green: 2}, Completion: 0.5}
	if got := strings.Join(labelsOf(categoriesHTML([]supervise.Group{g}, langZH)), " "); got != "事项数 状态 完成率" {
		t.Errorf("category labels %q", got)
	}
	if got := strings.Join(labelsOf(unitsHTML([]supervise.Group{g}, langZH)), " "); got != "事项数 红黄绿灯 完成率" {
		t.Errorf("unit labels %q", got)
	}
}
