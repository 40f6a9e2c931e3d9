package document

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

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
