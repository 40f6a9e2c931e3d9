package document

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"ducha/extract"
	"ducha/internal/testpdf"
)

// fakePDFToText puts a pdftotext shell script first on PATH; it logs its
// arguments (and whether the input file exists) to the returned file.
func fakePDFToText(t *testing.T, script string) (logFile string) {
	t.Helper()
	if runtime.GOOS == "windows" {
		t.Skip("needs a POSIX shell")
	}
	dir := t.TempDir()
	logFile = filepath.Join(dir, "args.log")
	full := "#!/bin/sh\necho \"$@\" > '" + logFile + "'\n[ -f \"$4\" ] && echo exists >> '" + logFile + "'\n" + script
	if err := os.WriteFile(filepath.Join(dir, "pdftotext"), []byte(full), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PATH", dir)
	return logFile
}

func TestReadPDFWithoutPDFToText(t *testing.T) {
	t.Setenv("PATH", t.TempDir())
	_, err := Read("report.pdf", strings.NewReader("%PDF-1.4\n"), Options{})
	checkErr(t, err, "report.pdf", "PDF input needs pdftotext: install the Debian package poppler-utils")
	// Junk before the header is allowed when the file ends like a PDF.
	_, err = Read("junk.pdf", strings.NewReader("junk\n%PDF-1.4\n1 0 obj\n%%EOF\n"), Options{})
	checkErr(t, err, "junk.pdf", "PDF input needs pdftotext")
}

func TestReadPDFFake(t *testing.T) {
	logFile := fakePDFToText(t, `printf '第一页\r\n\f第二页\n'`)
	doc, err := Read("report.pdf", strings.NewReader("%PDF-1.4\n"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if doc.Format != PDF || doc.Encoding != "utf-8" || doc.Text != "第一页\n\n第二页\n" {
		t.Errorf("got %+v", doc)
	}
	log, _ := os.ReadFile(logFile)
	args := strings.Fields(string(log))
	if len(args) != 6 || strings.Join(args[:3], " ") != "-layout -enc UTF-8" || args[4] != "-" || args[5] != "exists" {
		t.Errorf("pdftotext ran as %q", log)
	}
	if _, err := os.Stat(args[3]); !os.IsNotExist(err) {
		t.Errorf("temporary copy %s was not removed", args[3])
	}

	// ReadFile hands the file itself to pdftotext, even if its name starts with "-".
	dir := t.TempDir()
	path := filepath.Join(dir, "-r.pdf")
	os.WriteFile(path, []byte("%PDF-1.4\n"), 0o644)
	old, _ := os.Getwd()
	os.Chdir(dir)
	defer os.Chdir(old)
	if _, err := ReadFile("-r.pdf", Options{}); err != nil {
		t.Fatal(err)
	}
	log, _ = os.ReadFile(logFile)
	if !strings.Contains(string(log), " ./-r.pdf -\n") {
		t.Errorf("pdftotext ran as %q", log)
	}
}

func TestReadPDFErrors(t *testing.T) {
	tests := []struct {
		name, script string
		want         []string
	}{
		{"pdftotext fails", "echo 'Syntax Error: Couldn'\\''t read xref table' >&2\nexit 1",
			[]string{"pdftotext cannot read the PDF (Syntax Error: Couldn't read xref table): exit status 1"}},
		{"no text layer", "printf '\\f\\f'", []string{"the PDF has no text layer"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fakePDFToText(t, tt.script)
			_, err := Read("scan.pdf", strings.NewReader("%PDF-1.7\n"), Options{})
			checkErr(t, err, "scan.pdf", tt.want...)
		})
	}
}

// TestReadPDFReal runs the real pdftotext when it is installed.
func TestReadPDFReal(t *testing.T) {
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Skip("pdftotext is not installed")
	}
	doc, err := Read("hello.pdf", bytes.NewReader(testpdf.OnePage("Hello report 2024")), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if doc.Format != PDF || strings.TrimSpace(doc.Text) != "Hello report 2024" || strings.Contains(doc.Text, "\f") {
		t.Errorf("got %+v", doc)
	}
}

// TestPDFReadsLikeText sets each sample report (and three real reports of
// the shared corpus) as a PDF the way printed
// reports are (paragraphs indented and wrapped into lines, page numbers at
// the foot) and checks that the PDF's text layer gives the same quantity
// mentions and the same commitments as the text: the hard line breaks
// inside paragraphs are undone and the headings stay apart.
func TestPDFReadsLikeText(t *testing.T) {
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Skip("pdftotext is not installed")
	}
	// The samples at two widths of line, and real reports of the shared
	// corpus (read at run time) at one.
	type input struct {
		path   string
		width  int
		blocks bool // paragraphs flush left, an empty line between
	}
	var inputs []input
	for _, name := range []string{"shili-2024.txt", "shili-2025.txt"} {
		for _, width := range []int{36, 29} {
			inputs = append(inputs, input{filepath.Join("..", "samples", name), width, false})
		}
		inputs = append(inputs, input{filepath.Join("..", "samples", name), 36, true})
	}
	for _, p := range []string{"corpus/chengguan-2020.txt", "corpus/dev/hebei-2023.txt", "corpus/dev/national-2015.gbk.txt"} {
		inputs = append(inputs, input{filepath.Join("..", "..", "shared", p), 36, false})
	}
	for _, in := range inputs {
		name, width := filepath.Base(in.path), in.width
		if in.blocks {
			name += " (blocks)"
		}
		txt, err := ReadFile(in.path, Options{})
		if err != nil {
			t.Fatal(err)
		}
		pdf, err := Read(name+".pdf", bytes.NewReader(testpdf.Report(txt.Text, testpdf.Layout{CharsPerLine: width, PageNumbers: true, Blocks: in.blocks})), Options{})
		if err != nil {
			t.Fatal(err)
		}
		want, got := extract.Extract(txt.Text, extract.Options{}), extract.Extract(pdf.Text, extract.Options{})
		mention := func(m extract.Mention) string {
			return fmt.Sprintf("%s|%s|%s|%s|%s|%d|%s|%s", m.Quantity, m.Value, m.Unit, m.Comparator, m.Change, m.Period, m.Kind, m.Indicator)
		}
		commitment := func(c extract.Commitment) string {
			return c.Code + "|" + c.Parent + "|" + c.Text + "|" + c.Deadline + "|" + strings.Join(c.Section, "/")
		}
		t.Logf("%s at %d characters a line: text %d mentions, %d commitments; PDF %d, %d",
			name, width, len(want.Mentions), len(want.Commitments), len(got.Mentions), len(got.Commitments))
		if d := firstDifference(want.Mentions, got.Mentions, mention); d != "" {
			t.Errorf("%s (%d a line): mentions differ: %s", name, width, d)
		}
		if d := firstDifference(want.Commitments, got.Commitments, commitment); d != "" {
			t.Errorf("%s (%d a line): commitments differ: %s", name, width, d)
		}
	}
}

// firstDifference compares two lists by a key and describes the first
// difference, or returns "".
func firstDifference[T any](want, got []T, key func(T) string) string {
	for i := 0; i < len(want) || i < len(got); i++ {
		switch {
		case i >= len(got):
			return fmt.Sprintf("%d in the text, %d in the PDF; first missing: %s", len(want), len(got), key(want[i]))
		case i >= len(want):
			return fmt.Sprintf("%d in the text, %d in the PDF; first extra: %s", len(want), len(got), key(got[i]))
		case key(want[i]) != key(got[i]):
			return fmt.Sprintf("at %d: text %s, PDF %s", i, key(want[i]), key(got[i]))
		}
	}
	return ""
}

// TestRejoinLines: the rules of rejoining on layouts written by hand.
func TestRejoinLines(t *testing.T) {
	// A page 30 characters wide: a paragraph's first line is indented by
	// two and holds 28.
	full, first := strings.Repeat("字", 30), "    "+strings.Repeat("首", 28)
	body := strings.TrimSpace(first)
	tests := []struct{ name, in, want string }{
		{"a paragraph over three lines and a heading",
			first + "\n" + full + "\n末行。\n    二、标题\n" + first + "\n",
			body + full + "末行。\n二、标题\n" + body + "\n"},
		{"an indented line after a full one opens a paragraph",
			first + "\n" + full + "\n" + first + "\n" + full + "\n短。\n",
			body + full + "\n" + body + full + "短。\n"},
		{"across a page break, past the page number",
			first + "\n" + full + "\n\n\n          - 1 -\n\f" + full + "\n止。\n" + first + "\n",
			body + full + full + "止。\n" + body + "\n"},
		{"a blank line on the page ends a paragraph",
			full + "\n" + full + "\n\n" + full + "\n",
			full + full + "\n" + full + "\n"},
		{"ASCII words get their space back, digits do not",
			first + "\n" + strings.Repeat("字", 29) + "ab\ncd" + strings.Repeat("字", 29) + "1\n2" + strings.Repeat("字", 29) + "\n末。\n",
			body + strings.Repeat("字", 29) + "ab cd" + strings.Repeat("字", 29) + "12" + strings.Repeat("字", 29) + "末。\n"},
		{"too few full lines: left as it was",
			"第一页\n\f第二页\n", "第一页\n\n第二页\n"},
	}
	for _, tt := range tests {
		if got := rejoinLines(tt.in); got != tt.want {
			t.Errorf("%s:\n got %q\nwant %q", tt.name, got, tt.want)
		}
	}
}
