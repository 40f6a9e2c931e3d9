// Package evalsheet writes the 年终考核表: a ranking of units with each part of
// their score and the formula, as a terminal table, CSV or a styled xlsx.
package evalsheet

import (
	"encoding/json"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/mattn/go-runewidth"
	"github.com/xuri/excelize/v2"

	"ducha/evaluate"
	"ducha/internal/cellsafe"
	"ducha/internal/textable"
)

// Sheet is the 考核表 in every format.
type Sheet struct {
	Title  string
	At     time.Time
	Scores []evaluate.UnitScore
	F      evaluate.Formula
}

// subtitle names the evaluation date.
func (e Sheet) subtitle() string {
	return "考核日：" + e.At.Format("2006年1月2日")
}

// header returns the columns of the table, with the points each part can
// earn unless compact (the terminal, where the formula follows).
func (e Sheet) header(compact bool) []string {
	h := []string{"排名", "单位", "牵头任务数"}
	for _, p := range evaluate.Parts {
		score := fmt.Sprintf("%s得分（%s分）", shortPart(p), trimmed(e.F.Max(p)))
		if compact {
			score = "得分"
		}
		h = append(h, p.Label("zh"), score)
	}
	return append(h, "总分", "说明")
}

func shortPart(p evaluate.Part) string {
	return map[evaluate.Part]string{evaluate.Completion: "完成", evaluate.Timeliness: "填报",
		evaluate.Replies: "督办", evaluate.Returns: "退回"}[p]
}

// notes explains a unit's parts: all of them, or only those counted in a
// particular way (nothing to count, some not yet due).
func notes(s evaluate.UnitScore, all bool) string {
	var out []string
	for _, p := range s.Parts() {
		if all || p.Empty || p.Pending > 0 {
			if p.Part == evaluate.Completion && !p.Empty && !all {
				continue
			}
			out = append(out, p.Note("zh"))
		}
	}
	return strings.Join(out, "；")
}

func rankText(s evaluate.UnitScore) string {
	if !s.Ranked {
		return "-"
	}
	return strconv.Itoa(s.Rank)
}

func points(f float64) string { return strconv.FormatFloat(f, 'f', 2, 64) }

// trimmed is points without trailing zeros: 60, 16.67.
func trimmed(f float64) string { return strings.TrimSuffix(strings.TrimRight(points(f), "0"), ".") }

func percent(f float64) string { return strconv.FormatFloat(f*100, 'f', 2, 64) + "%" }

// rows returns the table as text, one row a unit; the terminal's
// (compact) notes only what is counted in a particular way.
func (e Sheet) rows(compact bool) [][]string {
	rows := [][]string{e.header(compact)}
	for _, s := range e.Scores {
		row := []string{rankText(s), s.Unit, strconv.Itoa(s.Completion.Of)}
		for _, p := range s.Parts() {
			if p.Part == evaluate.Completion && p.Empty {
				row = append(row, "-", "-")
				continue
			}
			row = append(row, percent(p.Rate), points(p.Points))
		}
		total := "不参与排名"
		if s.Ranked {
			total = points(s.Total)
		}
		rows = append(rows, append(row, total, notes(s, !compact)))
	}
	return rows
}

func (e Sheet) WriteTable(w io.Writer) error {
	if _, err := fmt.Fprintf(w, "%s（%s）\n\n", e.Title, e.subtitle()); err != nil {
		return err
	}
	if err := textable.Write(w, e.rows(true)); err != nil {
		return err
	}
	_, err := fmt.Fprintf(w, "\n计分办法：\n%s\n", e.F.Describe("zh"))
	return err
}

