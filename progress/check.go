package progress

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Problem is something wrong, or worth a second look, in a submitted
// progress figure.
type Problem struct {
	Field    string // the form field concerned: "value"
	Message  string // for the person filling in the form, in Chinese
	Blocking bool   // the figure cannot be saved as it is
}

// unitMistakeFactor: a figure more than this many times the target is
// probably in the wrong unit (万 for 个).
const unitMistakeFactor = 10

// CheckValue checks a figure value submitted for plan p, in unit, against
// the unit's previous report (nil if none). cumulative says the indicator
// only accumulates (累计), so it can never go down. The problems, in this
// order:
//   - a value that is not a finite number (blocking, and nothing else is checked);
//   - a share in "%" outside 0–100 (blocking; a rate of change or a fall,
//     as p.Kind says, may be negative or pass 100);
//   - a negative count, i.e. a figure in any unit but "%" or percentage
//     points (个百分点), which may be negative (blocking);
//   - a cumulative figure lower than the previous report (a warning: the
//     unit must explain it);
//   - for a quantified plan with a positive target, a figure more than ten
//     times the target (a warning: probably the wrong unit, 万 for 个).
//
// CheckValue returns nil when there is nothing to say.
func CheckValue(p Plan, unit string, cumulative bool, previous *Report, value float64) []Problem {
	if !finite(value) {
		return []Problem{{Field: "value", Message: "请填写有效的数值", Blocking: true}}
	}
	var out []Problem
	add := func(blocking bool, format string, args ...any) {
		out = append(out, Problem{Field: "value", Message: fmt.Sprintf(format, args...), Blocking: blocking})
	}
	u := strings.TrimSpace(unit)
	rate := p.Holds() && p.kind() != KindCeiling
	switch {
	case rate:
		// a rate of change (增长-2%) or a fall may be negative, and a
		// rate may pass 100%
	case u == "%" || u == "％":
		if value < 0 || value > 100 {
			add(true, "百分比应在0到100之间，填报值为%s%%", num(value))
		}
	case u == "个百分点" || u == "百分点":
		// a change in percentage points may be negative
	case value < 0:
		add(true, "数量不能为负数，填报值为%s%s", num(value), u)
	}
	if cumulative && previous != nil && previous.HasValue && finite(previous.Value) && value < previous.Value {
		when := ""
		if !previous.At.IsZero() {
			when = "（" + previous.At.Format(time.DateOnly) + "）"
		}
		add(false, "累计值%s%s低于上次%s填报的%s%s，请说明原因", num(value), u, when, num(previous.Value), u)
	}
	if p.Direction != 0 && p.Target > 0 && value > unitMistakeFactor*p.Target {
		add(false, "填报值%s%s超过目标值%s%s的10倍，请核对计量单位（如“万”与“个”）", num(value), u, num(p.Target), u)
	}
	return out
}

// num formats a figure without exponent or trailing zeros: 6000, 5.55.
func num(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }
