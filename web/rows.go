package web

import (
	"ducha/ledger"
	"fmt"
	"html/template"
	"strconv"
	"strings"

	"ducha/progress"
	"ducha/supervise"
)

// The long lists of the dashboard and the commitment list are made here:
// rows of the strings the page shows, written out as HTML by listHTML and
// itemsHTML. A template spends a reflective call or two on every value it
// prints (the field through the embedded structs of an Item, the label
// method, the escaper), which made rendering those lists the most
// expensive part of the pages; the markup here is the templates' as it
// was, and every value goes through escape.

// itemRow is a commitment in a list.
type itemRow struct {
	ID         int64
	New        bool // not yet dispatched (交办)
	Code       string
	Title      string // truncated
	Quantity   string // of the target, "" if none
	Lead       string
	Suggested  string // the suggested lead unit while no lead is confirmed
	Deadline   string // 2006-01-02, "" if none
	State      string // the workflow state's label
	Light      string // red, yellow, green
	LightLabel string
	Status     string // the status (a CSS class)
	StatusText string // its label
	Width      string // progress for a bar, 0–100
	Pct        string // progress, 45%
}

// itemRows makes the rows of items in lang, titles cut to titleRunes.
func itemRows(items []supervise.Item, lang string, titleRunes int) []itemRow {
	rows := make([]itemRow, len(items))
	for i := range items {
		it := &items[i]
		r := itemRow{ID: it.ID, Code: it.Code, Title: truncate(it.Title, titleRunes), Lead: it.Assignment.Lead,
			State: it.State.Label(lang), Light: string(it.Result.Light), LightLabel: it.Result.Light.Label(lang),
			Status: string(it.Result.Status), StatusText: it.Result.Status.Label(lang),
			Width: barWidth(it.Result.Actual), Pct: percent(it.Result.Actual), New: it.State == ledger.StateNew}
		if it.Target != nil {
			r.Quantity = it.Target.Quantity
		}
		if r.Lead == "" {
			r.Suggested = it.Assignment.SuggestedLead
		}
		if it.Deadline != nil && !it.Deadline.IsZero() {
			r.Deadline = it.Deadline.Format("2006-01-02")
		}
		rows[i] = r
	}
	return rows
}

// percent, barWidth and share format as the template functions pct, width
// and share do.
func percent(f float64) string { return strconv.FormatFloat(f*100, 'f', 0, 64) + "%" }

func barWidth(f float64) string { return strconv.FormatFloat(min(max(f, 0), 1)*100, 'f', 1, 64) }

func share(n, total int) string {
	if total == 0 {
		return "0"
	}
	return fmt.Sprintf("%.1f", float64(n)*100/float64(total))
}

// escape writes s escaped for HTML text and quoted attribute values, as
// html/template escapes them.
func escape(b *strings.Builder, s string) {
	if !strings.ContainsAny(s, "\x00\"&'+<>") {
		b.WriteString(s)
		return
	}
	htmlEscaper.WriteString(b, s)
}

var htmlEscaper = strings.NewReplacer("\x00", "\uFFFD", `"`, "&#34;", "&", "&amp;", "'", "&#39;", "+", "&#43;",
	"<", "&lt;", ">", "&gt;")

