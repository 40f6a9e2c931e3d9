package evaluate

import (
	"fmt"
	"math"
	"strings"
)

// MaxDeduction is the most points one 责任追究 record may take off.
const MaxDeduction = 20

// Deduction is the points one 责任追究 record takes off a unit's total:
// Ref names the record (its document number, or its id), Measure the
// measure taken, for people.
type Deduction struct {
	Ref     string
	Measure string
	Points  float64
}

// deductions keeps the deductions of positive points and sums them.
func deductions(ds []Deduction) ([]Deduction, float64) {
	var out []Deduction
	var sum float64
	for _, d := range ds {
		if !(d.Points > 0) || math.IsInf(d.Points, 0) {
			continue
		}
		out = append(out, d)
		sum += d.Points
	}
	return out, sum
}

// DeductionRule is the line of the formula on 责任追究 deductions, in
// Chinese (lang "zh…") or English.
func DeductionRule(lang string) string {
	if langIndex(lang) == 0 {
		return fmt.Sprintf("责任追究扣分：考核年度内对单位作出的责任追究记录所载扣分之和（每条0–%d分，以记录的最新更正为准），"+
			"从四项得分之和中扣除，总分扣至0分为止；没有责任追究记录的不扣分。", MaxDeduction)
	}
	return fmt.Sprintf("Accountability deductions: the sum of the points carried by the unit's 责任追究 records of the year "+
		"(0–%d each, as last corrected), taken off the sum of the four parts, down to 0 at most; no record, no deduction.", MaxDeduction)
}

// Working shows how a unit's total was reached, for people: the sum of
// the parts, each deduction taken off, and the total:
// 62.5 − 2（通报批评 区督〔2024〕3号） = 60.5. Unranked units have none.
func (u UnitScore) Working(lang string) string {
	if !u.Ranked {
		return ""
	}
	var sum float64
	for _, p := range u.Parts() {
		sum += p.Points
	}
	var b strings.Builder
	b.WriteString(num(sum))
	for _, d := range u.Deductions {
		if langIndex(lang) == 0 {
			fmt.Fprintf(&b, " − %s（%s %s）", num(d.Points), d.Measure, d.Ref)
		} else {
			fmt.Fprintf(&b, " − %s (%s %s)", num(d.Points), d.Measure, d.Ref)
		}
	}
	b.WriteString(" = " + num(u.Total))
	return b.String()
}
