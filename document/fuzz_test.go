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

// FuzzRejoinLines: rejoining the lines of a PDF's text never panics, ends
// its last paragraph with a newline, keeps no form feed, and only drops
// spaces, line breaks and page numbers: the other characters of its
// output come in the order of its input.
func FuzzRejoinLines(f *testing.F) {
	full := strings.Repeat("字", 30)
	f.Add("    " + strings.Repeat("首", 28) + "\n" + full + "\n末行。\n    二、标题\n\f" + full + "\n")
	f.Add("第一页\n\f第二页\n")
	f.Add(full + "ab\ncd" + full + "\n\n\n   - 2 -\n\f" + full + "\n")
	f.Add("")
	f.Fuzz(func(t *testing.T, in string) {
		in = strings.ToValidUTF8(in, "\uFFFD") // as readPDF hands it over
		out := rejoinLines(in)
		if strings.Contains(out, "\f") {
			t.Fatalf("form feed kept: %q", out)
		}
		if rejoined := out != strings.ReplaceAll(in, "\f", "\n"); rejoined && out != "" && !strings.HasSuffix(out, "\n") {
			t.Fatalf("a rejoined text does not end its last paragraph: %q", out)
		}
		squeeze := func(s string) []rune {
			var r []rune
			for _, c := range s {
				if !strings.ContainsRune(" \t\n\f\u3000", c) {
					r = append(r, c)
				}
			}
			return r
		}
		src, dst := squeeze(in), squeeze(out)
		i := 0
		for _, c := range dst {
			for i < len(src) && src[i] != c {
				i++
			}
			if i == len(src) {
				t.Fatalf("output %q is not drawn from input %q in order", out, in)
			}
			i++
		}
	})
}
