package ledger

import "strings"

// ValidDecimal reports whether s is an exact decimal as the ledger keeps
// them: an optional minus sign, digits, and optionally a point followed by
// digits (12, -3, 0.5, 41900.50); no exponent, no grouping, no spaces.
func ValidDecimal(s string) bool {
	s = strings.TrimPrefix(s, "-")
	whole, frac, point := strings.Cut(s, ".")
	return AllDigits(whole) && (!point || AllDigits(frac))
}

// ValidPeriod reports whether p names a reporting period: a month
// (2024-06) or a quarter (2024-Q2).
func ValidPeriod(p string) bool {
	if len(p) != 7 || p[4] != '-' || !AllDigits(p[:4]) {
		return false
	}
	switch m := p[5:]; {
	case m[0] == 'Q':
		return m[1] >= '1' && m[1] <= '4'
	case m[0] == '0':
		return m[1] >= '1' && m[1] <= '9'
	case m[0] == '1':
		return m[1] >= '0' && m[1] <= '2'
	}
	return false
}

// AllDigits reports whether s is one or more ASCII digits.
func AllDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