// writeCSV writes UTF-8 with a BOM, the table, then the formula under it.
func (e Sheet) WriteCSV(w io.Writer) error {
	cw, err := cellsafe.NewCSV(w, true, true)
	if err != nil {
		return err
	}
	records := [][]string{{e.Title + "（" + e.subtitle() + "）"}}
	records = append(records, e.rows(false)...)
	records = append(records, []string{}, []string{"计分办法"})
	for _, l := range strings.Split(e.F.Describe("zh"), "\n") {
		records = append(records, []string{l})
	}
	for _, r := range records {
		if err := cw.Write(r); err != nil {
			return err
		}
	}
	return cw.Flush()
}

// The 考核表 workbook.
const (
	evalSheet    = "考核表"
	formulaSheet = "计分办法"
	headerFill   = "#D9E1F2" // as the 任务分解表
	borderColor  = "#808080"
)

// evalWidths are the widths of the columns of the 考核表.
var evalWidths = []float64{8, 28, 10, 11, 11, 11, 11, 13, 11, 10, 11, 10, 40}

type evalStyles struct {
	title, subtitle, header, text, wrap, integer, rate, score, total, heading, para int
}

func newEvalStyles(f *excelize.File) (evalStyles, error) {
	var border []excelize.Border
	for _, side := range []string{"left", "right", "top", "bottom"} {
		border = append(border, excelize.Border{Type: side, Color: borderColor, Style: 1})
	}
	var err error
	style := func(s *excelize.Style) int {
		id, e := f.NewStyle(s)
		if e != nil && err == nil {
			err = e
		}
		return id
	}
	rateFmt, scoreFmt := "0.00%", "0.00"
	cell := func(h string, numFmt *string, bold bool) int {
		return style(&excelize.Style{Border: border, Font: &excelize.Font{Bold: bold}, CustomNumFmt: numFmt,
			Alignment: &excelize.Alignment{Horizontal: h, Vertical: "center", WrapText: h == "left"}})
	}
	st := evalStyles{
		title: style(&excelize.Style{Font: &excelize.Font{Bold: true, Size: 16},
			Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center"}}),
		subtitle: style(&excelize.Style{Alignment: &excelize.Alignment{Horizontal: "right", Vertical: "center"}}),
		header: style(&excelize.Style{Font: &excelize.Font{Bold: true},
			Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{headerFill}},
			Border:    border,
			Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true}}),
		text:    cell("center", nil, false),
		wrap:    cell("left", nil, false),
		integer: cell("center", nil, false),
		rate:    cell("right", &rateFmt, false),
		score:   cell("right", &scoreFmt, false),
		total:   cell("right", &scoreFmt, true),
		heading: style(&excelize.Style{Font: &excelize.Font{Bold: true, Size: 12}}),
		para:    style(&excelize.Style{Alignment: &excelize.Alignment{Vertical: "top", WrapText: true}}),
	}
	return st, err
}

func (e Sheet) WriteXLSX(w io.Writer) error {
	f := excelize.NewFile()
	defer f.Close()
	st, err := newEvalStyles(f)
	if err != nil {
		return err
	}
	if err := f.SetSheetName(f.GetSheetName(0), evalSheet); err != nil {
		return err
	}
	if err := e.writeRanking(f, st); err != nil {
		return err
	}
	if _, err := f.NewSheet(formulaSheet); err != nil {
		return err
	}
	if err := e.writeFormula(f, st); err != nil {
		return err
	}
	f.SetActiveSheet(0)
	if err := f.SetDocProps(&excelize.DocProperties{Title: e.Title, Creator: "ducha"}); err != nil {
		return err
	}
	_, err = f.WriteTo(w)
	return err
}

// xl collects the first error of a run of excelize calls.
type xl struct {
	f     *excelize.File
	sheet string
	err   error
}

func (x *xl) do(err error) {
	if err != nil && x.err == nil {
		x.err = err
	}
}

// set writes a cell through cellsafe: text never runs as a formula and is
// never cut.
func (x *xl) set(col, row int, v any) { x.do(cellsafe.SetCell(x.f, x.sheet, cellName(col, row), v)) }

