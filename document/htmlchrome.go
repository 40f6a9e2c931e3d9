package document

import (
	"strings"
	"unicode"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// nodeStat sums up the visible text below an element.
type nodeStat struct {
	text  int  // visible non-space characters
	link  int  // of them, those inside <a> elements
	links int  // number of <a> elements
	h1    bool // holds an h1 with text
	table bool // is or holds a table
}

// computeStats fills in a nodeStat for every element, from the leaves
// up, without recursion.
func computeStats(root *html.Node) map[*html.Node]*nodeStat {
	var order []*html.Node
	stack := []*html.Node{root}
	for len(stack) > 0 {
		n := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if n.Type == html.ElementNode && invisible(n) {
			continue
		}
		order = append(order, n)
		for c := n.LastChild; c != nil; c = c.PrevSibling {
			stack = append(stack, c)
		}
	}
	stats := make(map[*html.Node]*nodeStat)
	for _, n := range order {
		if n.Type == html.ElementNode || n.Type == html.DocumentNode {
			stats[n] = &nodeStat{}
		}
	}
	// Preorder puts every node before its descendants, so walking it
	// backwards finishes each node before its parent.
	for i := len(order) - 1; i >= 0; i-- {
		n := order[i]
		var s nodeStat
		switch n.Type {
		case html.TextNode:
			s.text = countVisible(n.Data)
		case html.ElementNode:
			p := stats[n]
			switch n.DataAtom {
			case atom.A:
				p.link, p.links = p.text, p.links+1
			case atom.H1:
				p.h1 = p.text > 0
			case atom.Table:
				p.table = true
			}
			s = *p
		default:
			continue
		}
		if ps := stats[n.Parent]; n.Parent != nil && ps != nil {
			ps.text += s.text
			ps.link += s.link
			ps.links += s.links
			ps.h1 = ps.h1 || s.h1
			ps.table = ps.table || s.table
		}
	}
	return stats
}

func (x *htmlExtractor) stat(n *html.Node) *nodeStat {
	if s := x.stats[n]; s != nil {
		return s
	}
	return &nodeStat{}
}

func countVisible(s string) int {
	n := 0
	for _, r := range s {
		if !unicode.IsSpace(r) {
			n++
		}
	}
	return n
}

// neverVisible are elements whose content is never body text.
var neverVisible = map[atom.Atom]bool{
	atom.Script: true, atom.Style: true, atom.Noscript: true, atom.Template: true,
	atom.Head: true, atom.Title: true, atom.Select: true, atom.Button: true,
	atom.Iframe: true, atom.Svg: true, atom.Math: true, atom.Object: true,
	atom.Embed: true, atom.Canvas: true, atom.Textarea: true, atom.Noframes: true,
	atom.Datalist: true, atom.Rp: true,
}

// invisible reports whether an element is never rendered as text.
func invisible(n *html.Node) bool {
	if n.Type != html.ElementNode {
		return false
	}
	if neverVisible[n.DataAtom] {
		return true
	}
	for _, a := range n.Attr {
		if a.Namespace == "" && a.Key == "hidden" {
			return true
		}
	}
	return false
}

// chromeAtoms are elements that usually hold page chrome rather than
// the document itself.
var chromeAtoms = map[atom.Atom]bool{
	atom.Nav: true, atom.Header: true, atom.Footer: true, atom.Aside: true, atom.Form: true,
}

// chromeWords in an id or class mark page chrome.
var chromeWords = []string{
	"nav", "menu", "breadcrumb", "crumb", "footer", "header", "sidebar", "share",
	"toolbar", "banner", "copyright", "pager", "login", "search",
}

// listAtoms are containers that are dropped when they are mostly links.
var listAtoms = map[atom.Atom]bool{
	atom.Ul: true, atom.Ol: true, atom.Dl: true, atom.Menu: true, atom.Div: true,
	atom.Section: true, atom.Table: true, atom.Tbody: true, atom.Tr: true, atom.Td: true,
}

// isChrome reports whether an element is page chrome to be dropped:
//   - a chrome element (nav, header, footer, aside, form, an id or class
//     with a chrome word, or hidden by its style) unless it holds at least
//     half of the page's text outside links, or the page title (an h1)
//     without being mostly links;
//   - a list of links (two or more links making up most of its text),
//     unless it holds at least a fifth of the page's text outside links.
//
// The exceptions keep content containers with unlucky names, such as an
// ASP.NET page wrapped whole in a <form>, or <div class="main-nav-content">.
func (x *htmlExtractor) isChrome(n *html.Node) bool {
	s := x.stat(n)
	nonLink := s.text - s.link
	dense := s.links >= 2 && s.link*2 > s.text
	if chromeAtoms[n.DataAtom] || hasChromeName(n) || hiddenByStyle(n) {
		if s.h1 && !dense {
			return false
		}
		return nonLink*2 < x.pageNonLink || s.text == 0
	}
	return listAtoms[n.DataAtom] && dense && nonLink*5 < x.pageNonLink
}

func hasChromeName(n *html.Node) bool {
	for _, a := range n.Attr {
		if a.Namespace != "" || (a.Key != "id" && a.Key != "class") {
			continue
		}
		v := strings.ToLower(a.Val)
		v = strings.ReplaceAll(v, "research", "") // not "search"
		for _, w := range chromeWords {
			if strings.Contains(v, w) {
				return true
			}
		}
	}
	return false
}

func hiddenByStyle(n *html.Node) bool {
	for _, a := range n.Attr {
		if a.Namespace == "" && a.Key == "style" {
			v := strings.ToLower(strings.Join(strings.Fields(a.Val), ""))
			if strings.Contains(v, "display:none") || strings.Contains(v, "visibility:hidden") {
				return true
			}
		}
	}
	return false
}

// lineWriter collects lines of text, collapsing runs of white space to
// one space and trimming lines.
type lineWriter struct {
	lines   []string
	cur     strings.Builder
	space   bool // white space seen since the last character
	newline bool // and it held a line break
	last    rune // last character of the current line, 0 at its start
}

func (w *lineWriter) text(s string) {
	for _, r := range s {
		if r == '\uFEFF' { // a stray byte order mark shows nothing
			continue
		}
		if unicode.IsSpace(r) {
			w.space = true
			w.newline = w.newline || r == '\n'
			continue
		}
		// As in CSS, a line break in the source between two East Asian
		// wide characters vanishes instead of becoming a space.
		if w.space && w.last != 0 && w.last != '\t' && !(w.newline && isWide(w.last) && isWide(r)) {
			w.cur.WriteByte(' ')
		}
		w.space, w.newline = false, false
		w.cur.WriteRune(r)
		w.last = r
	}
}

// tab separates table cells.
func (w *lineWriter) tab() {
	w.cur.WriteByte('\t')
	w.space, w.newline, w.last = false, false, '\t'
}

// breakLine ends the current line, dropping it when it is empty.
func (w *lineWriter) breakLine() {
	if line := w.cur.String(); strings.Trim(line, "\t") != "" {
		w.lines = append(w.lines, line)
	}
	w.cur.Reset()
	w.space, w.newline, w.last = false, false, 0
}

// isWide reports whether r is an East Asian wide character of a script
// written without spaces (Chinese, Japanese kana, CJK punctuation,
// full-width forms).
func isWide(r rune) bool {
	switch {
	case r >= 0x3000 && r <= 0x303F, r >= 0xFF01 && r <= 0xFF60, r >= 0xFFE0 && r <= 0xFFE6:
		return true
	}
	return unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana)
}
