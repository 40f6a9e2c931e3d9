package extract

import (
	"strings"
	"unicode/utf8"
)

// numeral is a number as written in the text, before any unit: Arabic
// digits with magnitudes (4.19万), Chinese numerals (三十五, 两, 壹佰),
// percentages written out (百分之三十) and fractions (三分之一, 1/10).
type numeral struct {
	start, end int // byte span in the text
	value      Decimal
	chinese    bool // written in Chinese numerals
	digitRun   bool // Chinese digits read one by one (二〇二〇), a year or code
	more       bool // 余 or 多 follows: "80余万", "3000多"
	percent    bool // 百分之…
	fraction   bool // …分之… or a/b
	magnitude  bool // a 万/亿/千/百/十 multiplier followed Arabic digits
	bad        bool // part of a date, time, version or code: skip the whole run
}

func firstRune(s string) rune {
	if s == "" {
		return utf8.RuneError
	}
	if s[0] < utf8.RuneSelf {
		return rune(s[0])
	}
	r, _ := utf8.DecodeRuneInString(s)
	return r
}

// arabicDigit returns the value of an ASCII or full-width digit.
func arabicDigit(r rune) (int64, bool) {
	switch {
	case r >= '0' && r <= '9':
		return int64(r - '0'), true
	case r >= '０' && r <= '９':
		return int64(r - '０'), true
	}
	return 0, false
}

// chineseDigit returns the value of a Chinese digit (including financial
// forms and 两, 〇, 零).
func chineseDigit(r rune) (int64, bool) {
	switch r {
	case '〇', '零':
		return 0, true
	case '一', '壹', '幺':
		return 1, true
	case '二', '贰', '两', '貳':
		return 2, true
	case '三', '叁', '參':
		return 3, true
	case '四', '肆':
		return 4, true
	case '五', '伍':
		return 5, true
	case '六', '陆', '陸':
		return 6, true
	case '七', '柒':
		return 7, true
	case '八', '捌':
		return 8, true
	case '九', '玖':
		return 9, true
	}
	return 0, false
}

// magnitudeOf returns the power of ten of a magnitude character.
func magnitudeOf(r rune) (int, bool) {
	switch r {
	case '十', '拾':
		return 1, true
	case '百', '佰':
		return 2, true
	case '千', '仟':
		return 3, true
	case '万', '萬':
		return 4, true
	case '亿', '億':
		return 8, true
	}
	return 0, false
}

// isNumeralStart reports whether r can begin a number.
func isNumeralStart(r rune) bool {
	if _, ok := arabicDigit(r); ok {
		return true
	}
	if _, ok := chineseDigit(r); ok {
		return r != '幺'
	}
	_, ok := magnitudeOf(r)
	return ok
}

// parseNumeral reads the number that starts at byte i of s. ok is false
// when no number starts there.
func parseNumeral(s string, i int) (n numeral, ok bool) {
	if strings.HasPrefix(s[i:], "百分之") {
		n, ok = parseNumeral(s, i+len("百分之"))
		if !ok || n.bad || n.percent || n.fraction {
			return numeral{}, false
		}
		n.start, n.percent = i, true
		return n, true
	}
	r := firstRune(s[i:])
	if _, isArabic := arabicDigit(r); isArabic {
		n, ok = parseArabic(s, i)
	} else {
		n, ok = parseChinese(s, i)
	}
	if !ok || n.bad {
		return n, ok
	}
	// Fractions: 三分之一, 1/10.
	if strings.HasPrefix(s[n.end:], "分之") {
		d, ok2 := parseNumeral(s, n.end+len("分之"))
		if ok2 && !d.bad && !d.fraction && !d.percent && !n.more && !d.more {
			if v, err := quo(d.value, n.value); err == nil {
				return numeral{start: n.start, end: d.end, value: v, chinese: n.chinese, fraction: true}, true
			}
		}
		return numeral{}, false
	}
	return n, true
}

// parseArabic reads digits with optional thousands separators, a decimal
// part, 余/多 and magnitudes: 1,234  4.19万  80余万  2万余  1.2亿.
func parseArabic(s string, i int) (numeral, bool) {
	n := numeral{start: i}
	j := i
	var intDigits, fracDigits []byte
	inFrac := false
	for j < len(s) {
		r, size := utf8.DecodeRuneInString(s[j:])
		if d, ok := arabicDigit(r); ok {
			if inFrac {
				fracDigits = append(fracDigits, byte('0'+d))
			} else {
				intDigits = append(intDigits, byte('0'+d))
			}
			j += size
			continue
		}
		if (r == '.' || r == '．') && !inFrac {
			if d := digitsAt(s, j+size); d > 0 {
				inFrac = true
				j += size
				continue
			}
			break
		}
		if (r == ',' || r == '，') && !inFrac && len(intDigits) > 0 && len(intDigits) <= 3*4 {
			// 1,234: exactly three digits follow and no fourth.
			if d := digitsAt(s, j+size); d == 3 && r == ',' {
				j += size
				continue
			}
			break
		}
		break
	}
	n.end = j
	// A second dot or a colon followed by a digit: a date, time or version.
	if rest := s[j:]; rest != "" {
		r, size := utf8.DecodeRuneInString(rest)
		if (r == '.' || r == ':' || r == '：' || r == '．' || r == '-' || r == '/') && digitsAt(s, j+size) > 0 {
			if r == '/' && !inFrac {
				// a fraction such as 1/10
				num, _ := parseDecimal(string(intDigits))
				den, ok := parseArabic(s, j+size)
				if ok && !den.bad && !den.magnitude && !den.more && den.value.Coef != 0 && !followedByDigitSep(s, den.end) {
					if v, err := quo(num, den.value); err == nil {
						return numeral{start: i, end: den.end, value: v, fraction: true}, true
					}
				}
				n.bad = true
				n.end = skipDigitRun(s, j)
				return n, true
			}
			if r != '-' && (r != '.' || inFrac) && (r != '．' || inFrac) {
				n.bad = true
				n.end = skipDigitRun(s, j)
				return n, true
			}
		}
	}
	v, err := parseDecimal(string(intDigits) + "." + string(fracDigits))
	if err != nil {
		n.bad = true
		return n, true
	}
	n.value = v
	return withMagnitudes(s, n)
}

