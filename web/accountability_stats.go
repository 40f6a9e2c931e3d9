package web

import (
	"bytes"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"ducha/accountability"
	"ducha/internal/cellsafe"
	"ducha/ledger"

	"github.com/xuri/excelize/v2"
)

// accountabilityStats counts the year's records by measure and by unit
// (?year=2024, the server's year by default), as a page or, with
// ?format=xlsx, a workbook whose every cell goes through cellsafe. A
// reporter counts its own unit's records only.
func (s *Server) accountabilityStats(w http.ResponseWriter, r *http.Request, rq *request) error {
	year := s.now().Year()
	if v := r.URL.Query().Get("year"); v != "" {
		y, err := strconv.Atoi(v)
		if err != nil || y < 1949 || y > 2200 {
			return ledger.Errorf(ledger.EInvalid, "年度 %q 无效", v)
		}
		year = y
	}
	versions, err := s.recordsFor(r.Context(), rq.Actor)
	if err != nil {
		return err
	}
	st := accountability.Statistics(versions, year)
	if r.URL.Query().Get("format") == "xlsx" {
		var buf bytes.Buffer
		if err := writeStatsXLSX(&buf, st, rq.Lang, s.now()); err != nil {
			return err
		}
		name := fmt.Sprintf("%d年责任追究统计.xlsx", year)
		w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
		w.Header().Set("Content-Disposition", "attachment; filename*=UTF-8''"+url.PathEscape(name))
		w.Header().Set("Cache-Control", "no-store")
		w.Write(buf.Bytes())
		return nil
	}
	s.render(w, r, rq, "accountability_stats", http.StatusOK, map[string]any{
		"Title": fmt.Sprintf("%d %s", year, translate(rq.Lang, "Accountability statistics")), "Stats": st, "Year": year,
		"Measures": measureOptions(rq.Lang)})
	return nil
}

// writeStatsXLSX writes the statistics: one row a unit, one column a
// measure, the total and the deduction; the totals by measure last.
func writeStatsXLSX(w *bytes.Buffer, st accountability.Stats, lang string, now time.Time) error {
	f := excelize.NewFile()
	defer f.Close()
	const sheet = "Sheet1"
	set := func(col, row int, v any) error {
		ref, err := excelize.CoordinatesToCellName(col, row)
		if err != nil {
			return err
		}
		return cellsafe.SetCell(f, sheet, ref, v)
	}
	title := fmt.Sprintf("%d年责任追究统计（截至%s）", st.Year, now.Format("2006-01-02"))
	if !zhLang(lang) {
		title = fmt.Sprintf("Accountability records of %d (as of %s)", st.Year, now.Format("2006-01-02"))
	}
	if err := set(1, 1, title); err != nil {
		return err
	}
	header := []string{translate(lang, "Unit")}
	for _, m := range accountability.Measures {
		header = append(header, m.Label(lang))
	}
	header = append(header, translate(lang, "All measures"), translate(lang, "Evaluation deduction"))
	for i, h := range header {
		if err := set(i+1, 2, h); err != nil {
			return err
		}
	}
	row := 3
	for _, u := range st.Units {
		if err := set(1, row, u.Unit); err != nil {
			return err
		}
		for i, m := range accountability.Measures {
			if err := set(i+2, row, u.Counts[m]); err != nil {
				return err
			}
		}
		if err := set(len(accountability.Measures)+2, row, u.Total); err != nil {
			return err
		}
		if err := set(len(accountability.Measures)+3, row, u.Deduction); err != nil {
			return err
		}
		row++
	}
	if err := set(1, row, translate(lang, "All measures")); err != nil {
		return err
	}
	for i, m := range accountability.Measures {
		if err := set(i+2, row, st.ByMeasure[m]); err != nil {
			return err
		}
	}
	if err := set(len(accountability.Measures)+2, row, st.Total); err != nil {
		return err
	}
	f.SetColWidth(sheet, "A", "A", 36)
	_, err := f.WriteTo(w)
	return err
}

func zhLang(lang string) bool { return lang != langEN }
