// Package docx writes a plain Word document (Office Open XML): a title,
// headings and paragraphs in the fonts of Chinese government documents.
// It writes only what ducha's drafts need.
package docx

import (
	"archive/zip"
	"encoding/xml"
	"io"
	"strings"
)

// Block is a heading or a paragraph.
type Block struct {
	Heading bool
	Text    string
	// Align is "center" or "right" for a line set apart (a document
	// number, a signature, a date), "left" for a line flush left (主送单位),
	// "" for a body paragraph indented by two characters.
	Align string
	// Label starts the paragraph in bold (主送单位：).
	Label string
}

const contentTypes = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>`

const rels = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>`

// Write writes a document with title and blocks to w.
func Write(w io.Writer, title string, blocks []Block) error {
	z := zip.NewWriter(w)
	for _, f := range []struct{ name, body string }{
		{"[Content_Types].xml", contentTypes},
		{"_rels/.rels", rels},
		{"word/document.xml", document(title, blocks)},
	} {
		fw, err := z.Create(f.name)
		if err != nil {
			return err
		}
		if _, err := io.WriteString(fw, f.body); err != nil {
			return err
		}
	}
	return z.Close()
}

func escape(s string) string {
	var b strings.Builder
	xml.EscapeText(&b, []byte(s))
	return b.String()
}

// run is a run of text in a font and size (half-points).
func run(text, font string, size int, bold bool) string {
	b := ""
	if bold {
		b = "<w:b/>"
	}
	return `<w:r><w:rPr><w:rFonts w:ascii="` + font + `" w:hAnsi="` + font + `" w:eastAsia="` + font + `"/>` + b +
		`<w:sz w:val="` + itoa(size) + `"/></w:rPr><w:t xml:space="preserve">` + escape(text) + `</w:t></w:r>`
}

func document(title string, blocks []Block) string {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` +
		`<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>`)
	b.WriteString(`<w:p><w:pPr><w:jc w:val="center"/><w:spacing w:after="240"/></w:pPr>` + run(title, "方正小标宋简体", 44, false) + `</w:p>`)
	for _, bl := range blocks {
		if bl.Heading {
			b.WriteString(`<w:p><w:pPr><w:spacing w:before="120" w:after="120"/><w:ind w:firstLineChars="200" w:firstLine="640"/></w:pPr>` +
				run(bl.Text, "黑体", 32, false) + `</w:p>`)
			continue
		}
		label := ""
		if bl.Label != "" {
			label = run(bl.Label, "黑体", 32, false)
		}
		if bl.Align == "center" || bl.Align == "right" || bl.Align == "left" {
			b.WriteString(`<w:p><w:pPr><w:spacing w:line="560" w:lineRule="exact"/><w:jc w:val="` + bl.Align + `"/></w:pPr>` +
				label + run(bl.Text, "仿宋_GB2312", 32, false) + `</w:p>`)
			continue
		}
		b.WriteString(`<w:p><w:pPr><w:spacing w:line="560" w:lineRule="exact"/><w:ind w:firstLineChars="200" w:firstLine="640"/><w:jc w:val="both"/></w:pPr>` +
			label + run(bl.Text, "仿宋_GB2312", 32, false) + `</w:p>`)
	}
	b.WriteString(`<w:sectPr><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="2098" w:right="1474" w:bottom="1984" w:left="1588" w:header="851" w:footer="992" w:gutter="0"/></w:sectPr></w:body></w:document>`)
	return b.String()
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var d []byte
	for ; n > 0; n /= 10 {
		d = append([]byte{byte('0' + n%10)}, d...)
	}
	return string(d)
}
