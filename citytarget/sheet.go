package citytarget

import (
	"fmt"
	"strings"
	"time"

	"ducha/internal/cellsafe"
	"ducha/ledger"
)

// The columns of the city's 目标任务分解表, by their heading. 序号 and 备注
// are read if present; the others are required.
var (
	colNo       = []string{"序号", "编号"}
	colTask     = []string{"目标任务", "任务内容", "指标名称"}
	colValue    = []string{"市定目标", "目标值", "指标值"}
	colUnit     = []string{"计量单位", "单位"}
	colDistrict = []string{"责任区县", "承担区县", "区县"}
	colShare    = []string{"分解目标", "分解指标", "区县目标"}
	colDeadline = []string{"完成时限", "时限"}
	colLead     = []string{"市牵头部门", "牵头部门"}
)

// Target is one 市定目标任务 of a district, as the city's sheet gives it.
type Target struct {
	Row      int    // the sheet's row, 1-based
	No       string // the city's number of the target
	Task     string
	Total    string // the city's figure
	Unit     string
	Share    string // the district's share
	Deadline time.Time
	CityLead string // the city department leading it
}

// RowError is one problem of the sheet, by row and column heading.
type RowError struct {
	Row    int
	Column string
	Msg    string
}

func (e RowError) Error() string {
	if e.Column == "" {
		return fmt.Sprintf("第%d行：%s", e.Row, e.Msg)
	}
	return fmt.Sprintf("第%d行「%s」：%s", e.Row, e.Column, e.Msg)
}

// SheetError is every problem of a sheet: nothing of it is taken.
type SheetError struct{ Rows []RowError }

func (e *SheetError) Error() string {
	var parts []string
	for _, r := range e.Rows {
		parts = append(parts, r.Error())
	}
	return "目标任务分解表有误，未导入任何内容：" + strings.Join(parts, "；")
}

// Unwrap gives the sheet error its ledger code, invalid.
func (e *SheetError) Unwrap() error { return ledger.Errorf(ledger.EInvalid, "%s", e.Error()) }

// MaxRows is the most rows a sheet may have.
const MaxRows = 5000

// ParseSheet reads the rows of the city's 目标任务分解表 (the heading row
// first, as read from CSV or xlsx) and returns the targets assigned to
// district, all or none: any problem in any row — of this district or
// another, since the sheet is the city's one decision — is a *SheetError
// listing every row's problems. The figures of a target's rows (one per
// district) must make the city's total (CheckShares). Cells are read as
// exported: a leading apostrophe added against formulas is taken off.
func ParseSheet(rows [][]string, district string) ([]Target, error) {
	var errs []RowError
	if len(rows) == 0 {
		return nil, &SheetError{Rows: []RowError{{Row: 1, Msg: "表格为空"}}}
	}
	if len(rows) > MaxRows+1 {
		return nil, &SheetError{Rows: []RowError{{Row: MaxRows + 2, Msg: fmt.Sprintf("超过%d行上限", MaxRows)}}}
	}
	idx := map[string]int{}
	find := func(names []string, required bool) {
		for i, h := range rows[0] {
			h = strings.TrimSpace(cellsafe.Unescape(h))
			for _, n := range names {
				if h == n {
					idx[names[0]] = i
					return
				}
			}
		}
		idx[names[0]] = -1
		if required {
			errs = append(errs, RowError{Row: 1, Column: names[0], Msg: "缺少此列"})
		}
	}
	find(colNo, false)
	find(colTask, true)
	find(colValue, true)
	find(colUnit, true)
	find(colDistrict, true)
	find(colShare, true)
	find(colDeadline, true)
	find(colLead, false)
	if len(errs) > 0 {
		return nil, &SheetError{Rows: errs}
	}
	cell := func(row []string, col []string) string {
		i := idx[col[0]]
		if i < 0 || i >= len(row) {
			return ""
		}
		return strings.TrimSpace(cellsafe.Unescape(row[i]))
	}
	type group struct {
		d     Dispatch
		first int
	}
	groups := map[string]*group{}
	var order []string
	var out []Target
	for n, row := range rows[1:] {
		line := n + 2
		empty := true
		for _, c := range row {
			empty = empty && strings.TrimSpace(c) == ""
		}
		if empty {
			continue
		}
		t := Target{Row: line, No: cell(row, colNo), Task: cell(row, colTask), Total: cell(row, colValue),
			Unit: cell(row, colUnit), Share: cell(row, colShare), CityLead: cell(row, colLead)}
		dist := cell(row, colDistrict)
		bad := func(col []string, msg string) { errs = append(errs, RowError{Row: line, Column: col[0], Msg: msg}) }
		if t.Task == "" {
			bad(colTask, "不能为空")
		} else if m := ledger.TooLong(t.Task, ledger.MaxTitleLen); m != "" {
			bad(colTask, m)
		}
		if _, ok := decimal(t.Total); !ok {
			bad(colValue, fmt.Sprintf("%q 不是数字", t.Total))
		}
		if m := ledger.TooLong(t.Unit, ledger.MaxMeasureLen); m != "" {
			bad(colUnit, m)
		}
		if dist == "" {
			bad(colDistrict, "不能为空")
		}
		if v, ok := decimal(t.Share); !ok {
			bad(colShare, fmt.Sprintf("%q 不是数字", t.Share))
		} else if v.Sign() < 0 {
			bad(colShare, "不能为负")
		}
		d, err := time.Parse("2006-01-02", cell(row, colDeadline))
		if err != nil {
			bad(colDeadline, fmt.Sprintf("%q 不是日期（YYYY-MM-DD）", cell(row, colDeadline)))
		}
		t.Deadline = d
		if m := ledger.TooLong(t.CityLead, ledger.MaxUnitNameLen); m != "" {
			bad(colLead, m)
		}
		key := t.No + "\x00" + t.Task
		g := groups[key]
		if g == nil {
			g = &group{d: Dispatch{Total: t.Total, Unit: t.Unit, Comparator: "ge"}, first: line}
			groups[key] = g
			order = append(order, key)
		} else if g.d.Total != t.Total || g.d.Unit != t.Unit {
			bad(colValue, fmt.Sprintf("与第%d行同一任务的市定目标或单位不一致", g.first))
		}
		g.d.Shares = append(g.d.Shares, Share{District: dist, Value: t.Share})
		if dist == district {
			out = append(out, t)
		}
	}
	if len(errs) == 0 {
		for _, k := range order {
			g := groups[k]
			if err := CheckShares(g.d); err != nil {
				errs = append(errs, RowError{Row: g.first, Column: colShare[0], Msg: strings.TrimPrefix(err.Error(), "invalid: ")})
			}
		}
	}
	if len(errs) > 0 {
		return nil, &SheetError{Rows: errs}
	}
	if len(out) == 0 {
		return nil, &SheetError{Rows: []RowError{{Row: 1, Column: colDistrict[0], Msg: fmt.Sprintf("表中没有分解给 %s 的目标任务", district)}}}
	}
	return out, nil
}
