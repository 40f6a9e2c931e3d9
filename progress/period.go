package progress

import (
	"fmt"
	"strings"
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

// PeriodName names a period in Chinese: 2024年6月 for 2024-06, 2024年第二季度
// for 2024-Q2; anything else as it is.
func PeriodName(p string) string {
	if len(p) != 7 || p[4] != '-' {
		return p
	}
	if p[5] == 'Q' {
		if q, ok := map[byte]string{'1': "一", '2': "二", '3': "三", '4': "四"}[p[6]]; ok {
			return p[:4] + "年第" + q + "季度"
		}
		return p
	}
	m := strings.TrimPrefix(p[5:], "0")
	return p[:4] + "年" + m + "月"
}
