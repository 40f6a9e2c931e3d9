package tasksheet

import (
	"fmt"
	"io"
	"sort"
	"strings"

	"ducha/internal/cellsafe"
	"ducha/ledger"
)

// Parse reads an edited sheet (xlsx or CSV, told apart by content). year is
// the report's plan year, for deadline phrases such as 6月底前; existing
// are the report's commitments; dir is the units directory.
//
// It returns the commitments to write, in sheet order: for each changed
// row a full copy of the existing commitment with the edits applied, and
// each new sub-task. Unchanged rows are left out. When anything is wrong
// it returns a *SheetError listing every problem and no commitments.
func Parse(r io.Reader, name string, year int, existing []ledger.Commitment, dir *ledger.Directory) ([]ledger.Commitment, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxSize+1))
	if err != nil {
		return nil, fmt.Errorf("tasksheet: 读取 %s: %w", name, err)
	}
	kind, text, msg := detect(data)
	if msg != "" {
		return nil, fileError(name, msg)
	}
	var tables []table
	switch kind {
	case kindXLSX:
		f, ts, msg := readXLSX(data)
		if f != nil {
			defer f.Close()
		}
		if msg != "" {
			return nil, fileError(name, msg)
		}
		tables = ts
	case kindCSV:
		t, msg := readCSV(text)
		if msg != "" {
			return nil, fileError(name, msg)
		}
		tables = []table{t}
	}
	if dir == nil {
		dir = ledger.NewDirectory(nil)
	}
	p := &parser{year: year, dir: dir, existing: map[string]*ledger.Commitment{}}
	for i := range existing {
		p.existing[existing[i].Code] = &existing[i]
	}
	out := p.run(tables)
	if len(p.errs) > 0 {
		return nil, &SheetError{File: name, Errors: p.errs}
	}
	return out, nil
}

// parser holds what one Parse call has learnt.
type parser struct {
	year     int
	dir      *ledger.Directory
	existing map[string]*ledger.Commitment
	errs     []CellError
	named    bool // more than one task sheet: errors name their sheet
}

// record is one data row of a task sheet.
type record struct {
	sheet string
	n     int
	cells map[string]string // present columns → trimmed text
	raw   func(col string) string
}

// header is the header row of a task sheet.
type header struct {
	n    int            // its row number
	cols map[string]int // column name → 0-based index
}

func (p *parser) fail(rec *record, col, value, msg string) {
	e := CellError{Row: rec.n, Column: col, Value: value, Message: msg}
	if p.named {
		e.Sheet = rec.sheet
	}
	p.errs = append(p.errs, e)
}

// run checks the headers, then every row, and returns the edits.
func (p *parser) run(tables []table) []ledger.Commitment {
	type sheet struct {
		t table
		h header
	}
	var sheets []sheet
	var headerErrs []CellError
	for _, t := range tables {
		h, errs, ok := findHeader(t)
		if !ok {
			continue // not a task sheet: a note or a chart
		}
		for i := range errs {
			errs[i].Sheet = t.sheet
		}
		headerErrs = append(headerErrs, errs...)
		sheets = append(sheets, sheet{t, h})
	}
	if len(sheets) == 0 {
		p.errs = append(p.errs, CellError{Message: "未找到表头：前5行中没有含 编码 和 任务内容 两列的行"})
		return nil
	}
	p.named = len(sheets) > 1
	for _, e := range headerErrs {
		if !p.named {
			e.Sheet = ""
		}
		p.errs = append(p.errs, e)
	}
	var recs []*record
	for _, s := range sheets {
		if _, ok := s.h.cols[colCode]; !ok {
			continue // reported: 缺少必填列
		}
		recs = append(recs, records(s.t, s.h)...)
	}
	return p.rows(recs)
}

// findHeader finds the header row among the first five rows: the first
// row naming both 编码 and 任务内容, else the first naming at least two
// columns. ok is false when the sheet has no header at all.
func findHeader(t table) (h header, errs []CellError, ok bool) {
	var fallback *sheetRow
	for i := range t.rows {
		r := &t.rows[i]
		if r.n > 5 {
			break
		}
		known := map[string]bool{}
		for _, c := range r.cells {
			if name := normHeader(c); isColumn(name) {
				known[name] = true
			}
		}
		if known[colCode] && known[colTitle] {
			fallback = r
			break
		}
		if len(known) >= 2 && fallback == nil {
			fallback = r
		}
	}
	if fallback == nil {
		return h, nil, false
	}
	h = header{n: fallback.n, cols: map[string]int{}}
	for i, c := range fallback.cells {
		name := normHeader(c)
		switch {
		case name == "":
		case !isColumn(name):
			errs = append(errs, CellError{Row: h.n, Value: strings.TrimSpace(c), Message: "不是任务分解表的列"})
		default:
			if j, dup := h.cols[name]; dup {
				errs = append(errs, CellError{Row: h.n, Column: name, Message: fmt.Sprintf("列重复（第%d列和第%d列）", j+1, i+1)})
				continue
			}
			h.cols[name] = i
		}
	}
	for _, req := range []string{colCode, colTitle} {
		if _, ok := h.cols[req]; !ok {
			errs = append(errs, CellError{Row: h.n, Column: req, Message: "缺少必填列"})
		}
	}
	return h, errs, true
}

