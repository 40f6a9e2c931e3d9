package web

import (
	"bytes"
	"fmt"
	"net/url"

	"ducha/internal/evalsheet"
	"net/http"
	"time"

	"ducha/evaluate"
	"ducha/ledger"
)

// evaluation shows the year-end evaluation of the units leading the
// current report's commitments, with the formula that produced it.
func (s *Server) evaluation(w http.ResponseWriter, r *http.Request, rq *request) error {
	rep, err := s.currentReport(r, rq)
	if err != nil {
		return err
	}
	if rep == nil {
		return ledger.Errorf(ledger.ENotFound, "尚未导入报告")
	}
	at := s.now()
	if v := r.URL.Query().Get("at"); v != "" {
		t, err := time.Parse("2006-01-02", v)
		if err != nil {
			return ledger.Errorf(ledger.EInvalid, "考核日期 %q 不是日期（YYYY-MM-DD）", v)
		}
		at = t.Add(24*time.Hour - time.Second)
	}
	if eoy := time.Date(rep.Year, 12, 31, 23, 59, 59, 0, time.UTC); at.After(eoy) {
		at = eoy
	}
	f := evaluate.DefaultFormula()
	scores, err := s.svc.Evaluation(r.Context(), rep.ID, at, f)
	if err != nil {
		return err
	}
	if r.URL.Query().Get("format") == "xlsx" {
		g, err := s.governmentOf(r, rep.GovernmentID)
		if err != nil {
			return err
		}
		title := fmt.Sprintf("%s%d年政府工作报告任务落实年终考核表", g.Name, rep.Year)
		var buf bytes.Buffer
		if err := (evalsheet.Sheet{Title: title, At: at, Scores: scores, F: f}).WriteXLSX(&buf); err != nil {
			return err
		}
		w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
		w.Header().Set("Content-Disposition", "attachment; filename*=UTF-8''"+url.PathEscape(title+".xlsx"))
		w.Write(buf.Bytes())
		return nil
	}
	s.render(w, r, rq, "evaluation", http.StatusOK, map[string]any{"Scores": scores, "Formula": f.Describe(rq.Lang),
		"Chart": rankingChart(scores, rq.Lang),
		"At":    at.Format("2006-01-02"), "Year": rep.Year,
		"Title": s.reportName(r.Context(), rep) + " · " + translate(rq.Lang, "Year-end evaluation")})
	return nil
}
