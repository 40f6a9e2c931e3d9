package document

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"errors"
	"hash/crc32"
	"strings"
	"testing"
)

// zipFile is one entry of a test zip archive.
type zipFile struct{ name, body string }

func makeZip(t testing.TB, files ...zipFile) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, f := range files {
		w, err := zw.Create(f.name)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write([]byte(f.body)); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// documentXML wraps body in a word/document.xml.
func documentXML(body string) string {
	return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" ` +
		`xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"><w:body>` +
		body + `<w:sectPr/></w:body></w:document>`
}

// makeDOCX builds a minimal DOCX package around a document body.
func makeDOCX(t testing.TB, body string) []byte {
	return makeZip(t,
		zipFile{"[Content_Types].xml", `<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
			`<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>`},
		zipFile{"_rels/.rels", `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
			`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>`},
		zipFile{"word/document.xml", documentXML(body)},
	)
}

// para is a paragraph of one run of text.
func para(s string) string { return `<w:p><w:r><w:t xml:space="preserve">` + s + `</w:t></w:r></w:p>` }

func row(cells ...string) string {
	s := "<w:tr>"
	for _, c := range cells {
		s += "<w:tc>" + c + "</w:tc>"
	}
	return s + "</w:tr>"
}

func TestReadDOCX(t *testing.T) {
	body := para("2024年政府工作报告") +
		`<w:p><w:pPr><w:jc w:val="both"/></w:pPr><w:r><w:t xml:space="preserve">　　新增学位</w:t></w:r>` +
		`<w:r><w:rPr><w:b/></w:rPr><w:t>6000</w:t></w:r><w:r><w:t>个以上。</w:t></w:r></w:p>` +
		`<w:p/>` +
		`<w:p><w:r><w:t>甲</w:t><w:tab/><w:t>乙</w:t><w:br/><w:t>丙</w:t></w:r></w:p>` +
		`<w:tbl><w:tblPr/>` + row(para("指标"), para("目标")) +
		row(para("城镇新增就业")+para("（万人）"), para("1.2")) +
		row(para(""), para("")) +
		row(para("嵌套"), `<w:tbl>`+row(para("a"), para("b"))+`</w:tbl>`) + `</w:tbl>` +
		`<w:p><w:r><w:delText>删除的</w:delText></w:r><w:ins><w:r><w:t>保留的</w:t></w:r></w:ins></w:p>` +
		`<mc:AlternateContent><mc:Choice Requires="wps">` + para("文本框") +
		`</mc:Choice><mc:Fallback>` + para("文本框") + `</mc:Fallback></mc:AlternateContent>` +
		`<w:p><w:r><w:t>A&amp;B</w:t></w:r></w:p>`
	doc, err := Read("report.docx", bytes.NewReader(makeDOCX(t, body)), Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := "2024年政府工作报告\n新增学位6000个以上。\n甲\t乙\n丙\n指标\t目标\n城镇新增就业 （万人）\t1.2\n嵌套\ta b\n保留的\n文本框\nA&B\n"
	if doc.Format != DOCX || doc.Encoding != "utf-8" || doc.Text != want {
		t.Errorf("got %s %s %q\nwant %q", doc.Format, doc.Encoding, doc.Text, want)
	}
}

func TestReadDOCXErrors(t *testing.T) {
	bomb := makeDOCX(t, para(strings.Repeat("a", 4<<20)))
	good := makeDOCX(t, para("正文"))
	tests := []struct {
		name string
		in   []byte
		opt  Options
		want []string
	}{
		{"zip bomb", bomb, Options{MaxExpanded: 1 << 20}, []string{"DOCX expands past the 1 MiB limit"}},
		{"not a docx", makeZip(t, zipFile{"notes.txt", "hello"}), Options{}, []string{"not a DOCX file: the zip archive has no word/document.xml"}},
		{"xlsx", makeZip(t, zipFile{"xl/workbook.xml", "<workbook/>"}), Options{}, []string{"no word/document.xml", "XLSX spreadsheet"}},
		{"corrupt zip", append([]byte("PK\x03\x04"), bytes.Repeat([]byte{0x17}, 200)...), Options{}, []string{"not a valid DOCX file: zip: not a valid zip file"}},
		{"truncated", good[:len(good)/2], Options{}, []string{"not a valid DOCX file"}},
		{"bad xml", makeZip(t, zipFile{"word/document.xml", "<w:document><w:body><w:p>"}), Options{}, []string{"not a valid DOCX file: cannot read word/document.xml", "XML syntax error"}},
		{"no text", makeDOCX(t, "<w:p/>"+para("  ")), Options{}, []string{"the DOCX document has no text"}},
		{"lying header", lyingZip(t), Options{MaxExpanded: 1 << 20}, []string{"not a valid DOCX file"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, err := Read("report.docx", bytes.NewReader(tt.in), tt.opt)
			if doc != nil {
				t.Errorf("got a document %+v", doc)
			}
			checkErr(t, err, "report.docx", tt.want...)
		})
	}
}

// lyingZip holds a word/document.xml whose header claims 100 bytes but
// whose data inflates to 4 MiB.
func lyingZip(t *testing.T) []byte {
	data := []byte(documentXML(para(strings.Repeat("a", 4<<20))))
	var packed bytes.Buffer
	fw, _ := flate.NewWriter(&packed, flate.BestCompression)
	fw.Write(data)
	fw.Close()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, err := zw.CreateRaw(&zip.FileHeader{
		Name: "word/document.xml", Method: zip.Deflate, CRC32: crc32.ChecksumIEEE(data),
		CompressedSize64: uint64(packed.Len()), UncompressedSize64: 100,
	})
	if err != nil {
		t.Fatal(err)
	}
	w.Write(packed.Bytes())
	zw.Close()
	return buf.Bytes()
}

// The streaming limit holds even when the zip headers understate sizes.
func TestDOCXStreamingLimit(t *testing.T) {
	xml := documentXML(para(strings.Repeat("b", 5000)))
	if _, err := docxText(strings.NewReader(xml), 1000); !errors.Is(err, errExpanded) {
		t.Errorf("got %v, want errExpanded", err)
	}
	text, err := docxText(strings.NewReader(xml), int64(len(xml)))
	if err != nil || len(text) != 5001 {
		t.Errorf("at the limit: %d bytes, %v", len(text), err)
	}
}
