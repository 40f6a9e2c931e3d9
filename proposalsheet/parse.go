// Package proposalsheet reads the list of 建议 or 提案 as the 人大 and 政协
// send it (xlsx or CSV: 编号, 标题, 领衔人, 附议人, 类别, 主办单位, 协办单位,
// and optionally 类型, 届次, 内容, 联系方式, 收到日期, 是否公开) all or
// nothing, every problem by row, column and value; writes an invented
// sample list; and exports the 办理情况统计表.
package proposalsheet

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"io"
	"strings"
	"time"
	"unicode/utf8"

	"ducha/internal/cellsafe"
	"ducha/proposal"
	"ducha/tasksheet"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/transform"
)

// Limits of what Parse reads.
const (
	MaxBytes = 20 << 20
	MaxRows  = 10000
)

// Columns, required first.
var (
	required = []string{"编号", "标题", "领衔人", "附议人", "类别", "主办单位", "协办单位"}
	optional = []string{"类型", "届次", "内容", "联系方式", "收到日期", "是否公开"}
	aliases  = map[string]string{"序号": "", "建议号": "编号", "提案号": "编号", "案号": "编号", "题目": "标题",
		"案由": "标题", "领衔代表": "领衔人", "提案人": "领衔人", "领衔委员": "领衔人", "附议代表": "附议人",
		"联名人": "附议人", "分类": "类别", "承办单位": "主办单位", "会办单位": "协办单位", "领衔人联系方式": "联系方式"}
)

// Options say what the sheet does not.
type Options struct {
	Kind    proposal.Kind // when the sheet has no 类型 column
	Session string        // when the sheet has no 届次 column
}

// Parse reads a list from data (file name for errors and its format),
// all or nothing: every problem is in the returned *tasksheet.SheetError.
func Parse(data []byte, name string, opt Options) ([]proposal.Item, error) {
	fail := func(msg string) error {
		return &tasksheet.SheetError{File: name, Errors: []tasksheet.CellError{{Message: msg}}}
	}
	if len(data) > MaxBytes {
		return nil, fail(fmt.Sprintf("文件超过%dMB上限", MaxBytes>>20))
	}
	rows, err := readRows(data)
	if err != nil {
		return nil, fail(err.Error())
	}
	if len(rows) > MaxRows+1 {
		return nil, fail(fmt.Sprintf("超过%d行上限", MaxRows))
	}
	var errs []tasksheet.CellError
	// The header is the first row naming 编号 and 标题.
	hdr := -1
	for i, r := range rows {
		if i > 20 {
			break
		}
		if findCol(r, "编号") >= 0 && findCol(r, "标题") >= 0 {
			hdr = i
			break
		}
	}
	if hdr < 0 {
		return nil, fail("找不到表头：须有 " + strings.Join(required, "、") + " 列")
	}
	col := map[string]int{}
	for _, c := range append(append([]string{}, required...), optional...) {
		col[c] = findCol(rows[hdr], c)
	}
	for _, c := range required {
		if col[c] < 0 {
			errs = append(errs, tasksheet.CellError{Row: hdr + 1, Column: c, Message: "缺少此列"})
		}
	}
	if col["类型"] < 0 && opt.Kind == "" {
		errs = append(errs, tasksheet.CellError{Row: hdr + 1, Column: "类型", Message: "表中无类型列，须指定是建议还是提案"})
	}
	if len(errs) > 0 {
		return nil, &tasksheet.SheetError{File: name, Errors: errs}
	}
	var items []proposal.Item
	seen := map[string]int{}
	for i := hdr + 1; i < len(rows); i++ {
		r, n := rows[i], i+1
		cell := func(c string) string {
			if j := col[c]; j >= 0 && j < len(r) {
				return strings.TrimSpace(cellsafe.Unescape(r[j]))
			}
			return ""
		}
		if strings.Join(r, "") == "" || strings.TrimSpace(strings.Join(r, "")) == "" {
			continue
		}
		bad := func(c, v, msg string) {
			errs = append(errs, tasksheet.CellError{Row: n, Column: c, Value: v, Message: msg})
		}
		it := proposal.Item{Number: normNumber(cell("编号")), Title: cell("标题"), Text: cell("内容"),
			Lead: proposal.Person{Name: cell("领衔人"), Contact: cell("联系方式")}, Category: cell("类别"),
			Session: opt.Session, LeadUnit: cell("主办单位"), Kind: opt.Kind}
		if v := cell("届次"); v != "" {
			it.Session = v
		}
		if v := cell("类型"); v != "" {
			k, ok := proposal.ParseKind(v)
			if !ok {
				bad("类型", v, "须为建议或提案")
			}
			it.Kind = k
		}
		for _, p := range splitList(cell("附议人")) {
			it.CoSigners = append(it.CoSigners, proposal.Person{Name: p})
		}
		it.CoUnits = splitList(cell("协办单位"))
		if v := cell("收到日期"); v != "" {
			d, ok := parseDay(v)
			if !ok {
				bad("收到日期", v, "日期格式应为 2024-01-15")
			}
			it.Received = d
		}
		switch v := cell("是否公开"); v {
		case "", "否", "不公开", "N", "n", "0":
		case "是", "公开", "Y", "y", "1":
			it.Public = true
		default:
			bad("是否公开", v, "应填是或否")
		}
		for _, fe := range proposal.Check(it) {
			if fe.Field == "类型" && cell("类型") != "" {
				continue // reported above
			}
			bad(fe.Field, cell(fe.Field), fe.Message)
		}
		key := string(it.Kind) + "\x00" + it.Session + "\x00" + it.Number
		if first, ok := seen[key]; ok && it.Number != "" {
			bad("编号", it.Number, fmt.Sprintf("与第%d行重复", first))
		} else {
			seen[key] = n
		}
		items = append(items, it)
	}
	if len(errs) > 0 {
		return nil, &tasksheet.SheetError{File: name, Errors: errs}
	}
	if len(items) == 0 {
		return nil, fail("表中没有建议或提案")
	}
	return items, nil
}