func (x *xl) style(c0, r0, c1, r1, id int) {
	x.do(x.f.SetCellStyle(x.sheet, cellName(c0, r0), cellName(c1, r1), id))
}

// paragraph writes text across columns 1..cols of row, wrapped, with a
// height for its length (merged cells do not grow by themselves).
func (x *xl) paragraph(row, cols int, text string, style int, width float64) {
	x.set(1, row, text)
	x.do(x.f.MergeCell(x.sheet, cellName(1, row), cellName(cols, row)))
	x.style(1, row, cols, row, style)
	lines := math.Ceil(float64(runewidth.StringWidth(text)) / (width * 0.95))
	x.do(x.f.SetRowHeight(x.sheet, row, 16*math.Max(lines, 1)+4))
}

func cellName(col, row int) string {
	name, _ := excelize.CoordinatesToCellName(col, row)
	return name
}

// writeRanking writes the 考核表: title, date, header, a row per unit,
// then the formula under the table.
func (e Sheet) writeRanking(f *excelize.File, st evalStyles) error {
	x := &xl{f: f, sheet: evalSheet}
	header := e.header(false)
	cols := len(header)
	var width float64
	for i, wd := range evalWidths {
		name, _ := excelize.ColumnNumberToName(i + 1)
		x.do(f.SetColWidth(evalSheet, name, name, wd))
		width += wd
	}
	x.set(1, 1, e.Title)
	x.do(f.MergeCell(evalSheet, "A1", cellName(cols, 1)))
	x.style(1, 1, 1, 1, st.title)
	x.do(f.SetRowHeight(evalSheet, 1, 30))
	x.set(1, 2, e.subtitle())
	x.do(f.MergeCell(evalSheet, "A2", cellName(cols, 2)))
	x.style(1, 2, 1, 2, st.subtitle)
	const hdr = 3
	for j, h := range header {
		x.set(j+1, hdr, h)
	}
	x.style(1, hdr, cols, hdr, st.header)
	x.do(f.SetRowHeight(evalSheet, hdr, 32))
	row := hdr
	for _, s := range e.Scores {
		row++
		if s.Ranked {
			x.set(1, row, s.Rank)
		} else {
			x.set(1, row, "-")
		}
		x.set(2, row, s.Unit)
		x.set(3, row, s.Completion.Of)
		for i, p := range s.Parts() {
			c := 4 + 2*i
			if p.Part == evaluate.Completion && p.Empty {
				x.set(c, row, "-")
				x.set(c+1, row, "-")
				x.style(c, row, c+1, row, st.text)
				continue
			}
			x.set(c, row, p.Rate)
			x.set(c+1, row, p.Points)
			x.style(c, row, c, row, st.rate)
			x.style(c+1, row, c+1, row, st.score)
		}
		if s.Ranked {
			x.set(cols-1, row, s.Total)
			x.style(cols-1, row, cols-1, row, st.total)
		} else {
			x.set(cols-1, row, "不参与排名")
			x.style(cols-1, row, cols-1, row, st.text)
		}
		x.set(cols, row, notes(s, true))
		x.style(1, row, 1, row, st.integer)
		x.style(2, row, 2, row, st.wrap)
		x.style(3, row, 3, row, st.integer)
		x.style(cols, row, cols, row, st.wrap)
	}
	last := max(row, hdr+1)
	x.do(f.AutoFilter(evalSheet, cellName(1, hdr)+":"+cellName(cols, last), nil))
	x.do(f.SetPanes(evalSheet, &excelize.Panes{
		Freeze: true, YSplit: hdr, TopLeftCell: cellName(1, hdr+1), ActivePane: "bottomLeft",
		Selection: []excelize.Selection{{SQRef: cellName(1, hdr+1), ActiveCell: cellName(1, hdr+1), Pane: "bottomLeft"}},
	}))

	// The formula under the table.
	row = last + 2
	x.set(1, row, "计分办法")
	x.style(1, row, 1, row, st.heading)
	for _, l := range strings.Split(e.F.Describe("zh"), "\n") {
		row++
		x.paragraph(row, cols, l, st.para, width)
	}
	landscape := "landscape"
	x.do(f.SetPageLayout(evalSheet, &excelize.PageLayoutOptions{Orientation: &landscape}))
	x.do(f.SetDefinedName(&excelize.DefinedName{Name: "_xlnm.Print_Titles", Scope: evalSheet,
		RefersTo: fmt.Sprintf("'%s'!$%d:$%d", evalSheet, hdr, hdr)}))
	return x.err
}

