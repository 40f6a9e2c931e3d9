package tasksheet

import (
	"archive/zip"
	"bytes"
	"io"
	"math/rand"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// TestCellErrors: every problem of a row names its row, column and value.
// Rows of the export with title: header on row 2, 2024-03-02-1 on row 3,
// 2024-03-02-1.1 on row 4, 2024-02-01-1 on row 5, new rows from row 7.
func TestCellErrors(t *testing.T) {
	type edit struct{ code, col, v string }
	tests := []struct {
		name  string
		edits []edit
		parts []string // all on one line of the error
	}{
		{"unknown lead with suggestion", []edit{{"2024-03-02-1", colLead, "城关区教育局"}},
			[]string{"第3行 牵头单位 \"城关区教育局\" 不在单位名录中，是否为 \"城关区教育局(体育局)\"？"}},
		{"unknown lead with suggestion 2", []edit{{"2024-03-02-1", colLead, "城关区教体育局"}},
			[]string{"第3行 牵头单位 \"城关区教体育局\" 不在单位名录中，是否为 \"城关区教育局(体育局)\"？"}},
		{"unknown lead without suggestion", []edit{{"2024-03-02-1", colLead, "火星局"}},
			[]string{"第3行", "牵头单位", "\"火星局\"", "不在单位名录中"}},
		{"two leads", []edit{{"2024-03-02-1", colLead, "区教育局、区财政局"}},
			[]string{"第3行", "牵头单位", "区教育局、区财政局", "只能填写一个牵头单位"}},
		{"unknown cooperating unit", []edit{{"2024-03-02-1", colCooperating, "区财政局，区不存在局"}},
			[]string{"第3行", "配合单位", "\"区不存在局\"", "不在单位名录中"}},
		{"bad deadline", []edit{{"2024-03-02-1", colDeadline, "尽快"}},
			[]string{"第3行", "完成时限", "\"尽快\"", "无法识别的完成时限"}},
		{"bad deadline date", []edit{{"2024-03-02-1", colDeadline, "2024-02-30"}},
			[]string{"第3行", "完成时限", "\"2024-02-30\"", "无法识别的完成时限"}},
		{"milestone without colon", []edit{{"2024-03-02-1", colMilestones, "2024-06-30：3000；下半年完成"}},
			[]string{"第3行", "时间节点", "\"下半年完成\"", "日期：内容"}},
		{"milestone bad date", []edit{{"2024-03-02-1", colMilestones, "某日：3000"}},
			[]string{"第3行", "时间节点", "\"某日：3000\"", "日期无法识别"}},
		{"milestone without text", []edit{{"2024-03-02-1", colMilestones, "6月底："}},
			[]string{"第3行", "时间节点", "\"6月底：\"", "缺少内容"}},
		{"negative weight", []edit{{"2024-03-02-1", colWeight, "-3"}},
			[]string{"第3行", "权重", "\"-3\"", "不小于0"}},
		{"weight not a number", []edit{{"2024-03-02-1", colWeight, "高"}},
			[]string{"第3行", "权重", "\"高\"", "不小于0"}},
		{"target not a number", []edit{{"2024-03-02-1", colTarget, "六千"}},
			[]string{"第3行", "目标值", "\"六千\"", "不是有效的目标值"}},
		{"empty title", []edit{{"2024-03-02-1", colTitle, ""}},
			[]string{"第3行", "任务内容", "不能为空"}},
		{"empty code", []edit{{"2024-03-02-1", colCode, ""}},
			[]string{"第3行", "编码", "不能为空"}},
		{"duplicate code", []edit{{"2024-02-01-1", colCode, "2024-03-02-1"}},
			[]string{"第5行", "编码", "\"2024-03-02-1\"", "与第3行重复"}},
		{"unknown code without parent", []edit{{"2024-09-09-9", colCode, "2024-09-09-9"}, {"2024-09-09-9", colTitle, "新任务"}},
			[]string{"第7行", "编码", "\"2024-09-09-9\"", "编码不存在于台账中；新增子任务请填写上级编码"}},
		{"new code not under its parent", []edit{{"2024-03-03-1", colCode, "2024-03-03-1"}, {"2024-03-03-1", colParent, "2024-03-02-1"}, {"2024-03-03-1", colTitle, "新任务"}},
			[]string{"第7行", "编码", "\"2024-03-03-1\"", "不在上级编码 \"2024-03-02-1\" 之下"}},
		{"new code two levels down", []edit{{"2024-03-02-1.3.1", colCode, "2024-03-02-1.3.1"}, {"2024-03-02-1.3.1", colParent, "2024-03-02-1"}, {"2024-03-02-1.3.1", colTitle, "新任务"}},
			[]string{"第7行", "编码", "\"2024-03-02-1.3.1\"", "上级编码加“.序号”"}},
		{"parent missing", []edit{{"2024-08-01-1.1", colCode, "2024-08-01-1.1"}, {"2024-08-01-1.1", colParent, "2024-08-01-1"}, {"2024-08-01-1.1", colTitle, "新任务"}},
			[]string{"第7行", "上级编码", "\"2024-08-01-1\"", "不存在于台账或本表中"}},
		{"new sub-task without title", []edit{{"2024-03-02-1.5", colCode, "2024-03-02-1.5"}, {"2024-03-02-1.5", colParent, "2024-03-02-1"}, {"2024-03-02-1.5", colLeader, "张三"}},
			[]string{"第7行", "任务内容", "新增子任务请填写任务内容"}},
		{"parent of an existing task changed", []edit{{"2024-03-02-1.1", colParent, "2024-02-01-1"}},
			[]string{"第4行", "上级编码", "\"2024-02-01-1\"", "不能修改上级编码", "原为 2024-03-02-1"}},
	}
	base := exportBytes(t, fixtureRows(), ExportOptions{Title: "任务分解表"})
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			e := editXLSX(t, base)
			for _, ed := range tc.edits {
				e.set(ed.code, ed.col, ed.v)
			}
			cs, err := parseBytes(e.bytes())
			if cs != nil {
				t.Errorf("commitments returned with an error: %+v", cs)
			}
			se := sheetErr(t, err)
			if len(se.Errors) != 1 {
				t.Errorf("%d errors, want 1:\n%v", len(se.Errors), err)
			}
			if !hasLine(err.Error(), tc.parts...) {
				t.Errorf("no line with %q in:\n%v", tc.parts, err)
			}
			if se.File != "任务分解表.xlsx" || !strings.HasPrefix(err.Error(), "任务分解表.xlsx 有1处问题") {
				t.Errorf("summary = %q", strings.SplitN(err.Error(), "\n", 2)[0])
			}
		})
	}
}

