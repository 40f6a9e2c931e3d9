package tasksheet

import (
	"bytes"
	"encoding/csv"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"ducha/ledger"
)

func TestExportXLSXLayout(t *testing.T) {
	for _, title := range []string{"", "示例区2024年政府工作报告任务分解表"} {
		t.Run("title="+title, func(t *testing.T) {
			data := exportBytes(t, fixtureRows(), ExportOptions{Format: "xlsx", Title: title})
			f := openXLSX(t, data)
			if got := f.GetSheetList(); len(got) != 1 || got[0] != "任务分解表" {
				t.Fatalf("sheets = %v", got)
			}
			const s = "任务分解表"
			hdr := 1
			if title != "" {
				hdr = 2
				if v, _ := f.GetCellValue(s, "A1"); v != title {
					t.Errorf("A1 = %q, want the title", v)
				}
			}
			rows, _ := f.GetRows(s)
			if got := strings.Join(rows[hdr-1], ","); got != strings.Join(Columns, ",") {
				t.Fatalf("header = %s", got)
			}
			// Cells as people see them.
			want := map[string]string{
				"A": "1", "B": "2024-03-02-1", "E": "（三）办好民生实事", "G": "≥6000", "H": "个",
				"I": "示例区教育局", "M": "年底前", "N": "2024-06-30：3000", "P": "45%", "Q": "推进中",
			}
			for col, v := range want {
				if got, _ := f.GetCellValue(s, col+itoa(hdr+1)); got != v {
					t.Errorf("%s%d = %q, want %q", col, hdr+1, got, v)
				}
			}
			if got, _ := f.GetCellValue(s, "G"+itoa(hdr+3)); got != "6.5–7" {
				t.Errorf("range target = %q", got)
			}
			if got, _ := f.GetCellValue(s, "J"+itoa(hdr+3)); got != "示例区财政局" {
				t.Errorf("配合单位 = %q", got)
			}
			if got, _ := f.GetCellValue(s, "O"+itoa(hdr+2)); got != "30" {
				t.Errorf("权重 = %q", got)
			}
			// Codes are text cells, weights numbers.
			if ct, _ := f.GetCellType(s, "B"+itoa(hdr+1)); ct != excelize.CellTypeSharedString && ct != excelize.CellTypeInlineString {
				t.Errorf("编码 cell type = %v, want a string", ct)
			}
			if ct, _ := f.GetCellType(s, "O"+itoa(hdr+2)); ct != excelize.CellTypeNumber && ct != excelize.CellTypeUnset {
				t.Errorf("权重 cell type = %v, want a number", ct)
			}
			// The 编码 column is formatted as text, also for rows typed later.
			for _, ref := range []string{"B" + itoa(hdr+1), "C" + itoa(hdr+1)} {
				id, _ := f.GetCellStyle(s, ref)
				st, _ := f.GetStyle(id)
				if st.NumFmt != textFormat {
					t.Errorf("%s number format = %d, want text (49)", ref, st.NumFmt)
				}
			}
			if id, _ := f.GetColStyle(s, "B"); id == 0 {
				t.Error("编码 column has no column style")
			} else if st, _ := f.GetStyle(id); st.NumFmt != textFormat {
				t.Errorf("编码 column format = %d, want text", st.NumFmt)
			}
			// Bold, filled, bordered header.
			id, _ := f.GetCellStyle(s, "D"+itoa(hdr))
			st, _ := f.GetStyle(id)
			if st.Font == nil || !st.Font.Bold || len(st.Fill.Color) == 0 || len(st.Border) != 4 {
				t.Errorf("header style = %+v", st)
			}
			// Wrapped long text.
			for _, col := range []string{"D", "J", "N"} {
				id, _ := f.GetCellStyle(s, col+itoa(hdr+1))
				st, _ := f.GetStyle(id)
				if st.Alignment == nil || !st.Alignment.WrapText {
					t.Errorf("column %s does not wrap", col)
				}
			}
			// Widths.
			widths := map[string]float64{"D": 50, "N": 30, "B": 16, "A": 10}
			for col, w := range widths {
				if got, _ := f.GetColWidth(s, col); got != w {
					t.Errorf("width of %s = %v, want %v", col, got, w)
				}
			}
			for i := range Columns {
				col, _ := excelize.ColumnNumberToName(i + 1)
				if w, _ := f.GetColWidth(s, col); w < 10 || w > 50 {
					t.Errorf("width of %s = %v", col, w)
				}
			}
			// Frozen header.
			p, err := f.GetPanes(s)
			if err != nil || !p.Freeze || p.YSplit != hdr || p.TopLeftCell != "A"+itoa(hdr+1) {
				t.Errorf("panes = %+v, %v", p, err)
			}
			// Autofilter on the header.
			found := false
			for _, dn := range f.GetDefinedName() {
				if dn.Name == "_xlnm._FilterDatabase" && strings.Contains(dn.RefersTo, "$A$"+itoa(hdr)+":$Q$") {
					found = true
				}
			}
			if !found {
				t.Errorf("no autofilter on row %d: %+v", hdr, f.GetDefinedName())
			}
		})
	}
}

