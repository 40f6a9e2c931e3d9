package ledger

import (
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// ParseDeadline turns a deadline phrase of a report (完成时限) into the last
// day it allows, for a plan of the given year:
//
//	6月底前, 6月底, 6月末 → 30 June        6月前 → 31 May (before June)
//	6月中旬前 → 20 June, 6月上旬前 → 10 June, 6月下旬前 → 30 June
//	一季度, 三季度末前 → end of that quarter
//	上半年 → 30 June, 下半年, 年内, 年底, 年底前 → 31 December, 年中 → 30 June
//	2022年前, 2022年底前, 2022年内, 2022年 → 31 December 2022
//	3年内 → 31 December of year+2 (the plan year counts as the first)
//	2024年6月底前, 2024-06-30, 2024/6/30, 2024年6月30日 → that date
//
// ok is false when the phrase is not a deadline ducha understands.
func ParseDeadline(phrase string, year int) (t time.Time, ok bool) {
	s := strings.TrimSpace(phrase)
	s = strings.TrimPrefix(s, "于")
	s = strings.TrimPrefix(s, "在")
	s = strings.TrimPrefix(s, "力争")
	s = strings.TrimSuffix(s, "完成")
	s = strings.TrimSuffix(s, "之前")
	if strings.HasSuffix(s, "号前") {
		s = strings.TrimSuffix(s, "号前") + "日前" // 6月30号前
	}
	if s == "" {
		return time.Time{}, false
	}
	if d, ok := parseISODate(s); ok {
		return d, true
	}
	// An explicit year: 2022年…
	if y, rest, ok := leadingYear(s); ok {
		year = y
		s = rest
		switch s {
		case "", "前", "底", "底前", "内", "年底", "末", "年末":
			return endOfYear(year), true
		}
	} else if n, rest, ok := leadingCount(s); ok && strings.HasPrefix(rest, "年内") {
		// 3年内: the plan year is the first of the three.
		if n < 1 || n > 20 {
			return time.Time{}, false
		}
		return endOfYear(year + n - 1), true
	}
	if year < 1900 || year > 2200 {
		return time.Time{}, false
	}
	switch s {
	case "年内", "年底", "年底前", "年末", "年末前", "今年", "全年", "当年", "本年度", "年度内", "下半年", "四季度", "第四季度":
		return endOfYear(year), true
	case "上半年", "年中", "年中前":
		return time.Date(year, 6, 30, 0, 0, 0, 0, time.UTC), true
	}
	// Quarters: 一季度, 三季度末前, 第二季度.
	if i := strings.Index(s, "季度"); i > 0 {
		q, _, ok := leadingCount(strings.TrimPrefix(s[:i], "第"))
		if ok && q >= 1 && q <= 4 {
			switch strings.TrimPrefix(s[i+len("季度"):], "末") {
			case "", "前", "底", "底前", "内":
				return endOfMonth(year, q*3), true
			}
		}
		return time.Time{}, false
	}
	// Months: 6月底前, 6月中旬前, 6月前, 6月30日前.
	if i := strings.Index(s, "月"); i > 0 {
		m, rest, ok := leadingCount(s[:i])
		if !ok || rest != "" || m < 1 || m > 12 {
			return time.Time{}, false
		}
		tail := s[i+len("月"):]
		if d, rest, ok := leadingCount(tail); ok && strings.HasPrefix(rest, "日") {
			if d < 1 || d > endOfMonth(year, m).Day() {
				return time.Time{}, false
			}
			switch strings.TrimPrefix(rest, "日") {
			case "", "前", "以前":
				return time.Date(year, time.Month(m), d, 0, 0, 0, 0, time.UTC), true
			}
			return time.Time{}, false
		}
		switch tail {
		case "", "底", "底前", "末", "末前", "份", "份前", "内", "下旬", "下旬前":
			return endOfMonth(year, m), true
		case "前", "以前":
			if m == 1 {
				return time.Date(year-1, 12, 31, 0, 0, 0, 0, time.UTC), true
			}
			return endOfMonth(year, m-1), true
		case "上旬", "上旬前":
			return time.Date(year, time.Month(m), 10, 0, 0, 0, 0, time.UTC), true
		case "中旬", "中旬前":
			return time.Date(year, time.Month(m), 20, 0, 0, 0, 0, time.UTC), true
		}
	}
	return time.Time{}, false
}

func endOfYear(y int) time.Time { return time.Date(y, 12, 31, 0, 0, 0, 0, time.UTC) }

func endOfMonth(y, m int) time.Time {
	return time.Date(y, time.Month(m)+1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, -1)
}

// parseISODate reads 2024-06-30, 2024/6/30, 2024.6.30 or 2024年6月30日.
func parseISODate(s string) (time.Time, bool) {
	// Every layout starts with the year, which time.Parse reads as a
	// number, maybe signed: most deadline phrases (6月底前) fail here
	// without the cost of five failed parses.
	if s == "" || (s[0] < '0' || s[0] > '9') && s[0] != '+' && s[0] != '-' {
		return time.Time{}, false
	}
	for _, layout := range []string{"2006-01-02", "2006-1-2", "2006/1/2", "2006.1.2", "2006年1月2日"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

// leadingYear reads a four-digit year followed by 年.
func leadingYear(s string) (int, string, bool) {
	if len(s) < 4+len("年") || !strings.HasPrefix(s[4:], "年") {
		return 0, s, false
	}
	y, err := strconv.Atoi(s[:4])
	if err != nil || y < 1900 || y > 2200 {
		return 0, s, false
	}
	return y, s[4+len("年"):], true
}

// leadingCount reads a small number in Arabic or Chinese numerals (1–99).
func leadingCount(s string) (int, string, bool) {
	n, i := 0, 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' && i < 2 {
		n = n*10 + int(s[i]-'0')
		i++
	}
	if i > 0 {
		return n, s[i:], true
	}
	digits := map[rune]int{'一': 1, '二': 2, '两': 2, '三': 3, '四': 4, '五': 5, '六': 6, '七': 7, '八': 8, '九': 9}
	val, seen := 0, false
	for i < len(s) {
		r, size := utf8.DecodeRuneInString(s[i:])
		if d, ok := digits[r]; ok {
			val = val/10*10 + d
			if val%10 == 0 {
				val += d
			}
			seen = true
		} else if r == '十' {
			if !seen {
				val = 1
			}
			val *= 10
			seen = true
		} else {
			break
		}
		i += size
	}
	return val, s[i:], seen
}
