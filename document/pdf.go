package document

import (
	"bytes"
	"context"
	"errors"
	"os"
	"os/exec"
	"strings"
	"time"
	"unicode/utf8"
)

// pdfTimeout bounds one run of pdftotext, which a hostile PDF could
// otherwise keep busy for ever.
const pdfTimeout = 5 * time.Minute

// readPDF extracts the text of a PDF with pdftotext from poppler-utils.
// path, when not empty, is the PDF on disk; otherwise b is written to a
// temporary file first.
func readPDF(name, path string, b []byte) (*Document, error) {
	tool, err := exec.LookPath("pdftotext")
	if err != nil {
		return nil, newError(name, "PDF input needs pdftotext: install the Debian package poppler-utils")
	}
	if path == "" {
		tmp, err := os.CreateTemp("", "ducha-*.pdf")
		if err != nil {
			return nil, &Error{Name: name, Msg: "cannot write a temporary copy of the PDF", Err: unwrapPathError(err)}
		}
		defer os.Remove(tmp.Name())
		_, werr := tmp.Write(b)
		if cerr := tmp.Close(); werr == nil {
			werr = cerr
		}
		if werr != nil {
			return nil, &Error{Name: name, Msg: "cannot write a temporary copy of the PDF", Err: unwrapPathError(werr)}
		}
		path = tmp.Name()
	}
	ctx, cancel := context.WithTimeout(context.Background(), pdfTimeout)
	defer cancel()
	var stdout, stderr bytes.Buffer
	if strings.HasPrefix(path, "-") {
		path = "./" + path // not an option
	}
	cmd := exec.CommandContext(ctx, tool, "-layout", "-enc", "UTF-8", path, "-")
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		if errors.Is(ctx.Err(), context.DeadlineExceeded) {
			return nil, newError(name, "pdftotext took longer than %v", pdfTimeout)
		}
		msg := "pdftotext cannot read the PDF"
		if line := firstLine(stderr.String()); line != "" {
			msg += " (" + line + ")"
		}
		return nil, &Error{Name: name, Msg: msg, Err: err}
	}
	text := strings.ToValidUTF8(stdout.String(), "\uFFFD")
	text = rejoinLines(normalizeNewlines(text))
	if strings.TrimSpace(text) == "" {
		return nil, newError(name, "the PDF has no text layer (a scanned image?): it needs OCR first")
	}
	return &Document{Name: name, Format: PDF, Encoding: "utf-8", Text: text}, nil
}

// rejoinLines undoes the hard line breaks a PDF has inside paragraphs, so
// that its text layer reads like the report's text: one paragraph a line.
// pdftotext -layout keeps the page's geometry, which is the only guide in
// CJK text (no spaces between words): a line reaching the right margin
// (within two full-width characters of the most common full width) goes
// on into the next line, unless that line is indented past the page's left
// margin (a new paragraph) or a blank line lies between (a gap on the
// page). A paragraph continues across a page break the same way; the page
// numbers at the top or foot of a page (- 3 -, 第3页) are dropped. Short
// lines — headings, a paragraph's last line — end their paragraph. Text
// without enough full lines to tell the width (a one-line page) is left
// as it is, pages separated by a newline.
func rejoinLines(text string) string {
	type line struct {
		text          string // without the indent
		indent, right int    // in columns: a full-width character takes two
	}
	var pages [][]line // nil entries stand for blank lines
	edges := map[int]int{}
	maxRight := 0
	for _, page := range strings.Split(text, "\f") {
		var ls []line
		for _, raw := range strings.Split(page, "\n") {
			t := strings.TrimRight(raw, " \t\u3000")
			body := strings.TrimLeft(t, " \t\u3000")
			if body == "" {
				ls = append(ls, line{})
				continue
			}
			l := line{text: body, indent: columns(t[:len(t)-len(body)])}
			l.right = l.indent + columns(body)
			ls = append(ls, l)
		}
		ls = dropPageNumbers(ls, func(l line) string { return l.text })
		for _, l := range ls {
			if l.text != "" {
				edges[l.right]++
				maxRight = max(maxRight, l.right)
			}
		}
		pages = append(pages, ls)
	}
	full := 0 // the most common right edge of the long lines
	for e, n := range edges {
		if e*4 >= maxRight*3 && (n > edges[full] || n == edges[full] && e > full) {
			full = e
		}
	}
	long := 0 // lines reaching the margin
	for e, n := range edges {
		if e >= full-4 {
			long += n
		}
	}
	if full < 20 || long < 3 {
		return strings.ReplaceAll(text, "\f", "\n")
	}
	var b strings.Builder
	open := false      // a paragraph is being written
	goesOn := false    // the last line written reached the right margin
	lastASCII := false // it ended in an ASCII letter
	for _, ls := range pages {
		margin := -1
		for _, l := range ls {
			if l.text != "" && (margin < 0 || l.indent < margin) {
				margin = l.indent
			}
		}
		// Blank lines at the top and foot of a page are no gaps.
		lo, hi := 0, len(ls)
		for lo < hi && ls[lo].text == "" {
			lo++
		}
		for hi > lo && ls[hi-1].text == "" {
			hi--
		}
		for _, l := range ls[lo:hi] {
			if l.text == "" {
				goesOn = false
				continue
			}
			if open && goesOn && l.indent <= margin+1 {
				if r, _ := utf8.DecodeRuneInString(l.text); lastASCII && isASCIILetter(r) {
					b.WriteByte(' ')
				}
			} else {
				if open {
					b.WriteByte('\n')
				}
				open = true
			}
			b.WriteString(l.text)
			goesOn = l.right >= full-4
			r, _ := utf8.DecodeLastRuneInString(l.text)
			lastASCII = isASCIILetter(r)
		}
	}
	if open {
		b.WriteByte('\n')
	}
	return b.String()
}

// dropPageNumbers drops a page number (- 3 -, 3, 第3页, 3/20) standing
// alone among the first or the last two lines of a page.
func dropPageNumbers[L any](ls []L, text func(L) string) []L {
	var keep []L
	nonBlank := 0
	for _, l := range ls {
		if text(l) != "" {
			nonBlank++
		}
	}
	seen := 0
	for _, l := range ls {
		t := text(l)
		if t != "" {
			seen++
			if (seen <= 2 || seen > nonBlank-2) && isPageNumber(t) {
				continue
			}
		}
		keep = append(keep, l)
	}
	return keep
}

func isPageNumber(t string) bool {
	t = strings.Trim(t, " -—–_·")
	t = strings.TrimSuffix(strings.TrimPrefix(t, "第"), "页")
	if i := strings.IndexByte(t, '/'); i > 0 {
		t = t[:i] + t[i+1:]
	}
	if t == "" || len(t) > 6 {
		return false
	}
	for _, c := range t {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// columns is the width of s on a monospaced grid: two columns for a
// full-width or ambiguous East Asian character (汉字, ，, “), one for ASCII.
func columns(s string) int {
	n := 0
	for _, r := range s {
		if r < 0x1100 {
			if r == '\t' {
				n += 8
			} else if r >= 0x80 && (r == 0xB7 || r == 0xD7 || r == 0xF7) {
				n += 2
			} else {
				n++
			}
			continue
		}
		n += 2
	}
	return n
}

func isASCIILetter(r rune) bool { return r < 0x80 && (r|0x20 >= 'a' && r|0x20 <= 'z') }

func firstLine(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = s[:i]
	}
	return strings.TrimSpace(s)
}
