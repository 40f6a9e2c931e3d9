package tasksheet

import (
	"strings"

	"ducha/ledger"
)

// magnitudes are the Chinese words of scale a target is written with
// (200亿元, 1.2万个), longest first.
var magnitudes = []struct {
	word string
	exp  int
}{{"万亿", 12}, {"千万", 7}, {"百万", 6}, {"亿", 8}, {"万", 4}}

// magnitudeOf returns the word of scale of a quantity as the report wrote
// it (亿 of 200亿元 with unit 元, and of 亿元 alone: 超亿元), "" when it has
// none.
func magnitudeOf(quantity, unit string) (string, int) {
	q := strings.TrimSpace(quantity)
	if unit != "" {
		q = strings.TrimSuffix(q, unit)
	}
	for _, m := range magnitudes {
		if strings.HasSuffix(q, m.word) {
			return m.word, m.exp
		}
	}
	return "", 0
}

// scaledNumber reads a number with an optional word of scale (200亿,
// 1.2万) as an exact decimal; exp is the scale read (0 without a word),
// or inherit when the number has none and inherit is not 0 (the 6.5 of
// 6.5–7亿).
func scaledNumber(s string, inherit int) (value string, exp int, ok bool) {
	s = strings.TrimSpace(s)
	exp = inherit
	for _, m := range magnitudes {
		if strings.HasSuffix(s, m.word) {
			s, exp = strings.TrimSuffix(s, m.word), m.exp
			break
		}
	}
	n, ok := number(s)
	if !ok {
		return "", 0, false
	}
	return shiftDecimal(n, exp), exp, true
}

// shiftDecimal multiplies the decimal s by 10^exp exactly (exp may be
// negative) and writes it without leading or trailing zeros: ("200", 8)
// is 20000000000, ("20000000000", -8) is 200, ("12000", -4) is 1.2.
func shiftDecimal(s string, exp int) string {
	if exp == 0 || !ledger.ValidDecimal(s) {
		return s
	}
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	whole, frac, _ := strings.Cut(s, ".")
	digits := whole + frac
	point := len(whole) + exp // position of the decimal point in digits
	for point > len(digits) {
		digits += "0"
	}
	for point < 0 {
		digits = "0" + digits
		point++
	}
	w, f := strings.TrimLeft(digits[:point], "0"), strings.TrimRight(digits[point:], "0")
	if w == "" {
		w = "0"
	}
	out := w
	if f != "" {
		out += "." + f
	}
	if neg && out != "0" {
		out = "-" + out
	}
	return out
}