func findCol(r []string, name string) int {
	for j, c := range r {
		c = strings.Join(strings.Fields(c), "")
		if a, ok := aliases[c]; ok {
			c = a
		}
		if c == name {
			return j
		}
	}
	return -1
}

// normNumber writes a bare number as the office does: 12 → 第0012号.
func normNumber(s string) string {
	if s == "" {
		return s
	}
	digits := true
	for _, r := range s {
		if r < '0' || r > '9' {
			digits = false
		}
	}
	if digits && len(s) <= 4 {
		return "第" + strings.Repeat("0", 4-len(s)) + s + "号"
	}
	return s
}

func splitList(s string) []string {
	var out []string
	for _, p := range strings.FieldsFunc(s, func(r rune) bool {
		return strings.ContainsRune("、，,;；/ \t\n", r)
	}) {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

func parseDay(s string) (time.Time, bool) {
	for _, l := range []string{"2006-01-02", "2006/1/2", "2006.1.2", "2006年1月2日", "2006-1-2"} {
		if t, err := time.Parse(l, s); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

// readRows reads the first worksheet of a workbook, or a CSV file (UTF-8
// with or without BOM, else GB18030), as text rows.
func readRows(data []byte) (rows [][]string, err error) {
	if bytes.HasPrefix(data, []byte("PK\x03\x04")) {
		defer func() {
			if recover() != nil {
				rows, err = nil, fmt.Errorf("无法读取此 xlsx 文件")
			}
		}()
		f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{UnzipSizeLimit: 64 << 20, UnzipXMLSizeLimit: 16 << 20})
		if err != nil {
			return nil, fmt.Errorf("无法读取此 xlsx 文件")
		}
		defer f.Close()
		sheets := f.GetSheetList()
		if len(sheets) == 0 {
			return nil, fmt.Errorf("工作簿中没有工作表")
		}
		it, err := f.Rows(sheets[0])
		if err != nil {
			return nil, fmt.Errorf("无法读取工作表「%s」", sheets[0])
		}
		defer it.Close()
		for it.Next() {
			if len(rows) > MaxRows+1 {
				break
			}
			r, err := it.Columns()
			if err != nil {
				return nil, fmt.Errorf("无法读取工作表「%s」第%d行", sheets[0], len(rows)+1)
			}
			rows = append(rows, r)
		}
		return rows, nil
	}
	text := data
	switch {
	case bytes.HasPrefix(data, []byte{0xEF, 0xBB, 0xBF}):
		text = data[3:]
	case utf8.Valid(data):
	default:
		b, _, err := transform.Bytes(simplifiedchinese.GB18030.NewDecoder(), data)
		if err != nil || !utf8.Valid(b) {
			return nil, fmt.Errorf("既不是 xlsx 也不是 CSV 文本文件")
		}
		text = b
	}
	if bytes.IndexByte(text, 0) >= 0 {
		return nil, fmt.Errorf("既不是 xlsx 也不是 CSV 文本文件")
	}
	cr := csv.NewReader(bytes.NewReader(text))
	cr.FieldsPerRecord = -1
	cr.LazyQuotes = true
	for {
		r, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("CSV 格式错误：%v", err)
		}
		rows = append(rows, r)
		if len(rows) > MaxRows+1 {
			break
		}
	}
	return rows, nil
}
