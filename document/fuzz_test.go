package document

import (
	"bytes"
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzRead feeds arbitrary bytes to Read: it must not panic, and a
// document it returns must have a valid UTF-8 text layer without "\r".
func FuzzRead(f *testing.F) {
	f.Add([]byte(report))
	f.Add([]byte("\xEF\xBB\xBF一、总体要求\r\n新增学位6000个以上。\r"))
	f.Add([]byte("\xFF\xFEa\x00\r\x00\n\x00"))
	f.Add(gbk(f, "（一）教育\r\n"+report))
	f.Add([]byte("<!DOCTYPE html><html><body><nav><a href=/>首页</a></nav><p>正文&nbsp;一</p><table><tr><td>a</td><td>b</td></tr></table></body></html>"))
	f.Add(makeDOCX(f, para("第一段")+"<w:tbl>"+row(para("a"), para("b"))+"</w:tbl>"))
	f.Add([]byte("PK\x03\x04\x14\x00"))
	f.Add([]byte("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1"))
	f.Add([]byte(" \t\n"))
	f.Fuzz(func(t *testing.T, in []byte) {
		if isPDF(in) {
			return // would run pdftotext
		}
		for _, name := range []string{"in.txt", "in.html"} {
			doc, err := Read(name, bytes.NewReader(in), Options{MaxBytes: 64 << 10, MaxExpanded: 256 << 10})
			if err != nil {
				if doc != nil {
					t.Fatalf("got a document and an error %v", err)
				}
				if !strings.HasPrefix(err.Error(), name+": ") {
					t.Fatalf("error %q does not name the file", err)
				}
				continue
			}
			if !utf8.ValidString(doc.Text) {
				t.Fatalf("text layer is not valid UTF-8: %q", doc.Text)
			}
			if strings.Contains(doc.Text, "\r") {
				t.Fatalf("text layer holds \\r: %q", doc.Text)
			}
			if strings.HasPrefix(doc.Text, "\uFEFF") {
				t.Fatalf("text layer starts with a BOM: %q", doc.Text)
			}
		}
	})
}
