package progress

import (
	"fmt"
	"time"
)

// The reporting periods understood by PeriodEnd and PeriodOf.
const (
	Month   = "month"
	Quarter = "quarter"
)

// periodStart returns the first instant of the month or quarter holding t,
// in t's location.
func periodStart(t time.Time, period string) (time.Time, bool) {
	y, m, _ := t.Date()
	switch period {
	case Month:
	case Quarter:
		m = (m-1)/3*3 + 1
	default:
		return time.Time{}, false
	}
	return time.Date(y, m, 1, 0, 0, 0, 0, t.Location()), true
}

// PeriodEnd returns the end of the last complete reporting period before at,
// for period "month" or "quarter": the last nanosecond of that period, in
// at's location, so that its Date is the period's last calendar day. At
// 2024-07-15 it is 2024-06-30 23:59:59.999999999 for "month" and the same
// for "quarter"; at the very start of July it is still the end of June. An
// unknown period gives the zero time, which disables Evaluate's staleness
// check.
func PeriodEnd(at time.Time, period string) time.Time {
	s, ok := periodStart(at, period)
	if !ok {
		return time.Time{}
	}
	return s.Add(-time.Nanosecond)
}

// PeriodOf names the month ("2024-06") or quarter ("2024-Q2") holding t, in
// t's location; an unknown period gives "".
func PeriodOf(t time.Time, period string) string {
	switch period {
	case Month:
		return fmt.Sprintf("%04d-%02d", t.Year(), int(t.Month()))
	case Quarter:
		return fmt.Sprintf("%04d-Q%d", t.Year(), (int(t.Month())-1)/3+1)
	}
	return ""
}
