package web

import (
	"bytes"
	"fmt"
	"net/http"
	"net/url"

	"ducha/internal/docx"
	"ducha/ledger"
	"ducha/supervise"
)

// DraftBlocks turns a draft into the blocks of a Word document.
func DraftBlocks(d supervise.Draft) []docx.Block {
	var bs []docx.Block
	for _, s := range d.Sections {
		bs = append(bs, docx.Block{Heading: true, Text: s.Heading})
		for _, p := range s.Paragraphs {
			bs = append(bs, docx.Block{Text: p})
		}
	}
	return bs
}

// draft shows, or downloads as text or DOCX, the draft review of the
// current report's year.
func (s *Server) draft(w http.ResponseWriter, r *http.Request, rq *request) error {
	rep, err := s.currentReport(r, rq)
	if err != nil {
		return err
	}
	if rep == nil {
		return ledger.Errorf(ledger.ENotFound, "尚未导入报告")
	}
	d, err := s.svc.DraftReview(r.Context(), rep.ID)
	if err != nil {
		return err
	}
	g, err := s.governmentOf(r, rep.GovernmentID)
	if err != nil {
		return err
	}
	name := fmt.Sprintf("%s%d年工作回顾初稿", g.Name, rep.Year)
	switch r.URL.Query().Get("format") {
	case "txt":
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.Header().Set("Content-Disposition", "attachment; filename*=UTF-8''"+url.PathEscape(name+".txt"))
		w.Write([]byte(d.Text()))
		return nil
	case "docx":
		var buf bytes.Buffer
		if err := docx.Write(&buf, d.Title, DraftBlocks(d)); err != nil {
			return err
		}
		w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
		w.Header().Set("Content-Disposition", "attachment; filename*=UTF-8''"+url.PathEscape(name+".docx"))
		w.Write(buf.Bytes())
		return nil
	}
	s.render(w, r, rq, "draft", http.StatusOK, map[string]any{"D": d, "Text": d.Text()})
	return nil
}