// TestAllErrors: a sheet with several bad rows reports every problem, and
// a valid parent in the same sheet is accepted.
func TestAllErrors(t *testing.T) {
	e := editXLSX(t, exportBytes(t, fixtureRows(), ExportOptions{}))
	e.set("2024-03-02-1", colLead, "城关区教育局")
	e.set("2024-03-02-1", colWeight, "x")
	e.set("2024-03-02-1.1", colDeadline, "某天")
	e.set("2024-02-03-1", colCooperating, "区甲局、区乙局")
	e.set("2024-03-02-1.2", colCode, "2024-03-02-1.2") // new, fine
	e.set("2024-03-02-1.2", colParent, "2024-03-02-1")
	e.set("2024-03-02-1.2", colTitle, "甲")
	e.set("2024-03-02-1.2.1", colCode, "2024-03-02-1.2.1") // parent only in the sheet: fine
	e.set("2024-03-02-1.2.1", colParent, "2024-03-02-1.2")
	e.set("2024-03-02-1.2.1", colTitle, "乙")
	e.set("x", colCode, "x")
	e.set("x", colTitle, "丙")
	_, err := parseBytes(e.bytes())
	se := sheetErr(t, err)
	want := [][]string{
		{"第2行", "牵头单位", "城关区教育局"},
		{"第2行", "权重", "\"x\""},
		{"第3行", "完成时限", "\"某天\""},
		{"第5行", "配合单位", "\"区甲局\""},
		{"第5行", "配合单位", "\"区乙局\""},
		{"第8行", "编码", "\"x\"", "不存在于台账中"},
	}
	if len(se.Errors) != len(want) {
		t.Errorf("%d errors, want %d:\n%v", len(se.Errors), len(want), err)
	}
	for _, parts := range want {
		if !hasLine(err.Error(), parts...) {
			t.Errorf("no line with %q in:\n%v", parts, err)
		}
	}
	if se.Errors[0].Row != 2 || se.Errors[0].Column != colLead || se.Errors[0].Value != "城关区教育局" {
		t.Errorf("first error = %+v", se.Errors[0])
	}
}

