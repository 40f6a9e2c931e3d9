package testpdf

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// Layout says how Report sets a text on pages.
type Layout struct {
	// CharsPerLine is the width of a line in full-width characters
	// (ASCII takes half a character); 36 when zero.
	CharsPerLine int
	// LinesPerPage is the number of lines of a page; 34 when zero.
	LinesPerPage int
	// PageNumbers prints "- N -" at the foot of every page.
	PageNumbers bool
	// Blocks sets paragraphs without an indent, an empty line between
	// them, instead of indenting their first lines.
	Blocks bool
}

// Report returns a PDF that sets text as a printed report would: every
// non-empty line of text is a paragraph; the first is a centred title;
// the others begin with an indent of two characters and wrap at the
// width of the line, never starting a line with closing punctuation, so
// the PDF has hard line breaks inside paragraphs as real reports do. The
// font is a CJK font the PDF names without embedding (SimSun) and maps to
// Unicode with a ToUnicode CMap; its glyph codes are the UTF-16 code units
// of the text (characters beyond the BMP become U+FFFD).
func Report(text string, l Layout) []byte {
	if l.CharsPerLine <= 0 {
		l.CharsPerLine = 36
	}
	if l.LinesPerPage <= 0 {
		l.LinesPerPage = 34
	}
	type line struct {
		indent float64 // in units of 1/1000 of the font size
		text   string
	}
	width := float64(l.CharsPerLine) * 1000
	var lines []line
	first := true
	for _, para := range strings.Split(text, "\n") {
		para = strings.TrimSpace(para)
		if para == "" {
			continue
		}
		if first {
			lines = append(lines, line{indent: (width - textWidth(para)) / 2, text: para})
			first = false
			continue
		}
		indent := 2000.0
		if l.Blocks {
			indent = 0
			if len(lines) > 1 {
				lines = append(lines, line{})
			}
		}
		rest := []rune(para)
		for len(rest) > 0 {
			w, n := indent, 0
			for n < len(rest) && w+runeWidth(rest[n]) <= width {
				w += runeWidth(rest[n])
				n++
			}
			// No line starts with closing punctuation: it stays on the line.
			for n < len(rest) && strings.ContainsRune("，。、；：？！”’）》,.;:?!)", rest[n]) {
				n++
			}
			if n == 0 {
				n = 1
			}
			lines = append(lines, line{indent: indent, text: string(rest[:n])})
			rest, indent = rest[n:], 0
		}
	}
	const size, left, top, leading = 12.0, 72.0, 770.0, 20.0
	var pages []string
	for p := 0; p*l.LinesPerPage < len(lines); p++ {
		var c strings.Builder
		c.WriteString("BT /F1 12 Tf\n")
		for i, ln := range lines[p*l.LinesPerPage : min(len(lines), (p+1)*l.LinesPerPage)] {
			if ln.text == "" {
				continue
			}
			fmt.Fprintf(&c, "1 0 0 1 %.2f %.2f Tm <%s> Tj\n", left+ln.indent*size/1000, top-float64(i)*leading, utf16Hex(ln.text))
		}
		if l.PageNumbers {
			num := fmt.Sprintf("- %d -", p+1)
			fmt.Fprintf(&c, "1 0 0 1 %.2f %.2f Tm <%s> Tj\n", left+(width-textWidth(num))/2*size/1000, 50.0, utf16Hex(num))
		}
		c.WriteString("ET")
		pages = append(pages, c.String())
	}
	// Objects: 1 catalog, 2 pages, 3 font, 4 CID font, 5 descriptor,
	// 6 ToUnicode, then a page and its contents for each page.
	var kids []string
	for i := range pages {
		kids = append(kids, fmt.Sprintf("%d 0 R", 7+2*i))
	}
	cmap := toUnicodeCMap()
	objs := []string{
		"<< /Type /Catalog /Pages 2 0 R >>",
		fmt.Sprintf("<< /Type /Pages /Kids [%s] /Count %d >>", strings.Join(kids, " "), len(pages)),
		"<< /Type /Font /Subtype /Type0 /BaseFont /SimSun /Encoding /Identity-H /DescendantFonts [4 0 R] /ToUnicode 6 0 R >>",
		"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /SimSun /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> " +
			"/FontDescriptor 5 0 R /DW 1000 /W [32 126 500] /CIDToGIDMap /Identity >>",
		"<< /Type /FontDescriptor /FontName /SimSun /Flags 4 /FontBBox [0 -141 1000 859] /ItalicAngle 0 /Ascent 859 /Descent -141 /CapHeight 700 /StemV 80 >>",
		fmt.Sprintf("<< /Length %d >>\nstream\n%s\nendstream", len(cmap), cmap),
	}
	for i, content := range pages {
		objs = append(objs,
			fmt.Sprintf("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents %d 0 R /Resources << /Font << /F1 3 0 R >> >> >>", 8+2*i),
			fmt.Sprintf("<< /Length %d >>\nstream\n%s\nendstream", len(content), content))
	}
	return assemble(objs)
}

// runeWidth is the advance of r in 1/1000 of the font size.
func runeWidth(r rune) float64 {
	if r >= 32 && r <= 126 {
		return 500
	}
	return 1000
}

func textWidth(s string) float64 {
	w := 0.0
	for _, r := range s {
		w += runeWidth(r)
	}
	return w
}

// utf16Hex writes s as 2-byte glyph codes in hex.
func utf16Hex(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r > 0xFFFF || r == utf8.RuneError {
			r = 0xFFFD
		}
		fmt.Fprintf(&b, "%04X", r)
	}
	return b.String()
}

// toUnicodeCMap maps every 2-byte code to the same UTF-16 code unit.
func toUnicodeCMap() string {
	var b strings.Builder
	b.WriteString("/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n" +
		"/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n" +
		"1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n")
	for hi := 0; hi < 256; hi += 64 {
		b.WriteString("64 beginbfrange\n")
		for k := hi; k < hi+64; k++ {
			if k >= 0xD8 && k <= 0xDF { // surrogates map to nothing useful; keep the range valid
				fmt.Fprintf(&b, "<%02X00> <%02XFF> <FFFD>\n", k, k)
				continue
			}
			fmt.Fprintf(&b, "<%02X00> <%02XFF> <%02X00>\n", k, k, k)
		}
		b.WriteString("endbfrange\n")
	}
	b.WriteString("endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend")
	return b.String()
}
