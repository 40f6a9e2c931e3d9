package tasksheet

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"strings"
	"testing"
)

// withSheetXML replaces the first worksheet of an exported workbook.
func withSheetXML(t *testing.T, rows string) []byte {
	t.Helper()
	base := exportBytes(t, nil, ExportOptions{})
	zr, err := zip.NewReader(bytes.NewReader(base), int64(len(base)))
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, f := range zr.File {
		w, _ := zw.Create(f.Name)
		if f.Name == "xl/worksheets/sheet1.xml" {
			io.WriteString(w, `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>`+
				`<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>`+
				`<row r="1"><c r="A1" t="inlineStr"><is><t>编码</t></is></c><c r="B1" t="inlineStr"><is><t>任务内容</t></is></c></row>`+
				rows+`</sheetData></worksheet>`)
			continue
		}
		rc, _ := f.Open()
		io.Copy(w, rc)
		rc.Close()
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestWorkbookLimits: small files that would unpack or read into a lot.
func TestWorkbookLimits(t *testing.T) {
	var wide, far, many strings.Builder
	for i := 2; i < 40000; i++ {
		fmt.Fprintf(&wide, `<row r="%d"><c r="XFD%d"><v>1</v></c></row>`, i, i)
	}
	for i := 2; i < 100; i++ { // styled but empty cells far right are fine
		fmt.Fprintf(&far, "<row r=\"%d\"><c\nr=\"A%d\" t=\"inlineStr\"><is><t>2024-03-02-1</t></is></c><c r=\"XFD%d\" s=\"1\"/></row>", i, i, i)
	}
	for i := 2; i <= maxRows+1; i++ {
		fmt.Fprintf(&many, `<row r="%d"><c r="A%d"><v>%d</v></c></row>`, i, i, i)
	}
	tests := []struct {
		name, rows, want string
	}{
		{"content beyond the last column", wide.String(), "单元格 XFD2 超出第200列"},
		{"unpacks too large", `<row r="2"><c r="A2" t="inlineStr"><is><t>` + strings.Repeat("x", maxUnzip) + `</t></is></c></row>`, "解压后超过64MB上限"},
		{"too many rows", many.String(), "超过50000行上限"},
		{"empty cells far right", far.String(), "第3行 编码 \"2024-03-02-1\" 与第2行重复"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			data := withSheetXML(t, tc.rows)
			if len(data) > MaxSize {
				t.Fatalf("test file of %d bytes", len(data))
			}
			_, err := parseBytes(data)
			if se := sheetErr(t, err); !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err = %.300v, want %q (%d errors)", err, tc.want, len(se.Errors))
			}
		})
	}
}
