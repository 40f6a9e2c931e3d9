package tasksheet

import (
	"archive/zip"
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/xuri/excelize/v2"
)

// Limits on what Parse reads: a 任务分解表 has hundreds of rows.
const (
	maxRows = 50000
	maxCols = 100
	// maxUnzip bounds the unpacked size of a workbook (zip bombs).
	maxUnzip = 64 << 20
	// farCols: a cell with content beyond this column is refused before
	// the workbook is read, since reading rows costs their width.
	farCols = 200
)

// table is one sheet as text: its non-empty rows.
type table struct {
	sheet string
	rows  []sheetRow
	// raw returns the stored value of a cell (0-based column) when it
	// differs from the displayed text, as for dates; nil for CSV.
	raw func(row, col int) string
}

type sheetRow struct {
	n     int      // 1-based row number as Excel shows it
	cells []string // displayed text
}

func (r sheetRow) empty() bool {
	for _, c := range r.cells {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}

// readXLSX reads every worksheet of a workbook. The caller closes f.
func readXLSX(data []byte) (f *excelize.File, tables []table, msg string) {
	defer func() {
		if recover() != nil { // a malformed workbook must not take the server down
			tables, msg = nil, msgBroken
		}
	}()
	if msg := scanWorksheets(data); msg != "" {
		return nil, nil, msg
	}
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{
		UnzipSizeLimit:    maxUnzip,
		UnzipXMLSizeLimit: 16 << 20,
		ShortDatePattern:  "yyyy-mm-dd",
		CultureInfo:       excelize.CultureNameZhCN,
	})
	if err != nil {
		return nil, nil, msgBroken
	}
	for _, sheet := range f.GetSheetList() {
		t, msg := readWorksheet(f, sheet)
		if msg != "" {
			return f, nil, msg
		}
		tables = append(tables, t)
	}
	return f, tables, ""
}

func readWorksheet(f *excelize.File, sheet string) (table, string) {
	t := table{sheet: sheet, raw: rawCell(f, sheet)}
	rows, err := f.Rows(sheet)
	if err != nil {
		return t, msgBroken
	}
	defer rows.Close()
	for n := 1; rows.Next(); n++ {
		cells, err := rows.Columns()
		if err != nil {
			return t, msgBroken
		}
		// Copy: a cell far to the right leaves a long backing array.
		r := sheetRow{n: n, cells: append([]string(nil), cells[:min(len(cells), maxCols)]...)}
		if r.empty() {
			continue
		}
		if n > maxRows {
			return t, fmt.Sprintf("工作表「%s」超过%d行上限", sheet, maxRows)
		}
		t.rows = append(t.rows, r)
	}
	if rows.Error() != nil {
		return t, msgBroken
	}
	return t, ""
}

// rawCell reads a cell's stored value: the serial number of a date cell.
func rawCell(f *excelize.File, sheet string) func(row, col int) string {
	return func(row, col int) (v string) {
		defer func() {
			if recover() != nil {
				v = ""
			}
		}()
		name, err := excelize.CoordinatesToCellName(col+1, row)
		if err != nil {
			return ""
		}
		v, _ = f.GetCellValue(sheet, name, excelize.Options{RawCellValue: true})
		return v
	}
}

// readCSV splits a decoded CSV text into rows, numbered as Excel shows
// them (a quoted field may span lines; blank lines are rows too).
func readCSV(text string) (table, string) {
	t := table{}
	cr := csv.NewReader(strings.NewReader(text))
	cr.Comma = sniffComma(text)
	cr.FieldsPerRecord = -1
	cr.LazyQuotes = true
	n, lastLine := 0, 0
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				return t, fmt.Sprintf("CSV 文件第%d行格式错误，无法读取", pe.StartLine)
			}
			return t, "CSV 文件格式错误，无法读取"
		}
		start, _ := cr.FieldPos(0)
		end, _ := cr.FieldPos(len(rec) - 1)
		end += strings.Count(rec[len(rec)-1], "\n")
		n += start - lastLine // blank lines before the record count as rows
		lastLine = end
		r := sheetRow{n: n, cells: rec[:min(len(rec), maxCols)]}
		if r.empty() {
			continue
		}
		if n > maxRows {
			return t, fmt.Sprintf("CSV 文件超过%d行上限", maxRows)
		}
		t.rows = append(t.rows, r)
	}
	return t, ""
}

// sniffComma picks the delimiter of the first lines: comma, tab (Excel's
// "Unicode text") or semicolon (some European locales).
func sniffComma(text string) rune {
	lines := strings.SplitN(text, "\n", 6)
	best, bestN := ',', 0
	for _, d := range []rune{',', '\t', ';'} {
		n := 0
		for _, l := range lines[:min(len(lines), 5)] {
			n += strings.Count(l, string(d))
		}
		if n > bestN {
			best, bestN = d, n
		}
	}
	return best
}

// scanWorksheets checks the worksheets' XML before excelize reads it: the
// unpacked size, and cells with content far to the right (each row is
// read as wide as its last cell, so a few hundred kilobytes of such cells
// would cost minutes).
func scanWorksheets(data []byte) string {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return msgBroken
	}
	var total uint64
	for _, f := range zr.File {
		total += f.UncompressedSize64
		if total > maxUnzip {
			return "Excel 文件解压后超过64MB上限"
		}
	}
	for _, f := range zr.File {
		name := strings.ToLower(strings.ReplaceAll(f.Name, "\\", "/"))
		if !strings.HasPrefix(name, "xl/worksheets/") || !strings.HasSuffix(name, ".xml") {
			continue
		}
		rc, err := f.Open()
		if err != nil {
			return msgBroken
		}
		ref := farCell(bufio.NewReader(rc))
		rc.Close()
		if ref != "" {
			return fmt.Sprintf("单元格 %s 超出第%d列，任务分解表不应有这么多列，请删除多余内容后再导入", ref, farCols)
		}
	}
	return ""
}

// farCell returns the reference of the first cell element beyond farCols
// that is not empty (<c r="XFD2"/> is empty), or "".
func farCell(r *bufio.Reader) string {
	for {
		if _, err := r.ReadSlice('<'); err != nil {
			if errors.Is(err, bufio.ErrBufferFull) {
				continue
			}
			return ""
		}
		tag, err := r.ReadSlice('>')
		if err != nil {
			if errors.Is(err, bufio.ErrBufferFull) {
				continue // a long text node or tag: not a cell
			}
			return ""
		}
		name, attrs, _ := strings.Cut(strings.Map(spaceOnly, string(tag)), " ")
		if i := strings.IndexByte(name, ':'); i >= 0 {
			name = name[i+1:]
		}
		if name != "c" || strings.HasSuffix(attrs, "/>") {
			continue
		}
		ref := cellRef(attrs)
		col, _, err := excelize.CellNameToCoordinates(ref)
		if err == nil && col > farCols {
			return ref
		}
	}
}

func spaceOnly(r rune) rune {
	if r == '\t' || r == '\n' || r == '\r' {
		return ' '
	}
	return r
}

// cellRef finds the r="…" attribute in the attributes of a tag.
func cellRef(attrs string) string {
	for _, q := range []string{`r="`, `r='`} {
		i := strings.Index(" "+attrs, " "+q)
		if i < 0 {
			continue
		}
		rest := attrs[i+len(q):]
		if j := strings.IndexByte(rest, q[2]); j >= 0 {
			return rest[:j]
		}
	}
	return ""
}
