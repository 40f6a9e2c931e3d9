package tasksheet

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"ducha/ledger"
)

const year = 2024

func day(y, m, d int) time.Time { return time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC) }

func dayPtr(y, m, d int) *time.Time { t := day(y, m, d); return &t }

// testDir is a small units directory in the style of samples/units.csv.
func testDir() *ledger.Directory {
	return ledger.NewDirectory([]ledger.Unit{
		{Name: "示例区教育局", ShortName: "区教育局", Aliases: []string{"区教体局"}},
		{Name: "示例区发展和改革局", ShortName: "区发改局", Aliases: []string{"区发改委"}},
		{Name: "示例区财政局", ShortName: "区财政局"},
		{Name: "示例区住房和城乡建设局", ShortName: "区住建局"},
		{Name: "示例区卫生健康局", ShortName: "区卫健局"},
		{Name: "城关区教育局(体育局)", ShortName: "城关区教体局"},
	})
}

// fixtures are commitments of a report: targets with a ge comparator and
// a range, a sub-task, assignments, milestones, categories, and a deadline
// phrase ParseDeadline does not know (kept as it is).
func fixtures() []ledger.Commitment {
	return []ledger.Commitment{
		{
			ID: 11, ReportID: 7, Code: "2024-03-02-1", Kind: ledger.KindTarget,
			Title: "新增中小学学位6000个以上", Text: "新增中小学学位6000个以上", Start: 100, End: 130,
			Section: []string{"二、2024年工作安排", "（三）办好民生实事"}, Category: "（三）办好民生实事",
			Period: 2024, DeadlineText: "年底前", Deadline: dayPtr(2024, 12, 31),
			Target: &ledger.Target{Indicator: "新增中小学学位", Quantity: "6000个以上", Unit: "个", Comparator: "ge", Value: "6000"},
			Assignment: ledger.Assignment{
				Lead: "示例区教育局", SuggestedLead: "示例区教育局", Leader: "张三", Person: "李四",
			},
			Milestones: []ledger.Milestone{{Due: day(2024, 6, 30), Expected: "3000"}},
		},
		{
			ID: 12, ReportID: 7, Code: "2024-03-02-1.1", ParentCode: "2024-03-02-1", Kind: ledger.KindTarget,
			Title: "新建学校3所", Text: "新建学校3所", Category: "（三）办好民生实事", Period: 2024,
			Weight: 30,
			Target: &ledger.Target{Indicator: "新建学校", Quantity: "3所", Unit: "所", Comparator: "eq", Value: "3"},
		},
		{
			ID: 13, ReportID: 7, Code: "2024-02-01-1", Kind: ledger.KindTarget,
			Title: "地区生产总值增长6.5%—7%", Text: "地区生产总值增长6.5%—7%",
			Category: "（一）推动高质量发展", Period: 2024,
			Target:     &ledger.Target{Indicator: "地区生产总值增长", Quantity: "6.5%—7%", Unit: "%", Comparator: "eq", Value: "6.5", High: "7", Change: "increase", Binding: "预期性"},
			Assignment: ledger.Assignment{SuggestedLead: "示例区发展和改革局", Cooperating: []string{"示例区财政局"}},
		},
		{
			ID: 14, ReportID: 7, Code: "2024-02-03-1", Kind: ledger.KindTarget,
			Title: "持续优化营商环境", Text: "持续优化营商环境", Category: "（一）推动高质量发展",
			Period: 2024, DeadlineText: "长期坚持",
			Milestones: []ledger.Milestone{{Due: day(2024, 6, 30), Expected: "3", Description: "完成3项改革"}},
		},
	}
}

func fixtureRows() []Row {
	var rows []Row
	for i, c := range fixtures() {
		r := Row{Commitment: c}
		if i == 0 {
			r.Progress, r.Status = "45%", "推进中"
		}
		rows = append(rows, r)
	}
	return rows
}

func exportBytes(t *testing.T, rows []Row, opt ExportOptions) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := Export(&buf, rows, opt); err != nil {
		t.Fatalf("Export: %v", err)
	}
	return buf.Bytes()
}

func openXLSX(t *testing.T, data []byte) *excelize.File {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("open exported workbook: %v", err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

// sheetEditor edits an exported workbook by code and column name.
type sheetEditor struct {
	t     *testing.T
	f     *excelize.File
	sheet string
	hdr   int
	cols  map[string]int
}

func editXLSX(t *testing.T, data []byte) *sheetEditor {
	t.Helper()
	f := openXLSX(t, data)
	e := &sheetEditor{t: t, f: f, sheet: f.GetSheetName(0), cols: map[string]int{}}
	rows, err := f.GetRows(e.sheet)
	if err != nil {
		t.Fatal(err)
	}
	for i, r := range rows {
		if len(r) > 1 && r[1] == colCode {
			e.hdr = i + 1
			for j, c := range r {
				e.cols[c] = j + 1
			}
			break
		}
	}
	if e.hdr == 0 {
		t.Fatal("no header row")
	}
	return e
}

// row returns the sheet row of code, or the next free row for a new code.
func (e *sheetEditor) row(code string) int {
	rows, _ := e.f.GetRows(e.sheet)
	for i := e.hdr; i < len(rows); i++ {
		if len(rows[i]) > 1 && rows[i][1] == code {
			return i + 1
		}
	}
	return len(rows) + 1
}

func (e *sheetEditor) ref(code, col string) string {
	e.t.Helper()
	j, ok := e.cols[col]
	if !ok {
		e.t.Fatalf("no column %s", col)
	}
	return cell(j, e.row(code))
}

func (e *sheetEditor) set(code, col, v string) *sheetEditor {
	e.t.Helper()
	if col == colCode {
		// A new row: its code goes first, so later cells find the row.
		if err := e.f.SetCellStr(e.sheet, cell(e.cols[colCode], e.row(code)), v); err != nil {
			e.t.Fatal(err)
		}
		return e
	}
	if err := e.f.SetCellStr(e.sheet, e.ref(code, col), v); err != nil {
		e.t.Fatal(err)
	}
	return e
}

func (e *sheetEditor) bytes() []byte {
	e.t.Helper()
	buf, err := e.f.WriteToBuffer()
	if err != nil {
		e.t.Fatal(err)
	}
	return buf.Bytes()
}

func parseBytes(data []byte) ([]ledger.Commitment, error) {
	return Parse(bytes.NewReader(data), "任务分解表.xlsx", year, fixtures(), testDir())
}

// sameJSON compares values through JSON, which shows a readable diff.
func sameJSON(t *testing.T, got, want any) {
	t.Helper()
	g, _ := json.MarshalIndent(got, "", " ")
	w, _ := json.MarshalIndent(want, "", " ")
	if string(g) != string(w) {
		t.Errorf("got:\n%s\nwant:\n%s", g, w)
	}
}

// sheetErr asserts err is a *SheetError and returns it.
func sheetErr(t *testing.T, err error) *SheetError {
	t.Helper()
	var se *SheetError
	if !errors.As(err, &se) {
		t.Fatalf("err = %v (%T), want *SheetError", err, err)
	}
	if ledger.ErrorCode(err) != ledger.EInvalid {
		t.Errorf("ErrorCode = %q, want invalid", ledger.ErrorCode(err))
	}
	return se
}

// hasLine reports whether one line of the error mentions every part.
func hasLine(msg string, parts ...string) bool {
	for _, line := range strings.Split(msg, "\n") {
		ok := true
		for _, p := range parts {
			if !strings.Contains(line, p) {
				ok = false
				break
			}
		}
		if ok {
			return true
		}
	}
	return false
}
