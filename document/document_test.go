package document

import (
	"bytes"
	"errors"
	"io"
	"math/rand"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/unicode"
)

// report is a line of Chinese report text used throughout the tests.
const report = "新增学位6000个以上。\n"

// encode encodes UTF-8 text with a x/text encoding.
func encode(t testing.TB, enc encoding.Encoding, s string) []byte {
	t.Helper()
	b, err := enc.NewEncoder().Bytes([]byte(s))
	if err != nil {
		t.Fatalf("encode %q: %v", s, err)
	}
	return b
}

func gbk(t testing.TB, s string) []byte { return encode(t, simplifiedchinese.GBK, s) }

// checkErr checks that err is an *Error whose message names the file and
// holds every wanted piece.
func checkErr(t *testing.T, err error, name string, want ...string) {
	t.Helper()
	if err == nil {
		t.Fatalf("got no error, want one containing %q", want)
	}
	var de *Error
	if !errors.As(err, &de) {
		t.Fatalf("error %T %v is not a *document.Error", err, err)
	}
	msg := err.Error()
	if !strings.HasPrefix(msg, name+": ") {
		t.Errorf("error %q does not start with the file name %q", msg, name+": ")
	}
	for _, w := range want {
		if !strings.Contains(msg, w) {
			t.Errorf("error %q does not contain %q", msg, w)
		}
	}
}

func TestReadText(t *testing.T) {
	tests := []struct {
		name, file string
		in         []byte
		text, enc  string
	}{
		{"utf-8", "a.txt", []byte(report), report, "utf-8"},
		{"utf-8 bom", "a.txt", []byte("\xEF\xBB\xBF" + report), report, "utf-8-bom"},
		{"crlf", "a.txt", []byte("一、总体要求\r\n" + report), "一、总体要求\n" + report, "utf-8"},
		{"lone cr", "a.txt", []byte("第一行\r第二行\r\r"), "第一行\n第二行\n\n", "utf-8"},
		{"kept as is", "a.md", []byte("  # 标题  \n\n\t缩进   文字  \n"), "  # 标题  \n\n\t缩进   文字  \n", "utf-8"},
		{"utf-16le bom", "a.txt", append([]byte{0xFF, 0xFE}, encode(t, unicode.UTF16(unicode.LittleEndian, unicode.IgnoreBOM), "政府工作报告\r\n"+report)...), "政府工作报告\n" + report, "utf-16le"},
		{"utf-16be bom", "a.txt", append([]byte{0xFE, 0xFF}, encode(t, unicode.UTF16(unicode.BigEndian, unicode.IgnoreBOM), report)...), report, "utf-16be"},
		{"utf-16le no bom", "a.txt", encode(t, unicode.UTF16(unicode.LittleEndian, unicode.IgnoreBOM), "GDP 5%\n"+report), "GDP 5%\n" + report, "utf-16le"},
		{"gbk", "a.txt", gbk(t, "（一）教育\r\n"+report), "（一）教育\n" + report, "gb18030"},
		{"gb18030 4-byte", "a.txt", encode(t, simplifiedchinese.GB18030, "€ 𠀀 "+report), "€ 𠀀 " + report, "gb18030"},
		{"markdown with html", "a.md", []byte("# 报告\n\n正文<br>继续\n"), "# 报告\n\n正文<br>继续\n", "utf-8"},
		{"html tags in .txt", "a.txt", []byte("a <b>bold</b> word\n"), "a <b>bold</b> word\n", "utf-8"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, err := Read(tt.file, bytes.NewReader(tt.in), Options{})
			if err != nil {
				t.Fatal(err)
			}
			if doc.Text != tt.text || doc.Encoding != tt.enc || doc.Format != Text || doc.Name != tt.file {
				t.Errorf("got %+v, want text %q encoding %s format text", doc, tt.text, tt.enc)
			}
		})
	}
}

