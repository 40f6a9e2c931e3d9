package document

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"strings"
	"unicode"

	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/transform"
)

// docxMain is the part of a DOCX package that holds the body text.
const docxMain = "word/document.xml"

// errExpanded is returned while reading a zip entry that decompresses to
// more bytes than allowed.
var errExpanded = errors.New("expands past the limit")

// readDOCX reads the body text of a DOCX package. limit caps the bytes it
// decompresses, against zip bombs.
func readDOCX(name string, b []byte, limit int64) (*Document, error) {
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil && !(errors.Is(err, zip.ErrInsecurePath) && zr != nil) {
		return nil, &Error{Name: name, Msg: "not a valid DOCX file", Err: err}
	}
	var total uint64
	var main *zip.File
	for _, f := range zr.File {
		total += f.UncompressedSize64
		if total < f.UncompressedSize64 || total > uint64(limit) { // overflow or over
			return nil, newError(name, "DOCX expands past the %s limit", formatLimit(limit))
		}
		if main == nil && f.Name == docxMain {
			main = f
		}
	}
	if main == nil {
		return nil, newError(name, "not a DOCX file: the zip archive has no %s%s", docxMain, zipKind(zr))
	}
	rc, err := main.Open()
	if err != nil {
		return nil, &Error{Name: name, Msg: "not a valid DOCX file", Err: err}
	}
	defer rc.Close()
	text, err := docxText(rc, limit)
	switch {
	case errors.Is(err, errExpanded):
		return nil, newError(name, "DOCX expands past the %s limit", formatLimit(limit))
	case err != nil:
		return nil, &Error{Name: name, Msg: "not a valid DOCX file: cannot read " + docxMain, Err: err}
	case text == "":
		return nil, newError(name, "the DOCX document has no text")
	}
	return &Document{Name: name, Format: DOCX, Encoding: "utf-8", Text: text}, nil
}

// zipKind names what a zip archive without word/document.xml looks like.
func zipKind(zr *zip.Reader) string {
	for _, f := range zr.File {
		switch f.Name {
		case "xl/workbook.xml":
			return " (it looks like an XLSX spreadsheet)"
		case "ppt/presentation.xml":
			return " (it looks like a PPTX presentation)"
		case "mimetype":
			return " (it looks like an OpenDocument or EPUB file)"
		}
	}
	return ""
}

// limitReader reads at most limit bytes and fails with errExpanded when
// the source has more. Unlike the sizes in zip headers, it cannot lie.
type limitReader struct {
	r io.LimitedReader
}

func newLimitReader(r io.Reader, limit int64) *limitReader {
	return &limitReader{io.LimitedReader{R: r, N: limit + 1}}
}

func (l *limitReader) Read(p []byte) (int, error) {
	n, err := l.r.Read(p)
	if l.r.N <= 0 {
		return 0, errExpanded
	}
	return n, err
}

// docxText streams the body text out of word/document.xml.
func docxText(r io.Reader, limit int64) (string, error) {
	dec := xml.NewDecoder(newLimitReader(r, limit))
	dec.CharsetReader = func(label string, in io.Reader) (io.Reader, error) {
		switch strings.ToLower(label) {
		case "utf8", "us-ascii", "ascii":
			return in, nil
		}
		if isGBCharset(strings.ToLower(label)) {
			return transform.NewReader(in, simplifiedchinese.GB18030.NewDecoder()), nil
		}
		return nil, errors.New("unsupported XML encoding " + label)
	}
	var p docxParser
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return "", err
		}
		p.token(tok)
	}
	if len(p.lines) == 0 {
		return "", nil
	}
	text := normalizeNewlines(strings.Join(p.lines, "\n") + "\n")
	return strings.ToValidUTF8(text, "\uFFFD"), nil
}

const (
	wordNS       = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
	wordStrictNS = "http://purl.oclc.org/ooxml/wordprocessingml/main"
)

// docxParser turns the tokens of word/document.xml into lines.
type docxParser struct {
	lines  []string
	paras  []*strings.Builder // open paragraphs; text boxes nest them
	rows   []*docxRow         // open table rows; nested tables nest them
	inText bool               // inside w:t
	skip   int                // depth inside an element whose text is a duplicate
}

type docxRow struct {
	cells []string
	cell  *strings.Builder // the open cell, or nil
}

func isWord(n xml.Name) bool {
	return n.Space == wordNS || n.Space == wordStrictNS || n.Space == "w"
}

func (p *docxParser) token(tok xml.Token) {
	switch t := tok.(type) {
	case xml.StartElement:
		if p.skip > 0 || t.Name.Local == "Fallback" {
			// mc:Fallback repeats the content of mc:Choice for old readers.
			p.skip++
			return
		}
		if isWord(t.Name) {
			p.start(t.Name.Local)
		}
	case xml.EndElement:
		if p.skip > 0 {
			p.skip--
			return
		}
		if isWord(t.Name) {
			p.end(t.Name.Local)
		}
	case xml.CharData:
		if p.inText && p.skip == 0 && len(p.paras) > 0 {
			p.paras[len(p.paras)-1].Write(t)
		}
	}
}

func (p *docxParser) start(local string) {
	switch local {
	case "p":
		p.paras = append(p.paras, &strings.Builder{})
	case "t":
		p.inText = true
	case "tab", "ptab":
		p.write("\t")
	case "br", "cr":
		p.write("\n")
	case "noBreakHyphen":
		p.write("-")
	case "tr":
		p.rows = append(p.rows, &docxRow{})
	case "tc":
		if len(p.rows) > 0 {
			p.rows[len(p.rows)-1].cell = &strings.Builder{}
		}
	}
}

func (p *docxParser) end(local string) {
	switch local {
	case "p":
		if len(p.paras) > 0 {
			text := p.paras[len(p.paras)-1].String()
			p.paras = p.paras[:len(p.paras)-1]
			p.add(strings.TrimFunc(text, unicode.IsSpace))
		}
	case "t":
		p.inText = false
	case "tc":
		if len(p.rows) > 0 {
			row := p.rows[len(p.rows)-1]
			if row.cell != nil {
				row.cells = append(row.cells, row.cell.String())
				row.cell = nil
			}
		}
	case "tr":
		if len(p.rows) > 0 {
			row := p.rows[len(p.rows)-1]
			p.rows = p.rows[:len(p.rows)-1]
			p.add(strings.Join(row.cells, "\t"))
		}
	}
}

func (p *docxParser) write(s string) {
	if p.skip == 0 && len(p.paras) > 0 {
		p.paras[len(p.paras)-1].WriteString(s)
	}
}

// add adds a paragraph or a table row: to the open table cell, where tabs
// and line breaks become spaces so the row stays one line, or else as a
// line of its own.
func (p *docxParser) add(text string) {
	if len(p.rows) > 0 && p.rows[len(p.rows)-1].cell != nil {
		cell := p.rows[len(p.rows)-1].cell
		text = strings.Join(strings.Fields(text), " ")
		if text != "" {
			if cell.Len() > 0 {
				cell.WriteByte(' ')
			}
			cell.WriteString(text)
		}
		return
	}
	if strings.TrimSpace(text) != "" {
		p.lines = append(p.lines, text)
	}
}
