package supervise

import "testing"

// TestWordIndex: hits are the positions of the texts containing a word;
// the index is kept only while every text stays.
func TestWordIndex(t *testing.T) {
	items := make([]Item, 130)
	for i := range items {
		items[i].search = "其他事项"
		if i%64 == 3 || i == 129 {
			items[i].search = "新增学位"
		}
	}
	x := newWordIndex(items)
	bits := x.hits("学位")
	var got []int
	for i := range items {
		if bits[i/64]&(1<<(i%64)) != 0 {
			got = append(got, i)
		}
	}
	if want := []int{3, 67, 129}; len(got) != 3 || got[0] != want[0] || got[1] != want[1] || got[2] != want[2] {
		t.Fatalf("hits %v, want %v", got, want)
	}
	if &x.hits("学位")[0] != &bits[0] {
		t.Fatal("the hits of a word were looked for again")
	}
	for range maxIndexedWords + 5 {
		x.hits(string(rune(0x4e00 + len(x.words))))
	}
	if len(x.words) > maxIndexedWords {
		t.Fatalf("%d words kept, at most %d", len(x.words), maxIndexedWords)
	}
	if !x.sameTexts(items) {
		t.Fatal("same texts not recognised")
	}
	items[5].search = "新增学位"
	if x.sameTexts(items) || x.sameTexts(items[:10]) || (*wordIndex)(nil).sameTexts(items) {
		t.Fatal("a changed text not noticed")
	}
}
