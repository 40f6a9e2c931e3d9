// Package tasksheet writes the 任务分解表 (task decomposition sheet) of a
// report as an Excel workbook or CSV file, and reads an edited sheet back
// into ledger commitments. The supervision office works in Excel, so the
// round trip is exact: a sheet exported and imported unchanged yields no
// edits, and every problem of an edited sheet is reported at once, by row
// and column, in Chinese.
package tasksheet

import (
	"strconv"
	"strings"

	"ducha/ledger"
)

// Columns of the sheet, in order. Read-only columns are exported for people
// and ignored on import.
var Columns = []string{"序号", "编码", "上级编码", "任务内容", "分类", "指标", "目标值", "单位", "牵头单位", "配合单位", "责任领导", "责任人", "完成时限", "时间节点", "权重", "当前进度", "状态"}

// Column names used in the code.
const (
	colSeq         = "序号"
	colCode        = "编码"
	colParent      = "上级编码"
	colTitle       = "任务内容"
	colCategory    = "分类"
	colIndicator   = "指标"
	colTarget      = "目标值"
	colUnit        = "单位"
	colLead        = "牵头单位"
	colCooperating = "配合单位"
	colLeader      = "责任领导"
	colPerson      = "责任人"
	colDeadline    = "完成时限"
	colMilestones  = "时间节点"
	colWeight      = "权重"
	colProgress    = "当前进度"
	colStatus      = "状态"
)

// readOnly columns are written for people and ignored on import.
var readOnly = map[string]bool{colSeq: true, colProgress: true, colStatus: true}

// Row is one line of the sheet: a commitment and the display text of its
// progress and status from later stages (either may be empty).
type Row struct {
	Commitment ledger.Commitment
	Progress   string
	Status     string
}

// dateLayout is how dates are written in the sheet.
const dateLayout = "2006-01-02"

// cellText returns what the sheet shows in column col for c. Parse compares
// an edited cell with it to tell edits from untouched cells, so formats
// that lose detail (milestones, targets) never change the ledger unless a
// person changed the cell.
func cellText(col string, c *ledger.Commitment) string {
	switch col {
	case colCode:
		return c.Code
	case colParent:
		return c.ParentCode
	case colTitle:
		return c.Title
	case colCategory:
		return c.Category
	case colIndicator:
		if c.Target != nil {
			return c.Target.Indicator
		}
	case colTarget:
		return formatTarget(c.Target)
	case colUnit:
		if c.Target != nil {
			return c.Target.Unit
		}
	case colLead:
		return c.Assignment.Lead
	case colCooperating:
		return strings.Join(c.Assignment.Cooperating, "、")
	case colLeader:
		return c.Assignment.Leader
	case colPerson:
		return c.Assignment.Person
	case colDeadline:
		return formatDeadline(c)
	case colMilestones:
		return formatMilestones(c.Milestones)
	case colWeight:
		return formatWeight(c.Weight)
	}
	return ""
}

// formatTarget writes a target value as a person does: ≥6000, 6.5–7,
// 约300; a target the report wrote with a word of scale keeps it, with
// its unit: ≥200亿元 (not ≥20000000000), 1.2万个.
func formatTarget(t *ledger.Target) string {
	if t == nil || t.Value == "" {
		return ""
	}
	word, exp := magnitudeOf(t.Quantity, t.Unit)
	s := shiftDecimal(t.Value, -exp)
	if t.High != "" {
		s += "–" + shiftDecimal(t.High, -exp)
	}
	if word != "" {
		s += word + t.Unit
	}
	switch t.Comparator {
	case "ge":
		s = "≥" + s
	case "le":
		s = "≤" + s
	case "approx":
		s = "约" + s
	}
	return s
}

// formatDeadline writes the deadline phrase, else the date it is due by
// (ledger.DueDate: its deadline, else the end of its year — the day the
// status engine judges it against).
func formatDeadline(c *ledger.Commitment) string {
	if c.DeadlineText != "" {
		return c.DeadlineText
	}
	if d, ok := ledger.DueDate(*c); ok {
		return d.Format(dateLayout)
	}
	return ""
}

// formatMilestones writes 2024-06-30：3000；2024-09-30：完成主体工程.
func formatMilestones(ms []ledger.Milestone) string {
	parts := make([]string, 0, len(ms))
	for _, m := range ms {
		text := m.Expected
		if text == "" {
			text = m.Description
		}
		parts = append(parts, m.Due.Format(dateLayout)+"："+text)
	}
	return strings.Join(parts, "；")
}

func formatWeight(w float64) string {
	if w == 0 {
		return ""
	}
	return strconv.FormatFloat(w, 'f', -1, 64)
}

// maxLen is the most characters each column takes on import (see
// ledger's limits); read-only columns are not imported.
var maxLen = map[string]int{
	colCode:        ledger.MaxCodeLen,
	colParent:      ledger.MaxCodeLen,
	colTitle:       ledger.MaxTitleLen,
	colCategory:    ledger.MaxCategoryLen,
	colIndicator:   ledger.MaxIndicatorLen,
	colTarget:      ledger.MaxTargetLen,
	colUnit:        ledger.MaxMeasureLen,
	colLead:        ledger.MaxUnitNameLen,
	colCooperating: ledger.MaxUnitListLen,
	colLeader:      ledger.MaxPersonLen,
	colPerson:      ledger.MaxPersonLen,
	colDeadline:    ledger.MaxDeadlineLen,
	colMilestones:  ledger.MaxMilestonesLen,
	colWeight:      ledger.MaxWeightLen,
}
