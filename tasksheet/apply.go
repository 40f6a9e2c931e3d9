package tasksheet

import (
	"reflect"
	"strings"
	"time"

	"ducha/ledger"
)

// editable columns in the order they are applied (codes are handled first).
var editable = []string{colTitle, colCategory, colIndicator, colTarget, colUnit, colLead, colCooperating, colLeader, colPerson, colDeadline, colMilestones, colWeight}

// row applies one record to a copy of its commitment (or to a new
// sub-task) and tells whether anything changed. Problems go to p.errs.
func (p *parser) row(rec *record, inSheet map[string]*record) (ledger.Commitment, bool) {
	code := rec.cells[colCode]
	parentCell, hasParent := rec.cells[colParent]
	orig, exists := p.existing[code]
	var c ledger.Commitment
	base := &ledger.Commitment{} // what the sheet showed before the edit
	if exists {
		c, base = clone(*orig), orig
		if hasParent && parentCell != "" && parentCell != orig.ParentCode {
			msg := "已有任务不能修改上级编码"
			if orig.ParentCode != "" {
				msg += "（原为 " + orig.ParentCode + "）"
			}
			p.fail(rec, colParent, parentCell, msg)
		}
	} else {
		c = ledger.Commitment{Code: code, ParentCode: parentCell, Kind: ledger.KindTarget}
		p.checkNew(rec, code, parentCell, inSheet)
	}
	targetEdited := false
	for _, col := range editable {
		v, ok := rec.cells[col]
		if !ok || v == cleanCell(cellText(col, base)) {
			continue // absent or untouched: keep as it was
		}
		if msg := ledger.TooLong(v, maxLen[col]); msg != "" {
			p.fail(rec, col, "", msg)
			continue
		}
		if col == colIndicator || col == colTarget || col == colUnit {
			targetEdited = true
		}
		p.apply(rec, col, v, &c)
	}
	if targetEdited && c.Target != nil && c.Target.Indicator == "" && c.Target.Value == "" && c.Target.Unit == "" {
		c.Target = nil // every cell of the target emptied
	}
	if !exists {
		return c, true
	}
	return c, !same(c, *orig)
}

// checkNew checks the code of a row not in the ledger: a new sub-task
// needs an existing parent and a code one level below it.
func (p *parser) checkNew(rec *record, code, parent string, inSheet map[string]*record) {
	switch {
	case parent == "":
		p.fail(rec, colCode, code, "编码不存在于台账中；新增子任务请填写上级编码")
		return
	case !strings.HasPrefix(code, parent+".") || !ledger.AllDigits(strings.TrimPrefix(code, parent+".")): // the .3 of 2024-03-02-1.3
		p.fail(rec, colCode, code, "不在上级编码 "+quote(parent)+" 之下，新增子任务的编码应为上级编码加“.序号”，如 "+quote(parent+".1"))
	}
	if _, ok := p.existing[parent]; !ok && inSheet[parent] == nil {
		p.fail(rec, colParent, parent, "不存在于台账或本表中")
	}
	if rec.cells[colTitle] == "" {
		p.fail(rec, colTitle, "", "新增子任务请填写任务内容")
	}
}

