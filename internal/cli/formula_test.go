package cli

import (
	"bytes"
	"context"
	"encoding/csv"
	"io"
	"log/slog"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"ducha/demo"
	"ducha/store"
	"ducha/supervise"
	"ducha/web"
)

// formulaStart reports whether a spreadsheet would read a cell starting
// like s as a formula: written here by hand from what Excel, LibreOffice
// and WPS do (= + - @, tab and CR, and the full-width forms WPS accepts),
// not from cellsafe.
func formulaStart(s string) bool {
	if s == "" || s == "-" {
		return false
	}
	for _, p := range []string{"=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠"} {
		if strings.HasPrefix(s, p) {
			// A plain signed number is a value.
			t := strings.TrimSuffix(strings.TrimLeft(s, "+-"), "%")
			num := t != "" && len(s)-len(strings.TrimLeft(s, "+-")) == 1
			for _, r := range t {
				num = num && (r >= '0' && r <= '9' || r == '.')
			}
			return !num
		}
	}
	return false
}

// planted are the values put in every text field: each starts with a
// character a spreadsheet runs as a formula.
var planted = map[string]string{
	"分类":   "=1+2局",
	"指标":   "+1+2指标",
	"单位":   "-1+2",
	"牵头单位": "=1+2局",
	"配合单位": "@SUM(1)办",
	"责任领导": "＝1+2",
	"责任人":  "\t=1+2",
	"任务内容": "=HYPERLINK(\"http://example.invalid\",\"点击\")",
	"时间节点": "2024-06-30：=1+2",
}