// listHTML writes rows as the table rows of the commitment list in lang;
// every cell carries its column's label (data-label), which a phone shows
// beside the value when the table is laid out as cards.
func listHTML(rows []itemRow, lang string, dispatch bool) template.HTML {
	suggested := translate(lang, "Suggested")
	lDispatch, lCode, lTask := cellLabel(lang, "Dispatch"), cellLabel(lang, "Code"), cellLabel(lang, "Task")
	lTarget, lLead, lDeadline := cellLabel(lang, "Target"), cellLabel(lang, "Lead unit"), cellLabel(lang, "Deadline")
	lState, lStatus, lProgress := cellLabel(lang, "Workflow"), cellLabel(lang, "Status"), cellLabel(lang, "Progress")
	var b strings.Builder
	b.Grow(len(rows) * 512)
	for i := range rows {
		r := &rows[i]
		b.WriteString("<tr>\n ")
		if dispatch {
			// A box to tick for 交办 (the office's batch dispatch).
			b.WriteString("<td" + lDispatch + ">")
			if r.New {
				b.WriteString(`<input type="checkbox" name="id" value="`)
				b.WriteString(strconv.FormatInt(r.ID, 10))
				b.WriteString(`" form="batch" aria-label="`)
				escape(&b, r.Code)
				b.WriteString(`">`)
			}
			b.WriteString("</td>\n ")
		}
		b.WriteString("<td" + lCode + "><code>")
		escape(&b, r.Code)
		b.WriteString("</code></td>\n <td class=\"title\"" + lTask + "><a href=\"/commitments/")
		b.WriteString(strconv.FormatInt(r.ID, 10))
		b.WriteString("\">")
		escape(&b, r.Title)
		b.WriteString("</a></td>\n <td" + lTarget + ">")
		escape(&b, r.Quantity)
		b.WriteString("</td>\n <td" + lLead + ">")
		escape(&b, r.Lead)
		if r.Suggested != "" {
			b.WriteString("<small class=\"muted\">")
			escape(&b, suggested)
			b.WriteString(": ")
			escape(&b, r.Suggested)
			b.WriteString("</small>")
		}
		b.WriteString("</td>\n <td" + lDeadline + ">")
		escape(&b, r.Deadline)
		b.WriteString("</td>\n <td" + lState + ">")
		escape(&b, r.State)
		b.WriteString("</td>\n <td" + lStatus + "><span class=\"light ")
		escape(&b, r.Light)
		b.WriteString("\"></span> <span class=\"st st-")
		escape(&b, r.Status)
		b.WriteString("\">")
		escape(&b, r.StatusText)
		b.WriteString("</span></td>\n <td class=\"prog\"" + lProgress + "><div class=\"bar\"><span style=\"width:")
		escape(&b, r.Width)
		b.WriteString("%\"></span></div>")
		escape(&b, r.Pct)
		b.WriteString("</td>\n</tr>")
	}
	return template.HTML(b.String())
}

// itemsHTML writes rows as a short list of the dashboard.
func itemsHTML(rows []itemRow) template.HTML {
	if len(rows) == 0 {
		return `<p class="empty">—</p>`
	}
	var b strings.Builder
	b.Grow(len(rows) * 384)
	b.WriteString(`<ul class="items">`)
	for i := range rows {
		r := &rows[i]
		b.WriteString("\n<li><span class=\"light ")
		escape(&b, r.Light)
		b.WriteString("\" title=\"")
		escape(&b, r.LightLabel)
		b.WriteString("\"></span>\n<a href=\"/commitments/")
		b.WriteString(strconv.FormatInt(r.ID, 10))
		b.WriteString("\"><code>")
		escape(&b, r.Code)
		b.WriteString("</code> ")
		escape(&b, r.Title)
		b.WriteString("</a>\n<span class=\"st st-")
		escape(&b, r.Status)
		b.WriteString("\">")
		escape(&b, r.StatusText)
		b.WriteString("</span> <small>")
		escape(&b, r.Lead)
		if r.Deadline != "" {
			b.WriteString(" · ")
			escape(&b, r.Deadline)
		}
		b.WriteString("</small></li>")
	}
	b.WriteString("</ul>\n")
	return template.HTML(b.String())
}

