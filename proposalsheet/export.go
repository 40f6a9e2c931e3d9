package proposalsheet

import (
	"io"
	"time"

	"ducha/internal/cellsafe"
	"ducha/proposal"

	"github.com/xuri/excelize/v2"
)

var statsHeader = []string{"主办单位", "件数", "按期签收", "按期签收率", "按期答复", "按期答复率", "面商", "面商率",
	"满意及基本满意", "满意率", "A类", "A类占比", "B类", "B类占比", "C类", "C类占比"}

var itemsHeader = []string{"编号", "类型", "标题", "领衔人", "主办单位", "协办单位", "办理期限", "状态", "答复类别", "答复日期", "按期答复", "代表反馈"}

// ExportStats writes the 办理情况统计表 at now: a sheet of the rates per
// lead unit with the total last (proposal.Compute), and a sheet of the
// items. Every text cell is formula-safe (cellsafe).
func ExportStats(w io.Writer, items []proposal.Item, now time.Time) error {
	overall, units := proposal.Compute(items, now)
	f := excelize.NewFile()
	defer f.Close()
	const s1, s2 = "办理情况统计", "办理明细"
	if err := f.SetSheetName("Sheet1", s1); err != nil {
		return err
	}
	if _, err := f.NewSheet(s2); err != nil {
		return err
	}
	set := func(sheet string, c, r int, v any) error {
		ref, _ := excelize.CoordinatesToCellName(c, r)
		return cellsafe.SetCell(f, sheet, ref, v)
	}
	for c, h := range statsHeader {
		if err := set(s1, c+1, 1, h); err != nil {
			return err
		}
	}
	overall.Unit = "合计"
	for r, st := range append(units, overall) {
		vals := []any{st.Unit, st.Items}
		for _, rate := range []proposal.Rate{st.AckOnTime, st.ReplyOnTime, st.InPerson, st.Content, st.A, st.B, st.C} {
			vals = append(vals, rate.Num, rate.Percent())
		}
		for c, v := range vals {
			if err := set(s1, c+1, r+2, v); err != nil {
				return err
			}
		}
	}
	for c, h := range itemsHeader {
		if err := set(s2, c+1, 1, h); err != nil {
			return err
		}
	}
	for r, it := range items {
		vals := []string{it.Number, it.Kind.Label("zh"), it.Title, it.Lead.Name, it.LeadUnit, join(it.CoUnits),
			dayText(it.Deadline), proposal.StateLabel(it.State, "zh"), "", "", "", ""}
		if rp := it.LastReply(); rp != nil {
			vals[8], vals[9] = string(rp.Class), dayText(rp.At)
			vals[10] = map[bool]string{true: "是", false: "否"}[rp.OnTime()]
		}
		if fb := it.LastFeedback(); fb != nil {
			vals[11] = fb.Verdict.Label("zh")
		}
		for c, v := range vals {
			if err := set(s2, c+1, r+2, v); err != nil {
				return err
			}
		}
	}
	return f.Write(w)
}

func dayText(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format("2006-01-02")
}

func join(s []string) string {
	out := ""
	for i, v := range s {
		if i > 0 {
			out += "、"
		}
		out += v
	}
	return out
}