// writeFormula writes the sheet 计分办法: the formula in words, its
// parameters, and the formula as JSON (for --formula).
func (e Sheet) writeFormula(f *excelize.File, st evalStyles) error {
	x := &xl{f: f, sheet: formulaSheet}
	widths := []float64{22, 12, 12, 54}
	var width float64
	for i, wd := range widths {
		name, _ := excelize.ColumnNumberToName(i + 1)
		x.do(f.SetColWidth(formulaSheet, name, name, wd))
		width += wd
	}
	cols := len(widths)
	x.set(1, 1, "计分办法")
	x.do(f.MergeCell(formulaSheet, "A1", cellName(cols, 1)))
	x.style(1, 1, 1, 1, st.title)
	x.do(f.SetRowHeight(formulaSheet, 1, 30))
	row := 2
	for _, l := range strings.Split(e.F.Describe("zh"), "\n") {
		row++
		x.paragraph(row, cols, l, st.para, width)
	}

	row += 2
	for j, h := range []string{"考核项目", "权重", "折算满分", "计分方法"} {
		x.set(j+1, row, h)
	}
	x.style(1, row, cols, row, st.header)
	top := row + 1
	for _, p := range evaluate.Parts {
		row++
		how := p.Label("zh") + " × " + trimmed(e.F.Max(p))
		if p == evaluate.Returns {
			how = "(1 − 退回率) × " + trimmed(e.F.Max(p))
		}
		x.set(1, row, p.Label("zh"))
		x.set(2, row, e.F.Weights.Of(p))
		x.set(3, row, e.F.Max(p))
		x.set(4, row, how)
	}
	row++
	x.set(1, row, "合计")
	x.set(2, row, e.F.Weights.Sum())
	x.set(3, row, 100)
	x.set(4, row, "总分四舍五入保留两位小数")
	x.style(1, top, 1, row, st.wrap)
	x.style(2, top, 2, row, st.integer)
	x.style(3, top, 3, row, st.score)
	x.style(4, top, 4, row, st.wrap)

	row += 2
	for j, h := range []string{"参数", "取值"} {
		x.set(j+1, row, h)
	}
	x.style(1, row, 2, row, st.header)
	credit := func(c evaluate.Credit) string {
		if c.Progress {
			return "按填报进度"
		}
		return trimmed(c.Fixed*100) + "%"
	}
	achievements := "不计入"
	if e.F.Achievements {
		achievements = "计入"
	}
	top = row + 1
	for _, kv := range [][2]string{
		{"按时填报宽限天数", strconv.Itoa(e.F.GraceDays) + "天"},
		{"办结为部分完成", credit(e.F.Partly)},
		{"办结为未完成", credit(e.F.NotCompleted)},
		{"回顾部分已完成事项", achievements},
	} {
		row++
		x.set(1, row, kv[0])
		x.set(2, row, kv[1])
	}
	x.style(1, top, 2, row, st.wrap)

	row += 2
	x.set(1, row, "公式参数（JSON，可用 ducha evaluate --formula 读入）")
	x.style(1, row, 1, row, st.heading)
	raw, err := json.Marshal(e.F)
	if err != nil {
		return err
	}
	row++
	x.paragraph(row, cols, string(raw), st.para, width)
	return x.err
}