// categoriesHTML writes the dashboard's table rows of categories, the
// cells labelled in lang.
func categoriesHTML(groups []supervise.Group, lang string) template.HTML {
	lTotal, lStatus, lDone := cellLabel(lang, "Number of commitments"), cellLabel(lang, "Status"), cellLabel(lang, "Completion")
	var b strings.Builder
	for _, g := range groups {
		if g.Name == "" {
			b.WriteString("<tr><th>—</th><td class=\"n\"" + lTotal + ">")
		} else {
			b.WriteString(`<tr><th><a href="/commitments?category=`)
			queryEscape(&b, g.Name)
			b.WriteString(`">`)
			escape(&b, g.Name)
			b.WriteString(`</a></th><td class="n"` + lTotal + `>`)
		}
		b.WriteString(strconv.Itoa(g.Total))
		b.WriteString("</td>\n  <td class=\"w\"" + lStatus + "><div class=\"stack small\">")
		for _, st := range progress.Statuses {
			if n := g.ByStatus[st]; n > 0 {
				b.WriteString(`<span class="seg st-`)
				escape(&b, string(st))
				b.WriteString(`" style="width:`)
				b.WriteString(share(n, g.Total))
				b.WriteString(`%"></span>`)
			}
		}
		b.WriteString("</div></td>\n  <td class=\"n\"" + lDone + ">")
		b.WriteString(percent(g.Completion))
		b.WriteString("</td></tr>")
	}
	return template.HTML(b.String())
}

// unitsHTML writes the dashboard's table rows of lead units, the cells
// labelled in lang.
func unitsHTML(groups []supervise.Group, lang string) template.HTML {
	lTotal, lLights, lDone := cellLabel(lang, "Number of commitments"), cellLabel(lang, "Lights"), cellLabel(lang, "Completion")
	var b strings.Builder
	for _, g := range groups {
		b.WriteString("<tr><th>")
		if g.Name != "" {
			b.WriteString(`<a href="/units/`)
			b.WriteString(pathEscape(g.Name))
			b.WriteString(`">`)
			escape(&b, g.Name)
			b.WriteString("</a>")
		} else {
			b.WriteString("—")
		}
		b.WriteString(`</th><td class="n"` + lTotal + `>`)
		b.WriteString(strconv.Itoa(g.Total))
		b.WriteString("</td>\n  <td class=\"lights\"" + lLights + ">")
		for _, l := range []progress.Light{progress.Red, progress.Yellow, progress.Green} {
			b.WriteString(`<span class="light `)
			b.WriteString(string(l))
			b.WriteString(`">`)
			b.WriteString(strconv.Itoa(g.ByLight[l]))
			b.WriteString("</span>")
		}
		b.WriteString("</td>\n  <td class=\"n\"" + lDone + ">")
		b.WriteString(percent(g.Completion))
		b.WriteString("</td></tr>")
	}
	return template.HTML(b.String())
}

// cellLabel is the data-label attribute of a table cell of column col in
// lang, with its leading space.
func cellLabel(lang, col string) string {
	return ` data-label="` + template.HTMLEscapeString(translate(lang, col)) + `"`
}

// queryEscape writes s escaped for a URL query as html/template does:
// every byte but ASCII letters, digits and -._~ as %xx.
func queryEscape(b *strings.Builder, s string) {
	const hex = "0123456789abcdef"
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9', c == '-', c == '.', c == '_', c == '~':
			b.WriteByte(c)
		default:
			b.WriteByte('%')
			b.WriteByte(hex[c>>4])
			b.WriteByte(hex[c&15])
		}
	}
}

// optionsHTML writes the options of a select, the one equal to selected
// selected.
func optionsHTML(values []string, selected string) template.HTML {
	var b strings.Builder
	for _, v := range values {
		b.WriteString("<option")
		if v == selected {
			b.WriteString(" selected")
		}
		b.WriteString(">")
		escape(&b, v)
		b.WriteString("</option>")
	}
	return template.HTML(b.String())
}

// statusOptions writes the options of the status select in lang.
func statusOptions(selected, lang string) template.HTML {
	var b strings.Builder
	for _, st := range progress.Statuses {
		b.WriteString(`<option value="`)
		escape(&b, string(st))
		b.WriteString(`"`)
		if string(st) == selected {
			b.WriteString(" selected")
		}
		b.WriteString(">")
		escape(&b, st.Label(lang))
		b.WriteString("</option>")
	}
	return template.HTML(b.String())
}
