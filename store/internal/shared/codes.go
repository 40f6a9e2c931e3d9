package shared

import (
	"slices"
	"strings"

	"ducha/ledger"
)

// CompareCodes orders commitment codes naturally: runs of digits compare
// as numbers, so 2020-03-07-2 comes before 2020-03-07-10, and a code comes
// right before its sub-tasks (2020-03-07-2, 2020-03-07-2.1, 2020-03-07-3).
// Digits sort before other characters (plan codes before the review's
// 2019-R03-1); other bytes compare as bytes. Codes equal as numbers but
// written differently (07 and 7) are ordered by plain comparison.
func CompareCodes(a, b string) int {
	i, j := 0, 0
	for i < len(a) && j < len(b) {
		da, db := isDigit(a[i]), isDigit(b[j])
		switch {
		case da && db:
			si, sj := i, j
			for i < len(a) && isDigit(a[i]) {
				i++
			}
			for j < len(b) && isDigit(b[j]) {
				j++
			}
			na, nb := strings.TrimLeft(a[si:i], "0"), strings.TrimLeft(b[sj:j], "0")
			if len(na) != len(nb) {
				return sign(len(na) - len(nb))
			}
			if c := strings.Compare(na, nb); c != 0 {
				return c
			}
		case da:
			return -1
		case db:
			return 1
		default:
			if a[i] != b[j] {
				return sign(int(a[i]) - int(b[j]))
			}
			i++
			j++
		}
	}
	if c := sign((len(a) - i) - (len(b) - j)); c != 0 {
		return c
	}
	return strings.Compare(a, b)
}

// SortCommitments sorts cs by code in natural order (see CompareCodes).
func SortCommitments(cs []ledger.Commitment) {
	slices.SortStableFunc(cs, func(x, y ledger.Commitment) int { return CompareCodes(x.Code, y.Code) })
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

func sign(n int) int {
	switch {
	case n < 0:
		return -1
	case n > 0:
		return 1
	}
	return 0
}