// TestNoFormulaInAnyExport plants formula-like text in every text field
// of the ledger, produces every CSV and xlsx the project writes, and
// checks that no cell anywhere starts with a formula character
// unescaped, and that an untouched export imports as no change.
func TestNoFormulaInAnyExport(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "demo.db")
	tasks := filepath.Join(dir, "tasks.xlsx")
	if code, _, errOut := run(t, "", "demo", "--db", db, "--tasks", tasks); code != 0 {
		t.Fatalf("demo: exit %d: %s", code, errOut)
	}
	// Units whose names look like formulas.
	units := writeFile(t, "units.csv", []byte("name,short_name\n=1+2局,=1+2局\n@SUM(1)办,@SUM(1)办\n"))
	if code, _, errOut := run(t, "", "import", "units", "--db", db, units); code != 0 {
		t.Fatalf("import units: exit %d: %s", code, errOut)
	}
	// Edit the 任务分解表 as a person would and import it.
	f, err := excelize.OpenFile(tasks)
	if err != nil {
		t.Fatal(err)
	}
	sheet := f.GetSheetName(0)
	rows, _ := f.GetRows(sheet)
	hdr := 1 // the title row is first
	cols := map[string]int{}
	for i, h := range rows[hdr] {
		cols[h] = i + 1
	}
	for r := hdr + 2; r <= hdr+4; r++ {
		for col, v := range planted {
			if cols[col] == 0 {
				t.Fatalf("no column %s in %q", col, rows[hdr])
			}
			if err := f.SetCellStr(sheet, mustCell(cols[col], r), v); err != nil {
				t.Fatal(err)
			}
		}
	}
	edited := filepath.Join(dir, "edited.xlsx")
	if err := f.SaveAs(edited); err != nil {
		t.Fatal(err)
	}
	f.Close()
	args := []string{"--db", db, "--government", demo.Government, "--year", "2024"}
	if code, out, errOut := run(t, "", append([]string{"import", "tasks"}, append(args, edited)...)...); code != 0 || !strings.Contains(out, ": 3 tasks changed") {
		t.Fatalf("import tasks: exit %d: %s %s", code, out, errOut)
	}

	exports := map[string][]byte{}
	for _, format := range []string{"xlsx", "csv"} {
		out := filepath.Join(dir, "export."+format)
		if code, _, errOut := run(t, "", append([]string{"export", "tasks", "--format", format, "-o", out}, args...)...); code != 0 {
			t.Fatalf("export tasks %s: exit %d: %s", format, code, errOut)
		}
		exports["任务分解表."+format] = readAll(t, out)
		// Untouched, the export imports as no change.
		if code, msg, errOut := run(t, "", append([]string{"import", "tasks"}, append(args, out)...)...); code != 0 || !strings.Contains(msg, ": 0 tasks changed") {
			t.Errorf("re-import of the untouched %s: exit %d: %s %s", format, code, msg, errOut)
		}
	}
	eval := append([]string{"evaluate"}, append(args, "--at", "2024-09-15")...)
	evalXLSX := filepath.Join(dir, "考核表.xlsx")
	if code, _, errOut := run(t, "", append(eval, "--format", "xlsx", "-o", evalXLSX)...); code != 0 {
		t.Fatalf("evaluate xlsx: exit %d: %s", code, errOut)
	}
	exports["考核表.xlsx"] = readAll(t, evalXLSX)
	code, evalCSV, errOut := run(t, "", append(eval, "--format", "csv")...)
	if code != 0 {
		t.Fatalf("evaluate csv: exit %d: %s", code, errOut)
	}
	exports["考核表.csv"] = []byte(evalCSV)

	// The reconciliation and the public ledger.csv read the store.
	ctx := context.Background()
	st, err := store.Open(ctx, db, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	svc := &supervise.Service{Store: st}
	rc, err := svc.Reconcile(ctx, demo.Government, 2024)
	if err != nil {
		t.Fatal(err)
	}
	if len(rc.Lines) == 0 {
		t.Fatal("no reconciliation lines")
	}
	// Its text comes from the reports; plant into what a report could say.
	rc.Lines[0].Target.Indicator, rc.Lines[0].Note, rc.Lines[0].TargetSentence = "=1+2局", "-1+2", "@SUM(1)"
	recXLSX := filepath.Join(dir, "对照.xlsx")
	if _, err := writeReconcileXLSX(recXLSX, demo.Government, 2024, rc); err != nil {
		t.Fatal(err)
	}
	exports["承诺兑现对照.xlsx"] = readAll(t, recXLSX)
	srv, err := web.New(web.DefaultConfig(), svc, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	rec := httptest.NewRecorder()
	srv.Handler().ServeHTTP(rec, httptest.NewRequest("GET", "/public/"+url.PathEscape(demo.Government)+"/2024/ledger.csv", nil))
	if rec.Code != 200 {
		t.Fatalf("ledger.csv: %d %s", rec.Code, rec.Body)
	}
	exports["ledger.csv"] = rec.Body.Bytes()

	for name, data := range exports {
		cells := cellsOf(t, name, data)
		escaped := 0
		for _, c := range cells {
			if formulaStart(c.text) || c.formula {
				t.Errorf("%s %s: %q is read as a formula", name, c.where, c.text)
			}
			if strings.HasPrefix(c.text, "'=1+2") || strings.HasPrefix(c.text, "'@SUM") {
				escaped++
			}
		}
		// The planted values are there, escaped (so the walk saw them).
		if escaped == 0 {
			t.Errorf("%s: no planted value found among %d cells", name, len(cells))
		}
	}
}

type sheetCell struct {
	where, text string
	formula     bool
}

// cellsOf returns every cell of a CSV or xlsx file.
func cellsOf(t *testing.T, name string, data []byte) []sheetCell {
	t.Helper()
	var out []sheetCell
	if strings.HasSuffix(name, ".csv") {
		r := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(data, []byte("\uFEFF"))))
		r.FieldsPerRecord = -1
		recs, err := r.ReadAll()
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		for i, rec := range recs {
			for j, v := range rec {
				out = append(out, sheetCell{where: mustCell(j+1, i+1), text: v})
			}
		}
		return out
	}
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	defer f.Close()
	for _, sheet := range f.GetSheetList() {
		rows, err := f.GetRows(sheet, excelize.Options{RawCellValue: true})
		if err != nil {
			t.Fatal(err)
		}
		for i, row := range rows {
			for j, v := range row {
				ref := mustCell(j+1, i+1)
				fm, _ := f.GetCellFormula(sheet, ref)
				out = append(out, sheetCell{where: sheet + "!" + ref, text: v, formula: fm != ""})
			}
		}
	}
	return out
}

func readAll(t *testing.T, path string) []byte {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return data
}