// apply sets the fields of column col from the edited cell v.
func (p *parser) apply(rec *record, col, v string, c *ledger.Commitment) {
	switch col {
	case colTitle:
		if v == "" {
			if _, ok := p.existing[c.Code]; ok {
				p.fail(rec, col, "", "不能为空")
			}
			return
		}
		c.Title = v
	case colCategory:
		c.Category = v
	case colIndicator:
		target(c).Indicator = v
	case colUnit:
		target(c).Unit = v
	case colTarget:
		unit := rec.cells[colUnit]
		if unit == "" && c.Target != nil {
			unit = c.Target.Unit
		}
		cmp, lo, hi, ok := parseTarget(v, unit)
		if !ok {
			p.fail(rec, col, v, "不是有效的目标值，应写作 6000、≥6000、≤5、约300 或 6.5–7")
			return
		}
		t := target(c)
		t.Comparator, t.Value, t.High = cmp, lo, hi
	case colLead:
		c.Assignment.Lead = ""
		names := splitUnits(v)
		if len(names) > 1 {
			p.fail(rec, col, v, "只能填写一个牵头单位，其他单位请填入配合单位")
			return
		}
		for _, n := range names {
			c.Assignment.Lead = p.unit(rec, col, n)
		}
	case colCooperating:
		c.Assignment.Cooperating = nil
		seen := map[string]bool{}
		for _, n := range splitUnits(v) {
			if full := p.unit(rec, col, n); full != "" && !seen[full] {
				seen[full] = true
				c.Assignment.Cooperating = append(c.Assignment.Cooperating, full)
			}
		}
	case colLeader:
		c.Assignment.Leader = v
	case colPerson:
		c.Assignment.Person = v
	case colDeadline:
		c.DeadlineText, c.Deadline = "", nil
		if v == "" {
			return
		}
		d, isDate, ok := parseDeadlineCell(v, p.year, rec.raw)
		if !ok {
			p.fail(rec, col, v, "无法识别的完成时限，应写作 6月底前、年内、三季度末 或 2024-06-30")
			return
		}
		if !isDate {
			c.DeadlineText = v
		}
		c.Deadline = &d
	case colMilestones:
		c.Milestones = nil
		for _, entry := range splitMilestones(v) {
			m, msg := parseMilestone(entry, p.year)
			if msg != "" {
				p.fail(rec, col, entry, msg)
				continue
			}
			c.Milestones = append(c.Milestones, m)
		}
	case colWeight:
		w, ok := parseWeight(v)
		if !ok {
			p.fail(rec, col, v, "应为不小于0的数字")
			return
		}
		c.Weight = w
	}
}

// unit looks a unit name up in the directory and returns its full name,
// or reports it with the closest name as a suggestion.
func (p *parser) unit(rec *record, col, name string) string {
	if u, ok := p.dir.Lookup(name); ok {
		return u.Name
	}
	msg := "不在单位名录中"
	if s := p.dir.Closest(name); s != "" {
		msg += "，是否为 " + quote(s) + "？"
	}
	p.fail(rec, col, name, msg)
	return ""
}

// target returns c's target, creating an empty one.
func target(c *ledger.Commitment) *ledger.Target {
	if c.Target == nil {
		c.Target = &ledger.Target{}
	}
	return c.Target
}

// clone copies c deeply, so that edits never touch the caller's slice.
func clone(c ledger.Commitment) ledger.Commitment {
	if c.Deadline != nil {
		d := *c.Deadline
		c.Deadline = &d
	}
	if c.Target != nil {
		t := *c.Target
		c.Target = &t
	}
	c.Section = append([]string(nil), c.Section...)
	c.Assignment.Cooperating = append([]string(nil), c.Assignment.Cooperating...)
	c.Milestones = append([]ledger.Milestone(nil), c.Milestones...)
	return c
}

// same reports whether a and b are equal, comparing times as instants and
// treating nil and empty slices alike.
func same(a, b ledger.Commitment) bool {
	if !sameTime(a.Deadline, b.Deadline) || len(a.Milestones) != len(b.Milestones) {
		return false
	}
	for i := range a.Milestones {
		ma, mb := a.Milestones[i], b.Milestones[i]
		if !ma.Due.Equal(mb.Due) || ma.Expected != mb.Expected || ma.Description != mb.Description {
			return false
		}
	}
	if len(a.Section) != len(b.Section) || len(a.Assignment.Cooperating) != len(b.Assignment.Cooperating) {
		return false
	}
	for i := range a.Section {
		if a.Section[i] != b.Section[i] {
			return false
		}
	}
	for i := range a.Assignment.Cooperating {
		if a.Assignment.Cooperating[i] != b.Assignment.Cooperating[i] {
			return false
		}
	}
	a.Deadline, b.Deadline = nil, nil
	a.Milestones, b.Milestones = nil, nil
	a.Section, b.Section = nil, nil
	a.Assignment.Cooperating, b.Assignment.Cooperating = nil, nil
	return reflect.DeepEqual(a, b)
}

func sameTime(a, b *time.Time) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	return a.Equal(*b)
}
