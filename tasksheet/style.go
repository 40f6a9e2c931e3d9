package tasksheet

import (
	"fmt"
	"strconv"

	"github.com/xuri/excelize/v2"

	"ducha/internal/cellsafe"
)

// layout of a column in the workbook.
type layout struct {
	width float64
	wrap  bool // long text: wrap within the cell
	text  bool // "@" text format: codes and dates people type stay text
}

var layouts = map[string]layout{
	colSeq:         {width: 10},
	colCode:        {width: 16, text: true},
	colParent:      {width: 16, text: true},
	colTitle:       {width: 50, wrap: true},
	colCategory:    {width: 16, wrap: true},
	colIndicator:   {width: 16, wrap: true},
	colTarget:      {width: 12, text: true},
	colUnit:        {width: 10},
	colLead:        {width: 16, wrap: true},
	colCooperating: {width: 16, wrap: true},
	colLeader:      {width: 12},
	colPerson:      {width: 12},
	colDeadline:    {width: 14, text: true},
	colMilestones:  {width: 30, wrap: true},
	colWeight:      {width: 10},
	colProgress:    {width: 16, wrap: true},
	colStatus:      {width: 10},
}

// styles are the style ids of a workbook.
type styles struct {
	title, header, headerRO int
	column, cell            map[layout]int // column default and bordered data cell, by layout
}

const (
	textFormat  = 49 // "@"
	headerFill  = "#D9E1F2"
	roFill      = "#EDEDED" // read-only columns
	borderColor = "#808080"
)

func newStyles(f *excelize.File) (*styles, error) {
	var border []excelize.Border
	for _, side := range []string{"left", "right", "top", "bottom"} {
		border = append(border, excelize.Border{Type: side, Color: borderColor, Style: 1})
	}
	st := &styles{column: map[layout]int{}, cell: map[layout]int{}}
	var err error
	newStyle := func(s *excelize.Style) int {
		id, e := f.NewStyle(s)
		if e != nil && err == nil {
			err = e
		}
		return id
	}
	st.title = newStyle(&excelize.Style{
		Font:      &excelize.Font{Bold: true, Size: 16},
		Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center"},
	})
	header := func(fill, color string) int {
		return newStyle(&excelize.Style{
			Font:      &excelize.Font{Bold: true, Color: color},
			Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{fill}},
			Border:    border,
			Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true},
			NumFmt:    textFormat,
		})
	}
	st.header, st.headerRO = header(headerFill, "#000000"), header(roFill, "#595959")
	for _, l := range layouts {
		if _, done := st.cell[l]; done {
			continue
		}
		s := excelize.Style{Alignment: &excelize.Alignment{Vertical: "top", WrapText: l.wrap}}
		if l.text {
			s.NumFmt = textFormat
		}
		st.column[l] = newStyle(&s)
		s.Border = border
		st.cell[l] = newStyle(&s)
	}
	return st, err
}

// writeSheet writes one worksheet: an optional title row, the header,
// the rows, then styles, widths, frozen header and filter.
func writeSheet(f *excelize.File, st *styles, g group, title string) error {
	sheet := g.name
	hdr := 1
	last, _ := excelize.ColumnNumberToName(len(Columns))
	if title != "" {
		hdr = 2
		if err := f.SetCellStr(sheet, "A1", title); err != nil {
			return err
		}
		if err := f.MergeCell(sheet, "A1", last+"1"); err != nil {
			return err
		}
		if err := f.SetCellStyle(sheet, "A1", "A1", st.title); err != nil {
			return err
		}
		if err := f.SetRowHeight(sheet, 1, 30); err != nil {
			return err
		}
	}
	for j, col := range Columns {
		if err := f.SetCellStr(sheet, cell(j+1, hdr), col); err != nil {
			return err
		}
	}
	for i := range g.rows {
		row := hdr + 1 + i
		for j, v := range values(&g.rows[i], i+1) {
			if err := setCell(f, sheet, cell(j+1, row), Columns[j], v); err != nil {
				return fmt.Errorf("编码 %s 的%s：%w", g.rows[i].Commitment.Code, Columns[j], err)
			}
		}
	}
	end := hdr + len(g.rows)
	for j, col := range Columns {
		name, _ := excelize.ColumnNumberToName(j + 1)
		l := layouts[col]
		if err := f.SetColStyle(sheet, name, st.column[l]); err != nil {
			return err
		}
		if err := f.SetColWidth(sheet, name, name, l.width); err != nil {
			return err
		}
		if len(g.rows) > 0 {
			if err := f.SetCellStyle(sheet, cell(j+1, hdr+1), cell(j+1, end), st.cell[l]); err != nil {
				return err
			}
		}
		hs := st.header
		if readOnly[col] {
			hs = st.headerRO
		}
		if err := f.SetCellStyle(sheet, cell(j+1, hdr), cell(j+1, hdr), hs); err != nil {
			return err
		}
	}
	if title != "" {
		if err := f.SetCellStyle(sheet, "A1", "A1", st.title); err != nil {
			return err
		}
	}
	if err := f.SetPanes(sheet, &excelize.Panes{
		Freeze: true, YSplit: hdr, TopLeftCell: cell(1, hdr+1), ActivePane: "bottomLeft",
		Selection: []excelize.Selection{{SQRef: cell(1, hdr+1), ActiveCell: cell(1, hdr+1), Pane: "bottomLeft"}},
	}); err != nil {
		return err
	}
	if err := f.AutoFilter(sheet, cell(1, hdr)+":"+cell(len(Columns), max(end, hdr+1)), nil); err != nil {
		return err
	}
	if err := f.SetPageLayout(sheet, &excelize.PageLayoutOptions{Orientation: strPtr("landscape")}); err != nil {
		return err
	}
	return f.SetDefinedName(&excelize.DefinedName{
		Name: "_xlnm.Print_Titles", Scope: sheet,
		RefersTo: fmt.Sprintf("'%s'!$%d:$%d", sheet, hdr, hdr),
	})
}

// setCell writes a value: 序号 and 权重 as numbers, everything else as
// formula-safe text, so that codes never turn into numbers or dates and
// no cell runs as a formula. Empty cells stay blank; a value too long for
// a cell is an error, never cut.
func setCell(f *excelize.File, sheet, ref, col, v string) error {
	if v == "" {
		return nil
	}
	if col == colSeq || col == colWeight {
		if n, err := strconv.ParseFloat(v, 64); err == nil {
			return f.SetCellFloat(sheet, ref, n, -1, 64)
		}
	}
	return cellsafe.SetText(f, sheet, ref, v)
}

// cell names a cell by 1-based column and row.
func cell(col, row int) string {
	name, _ := excelize.CoordinatesToCellName(col, row)
	return name
}

func strPtr(s string) *string { return &s }
