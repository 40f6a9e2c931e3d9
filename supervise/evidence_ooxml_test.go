package supervise

import (
	"archive/zip"
	"bytes"
	"fmt"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// ooxmlPackage is a zip with a [Content_Types].xml overriding the given
// parts' types, and those parts but the missing ones.
func ooxmlPackage(parts map[string]string, missing ...string) []byte {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	var ct strings.Builder
	ct.WriteString(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` +
		`<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
		`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>` +
		`<Default Extension="xml" ContentType="application/xml"/>`)
	names := make([]string, 0, len(parts))
	for n := range parts {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(&ct, `<Override PartName="%s" ContentType="%s"/>`, n, parts[n])
	}
	ct.WriteString(`</Types>`)
	w, _ := zw.Create("[Content_Types].xml")
	w.Write([]byte(ct.String()))
	for _, n := range names {
		if slices.Contains(missing, n) {
			continue
		}
		w, _ := zw.Create(strings.TrimPrefix(n, "/"))
		w.Write([]byte(`<?xml version="1.0"?><root/>`))
	}
	zw.Close()
	return buf.Bytes()
}

// TestCheckEvidenceOOXML: a .docx, .xlsx or .pptx must be an Office Open
// XML package of that kind, not any zip.
func TestCheckEvidenceOOXML(t *testing.T) {
	const (
		word  = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
		sheet = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
		slide = "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"
		xlsm  = "application/vnd.ms-excel.sheet.macroEnabled.main+xml"
	)
	f := excelize.NewFile()
	f.SetCellValue("Sheet1", "A1", "学位建设台账")
	var real bytes.Buffer
	if err := f.Write(&real); err != nil {
		t.Fatal(err)
	}
	var plain bytes.Buffer
	zw := zip.NewWriter(&plain)
	w, _ := zw.Create("readme.txt")
	w.Write([]byte("not a document"))
	zw.Close()
	noPart := ooxmlPackage(map[string]string{"/word/document.xml": word}, "/word/document.xml") // listed, not there
	tests := []struct {
		name string
		data []byte
		err  string
	}{
		{"台账.xlsx", real.Bytes(), ""},
		{"方案.docx", ooxmlPackage(map[string]string{"/word/document.xml": word}), ""},
		{"汇报.pptx", ooxmlPackage(map[string]string{"/ppt/presentation.xml": slide}), ""},
		{"材料.zip", plain.Bytes(), ""},
		{"伪装.docx", plain.Bytes(), "不是 Word 文档"},
		{"伪装.xlsx", plain.Bytes(), "不是 Excel 工作簿"},
		{"伪装.pptx", plain.Bytes(), "不是 PowerPoint 演示文稿"},
		{"表格改名.docx", real.Bytes(), "不是 Word 文档"},
		{"文档改名.xlsx", ooxmlPackage(map[string]string{"/word/document.xml": word}), "不是 Excel 工作簿"},
		{"宏.xlsx", ooxmlPackage(map[string]string{"/xl/workbook.xml": xlsm}), "不是 Excel 工作簿"},
		{"演示改名.docx", ooxmlPackage(map[string]string{"/ppt/presentation.xml": slide}), "不是 Word 文档"},
		{"缺正文.docx", noPart, "不是 Word 文档"},
		{"坏包.docx", []byte("PK\x03\x04\x14\x00\x06\x00garbage"), "不是 Word 文档"},
		{"表格.xlsx", ooxmlPackage(map[string]string{"/xl/workbook.xml": sheet}), ""},
	}
	for _, tt := range tests {
		_, err := CheckEvidence(tt.name, tt.data)
		if tt.err == "" {
			if err != nil {
				t.Errorf("%s: %v", tt.name, err)
			}
			continue
		}
		if err == nil || !strings.Contains(err.Error(), tt.err) || !strings.Contains(err.Error(), tt.name) {
			t.Errorf("%s: error %v, want one naming the file and saying %q", tt.name, err, tt.err)
		}
	}
}