// withMagnitudes applies 余/多 and magnitude characters after Arabic digits.
func withMagnitudes(s string, n numeral) (numeral, bool) {
	j := n.end
	for j < len(s) {
		r, size := utf8.DecodeRuneInString(s[j:])
		if r == '余' || r == '多' {
			if n.more {
				break
			}
			n.more = true
			j += size
			n.end = j
			continue
		}
		p, ok := magnitudeOf(r)
		if !ok || startsUnitWithMagnitude(s[j:]) {
			break
		}
		if p < 4 && n.magnitude {
			// 万千: only 万/亿 may follow another magnitude (千万, 万亿).
			break
		}
		v, err := n.value.mulPow10(p)
		if err != nil {
			n.bad = true
			return n, true
		}
		n.value, n.magnitude = v, true
		j += size
		n.end = j
	}
	return n, true
}

// digitsAt counts the Arabic digits starting at byte i.
func digitsAt(s string, i int) int {
	c := 0
	for i < len(s) {
		r, size := utf8.DecodeRuneInString(s[i:])
		if _, ok := arabicDigit(r); !ok {
			break
		}
		c++
		i += size
	}
	return c
}

func followedByDigitSep(s string, i int) bool {
	r, size := utf8.DecodeRuneInString(s[i:])
	return (r == '/' || r == '.' || r == ':') && digitsAt(s, i+size) > 0
}

// skipDigitRun returns the end of a run of digits and separators such as
// 03.01.2020 or 09:00 that starts before i.
func skipDigitRun(s string, i int) int {
	for i < len(s) {
		r, size := utf8.DecodeRuneInString(s[i:])
		if _, ok := arabicDigit(r); ok || r == '.' || r == ':' || r == '/' || r == '-' || r == '：' || r == '．' {
			i += size
			continue
		}
		break
	}
	return i
}

// parseChinese reads a Chinese numeral: 三十五, 两千三百万, 一百零八,
// 壹佰贰拾, 十二. 余/多 may follow a magnitude (三十余, 两万多).
func parseChinese(s string, i int) (numeral, bool) {
	n := numeral{start: i, chinese: true}
	var total, section, digit int64
	hasDigit, lastWasDigit, digitRun := false, false, false
	// A bare magnitude (百余项, 近千家) counts one of it.
	first := firstRune(s[i:])
	_, bare := magnitudeOf(first)
	bare = bare && first != '十' && first != '拾'
	if bare {
		digit = 1
	}
	var seq []byte
	j := i
	for j < len(s) {
		r, size := utf8.DecodeRuneInString(s[j:])
		if d, ok := chineseDigit(r); ok && r != '幺' {
			if lastWasDigit {
				digitRun = true
			}
			digit, hasDigit, lastWasDigit = d, true, true
			seq = append(seq, byte('0'+d))
			j += size
			continue
		}
		p, ok := magnitudeOf(r)
		if !ok || startsUnitWithMagnitude(s[j:]) {
			if (r == '余' || r == '多') && j > i && !lastWasDigit && !n.more {
				n.more = true
				j += size
				continue
			}
			break
		}
		if n.more && p < 4 {
			break
		}
		lastWasDigit = false
		switch {
		case p == 8:
			total = (total + section + digit) * 100000000
			section, digit = 0, 0
		case p == 4:
			total += (section + digit) * 10000
			section, digit = 0, 0
		default:
			if digit == 0 && p == 1 {
				digit = 1 // 十二 = 12
			}
			m := int64(1)
			for k := 0; k < p; k++ {
				m *= 10
			}
			section += digit * m
			digit = 0
		}
		if total > 1e15 || section > 1e15 {
			n.bad = true
			n.end = j + size
			return n, true
		}
		j += size
	}
	if j == i {
		return numeral{}, false
	}
	n.end = j
	if digitRun {
		// 二〇二〇 or 一二三: digits read one by one.
		n.digitRun = true
		v, err := parseDecimal(string(seq))
		if err != nil {
			n.bad = true
		}
		n.value = v
		return n, true
	}
	n.value = decInt(total + section + digit)
	if bare && !hasDigit && !bareAmount(s[:i], n.more, s[j:]) {
		n.bad = true
	}
	n.hasDigit(hasDigit || bare, s[i:])
	return n, true
}

// bareAmount reports whether a bare magnitude between before and after
// is an amount: followed by 余 or 多 (百余项, 万余户) or after 逾, 近, 超 or
// 约 (逾千家, 近千家), not before 年 (近百年). Otherwise such characters
// start words (千方百计, 千家万户, 百姓).
func bareAmount(before string, more bool, after string) bool {
	if strings.HasPrefix(after, "年") {
		return false
	}
	if more {
		return true
	}
	prev, _ := utf8.DecodeLastRuneInString(before)
	return strings.ContainsRune("逾近超约", prev)
}

// hasDigit marks a numeral that is only a bare magnitude (千, 万, 百): such
// characters start words (千方百计, 万众, 百姓), not numbers.
func (n *numeral) hasDigit(has bool, rest string) {
	if !has && !strings.HasPrefix(rest, "十") && !strings.HasPrefix(rest, "拾") {
		n.bad = true
	}
}
