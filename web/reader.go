package web

import (
	"html/template"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"

	"ducha/ledger"
	"ducha/supervise"
)

// mark is a highlighted quantity in the report text.
type mark struct {
	start, end   int
	href, anchor string // "" for a quantity without a page
	kind         ledger.Kind
	title        string
}

// reader shows the text of a report with every quantity of a commitment
// highlighted and linked to its commitment.
func (s *Server) reader(w http.ResponseWriter, r *http.Request, rq *request) error {
	id, err := idParam(r, "id")
	if err != nil {
		return err
	}
	rep, err := s.reportByID(r, id)
	if err != nil {
		return err
	}
	items, err := s.svc.Items(r.Context(), rep.ID)
	if err != nil {
		return err
	}
	visible := map[int64]bool{}
	for _, it := range supervise.Visible(rq.Actor, items) {
		visible[it.ID] = true
	}
	var marks []mark
	for _, it := range items {
		if it.Target == nil || it.Target.Quantity == "" || it.End <= it.Start || it.End > len(rep.Text) {
			continue
		}
		clause := rep.Text[it.Start:it.End]
		i := strings.Index(clause, it.Target.Quantity)
		if i < 0 {
			continue
		}
		m := mark{start: it.Start + i, end: it.Start + i + len(it.Target.Quantity), kind: it.Kind, title: it.Code + " " + it.Title}
		if visible[it.ID] {
			m.href, m.anchor = "/commitments/"+strconv.FormatInt(it.ID, 10), "c"+strconv.FormatInt(it.ID, 10)
		}
		marks = append(marks, m)
	}
	s.render(w, r, rq, "reader", http.StatusOK, map[string]any{"Report": rep, "HTML": markText(rep.Text, marks), "Marks": len(marks),
		"Title": s.reportName(r.Context(), &rep)})
	return nil
}

// markText renders text as paragraphs with the marks as links, escaped.
// Overlapping marks keep the first.
func markText(text string, marks []mark) template.HTML {
	sort.Slice(marks, func(i, j int) bool { return marks[i].start < marks[j].start })
	var b strings.Builder
	b.WriteString("<p>")
	pos := 0
	write := func(t string) {
		b.WriteString(strings.ReplaceAll(template.HTMLEscapeString(t), "\n", "</p>\n<p>"))
	}
	for _, m := range marks {
		if m.start < pos {
			continue
		}
		write(text[pos:m.start])
		q := template.HTMLEscapeString(text[m.start:m.end])
		t := template.HTMLEscapeString(m.title)
		if m.href != "" {
			b.WriteString(`<a class="q q-` + string(m.kind) + `" id="` + template.HTMLEscapeString(m.anchor) + `" href="` +
				template.HTMLEscapeString(m.href) + `" title="` + t + `">` + q + `</a>`)
		} else {
			b.WriteString(`<mark class="q q-` + string(m.kind) + `">` + q + `</mark>`)
		}
		pos = m.end
	}
	write(text[pos:])
	b.WriteString("</p>")
	return template.HTML(b.String())
}

// reportRef finds a report (without its text).
func (s *Server) reportRef(r *http.Request, id int64) (supervise.ReportRef, error) {
	ref, ok, err := s.svc.Report(r.Context(), id)
	if err == nil && !ok {
		err = ledger.Errorf(ledger.ENotFound, "报告 %d 不存在", id)
	}
	return ref, err
}

// reportByID finds a report with its text.
func (s *Server) reportByID(r *http.Request, id int64) (ledger.Report, error) {
	ref, err := s.reportRef(r, id)
	if err != nil {
		return ledger.Report{}, err
	}
	return s.store.Report(r.Context(), ref.GovernmentID, ref.Year)
}

// publicReader is the report text on the public site, every target's
// quantity linked to its public page.
func (s *Server) publicReader(w http.ResponseWriter, r *http.Request, rq *request) error {
	g, rep, items, err := s.publicReport(r)
	if err != nil {
		return err
	}
	base := publicBase(g.Name, rep.Year)
	var marks []mark
	for _, it := range items {
		if it.Target == nil || it.Target.Quantity == "" || it.End <= it.Start || it.End > len(rep.Text) {
			continue
		}
		i := strings.Index(rep.Text[it.Start:it.End], it.Target.Quantity)
		if i < 0 {
			continue
		}
		m := mark{start: it.Start + i, end: it.Start + i + len(it.Target.Quantity), kind: it.Kind, title: it.Code + " " + it.Title}
		if it.Kind == ledger.KindTarget {
			m.href, m.anchor = base+"/c/"+url.PathEscape(it.Code), "c-"+it.Code
		}
		marks = append(marks, m)
	}
	s.render(w, r, rq, "reader", http.StatusOK, map[string]any{"Report": rep, "HTML": markText(rep.Text, marks),
		"Marks": len(marks), "Base": base, "Title": reportTitle(g.Name, rep)})
	return nil
}
