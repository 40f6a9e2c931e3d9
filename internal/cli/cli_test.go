package cli

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf16"
)

// run runs the command line in-process and returns exit status and output.
func run(t *testing.T, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := Run(&Env{Stdin: strings.NewReader(stdin), Stdout: &out, Stderr: &errb}, args)
	return code, out.String(), errb.String()
}

func writeFile(t *testing.T, name string, data []byte) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// zipOf builds a zip archive with the given files.
func zipOf(t *testing.T, files map[string][]byte) []byte {
	t.Helper()
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	for name, data := range files {
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write(data)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// zipBomb builds a DOCX whose document.xml expands to n bytes.
func zipBomb(t *testing.T, n int) []byte {
	t.Helper()
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	w, err := zw.Create("word/document.xml")
	if err != nil {
		t.Fatal(err)
	}
	chunk := bytes.Repeat([]byte("<w:p><w:r><w:t>新增学位6000个</w:t></w:r></w:p>"), 1<<14)
	for written := 0; written < n; written += len(chunk) {
		if _, err := w.Write(chunk); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// TestBadInput: every kind of bad input gives one line "ducha: FILE: what
// is wrong" on standard error, a non-zero exit status and no output.
// utf16Of returns the sample report as UTF-16 without a byte order mark.
func utf16Of(t *testing.T, bigEndian bool) []byte {
	t.Helper()
	text, err := os.ReadFile("../../samples/shili-2024.txt")
	if err != nil {
		t.Fatal(err)
	}
	var out []byte
	for _, u := range utf16.Encode([]rune(string(text))) {
		if bigEndian {
			out = append(out, byte(u>>8), byte(u))
		} else {
			out = append(out, byte(u), byte(u>>8))
		}
	}
	return out
}

func TestBadInput(t *testing.T) {
	bomb := zipBomb(t, 300<<20) // 300 MiB of XML in a few hundred KiB
	tests := []struct {
		name  string
		file  string
		data  []byte
		flags []string
		want  string
	}{
		{"empty", "empty.txt", nil, nil, "file is empty"},
		{"whitespace only", "blank.txt", []byte(" \n\t\n"), nil, "file is empty"},
		{"binary", "image.txt", append([]byte{0x89, 'P', 'N', 'G', 0, 0, 0, 0x0d}, bytes.Repeat([]byte{0, 1, 2, 0xff}, 64)...), nil, "binary data"},
		{"undecodable", "bad.txt", []byte("新增学位\xff\xfe\xfd\x80\x80个以上"), nil, "undecodable"},
		{"docx not a zip", "report.docx", []byte("PK\x03\x04 this is not really a zip archive at all"), nil, "not a valid DOCX"},
		{"zip without document", "archive.docx", zipOf(t, map[string][]byte{"readme.txt": []byte("hello")}), nil, "DOCX"},
		{"zip bomb", "bomb.docx", bomb, []string{"--max-size", "32MiB"}, "expands past"},
		{"too large", "large.txt", bytes.Repeat([]byte("新增学位6000个。\n"), 200), []string{"--max-size", "1KiB"}, "over the"},
		// A Chinese report saved as UTF-16 without a byte order mark: too few
		// NUL bytes to be sure, but it must not be called binary data.
		{"utf-16le without bom", "utf16le.txt", utf16Of(t, false), nil,
			"looks like UTF-16 (little-endian) text without a byte order mark: save it as UTF-8, or as UTF-16 with a byte order mark"},
		{"utf-16be without bom", "utf16be.txt", utf16Of(t, true), nil,
			"looks like UTF-16 (big-endian) text without a byte order mark: save it as UTF-8"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := writeFile(t, tt.file, tt.data)
			args := append([]string{"extract"}, tt.flags...)
			code, out, errOut := run(t, "", append(args, p)...)
			if code != 1 {
				t.Errorf("exit status %d, want 1", code)
			}
			if out != "" {
				t.Errorf("wrote %d bytes of output on bad input: %.200q", len(out), out)
			}
			if strings.Count(errOut, "\n") != 1 || !strings.HasPrefix(errOut, "ducha: "+p+": ") || !strings.Contains(errOut, tt.want) {
				t.Errorf("stderr %q, want one line \"ducha: %s: …%s…\"", errOut, p, tt.want)
			}
			if strings.Contains(errOut, "panic") || strings.Contains(errOut, "goroutine") {
				t.Errorf("panicked: %s", errOut)
			}
		})
	}
}

func TestMissingFileAndPDF(t *testing.T) {
	code, _, errOut := run(t, "", "extract", "/nonexistent/report.txt")
	if code != 1 || !strings.HasPrefix(errOut, "ducha: /nonexistent/report.txt: ") || strings.Count(errOut, "\n") != 1 {
		t.Errorf("missing file: exit %d, stderr %q", code, errOut)
	}
	t.Setenv("PATH", t.TempDir()) // no pdftotext
	p := writeFile(t, "report.pdf", []byte("%PDF-1.4\n1 0 obj\n<<>>\nendobj\n%%EOF\n"))
	code, _, errOut = run(t, "", "extract", p)
	if code != 1 || !strings.Contains(errOut, "poppler-utils") || strings.Count(errOut, "\n") != 1 {
		t.Errorf("PDF without pdftotext: exit %d, stderr %q", code, errOut)
	}
}

func TestUsageErrors(t *testing.T) {
	for _, args := range [][]string{
		{"extract"},
		{"extract", "--format", "xml", "x.txt"},
		{"extract", "--max-size", "lots", "x.txt"},
		{"frobnicate"},
		{"text"},
	} {
		code, _, errOut := run(t, "", args...)
		if code != 2 || errOut == "" {
			t.Errorf("%v: exit %d, stderr %q; want 2 and a message", args, code, errOut)
		}
	}
}

func TestExtractFormats(t *testing.T) {
	report := "政府工作报告\n一、2023年工作回顾\n全年新增城镇就业4.19万人，新增学位6000个。\n二、2024年工作安排\n今年将办好10件实事：新增学位6000个以上；新建公园5个；改造小区20个。\n"
	p := writeFile(t, "report.txt", []byte(report))

	code, out, errOut := run(t, "", "extract", p)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	var h map[string]any
	if err := json.Unmarshal([]byte(lines[0]), &h); err != nil {
		t.Fatal(err)
	}
	if h["document"] != p || h["report_year"] != float64(2024) || h["review_year"] != float64(2023) || h["bytes"] != float64(len(report)) {
		t.Errorf("header %v", h)
	}
	var m map[string]any
	if err := json.Unmarshal([]byte(lines[1]), &m); err != nil {
		t.Fatal(err)
	}
	if m["quantity"] != "4.19万人" || m["value"] != float64(41900) || m["kind"] != "achievement" {
		t.Errorf("first mention %v", m)
	}
	for _, key := range []string{"start", "end", "quantity", "value", "unit", "comparator", "change", "kind", "period", "indicator", "qualifier"} {
		if _, ok := m[key]; !ok {
			t.Errorf("mention lacks %q: %s", key, lines[1])
		}
	}

	// Standard input and --commitments.
	code, out, _ = run(t, report, "extract", "--commitments", "-")
	if code != 0 || !strings.Contains(out, `"text":"新建公园5个"`) || !strings.Contains(out, `"list_item":true`) {
		t.Errorf("commitments from stdin: exit %d\n%s", code, out)
	}

	// A table aligns Chinese text by display width.
	code, out, _ = run(t, "", "extract", "--format", "table", p)
	if code != 0 || !strings.Contains(out, "新增城镇就业") || !strings.Contains(out, "指标") {
		t.Errorf("table: exit %d\n%s", code, out)
	}

	// JSON is one array of documents.
	code, out, _ = run(t, "", "extract", "--format", "json", p, p)
	var docs []map[string]any
	if code != 0 || json.Unmarshal([]byte(out), &docs) != nil || len(docs) != 2 {
		t.Errorf("json: exit %d\n%s", code, out)
	}
}

func TestTextLayer(t *testing.T) {
	p := writeFile(t, "crlf.txt", []byte("\xef\xbb\xbf第一行\r\n第二行\r第三行\n"))
	code, out, _ := run(t, "", "text", p)
	if code != 0 || out != "第一行\n第二行\n第三行\n" {
		t.Errorf("text: exit %d, %q", code, out)
	}
}
