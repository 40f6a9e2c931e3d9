package document

import (
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// extractHTML renders the visible body text of an HTML page as lines.
// It first drops page chrome (menus, headers, footers, lists of links);
// if that leaves nothing although the body has text, it renders again
// dropping only what is never visible (scripts, styles and the like).
func extractHTML(src string) (string, error) {
	doc, err := html.Parse(strings.NewReader(src))
	if err != nil {
		return extractHTMLTokens(src), nil
	}
	body := findElement(doc, atom.Body)
	if body == nil {
		body = doc
	}
	x := &htmlExtractor{stats: computeStats(doc)}
	bs := x.stat(body)
	x.pageNonLink = bs.text - bs.link
	lines := x.render(body, true)
	if len(lines) == 0 && bs.text > 0 {
		lines = x.render(body, false)
	}
	if title := findElement(doc, atom.Title); title != nil && !x.sawH1 {
		var w lineWriter
		w.text(textContent(title))
		w.breakLine()
		if len(w.lines) > 0 && (len(lines) == 0 || lines[0] != w.lines[0]) {
			lines = append(w.lines, lines...)
		}
	}
	if len(lines) == 0 {
		return "", nil
	}
	return strings.ToValidUTF8(strings.Join(lines, "\n")+"\n", "\uFFFD"), nil
}

type htmlExtractor struct {
	stats       map[*html.Node]*nodeStat
	pageNonLink int  // visible text of the body outside links, in characters
	strict      bool // drop page chrome, not only invisible elements
	out         lineWriter
	tables      []tableCtx
	pre         int  // depth of <pre> elements
	sawH1       bool // an h1 with text was rendered
}

// tableCtx is the state of a table being rendered.
type tableCtx struct {
	data   bool // a data table: one line per row, cells joined by a tab
	cells  int  // cells of the current row so far
	inCell int  // depth of open cells
}

type frame struct {
	n    *html.Node
	exit bool
}

// render walks the tree below root without recursion, since a hostile
// page may nest elements millions deep.
func (x *htmlExtractor) render(root *html.Node, strict bool) []string {
	x.strict, x.out, x.tables, x.pre, x.sawH1 = strict, lineWriter{}, nil, 0, false
	stack := []frame{{n: root}}
	for len(stack) > 0 {
		f := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		n := f.n
		if f.exit {
			x.leave(n)
			continue
		}
		switch n.Type {
		case html.TextNode:
			x.emitText(n.Data)
			continue
		case html.ElementNode:
			if x.skip(n) {
				continue
			}
			x.enter(n)
			stack = append(stack, frame{n: n, exit: true})
		case html.DocumentNode:
		default:
			continue
		}
		for c := n.LastChild; c != nil; c = c.PrevSibling {
			stack = append(stack, frame{n: c})
		}
	}
	x.out.breakLine()
	return x.out.lines
}

// skip reports whether an element and everything in it is left out.
func (x *htmlExtractor) skip(n *html.Node) bool {
	if invisible(n) {
		return true
	}
	return x.strict && x.isChrome(n)
}

func (x *htmlExtractor) enter(n *html.Node) {
	switch n.DataAtom {
	case atom.Br:
		x.block()
	case atom.Table:
		x.block()
		x.tables = append(x.tables, tableCtx{data: x.isDataTable(n)})
	case atom.Tr:
		if t := x.dataTable(); t != nil {
			x.out.breakLine()
			t.cells = 0
			return
		}
		x.block()
	case atom.Td, atom.Th:
		if t := x.dataTable(); t != nil {
			if t.cells > 0 {
				x.out.tab()
			}
			t.cells++
			t.inCell++
			return
		}
		x.block()
	case atom.Pre:
		x.block()
		x.pre++
	case atom.H1:
		if x.stat(n).text > 0 {
			x.sawH1 = true
		}
		x.block()
	default:
		if isBlock(n.DataAtom) {
			x.block()
		}
	}
}

func (x *htmlExtractor) leave(n *html.Node) {
	switch n.DataAtom {
	case atom.Table:
		if len(x.tables) > 0 {
			x.tables = x.tables[:len(x.tables)-1]
		}
		x.block()
	case atom.Tr:
		if x.dataTable() != nil {
			x.out.breakLine()
			return
		}
		x.block()
	case atom.Td, atom.Th:
		if t := x.dataTable(); t != nil {
			t.inCell--
			return
		}
		x.block()
	case atom.Pre:
		x.pre--
		x.block()
	default:
		if isBlock(n.DataAtom) {
			x.block()
		}
	}
}

// dataTable returns the innermost table when it is a data table.
func (x *htmlExtractor) dataTable() *tableCtx {
	if len(x.tables) == 0 || !x.tables[len(x.tables)-1].data {
		return nil
	}
	return &x.tables[len(x.tables)-1]
}

func (x *htmlExtractor) inDataCell() bool {
	t := x.dataTable()
	return t != nil && t.inCell > 0
}

// block ends the current line, or inside a data table cell, where the
// whole row must stay on one line, just separates words.
func (x *htmlExtractor) block() {
	if x.inDataCell() {
		x.out.space = true
		return
	}
	x.out.breakLine()
}

func (x *htmlExtractor) emitText(s string) {
	if x.pre == 0 || x.inDataCell() {
		x.out.text(s)
		return
	}
	for i, part := range strings.Split(s, "\n") {
		if i > 0 {
			x.out.breakLine()
		}
		x.out.text(part)
	}
}

// isDataTable tells a table of data from a table used for page layout:
// a data table has rows of two or more short cells and no nested table.
func (x *htmlExtractor) isDataTable(t *html.Node) bool {
	maxCells := 0
	for _, row := range tableRows(t) {
		cells := 0
		for c := row.FirstChild; c != nil; c = c.NextSibling {
			if c.Type != html.ElementNode || (c.DataAtom != atom.Td && c.DataAtom != atom.Th) {
				continue
			}
			cells++
			if s := x.stat(c); s.table || s.text > 200 {
				return false
			}
		}
		maxCells = max(maxCells, cells)
	}
	return maxCells >= 2
}

// tableRows returns the rows of a table, not those of nested tables.
func tableRows(t *html.Node) []*html.Node {
	var rows []*html.Node
	for c := t.FirstChild; c != nil; c = c.NextSibling {
		switch c.DataAtom {
		case atom.Tr:
			rows = append(rows, c)
		case atom.Thead, atom.Tbody, atom.Tfoot:
			for r := c.FirstChild; r != nil; r = r.NextSibling {
				if r.DataAtom == atom.Tr {
					rows = append(rows, r)
				}
			}
		}
	}
	return rows
}

var blockAtoms = map[atom.Atom]bool{
	atom.Address: true, atom.Article: true, atom.Aside: true, atom.Blockquote: true,
	atom.Body: true, atom.Caption: true, atom.Center: true, atom.Dd: true,
	atom.Details: true, atom.Dialog: true, atom.Dir: true, atom.Div: true,
	atom.Dl: true, atom.Dt: true, atom.Fieldset: true, atom.Figcaption: true,
	atom.Figure: true, atom.Footer: true, atom.Form: true, atom.H1: true,
	atom.H2: true, atom.H3: true, atom.H4: true, atom.H5: true, atom.H6: true,
	atom.Header: true, atom.Hgroup: true, atom.Hr: true, atom.Html: true,
	atom.Legend: true, atom.Li: true, atom.Main: true, atom.Menu: true,
	atom.Nav: true, atom.Ol: true, atom.P: true, atom.Pre: true,
	atom.Section: true, atom.Summary: true, atom.Table: true, atom.Tbody: true,
	atom.Td: true, atom.Tfoot: true, atom.Th: true, atom.Thead: true,
	atom.Tr: true, atom.Ul: true,
}

func isBlock(a atom.Atom) bool { return blockAtoms[a] }

// findElement returns the first element of the given kind, in document
// order, without recursion.
func findElement(root *html.Node, a atom.Atom) *html.Node {
	stack := []*html.Node{root}
	for len(stack) > 0 {
		n := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if n.Type == html.ElementNode && n.DataAtom == a && n.Namespace == "" {
			return n
		}
		for c := n.LastChild; c != nil; c = c.PrevSibling {
			stack = append(stack, c)
		}
	}
	return nil
}

// textContent returns the concatenated text below n.
func textContent(n *html.Node) string {
	var b strings.Builder
	stack := []*html.Node{n}
	for len(stack) > 0 {
		n := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
		}
		for c := n.LastChild; c != nil; c = c.PrevSibling {
			stack = append(stack, c)
		}
	}
	return b.String()
}
