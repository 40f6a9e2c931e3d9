package tasksheet

import (
	"math"
	"strconv"
	"strings"
	"time"
	"unicode"

	"golang.org/x/text/width"

	"ducha/ledger"
)

// number normalises a typed number: full-width digits, thousands
// separators, a leading plus. ok is false when s is not a decimal.
func number(s string) (string, bool) {
	s = width.Narrow.String(strings.TrimSpace(s))
	s = strings.ReplaceAll(s, ",", "")
	s = strings.TrimPrefix(s, "+")
	if !ledger.ValidDecimal(s) {
		return "", false
	}
	return s, true
}

// Comparator words of a target value, longest first.
var (
	targetPrefixes = []struct{ word, cmp string }{
		{"大于等于", "ge"}, {"不少于", "ge"}, {"不低于", "ge"}, {"至少", "ge"}, {"≥", "ge"}, {">=", "ge"}, {"＞＝", "ge"},
		{"小于等于", "le"}, {"不超过", "le"}, {"不高于", "le"}, {"控制在", "le"}, {"≤", "le"}, {"<=", "le"}, {"＜＝", "le"},
		{"大约", "approx"}, {"约", "approx"},
	}
	targetSuffixes = []struct{ word, cmp string }{
		{"以上", "ge"}, {"以下", "le"}, {"以内", "le"}, {"左右", "approx"},
	}
	rangeSeps = []string{"–", "—", "－", "~", "～", "至", "到", "-"}
)

// parseTarget reads a target cell: 6000, ≥6000, 6000以上, 约300, ≤5%,
// 6.5–7, ≥200亿 (a word of scale: 万, 亿 …). A trailing unit equal to the
// row's unit is allowed.
func parseTarget(s, unit string) (cmp, lo, hi string, ok bool) {
	s = strings.Join(strings.Fields(s), "")
	if s == "" {
		return "", "", "", true
	}
	cmp = "eq"
	for _, p := range targetPrefixes {
		if strings.HasPrefix(s, p.word) {
			cmp, s = p.cmp, strings.TrimPrefix(s, p.word)
			break
		}
	}
	for _, p := range targetSuffixes {
		if strings.HasSuffix(s, p.word) {
			if cmp == "eq" {
				cmp = p.cmp
			}
			s = strings.TrimSuffix(s, p.word)
			break
		}
	}
	if unit != "" {
		s = strings.TrimSuffix(s, unit)
	}
	for _, sep := range rangeSeps {
		from := 0
		if sep == "-" {
			from = 1 // a minus sign at the start is a sign, not a range
		}
		if from > len(s) {
			continue
		}
		i := strings.Index(s[from:], sep)
		if i < 0 {
			continue
		}
		i += from
		hi, exp, ok := scaledNumber(s[i+len(sep):], 0)
		if !ok {
			return "", "", "", false
		}
		if lo, _, ok = scaledNumber(strings.TrimSuffix(s[:i], unit), exp); !ok {
			return "", "", "", false
		}
		return cmp, lo, hi, true
	}
	lo, _, ok = scaledNumber(s, 0)
	return cmp, lo, "", ok
}

// splitUnits splits a list of unit names on 、，,；; and white space.
func splitUnits(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool {
		return strings.ContainsRune("、，,；;", r) || unicode.IsSpace(r)
	})
}

// parseDeadlineCell reads a 完成时限 cell: a date (2024-06-30, 2024/6/30,
// an Excel serial number such as 45473, or a cell Excel shows as a date)
// or a deadline phrase such as 6月底前. isDate tells a date from a phrase.
func parseDeadlineCell(v string, year int, raw func(string) string) (d time.Time, isDate, ok bool) {
	if d, ok := parseDate(v); ok {
		return d, true, true
	}
	if d, ok := ledger.ParseDeadline(v, year); ok {
		return d, false, true
	}
	if raw != nil {
		if d, ok := serialDate(raw(colDeadline)); ok {
			return d, true, true // a date cell shown in a format we do not read
		}
	}
	return time.Time{}, false, false
}

// dateLayouts are the ways a date is written in a cell.
var dateLayouts = []string{"2006-01-02", "2006-1-2", "2006/1/2", "2006.1.2", "2006年1月2日"}

// timeOfDay reports whether s is the time Excel appends to a date-time
// cell: 9:30, 09:30 or 09:30:00.
func timeOfDay(s string) bool {
	parts := strings.Split(s, ":")
	if len(parts) < 2 || len(parts) > 3 || len(parts[0]) > 2 || !ledger.AllDigits(parts[0]) {
		return false
	}
	for _, p := range parts[1:] {
		if len(p) != 2 || !ledger.AllDigits(p) {
			return false
		}
	}
	return true
}

// parseDate reads a date cell, with an optional time of day, or an Excel
// serial number.
func parseDate(s string) (time.Time, bool) {
	if f := strings.Fields(s); len(f) == 2 && timeOfDay(f[1]) {
		s = f[0]
	}
	for _, layout := range dateLayouts {
		if t, err := time.Parse(layout, s); err == nil {
			return t, true
		}
	}
	return serialDate(s)
}

// serialDate reads an Excel serial date (days since 1899-12-30 in the
// 1900 date system), accepted for the years 2000–2099 only so that a
// stray number is not taken for a date.
func serialDate(s string) (time.Time, bool) {
	f, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	if err != nil || f < 36526 || f >= 73051 {
		return time.Time{}, false
	}
	return time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC).AddDate(0, 0, int(math.Floor(f))), true
}

// splitMilestones splits a 时间节点 cell on ；; and line breaks.
func splitMilestones(s string) []string {
	var out []string
	for _, e := range strings.FieldsFunc(s, func(r rune) bool { return r == '；' || r == ';' || r == '\n' }) {
		if e = strings.TrimSpace(e); e != "" {
			out = append(out, e)
		}
	}
	return out
}

// parseMilestone reads DATE：TEXT, where TEXT is an expected value or a
// description. msg says what is wrong.
func parseMilestone(entry string, year int) (ledger.Milestone, string) {
	i := strings.IndexAny(entry, "：:")
	if i < 0 {
		return ledger.Milestone{}, "时间节点应写作“日期：内容”，如 2024-06-30：完成3000"
	}
	date := strings.TrimSpace(entry[:i])
	_, size := firstRune(entry[i:])
	text := strings.TrimSpace(entry[i+size:])
	due, ok := parseDate(date)
	if !ok {
		due, ok = ledger.ParseDeadline(date, year)
	}
	if !ok {
		return ledger.Milestone{}, "时间节点的日期无法识别，应写作 2024-06-30 或 6月底前"
	}
	if text == "" {
		return ledger.Milestone{}, "时间节点缺少内容，应写作“日期：预期值或工作内容”"
	}
	if n, ok := number(text); ok {
		return ledger.Milestone{Due: due, Expected: n}, ""
	}
	return ledger.Milestone{Due: due, Description: text}, ""
}

func firstRune(s string) (rune, int) {
	for _, r := range s {
		return r, len(string(r))
	}
	return 0, 0
}

// parseWeight reads a non-negative weight; 30% reads as 30, like 30.
func parseWeight(s string) (float64, bool) {
	if s == "" {
		return 0, true
	}
	s = strings.TrimSuffix(strings.TrimSuffix(width.Narrow.String(s), "%"), " ")
	n, ok := number(s)
	if !ok {
		return 0, false
	}
	w, err := strconv.ParseFloat(n, 64)
	if err != nil || w < 0 || math.IsInf(w, 0) || math.IsNaN(w) {
		return 0, false
	}
	return w, true
}
