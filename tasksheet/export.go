package tasksheet

import (
	"io"
	"strconv"
	"strings"
	"unicode/utf16"

	"github.com/xuri/excelize/v2"

	"ducha/internal/cellsafe"
	"ducha/ledger"
)

// ExportOptions say how to write the sheet.
type ExportOptions struct {
	Format string // "xlsx" (the default when empty) or "csv"
	// SheetPerSection writes one worksheet per Commitment.Category
	// instead of one worksheet 任务分解表 (xlsx only).
	SheetPerSection bool
	// Title, e.g. 示例区2024年政府工作报告任务分解表, is written as a row
	// above the header and as the workbook's title (xlsx only).
	Title string
}

// defaultSheet is the name of the single worksheet.
const defaultSheet = "任务分解表"

// Export writes rows as a 任务分解表 in the columns of Columns.
func Export(w io.Writer, rows []Row, opt ExportOptions) error {
	switch opt.Format {
	case "", "xlsx":
		return exportXLSX(w, rows, opt)
	case "csv":
		return exportCSV(w, rows)
	}
	return ledger.Errorf(ledger.EInvalid, "不支持的导出格式 %q，可选 xlsx 或 csv", opt.Format)
}

// values returns the cells of one row; seq is its 序号.
func values(r *Row, seq int) []string {
	out := make([]string, len(Columns))
	for i, col := range Columns {
		switch col {
		case colSeq:
			out[i] = strconv.Itoa(seq)
		case colProgress:
			out[i] = r.Progress
		case colStatus:
			out[i] = r.Status
		default:
			out[i] = cellText(col, &r.Commitment)
		}
	}
	return out
}

// exportCSV writes UTF-8 with a BOM, so that Excel opens it as UTF-8.
func exportCSV(w io.Writer, rows []Row) error {
	cw, err := cellsafe.NewCSV(w, true, true)
	if err != nil {
		return err
	}
	if err := cw.Write(Columns); err != nil {
		return err
	}
	for i := range rows {
		if err := cw.Write(values(&rows[i], i+1)); err != nil {
			return err
		}
	}
	return cw.Flush()
}

// group is the rows of one worksheet.
type group struct {
	name string
	rows []Row
}

// groups splits rows into worksheets: one per category in order of first
// appearance, or all in one.
func groups(rows []Row, perSection bool) []group {
	if !perSection {
		return []group{{name: defaultSheet, rows: rows}}
	}
	var out []group
	index := map[string]int{}
	taken := map[string]bool{}
	for _, r := range rows {
		cat := r.Commitment.Category
		i, ok := index[cat]
		if !ok {
			i = len(out)
			index[cat] = i
			out = append(out, group{name: sheetName(cat, taken)})
		}
		out[i].rows = append(out[i].rows, r)
	}
	if len(out) == 0 {
		out = []group{{name: defaultSheet}}
	}
	return out
}

// sheetName makes a valid, unique worksheet name: no :\/?*[] and no
// straight quote (it would need escaping in references), at most 31
// UTF-16 units, unique ignoring case.
func sheetName(cat string, taken map[string]bool) string {
	base := strings.Map(func(r rune) rune {
		switch {
		case strings.ContainsRune(`:\/?*[]`, r) || r < ' ':
			return '_'
		case r == '\'':
			return '’'
		}
		return r
	}, strings.TrimSpace(cat))
	if base == "" {
		base = "未分类"
	}
	name := truncateUTF16(base, 31)
	for n := 2; taken[strings.ToLower(name)]; n++ {
		suffix := "(" + strconv.Itoa(n) + ")"
		name = truncateUTF16(base, 31-len(suffix)) + suffix
	}
	taken[strings.ToLower(name)] = true
	return name
}

func truncateUTF16(s string, n int) string {
	units := 0
	for i, r := range s {
		units += len(utf16.Encode([]rune{r}))
		if units > n {
			return s[:i]
		}
	}
	return s
}

func exportXLSX(w io.Writer, rows []Row, opt ExportOptions) error {
	f := excelize.NewFile()
	defer f.Close()
	st, err := newStyles(f)
	if err != nil {
		return err
	}
	for i, g := range groups(rows, opt.SheetPerSection) {
		if i == 0 {
			err = f.SetSheetName(f.GetSheetName(0), g.name)
		} else {
			_, err = f.NewSheet(g.name)
		}
		if err != nil {
			return err
		}
		if err := writeSheet(f, st, g, opt.Title); err != nil {
			return err
		}
	}
	f.SetActiveSheet(0)
	if opt.Title != "" {
		if err := f.SetDocProps(&excelize.DocProperties{Title: opt.Title, Creator: "ducha"}); err != nil {
			return err
		}
	}
	_, err = f.WriteTo(w)
	return err
}
