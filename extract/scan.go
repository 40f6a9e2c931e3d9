package extract

import (
	"sync"
	"unicode/utf8"
)

// Fast scanning helpers. A report is mostly three-byte UTF-8 runes, and the
// extractor looks at every one of them several times; these helpers keep
// that cheap without giving up correctness on invalid UTF-8.

// runeTable marks runes of the Basic Multilingual Plane.
type runeTable [1 << 16 / 64]uint64

func (t *runeTable) set(r rune) {
	if r >= 0 && r < 1<<16 {
		t[r>>6] |= 1 << (r & 63)
	}
}

func (t *runeTable) has(r rune) bool {
	return r >= 0 && r < 1<<16 && t[r>>6]&(1<<(r&63)) != 0
}

// numeralStarts marks every rune that can begin a number.
var numeralStarts = sync.OnceValue(func() *runeTable {
	t := new(runeTable)
	for r := rune(0); r < 1<<16; r++ {
		if isNumeralStart(r) {
			t.set(r)
		}
	}
	return t
})

// decodeFast decodes the rune at text[i]; three-byte sequences, most of a
// Chinese text, are decoded inline. Invalid bytes decode as RuneError of
// size 1, as utf8.DecodeRuneInString does.
func decodeFast(text string, i int) (rune, int) {
	c := text[i]
	if c < utf8.RuneSelf {
		return rune(c), 1
	}
	if c >= 0xE0 && c < 0xF0 && i+2 < len(text) {
		c1, c2 := text[i+1], text[i+2]
		if c1&0xC0 == 0x80 && c2&0xC0 == 0x80 {
			r := rune(c&0x0F)<<12 | rune(c1&0x3F)<<6 | rune(c2&0x3F)
			if r >= 0x800 && (r < 0xD800 || r > 0xDFFF) {
				return r, 3
			}
		}
	}
	return utf8.DecodeRuneInString(text[i:])
}

// decodeLastFast decodes the rune ending at text[:i].
func decodeLastFast(text string, i int) (rune, int) {
	if i >= 3 {
		c := text[i-3]
		if c >= 0xE0 && c < 0xF0 {
			if r, size := decodeFast(text, i-3); size == 3 {
				return r, 3
			}
		}
	}
	return utf8.DecodeLastRuneInString(text[:i])
}

// wordSet finds any of a fixed list of words in a string with one pass
// over its runes.
type wordSet struct {
	starts *runeTable
	index  map[rune][]string // by first rune, longest first
}

// lazyWords returns a function building the word set of words on its
// first call: package tables are built when first needed, not at process
// start (every ducha command links this package).
func lazyWords(words ...string) func() *wordSet {
	return sync.OnceValue(func() *wordSet { return newWordSet(words...) })
}

func newWordSet(words ...string) *wordSet {
	ws := &wordSet{starts: new(runeTable), index: indexWords(words, false)}
	for _, w := range words {
		r, _ := utf8.DecodeRuneInString(w)
		ws.starts.set(r)
	}
	return ws
}

// find returns the first word of the set in s, or "".
func (ws *wordSet) find(s string) string {
	for i := 0; i < len(s); {
		r, size := decodeFast(s, i)
		if ws.starts.has(r) {
			for _, w := range ws.index[r] {
				if len(s)-i >= len(w) && s[i:i+len(w)] == w {
					return w
				}
			}
		}
		i += size
	}
	return ""
}

// at returns the length of the longest word of the set that starts at
// byte i of s, or 0.
func (ws *wordSet) at(s string, i int) int {
	r, _ := decodeFast(s, i)
	if !ws.starts.has(r) {
		return 0
	}
	for _, w := range ws.index[r] {
		if len(s)-i >= len(w) && s[i:i+len(w)] == w {
			return len(w)
		}
	}
	return 0
}

// seqLen is the length of the UTF-8 sequence that starts with byte b
// (1 for ASCII, continuation and invalid bytes).
func seqLen(b byte) int {
	switch {
	case b < 0xC0:
		return 1
	case b < 0xE0:
		return 2
	case b < 0xF0:
		return 3
	default:
		return 4
	}
}

// mayBeDelim reports whether a rune starting with byte b can be
// punctuation that delimits clauses or sentences: ASCII, or U+3000–U+303F
// (。) and U+FF00–U+FFEF (，；：！？), whose UTF-8 starts with E3 or EF.
func mayBeDelim(b byte) bool { return b < 0x80 || b == 0xE3 || b == 0xEF }

// eachSpan calls fn for every piece of s between runes for which delim is
// true (the delimiters are dropped).
func eachSpan(text string, s Span, delim func(rune) bool, fn func(Span)) {
	start := s.Start
	for i := s.Start; i < s.End; {
		b := text[i]
		if !mayBeDelim(b) {
			i += seqLen(b)
			continue
		}
		r, size := decodeFast(text[:s.End], i)
		if delim(r) {
			if i > start {
				fn(Span{start, i})
			}
			start = i + size
		}
		i += size
	}
	if start < s.End {
		fn(Span{start, min(s.End, len(text))})
	}
}
