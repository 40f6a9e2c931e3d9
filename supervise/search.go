package supervise

import (
	"strings"
	"sync"
)

// Searching a report's commitments for a word means looking through the
// text of every one of them: a few megabytes for a report of ten thousand
// commitments. The text changes seldom (an edited title, a new lead unit)
// while the statuses change with every report a unit submits, so which
// commitments contain a word is kept per word, apart from the statuses,
// until some commitment's text changes.

// maxIndexedWords bounds the words a wordIndex keeps; past it, the index
// starts again empty.
const maxIndexedWords = 1024

// wordIndex tells which of a report's items contain a word, by position in
// the items the service keeps (Item.pos). It is replaced, not changed, when
// the text of any item changes.
type wordIndex struct {
	texts []string // searchText of each item, by position

	mu    sync.Mutex
	words map[string]*wordHits
}

// wordHits are the positions of the items containing a word, as bits,
// found once.
type wordHits struct {
	once sync.Once
	bits []uint64
}

func newWordIndex(items []Item) *wordIndex {
	texts := make([]string, len(items))
	for i := range items {
		texts[i] = items[i].search
	}
	return &wordIndex{texts: texts, words: map[string]*wordHits{}}
}

// sameTexts reports whether items, by position, have the texts of x.
func (x *wordIndex) sameTexts(items []Item) bool {
	if x == nil || len(items) != len(x.texts) {
		return false
	}
	for i := range items {
		if items[i].search != x.texts[i] {
			return false
		}
	}
	return true
}

// hits returns the positions of the items containing w (in lower case).
func (x *wordIndex) hits(w string) []uint64 {
	x.mu.Lock()
	h := x.words[w]
	if h == nil {
		if len(x.words) >= maxIndexedWords {
			clear(x.words)
		}
		h = &wordHits{}
		x.words[w] = h
	}
	x.mu.Unlock()
	h.once.Do(func() {
		bits := make([]uint64, (len(x.texts)+63)/64)
		for i, t := range x.texts {
			if strings.Contains(t, w) {
				bits[i/64] |= 1 << (i % 64)
			}
		}
		h.bits = bits
	})
	return h.bits
}

// Select is Select(v.Items, f, page, n), with the words of the query looked
// up in the report's word index when the view has one.
func (v *View) Select(f Filter, page, n int) (out []Item, total int) {
	words := queryWords(f.Query)
	if v.words == nil || len(words) == 0 {
		return Select(v.Items, f, page, n)
	}
	hits := make([][]uint64, len(words))
	for i, w := range words {
		hits[i] = v.words.hits(w)
	}
	f = f.canonical()
	return selectPage(v.Items, page, n, func(it *Item) bool {
		p := int(it.pos)
		if p < 0 || p >= len(v.words.texts) {
			return f.match(it, words) // not among the indexed items
		}
		for _, h := range hits {
			if h[p/64]&(1<<(p%64)) == 0 {
				return false
			}
		}
		return f.match(it, nil)
	})
}
