package extract

import (
	"strings"
	"unicode/utf8"
)

// findMentions scans one paragraph [start, end) of text for quantities.
func findMentions(text string, start, end int, out []Mention) []Mention {
	quoteDepth := 0
	numeralStarts := numeralStarts()
	for i := start; i < end; {
		c := text[i]
		if c < utf8.RuneSelf {
			if c >= '0' && c <= '9' {
				i = tryMention(text, i, end, quoteDepth, &out)
				continue
			}
			i++
			continue
		}
		r, size := decodeFast(text, i)
		if !numeralStarts.has(r) && !isQuote(r) {
			i += size
			continue
		}
		switch r {
		case '“', '「', '『', '《', '〈':
			quoteDepth++
		case '”', '」', '』', '》', '〉':
			if quoteDepth > 0 {
				quoteDepth--
			}
		}
		if isNumeralStart(r) {
			i = tryMention(text, i, end, quoteDepth, &out)
			continue
		}
		i += size
	}
	return out
}

func isQuote(r rune) bool {
	switch r {
	case '“', '「', '『', '《', '〈', '”', '」', '』', '》', '〉':
		return true
	}
	return false
}

// tryMention reads the number at i; when it is a quantity it appends a
// mention (attributes still unset). It returns where scanning goes on.
func tryMention(text string, i, end, quoteDepth int, out *[]Mention) int {
	n, ok := parseNumeral(text, i)
	if !ok || n.end > end {
		_, size := utf8.DecodeRuneInString(text[i:])
		return i + size
	}
	if n.bad || n.digitRun {
		return n.end
	}
	m, ok := quantityAt(text, n, end, quoteDepth)
	if !ok {
		return n.end
	}
	*out = append(*out, m)
	return m.End
}

// quantityAt decides whether numeral n with what follows it is a quantity
// mention, and reads its unit, range and 余/多.
func quantityAt(text string, n numeral, end, quoteDepth int) (Mention, bool) {
	before := text[:n.start]
	prev, _ := utf8.DecodeLastRuneInString(before)
	// Ordinals, codes and names: 第25届, S468, PM2.5, 5G, 5A级.
	// 几十个, 数百名, 若干: vague amounts hold no number (but 天数342天,
	// 户数1200户 end a noun before the figure).
	if (prev == '几' || prev == '数' || prev == '若') && n.chinese {
		return Mention{}, false
	}
	if prev == '第' || isASCIILetter(prev) || prev == '#' || prev == '-' && !n.chinese && digitsBefore(before) {
		return Mention{}, false
	}
	if !n.chinese {
		if next := firstRune(text[n.end:]); isASCIILetter(next) {
			return Mention{}, false
		}
	}
	m := Mention{Start: n.start, Value: n.value}
	pos := n.end
	unit := ""
	switch {
	case n.percent:
		unit = "%"
	case n.fraction:
	default:
		unit = matchUnit(text[pos:min(len(text), pos+16)])
		if unit == "" && strings.HasSuffix(before, "连续") {
			for _, u := range []string{"年", "届", "周"} {
				if strings.HasPrefix(text[pos:], u) {
					unit = u
				}
			}
		}
	}
	if !n.percent {
		pos += len(unit)
	}
	if unit == "％" {
		unit = "%"
	}
	more := n.more
	if strings.HasPrefix(text[pos:], "余") || strings.HasPrefix(text[pos:], "多") {
		if unit != "" && !more && unit != "%" {
			// 1年多, 3天余: rare, but part of the quantity.
			next := text[pos+len("余"):]
			if r := firstRune(next); r == '，' || r == '。' || r == '；' || r == '、' {
				pos += len("余")
				more = true
			}
		}
	}
	// A range: 6.5%-7%, 3至5个, 6%—7%.
	var high *Decimal
	if sep := rangeSep(text[pos:]); sep > 0 {
		if n2, ok := parseNumeral(text, pos+sep); ok && !n2.bad && !n2.digitRun && n2.chinese == n.chinese && !n2.fraction {
			u2 := ""
			if n2.percent {
				u2 = "%"
			} else {
				u2 = matchUnit(text[n2.end:min(len(text), n2.end+16)])
			}
			nu := u2
			if nu == "％" {
				nu = "%"
			}
			if nu != "" && (unit == "" || unit == nu) && n2.value.Cmp(n.value) > 0 && n2.end+len(u2) <= end {
				unit = nu
				v := n2.value
				high = &v
				pos = n2.end + len(u2)
			}
		}
	}
	if unit == "" && !n.magnitude && !n.fraction {
		return Mention{}, false
	}
	if n.chinese {
		if unit == "" && !n.fraction {
			return Mention{}, false
		}
		if quoteDepth > 0 || (n.value.Coef == 1 && n.value.Scale == 0 && !n.fraction && !n.percent) {
			return Mention{}, false
		}
		if isSloganCount(text[pos:], unit) || isNameAfterChineseCount(text[pos:], unit) {
			return Mention{}, false
		}
	}
	// Time frames: 3个月内, 30天内 frame a figure rather than measure it.
	switch unit {
	case "个月", "天", "年", "周", "小时", "个小时", "个工作日":
		if strings.HasPrefix(text[pos:], "内") {
			return Mention{}, false
		}
	}
	// Thresholds that define a category: 10蒸吨以下燃煤锅炉, 5000万元以上项目.
	for _, w := range []string{"以上", "以下"} {
		if strings.HasPrefix(text[pos:], w) {
			after := firstRune(text[pos+len(w):])
			if isHan(after) && after != '的' && !strings.HasPrefix(text[pos+len(w):], "和") {
				return Mention{}, false
			}
			if after == '的' && !(unit == "%" && !endsWithChangeVerb(before)) {
				// 亿元以上的项目 is a category; 95%以上的行政村 a share of them.
				return Mention{}, false
			}
		}
	}
	m.End = pos
	m.Quantity = text[m.Start:m.End]
	m.Unit = unit
	m.High = high
	if more {
		m.Comparator = Ge
	}
	return m, true
}