// TestHeaderErrors covers the header row.
func TestHeaderErrors(t *testing.T) {
	tests := []struct {
		name   string
		header []any
		parts  [][]string
	}{
		{"unknown column", []any{"编码", "任务内容", "备注2"}, [][]string{{"第1行 列 \"备注2\" 不是任务分解表的列"}}},
		{"missing 编码", []any{"序号", "任务内容", "牵头单位"}, [][]string{{"第1行", "编码", "缺少必填列"}}},
		{"missing 任务内容", []any{"编码", "牵头单位", "备注"}, [][]string{{"第1行", "任务内容", "缺少必填列"}, {"第1行", "\"备注\"", "不是任务分解表的列"}}},
		{"duplicate column", []any{"编码", "任务内容", "责任人", "责任人"}, [][]string{{"第1行", "责任人", "列重复"}}},
		{"no header", []any{"甲", "乙", "丙"}, [][]string{{"未找到表头"}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := excelize.NewFile()
			defer f.Close()
			f.SetSheetRow("Sheet1", "A1", &tc.header)
			row := make([]any, len(tc.header))
			for i, h := range tc.header {
				row[i] = map[any]any{"编码": "2024-03-02-1", "任务内容": "新增中小学学位6000个以上"}[h]
			}
			f.SetSheetRow("Sheet1", "A2", &row)
			buf, _ := f.WriteToBuffer()
			_, err := parseBytes(buf.Bytes())
			se := sheetErr(t, err)
			if len(se.Errors) != len(tc.parts) {
				t.Errorf("%d errors, want %d:\n%v", len(se.Errors), len(tc.parts), err)
			}
			for _, parts := range tc.parts {
				if !hasLine(err.Error(), parts...) {
					t.Errorf("no line with %q in:\n%v", parts, err)
				}
			}
		})
	}
}

// TestSheetNamesInErrors: with several task sheets, errors name theirs.
func TestSheetNamesInErrors(t *testing.T) {
	data := exportBytes(t, fixtureRows(), ExportOptions{SheetPerSection: true})
	f := openXLSX(t, data)
	s := f.GetSheetList()[1]
	f.SetCellStr(s, "I2", "火星局")
	f.SetCellStr(s, "B3", "2024-03-02-1") // also on the first sheet
	buf, _ := f.WriteToBuffer()
	_, err := parseBytes(buf.Bytes())
	sheetErr(t, err)
	for _, parts := range [][]string{
		{"工作表「（一）推动高质量发展」第2行", "牵头单位", "火星局"},
		{"工作表「（一）推动高质量发展」第3行", "编码", "与工作表「（三）办好民生实事」第2行重复"},
	} {
		if !hasLine(err.Error(), parts...) {
			t.Errorf("no line with %q in:\n%v", parts, err)
		}
	}
}