func TestReadErrors(t *testing.T) {
	rnd := rand.New(rand.NewSource(1))
	random := make([]byte, 4096)
	rnd.Read(random)
	random[100] = 0
	tests := []struct {
		name string
		in   []byte
		opt  Options
		want []string
	}{
		{"empty", nil, Options{}, []string{"file is empty"}},
		{"whitespace only", []byte(" \r\n\t\u3000\n"), Options{}, []string{"file is empty"}},
		{"bom only", []byte("\xEF\xBB\xBF\n"), Options{}, []string{"file is empty"}},
		{"binary with nul", random, Options{}, []string{"binary data, not a text document (NUL byte at offset"}},
		{"nul offset", []byte("abc\x00def"), Options{}, []string{"binary data", "NUL byte at offset 3"}},
		{"control characters", []byte("a\x01\x02\x03b\x04c\x05\x06"), Options{}, []string{"binary data", "control characters"}},
		{"undecodable", append([]byte("新增学位"), 0xFF, 0xFE, 0xFD, 'x'), Options{}, []string{"undecodable bytes at offset 12: neither UTF-8 nor GB18030"}},
		{"undecodable gbk", append(gbk(t, "新增学位"), 0x81, 0x20), Options{}, []string{"undecodable bytes at offset 8: neither UTF-8 nor GB18030"}},
		{"bad utf-8 after bom", []byte("\xEF\xBB\xBFab\xC0"), Options{}, []string{"undecodable bytes at offset 5", "UTF-8 byte order mark"}},
		{"unpaired surrogate", []byte{0xFF, 0xFE, 'a', 0, 0x00, 0xD8, 'b', 0}, Options{}, []string{"undecodable bytes at offset 4", "UTF-16LE"}},
		{"odd utf-16", []byte{0xFE, 0xFF, 0, 'a', 0}, Options{}, []string{"undecodable bytes at offset 4", "odd number of bytes"}},
		{"over limit", bytes.Repeat([]byte("a"), 3000), Options{MaxBytes: 1000}, []string{"file is 2.9 KiB, over the 1000 B limit (use --max-size to change it)"}},
		{"ole", []byte("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1rest"), Options{}, []string{"encrypted or legacy .doc (OLE) file: save it as .docx without a password"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, err := Read("report.txt", bytes.NewReader(tt.in), tt.opt)
			if doc != nil {
				t.Errorf("got a document %+v", doc)
			}
			checkErr(t, err, "report.txt", tt.want...)
		})
	}
}

// A reader that cannot tell its size still gets a clear message.
func TestReadOversizeUnknownSize(t *testing.T) {
	r := io.LimitReader(bytes.NewReader(make([]byte, 2<<20)), 2<<20)
	_, err := Read("-", r, Options{MaxBytes: 1 << 20})
	checkErr(t, err, "-", "file is over the 1 MiB limit")
}

func TestReadFile(t *testing.T) {
	dir := t.TempDir()
	write := func(name string, b []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	p := write("gbk.txt", gbk(t, report))
	doc, err := ReadFile(p, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if doc.Text != report || doc.Name != p || doc.Encoding != "gb18030" {
		t.Errorf("got %+v", doc)
	}

	big := write("big.txt", make([]byte, 3<<20))
	_, err = ReadFile(big, Options{MaxBytes: 2 << 20})
	checkErr(t, err, big, "file is 3.0 MiB, over the 2 MiB limit")

	missing := filepath.Join(dir, "missing.txt")
	_, err = ReadFile(missing, Options{})
	checkErr(t, err, missing, "cannot open the file: no such file or directory")

	_, err = ReadFile(dir, Options{})
	checkErr(t, err, dir, "is a directory")
}

func TestReadFileStdin(t *testing.T) {
	f, err := os.CreateTemp(t.TempDir(), "stdin")
	if err != nil {
		t.Fatal(err)
	}
	f.WriteString(report)
	f.Seek(0, 0)
	old := os.Stdin
	os.Stdin = f
	defer func() { os.Stdin = old; f.Close() }()
	doc, err := ReadFile("-", Options{})
	if err != nil {
		t.Fatal(err)
	}
	if doc.Name != "-" || doc.Text != report {
		t.Errorf("got %+v", doc)
	}
}

func TestDecode(t *testing.T) {
	text, enc, err := Decode(gbk(t, report))
	if err != nil || text != report || enc != "gb18030" {
		t.Errorf("Decode(gbk) = %q, %q, %v", text, enc, err)
	}
	// Decode changes encodings only, not line ends.
	text, enc, err = Decode([]byte("\xEF\xBB\xBFa\r\nb"))
	if err != nil || text != "a\r\nb" || enc != "utf-8-bom" {
		t.Errorf("Decode(bom) = %q, %q, %v", text, enc, err)
	}
	// U+FFFD encoded in GB18030 on purpose is not an error.
	in := append(gbk(t, "新"), "\x84\x31\xA4\x37"...)
	if text, _, err = Decode(in); err != nil || text != "新\uFFFD" {
		t.Errorf("Decode(gb18030 U+FFFD) = %q, %v", text, err)
	}
}

func TestFormatSize(t *testing.T) {
	for n, want := range map[int64]string{100: "100 B", 1536: "1.5 KiB", 40 << 20: "40.0 MiB"} {
		if got := formatSize(n); got != want {
			t.Errorf("formatSize(%d) = %q, want %q", n, got, want)
		}
	}
	if got := formatLimit(DefaultMaxBytes); got != "32 MiB" {
		t.Errorf("formatLimit = %q", got)
	}
}
