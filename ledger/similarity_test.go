package ledger

import (
	"testing"
	"unicode/utf8"
)

// mapSimilarity is the plain definition of similarity, with maps of
// bigram counts, against which the sorted-bag version is checked.
func mapSimilarity(a, b string) float64 {
	if a == b {
		return 1
	}
	grams := func(s string) map[[2]rune]int {
		m := map[[2]rune]int{}
		prev := rune(-1)
		for _, r := range s {
			if r == ' ' || r == '，' || r == '。' || r == '、' || r == '；' {
				prev = -1
				continue
			}
			if prev >= 0 {
				m[[2]rune{prev, r}]++
			}
			prev = r
		}
		if len(m) == 0 && utf8.RuneCountInString(s) == 1 {
			r, _ := utf8.DecodeRuneInString(s)
			m[[2]rune{r, -1}] = 1
		}
		return m
	}
	ga, gb := grams(a), grams(b)
	if len(ga) == 0 || len(gb) == 0 {
		return 0
	}
	common, na, nb := 0, 0, 0
	for g, n := range ga {
		common += min(n, gb[g])
		na += n
	}
	for _, n := range gb {
		nb += n
	}
	return 2 * float64(common) / float64(na+nb)
}

func TestSimilarityMatchesDefinition(t *testing.T) {
	texts := []string{"", "学", "，", "、、", "新增学位", "新增学位个", "学位新增", "新增城镇就业", "城镇新增就业人数",
		"新增新增新增", "新增、新增", "a b", "ab ab ab", "一般公共预算收入", "一般公共预算收入增长", "\xff", "\xff\xfe学",
		"改造老旧小区，惠及居民", "老旧小区改造；惠及居民。", "示例区教育局", "区教育局", "教育局", "示例区教育局（体育局）"}
	for _, a := range texts {
		for _, b := range texts {
			if got, want := similarity(a, b), mapSimilarity(a, b); got != want {
				t.Errorf("similarity(%q, %q) = %v, want %v", a, b, got, want)
			}
		}
	}
	if s := similarity("新增学位", "新增学位"); s != 1 {
		t.Errorf("same text: %v", s)
	}
}