// normHeader drops spaces, line breaks and required-field asterisks.
func normHeader(s string) string {
	return strings.Map(func(r rune) rune {
		switch r {
		case ' ', '\t', '\n', '\r', '\u3000', '*', '＊':
			return -1
		}
		return r
	}, s)
}

func isColumn(name string) bool {
	for _, c := range Columns {
		if c == name {
			return true
		}
	}
	return false
}

// records turns the rows below the header into records, skipping rows
// whose editable cells are all empty.
func records(t table, h header) []*record {
	var out []*record
	for _, r := range t.rows {
		if r.n <= h.n {
			continue
		}
		rec := &record{sheet: t.sheet, n: r.n, cells: map[string]string{}}
		filled := false
		for col, i := range h.cols {
			v := ""
			if i < len(r.cells) {
				v = sheetCell(r.cells[i])
			}
			rec.cells[col] = v
			if v != "" && !readOnly[col] {
				filled = true
			}
		}
		if !filled {
			continue
		}
		if t.raw != nil {
			raw, row := t.raw, r.n
			rec.raw = func(col string) string { return raw(row, h.cols[col]) }
		}
		out = append(out, rec)
	}
	return out
}

// sheetCell reads a cell of the sheet: cleaned, without the apostrophe an
// export put in front of formula-like text (see cellsafe).
func sheetCell(s string) string {
	return cleanCell(cellsafe.Unescape(cleanCell(s)))
}

// cleanCell trims a cell and unifies its line breaks.
func cleanCell(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.ReplaceAll(s, "\r", "\n")
	return strings.TrimSpace(s)
}

// rows checks codes across the sheet, then applies each row.
func (p *parser) rows(recs []*record) []ledger.Commitment {
	first := map[string]*record{}
	tooLong := map[*record]bool{}
	for _, rec := range recs {
		for _, col := range []string{colCode, colParent} {
			if msg := ledger.TooLong(rec.cells[col], maxLen[col]); msg != "" {
				p.fail(rec, col, "", msg)
				tooLong[rec] = true
			}
		}
		code := rec.cells[colCode]
		if code == "" || tooLong[rec] {
			continue
		}
		if prev, dup := first[code]; dup {
			where := fmt.Sprintf("第%d行", prev.n)
			if p.named && prev.sheet != rec.sheet {
				where = fmt.Sprintf("工作表「%s」%s", prev.sheet, where)
			}
			p.fail(rec, colCode, code, "与"+where+"重复")
			continue
		}
		first[code] = rec
	}
	var out []ledger.Commitment
	for _, rec := range recs {
		code := rec.cells[colCode]
		if tooLong[rec] {
			continue // reported
		}
		if code == "" {
			p.fail(rec, colCode, "", "不能为空")
			continue
		}
		if first[code] != rec {
			continue // duplicate, reported
		}
		c, changed := p.row(rec, first)
		if changed {
			out = append(out, c)
		}
	}
	if len(p.errs) > 0 {
		return nil
	}
	inherit(out, p.existing)
	return out
}

// inherit gives new sub-tasks what they share with their parent: report,
// kind, section, category, lead phrase and period. Parents are done first
// (a parent's code is a prefix of its children's).
func inherit(out []ledger.Commitment, existing map[string]*ledger.Commitment) {
	byCode := map[string]*ledger.Commitment{}
	var fresh []*ledger.Commitment
	for i := range out {
		byCode[out[i].Code] = &out[i]
		if _, ok := existing[out[i].Code]; !ok {
			fresh = append(fresh, &out[i])
		}
	}
	sort.SliceStable(fresh, func(i, j int) bool { return len(fresh[i].Code) < len(fresh[j].Code) })
	for _, c := range fresh {
		parent, ok := byCode[c.ParentCode]
		if !ok {
			parent = existing[c.ParentCode]
		}
		if parent == nil {
			continue
		}
		c.ReportID, c.Kind, c.Lead, c.Period = parent.ReportID, parent.Kind, parent.Lead, parent.Period
		c.Section = append([]string(nil), parent.Section...)
		if c.Category == "" {
			c.Category = parent.Category
		}
	}
}