func itoa(n int) string { return strconv.Itoa(n) }

func TestExportSheetPerSection(t *testing.T) {
	rows := fixtureRows()
	long := strings.Repeat("长", 40)
	extra := []Row{
		{Commitment: ledger.Commitment{Code: "2024-04-01-1", Title: "甲", Category: "（四）安全/稳定[重点]?"}},
		{Commitment: ledger.Commitment{Code: "2024-05-01-1", Title: "乙", Category: long}},
		{Commitment: ledger.Commitment{Code: "2024-05-02-1", Title: "丙", Category: long + "二"}},
		{Commitment: ledger.Commitment{Code: "2024-06-01-1", Title: "丁"}},
	}
	data := exportBytes(t, append(rows, extra...), ExportOptions{SheetPerSection: true})
	f := openXLSX(t, data)
	want := []string{"（三）办好民生实事", "（一）推动高质量发展", "（四）安全_稳定_重点__", strings.Repeat("长", 31), strings.Repeat("长", 28) + "(2)", "未分类"}
	got := f.GetSheetList()
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Fatalf("sheets = %q\nwant %q", got, want)
	}
	// The 分类 column is filled in every sheet, so that nothing is lost.
	if v, _ := f.GetCellValue(want[1], "E2"); v != "（一）推动高质量发展" {
		t.Errorf("分类 = %q", v)
	}
	if v, _ := f.GetCellValue(want[1], "A3"); v != "2" {
		t.Errorf("序号 restarts per sheet: %q", v)
	}
	// A workbook of several sheets reads back unchanged.
	cs, err := Parse(bytes.NewReader(data), "x.xlsx", year, append(fixtures(), commitmentsOf(extra)...), testDir())
	if err != nil || len(cs) != 0 {
		t.Fatalf("Parse of the untouched workbook = %d changes, %v", len(cs), err)
	}
}

func commitmentsOf(rows []Row) []ledger.Commitment {
	var out []ledger.Commitment
	for _, r := range rows {
		out = append(out, r.Commitment)
	}
	return out
}

func TestExportCSV(t *testing.T) {
	rows := fixtureRows()
	rows = append(rows, Row{Commitment: ledger.Commitment{Code: "2024-09-01-1", Title: "=HYPERLINK(\"x\")", Assignment: ledger.Assignment{Person: "@王五"}}})
	data := exportBytes(t, rows, ExportOptions{Format: "csv"})
	if !bytes.HasPrefix(data, []byte("\xEF\xBB\xBF序号,编码,")) {
		t.Fatalf("CSV does not start with a BOM and the header: %q", data[:40])
	}
	recs, err := csv.NewReader(bytes.NewReader(data[3:])).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 6 || strings.Join(recs[0], ",") != strings.Join(Columns, ",") {
		t.Fatalf("records = %q", recs)
	}
	if recs[3][6] != "6.5–7" || recs[3][9] != "示例区财政局" || recs[2][14] != "30" {
		t.Errorf("row = %q", recs[3])
	}
	if recs[5][3] != "'=HYPERLINK(\"x\")" || recs[5][11] != "'@王五" {
		t.Errorf("formula-like cells not defused: %q", recs[5])
	}
	// Read back: no changes.
	ex := append(fixtures(), rows[4].Commitment)
	cs, err := Parse(bytes.NewReader(data), "x.csv", year, ex, testDir())
	if err != nil || len(cs) != 0 {
		t.Fatalf("Parse of the untouched CSV = %+v, %v", cs, err)
	}
}

func TestExportBadFormat(t *testing.T) {
	err := Export(&bytes.Buffer{}, nil, ExportOptions{Format: "pdf"})
	if ledger.ErrorCode(err) != ledger.EInvalid {
		t.Fatalf("err = %v", err)
	}
}

func TestExportEmpty(t *testing.T) {
	data := exportBytes(t, nil, ExportOptions{})
	f := openXLSX(t, data)
	rows, _ := f.GetRows("任务分解表")
	if len(rows) != 1 {
		t.Fatalf("rows = %q", rows)
	}
	cs, err := Parse(bytes.NewReader(data), "x.xlsx", year, nil, testDir())
	if err != nil || len(cs) != 0 {
		t.Fatalf("Parse = %v, %v", cs, err)
	}
}