// endsWithChangeVerb reports whether s ends in a verb of change (增长, 下降):
// 增长10%以上的企业 names firms by their growth.
func endsWithChangeVerb(s string) bool {
	for _, verbs := range [][]string{increaseVerbs, decreaseVerbs} {
		for _, v := range verbs {
			if strings.HasSuffix(s, v) {
				return true
			}
		}
	}
	return false
}

// rangeSep returns the byte length of a range separator at s followed by
// a digit, or 0.
func rangeSep(s string) int {
	for _, sep := range []string{"-", "－", "–", "—", "~", "～", "至", "到"} {
		if strings.HasPrefix(s, sep) {
			r := firstRune(s[len(sep):])
			if isNumeralStart(r) || strings.HasPrefix(s[len(sep):], "百分之") {
				return len(sep)
			}
		}
	}
	return 0
}

// isSloganCount recognises "N个+abstract noun" and "N项规定" style fixed
// sets (四个意识, 八项规定, 四项指标) after a Chinese numeral and its unit.
func isSloganCount(after, unit string) bool {
	switch unit {
	case "个":
		for _, w := range []string{"意识", "自信", "维护", "全面", "坚持", "着力", "坚定", "必须", "务必", "聚焦", "统筹", "确保", "优先", "方面", "重点", "主线", "基本点", "中心", "代表", "面向", "一批", "走在", "当好", "作为", "确立", "毫不动摇", "结合", "大局", "一百年"} {
			if strings.HasPrefix(after, w) {
				return true
			}
		}
	case "项", "条":
		for _, w := range []string{"规定", "制度", "指标", "原则", "禁令", "要求", "准则", "纪律"} {
			if strings.HasPrefix(after, w) {
				return true
			}
		}
	}
	return false
}

func isASCIILetter(r rune) bool {
	return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z'
}

func isHan(r rune) bool {
	return r >= 0x4E00 && r <= 0x9FFF || r >= 0x3400 && r <= 0x4DBF
}

func digitsBefore(s string) bool {
	r, _ := utf8.DecodeLastRuneInString(strings.TrimSuffix(s, "-"))
	_, ok := arabicDigit(r)
	return ok
}

// placeSuffixes end place names that start with a numeral and a measure
// word (三台阁, 五里桥).
const placeSuffixes = "阁山寺庙桥湖河楼园村镇街路巷坊塔亭"

// isNameAfterChineseCount recognises a Chinese numeral and unit that are
// part of a word or name: 二次供水, 四次会议, 三台阁.
func isNameAfterChineseCount(after, unit string) bool {
	next := firstRune(after)
	if unit == "次" && isHan(next) {
		return true
	}
	return strings.ContainsRune(placeSuffixes, next)
}