// TestFileErrors: files that are not a sheet Parse reads.
func TestFileErrors(t *testing.T) {
	xlsx := exportBytes(t, fixtureRows(), ExportOptions{})
	tests := []struct {
		name string
		data []byte
		want string
	}{
		{"macro-enabled", patchZip(t, xlsx, "[Content_Types].xml", func(s string) string {
			return strings.Replace(s, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml", "application/vnd.ms-excel.sheet.macroEnabled.main+xml", 1)
		}), msgMacro},
		{"password", ole(utf16le("EncryptedPackage")), msgEncrypted},
		{"old xls", ole(utf16le("Workbook")), msgXLS},
		{"docx", zipOf(t, map[string]string{
			"[Content_Types].xml": `<Types><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>`,
			"word/document.xml":   "<w:document/>",
		}), msgNotExcel},
		{"ods", zipOf(t, map[string]string{"mimetype": "application/vnd.oasis.opendocument.spreadsheet"}), msgODS},
		{"plain zip", zipOf(t, map[string]string{"a.txt": "a"}), msgNotExcel},
		{"broken zip", xlsx[:len(xlsx)/2], msgBroken},
		{"random binary", randomBytes(4096), msgUnknown},
		{"png", append([]byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), randomBytes(64)...), msgUnknown},
		{"empty", nil, msgEmpty},
		{"oversized", bytes.Repeat([]byte("a,b\n"), MaxSize/4+1), msgTooLarge},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			cs, err := Parse(bytes.NewReader(tc.data), "upload", year, fixtures(), testDir())
			se := sheetErr(t, err)
			if cs != nil || len(se.Errors) != 1 || se.Errors[0].Message != tc.want {
				t.Fatalf("err = %v, want %q", err, tc.want)
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Errorf("Error() = %q", err.Error())
			}
		})
	}
}

// TestOversizedReader: Parse stops reading past the limit.
func TestOversizedReader(t *testing.T) {
	r := io.LimitReader(zeroReader{}, 1<<30)
	_, err := Parse(r, "big.csv", year, nil, nil)
	if se := sheetErr(t, err); se.Errors[0].Message != msgTooLarge {
		t.Fatalf("err = %v", err)
	}
}

type zeroReader struct{}

func (zeroReader) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = 'a'
	}
	return len(p), nil
}

// ole is an OLE compound file header followed by a directory entry name.
func ole(name []byte) []byte {
	b := append([]byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}, make([]byte, 1024)...)
	b = append(b, name...)
	return append(b, make([]byte, 512)...)
}

func randomBytes(n int) []byte {
	b := make([]byte, n)
	rand.New(rand.NewSource(1)).Read(b)
	b[0] = 0x00
	return b
}

func zipOf(t *testing.T, files map[string]string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for name, content := range files {
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		io.WriteString(w, content)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// patchZip rewrites one member of a zip.
func patchZip(t *testing.T, data []byte, name string, fn func(string) string) []byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	files := map[string]string{}
	for _, f := range zr.File {
		rc, _ := f.Open()
		b, _ := io.ReadAll(rc)
		rc.Close()
		files[f.Name] = string(b)
	}
	if _, ok := files[name]; !ok {
		t.Fatalf("no %s", name)
	}
	files[name] = fn(files[name])
	if !strings.Contains(files[name], "macroEnabled") {
		t.Fatalf("patch did not apply: %s", files[name])
	}
	return zipOf(t, files)
}

// TestSheetErrorText: the summary, file-level problems, and the cap on
// listed lines.
func TestSheetErrorText(t *testing.T) {
	if got := fileError("a.xls", msgXLS).Error(); got != "a.xls 有1处问题，未导入任何修改：\n"+msgXLS {
		t.Errorf("file error = %q", got)
	}
	se := &SheetError{File: "b.xlsx"}
	for i := 0; i < maxLines+5; i++ {
		se.Errors = append(se.Errors, CellError{Row: i + 2, Column: colCode, Message: "不能为空"})
	}
	lines := strings.Split(se.Error(), "\n")
	if len(lines) != maxLines+2 || lines[1] != "第2行 编码 不能为空" || lines[len(lines)-1] != "……另有5处问题未列出" {
		t.Errorf("%d lines: %q … %q", len(lines), lines[1], lines[len(lines)-1])
	}
	ce := CellError{Sheet: "表1", Row: 3, Column: colLead, Value: "甲", Message: "不在单位名录中"}
	if got := ce.String(); got != "工作表「表1」第3行 牵头单位 \"甲\" 不在单位名录中" {
		t.Errorf("String = %q", got)
	}
}
