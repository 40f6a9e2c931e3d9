package extract

import (
	"strings"
	"testing"
	"unicode/utf8"
)

var fuzzSeeds = []string{
	"新增学位6000个以上；4.19万人；80余万株；百分之三十；三分之一；1/10；6.5%-7%；3至5个",
	"壹仟贰佰万元，两千三百万，一百零八，１２个，1,234万元，03.01.2020 09:00",
	"回顾2019\n\n完成投资30亿元。\n\n展望2020\n\n办好10件实事：新增学位6000个以上；新建公园5个；改造小区20个。\n",
	"99999999999999999999亿元 9.99999999999999999万 0.0000000000001个",
	"第25届 5G S468# PM2.5 “四个意识” 十大行动 千方百计",
	"1/0 0/0 三分之零 零分之一 1..2 1.2.3 --5 ～～ 至至",
	"（一）\n1.\n一、\n第一部分\n",
}

func FuzzParseNumeral(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for i := 0; i < len(s); {
			n, ok := parseNumeral(s, i)
			if ok {
				if n.start != i || n.end < n.start || n.end > len(s) {
					t.Fatalf("parseNumeral(%q, %d): span [%d,%d)", s, i, n.start, n.end)
				}
				if n.end < len(s) && !utf8.RuneStart(s[n.end]) && utf8.ValidString(s) {
					t.Fatalf("parseNumeral(%q, %d): end %d inside a rune", s, i, n.end)
				}
				_ = n.value.String()
			}
			_, size := utf8.DecodeRuneInString(s[i:])
			i += size
		}
	})
}

func FuzzExtract(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		// The text layer is always valid UTF-8; the extractor must also
		// survive bytes that are not.
		checkExtract(t, strings.ToValidUTF8(string(b), "\uFFFD"), true)
		checkExtract(t, string(b), false)
	})
}

func checkExtract(t *testing.T, text string, valid bool) {
	res := Extract(text, Options{})
	onBoundary := func(i int) bool { return i == len(text) || utf8.RuneStart(text[i]) }
	for _, m := range res.Mentions {
		if m.Start < 0 || m.End > len(text) || m.Start >= m.End {
			t.Fatalf("mention %q at [%d,%d) outside text of %d bytes", m.Quantity, m.Start, m.End, len(text))
		}
		if text[m.Start:m.End] != m.Quantity {
			t.Fatalf("mention %q does not match text[%d:%d] = %q", m.Quantity, m.Start, m.End, text[m.Start:m.End])
		}
		if valid && (!onBoundary(m.Start) || !onBoundary(m.End)) {
			t.Fatalf("mention %q at [%d,%d) not on rune boundaries", m.Quantity, m.Start, m.End)
		}
	}
	for _, c := range res.Commitments {
		if c.Start < 0 || c.End > len(text) || c.Start > c.End || text[c.Start:c.End] != c.Text {
			t.Fatalf("commitment %s at [%d,%d) does not match its text", c.Code, c.Start, c.End)
		}
		if valid && (!onBoundary(c.Start) || !onBoundary(c.End)) {
			t.Fatalf("commitment %s at [%d,%d) not on rune boundaries", c.Code, c.Start, c.End)
		}
	}
	// The other grains merge clauses: the offsets must still hold.
	for _, g := range []Grain{GrainSentence, GrainParagraph} {
		for _, c := range Extract(text, Options{Grain: g}).Commitments {
			if c.Start < 0 || c.End > len(text) || c.Start > c.End || text[c.Start:c.End] != c.Text {
				t.Fatalf("%s grain: commitment %s at [%d,%d) does not match its text", g, c.Code, c.Start, c.End)
			}
			for _, m := range c.Measures {
				if m.Start < c.Start || m.End > c.End || text[m.Start:m.End] != m.Text {
					t.Fatalf("%s grain: measure %q of %s outside it or off its text", g, m.Text, c.Code)
				}
			}
		}
	}
	st := res.Structure
	for _, h := range st.Headings {
		if h.Start < 0 || h.End > len(text) || h.Start > h.End {
			t.Fatalf("heading at [%d,%d) outside text", h.Start, h.End)
		}
	}
}
