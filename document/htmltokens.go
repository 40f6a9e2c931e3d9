package document

import (
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// extractHTMLTokens renders a page that the HTML parser rejects (it
// refuses elements nested more than 512 deep) from its token stream:
// invisible elements are skipped, block tags break lines and the cells of
// a table row are joined by a tab. It drops no page chrome.
func extractHTMLTokens(src string) string {
	z := html.NewTokenizer(strings.NewReader(src))
	var w lineWriter
	skipName := "" // the invisible element being skipped
	depth, cells, pre := 0, 0, 0
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			break
		}
		tok := z.Token()
		a := tok.DataAtom
		if skipName != "" {
			switch {
			case tt == html.StartTagToken && tok.Data == skipName:
				depth++
			case tt == html.EndTagToken && tok.Data == skipName:
				if depth--; depth == 0 {
					skipName = ""
				}
			}
			continue
		}
		switch tt {
		case html.TextToken:
			if pre > 0 {
				for i, part := range strings.Split(tok.Data, "\n") {
					if i > 0 {
						w.breakLine()
					}
					w.text(part)
				}
			} else {
				w.text(tok.Data)
			}
		case html.StartTagToken:
			if neverVisible[a] && a != atom.Head { // </head> is often left out
				skipName, depth = tok.Data, 1
				continue
			}
			fallthrough
		case html.SelfClosingTagToken:
			switch {
			case a == atom.Tr:
				w.breakLine()
				cells = 0
			case a == atom.Td || a == atom.Th:
				if cells > 0 {
					w.tab()
				}
				cells++
			case a == atom.Pre && tt == html.StartTagToken:
				w.breakLine()
				pre++
			case a == atom.Br || isBlock(a):
				w.breakLine()
			}
		case html.EndTagToken:
			switch {
			case a == atom.Td || a == atom.Th:
			case a == atom.Pre:
				pre = max(pre-1, 0)
				w.breakLine()
			case isBlock(a):
				w.breakLine()
			}
		}
	}
	w.breakLine()
	if len(w.lines) == 0 {
		return ""
	}
	return strings.ToValidUTF8(strings.Join(w.lines, "\n")+"\n", "\uFFFD")
}
