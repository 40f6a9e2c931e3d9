package extract

import (
	"strings"
	"unicode/utf8"
)

// findDeadline returns the first deadline phrase of a clause: 6月底前,
// 三季度末, 年内, 年底前, 上半年, 2022年前, 3年内. Parsing the phrase into a
// date belongs to the ledger; here it is only found.
func findDeadline(s string) string {
	if !strings.Contains(s, "年") && !strings.Contains(s, "月") && !strings.Contains(s, "季") {
		return ""
	}
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch r {
		case '月':
			if start := numberBefore(s, i, 2); start >= 0 {
				if suf := suffixAt(s[i+size:], "底前", "底", "末前", "末", "份前", "中旬前", "上旬前", "下旬前", "前"); suf != "" {
					return s[start : i+size+len(suf)]
				}
				// 10月1日前: a day of the month.
				day := i + size
				for day < len(s) && s[day] >= '0' && s[day] <= '9' && day-(i+size) < 2 {
					day++
				}
				if day > i+size {
					if suf := suffixAt(s[day:], "日前", "号前"); suf != "" {
						return s[start : day+len(suf)]
					}
				}
			}
		case '季':
			if strings.HasPrefix(s[i+size:], "度") {
				if start := numberBefore(s, i, 1); start >= 0 {
					end := i + size + len("度")
					end += len(suffixAt(s[end:], "末前", "末", "底前", "底", "前"))
					return s[start:end]
				}
			}
		case '半':
			if strings.HasPrefix(s[i+size:], "年") && (strings.HasSuffix(s[:i], "上") || strings.HasSuffix(s[:i], "下")) {
				return s[i-len("上") : i+size+len("年")]
			}
		case '年':
			if start := numberBefore(s, i, 4); start >= 0 && i-start == 4 {
				if suf := suffixAt(s[i+size:], "底前", "底", "前", "内", "上半年", "下半年"); suf != "" {
					return s[start : i+size+len(suf)]
				}
			} else if start := numberBefore(s, i, 1); start >= 0 && strings.HasPrefix(s[i+size:], "内") {
				return s[start : i+size+len("内")]
			} else if start < 0 {
				if suf := suffixAt(s[i+size:], "内", "底前", "底"); suf != "" {
					return s[i : i+size+len(suf)]
				}
				if strings.HasPrefix(s[i+size:], "中") {
					return s[i : i+size+len("中")]
				}
			}
		}
		i += size
	}
	return ""
}

// numberBefore returns where the run of at most n digits (Arabic or Chinese)
// ending at byte i starts, or -1 when no digit precedes i.
func numberBefore(s string, i, n int) int {
	start := i
	for k := 0; k < n && start > 0; k++ {
		r, size := utf8.DecodeLastRuneInString(s[:start])
		if _, ok := arabicDigit(r); !ok {
			if _, ok := chineseDigit(r); !ok && r != '十' {
				break
			}
		}
		start -= size
	}
	if start == i {
		return -1
	}
	return start
}

func suffixAt(s string, suffixes ...string) string {
	for _, x := range suffixes {
		if strings.HasPrefix(s, x) {
			return x
		}
	}
	return ""
}
