package ledger

import (
	"slices"
	"unicode/utf8"
)

// similarity is the character-bigram Dice coefficient of a and b (0–1);
// for Chinese text it tolerates inserted and dropped characters well.
func similarity(a, b string) float64 {
	if a == b {
		return 1
	}
	return dice(bigrams(a, nil), bigrams(b, nil))
}

// Similarity exposes the text similarity used to match commitments of an
// edited report to the commitments already in the ledger.
func Similarity(a, b string) float64 { return similarity(a, b) }

// bigramBag is the multiset of the character bigrams of a text, each
// packed into a uint64, sorted.
type bigramBag []uint64

// bigrams appends the bigrams of s to buf[:0]: pairs of adjacent runes,
// not across spaces and Chinese clause punctuation. A text of one rune
// has that rune, paired with -1, as its one bigram.
func bigrams(s string, buf bigramBag) bigramBag {
	out := buf[:0]
	prev, runes := rune(-1), 0
	for _, r := range s {
		runes++
		if r == ' ' || r == '，' || r == '。' || r == '、' || r == '；' {
			prev = -1
			continue
		}
		if prev >= 0 {
			out = append(out, pair(prev, r))
		}
		prev = r
	}
	if len(out) == 0 && runes == 1 {
		r, _ := utf8.DecodeRuneInString(s)
		out = append(out, pair(r, -1))
	}
	slices.Sort(out)
	return out
}

func pair(a, b rune) uint64 { return uint64(uint32(a))<<32 | uint64(uint32(b)) }

// dice is the Dice coefficient of two bags: twice the size of their
// intersection over the sum of their sizes; 0 when either is empty.
func dice(a, b bigramBag) float64 {
	if len(a) == 0 || len(b) == 0 {
		return 0
	}
	common := 0
	for i, j := 0, 0; i < len(a) && j < len(b); {
		switch {
		case a[i] < b[j]:
			i++
		case a[i] > b[j]:
			j++
		default:
			common++
			i++
			j++
		}
	}
	return 2 * float64(common) / float64(len(a)+len(b))
}
