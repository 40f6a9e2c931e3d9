package progress

import (
	"fmt"
	"math"
)

// Quantity writes the goal as a report states it: 7%左右, 5%以上, 6%-7%,
// 5.5%以内, 6000个.
func (g Goal) Quantity() string {
	q := num(g.Value) + g.Unit
	switch {
	case g.HasHigh:
		q = num(g.Value) + g.Unit + "-" + num(g.High) + g.Unit
	case g.Comparator == "ge":
		q += "以上"
	case g.Comparator == "le":
		q += "以内"
	case g.Comparator == "approx":
		q += "左右"
	}
	return q
}

// Describe says for people where the plan stands in r: for a target held by
// its figure the figure against the target ("实际3.2%，目标7%左右，低于目标3.8个百分点"),
// otherwise the planned and the actual progress ("计划进度71%，实际进度54%").
// Chinese when lang is Chinese (see Status.Label), else English.
func Describe(p Plan, r Result, lang string) string {
	zh := langIndex(lang) == 0
	if p.Holds() {
		g := p.Goal()
		if !r.HasAchieved {
			if zh {
				return "目标" + g.Quantity() + "，尚未填报数据"
			}
			return "target " + g.Quantity() + ", no figure reported yet"
		}
		gap := Gap(g, r.Achieved, lang)
		if g.Kind == KindCeiling {
			if Judge(g, r.Achieved, Bands{}) == Met {
				gap = map[bool]string{true: "控制在目标以内", false: "within the ceiling"}[zh]
			} else if zh {
				gap = "超出上限" + trimFloat(math.Abs(r.Achieved-g.Value)) + unitOfGap(g.Unit)
			} else {
				gap = "above the ceiling by " + trimFloat(math.Abs(r.Achieved-g.Value)) + unitOfGap(g.Unit)
			}
		}
		if zh {
			return fmt.Sprintf("实际%s%s，目标%s，%s", num(r.Achieved), g.Unit, g.Quantity(), gap)
		}
		return fmt.Sprintf("reported %s%s, target %s, %s", num(r.Achieved), g.Unit, g.Quantity(), gap)
	}
	if zh {
		return fmt.Sprintf("计划进度%.0f%%，实际进度%.0f%%", r.Expected*100, r.Actual*100)
	}
	return fmt.Sprintf("planned %.0f%%, reported %.0f%%", r.Expected*100, r.Actual*100)
}

// unitOfGap is the unit a difference of figures in unit is said in.
func unitOfGap(unit string) string {
	if isShareUnit(unit) {
		return "个百分点"
	}
	return unit
}
