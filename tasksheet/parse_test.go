package tasksheet

import (
	"bytes"
	"encoding/csv"
	"testing"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"
	xunicode "golang.org/x/text/encoding/unicode"

	"ducha/ledger"
)

// wantEdits are the commitments the edits of the round-trip tests give.
func wantEdits() []ledger.Commitment {
	fx := fixtures()
	c1, c2, c3 := clone(fx[0]), clone(fx[1]), clone(fx[2])
	c1.Assignment.Cooperating = []string{"示例区财政局", "示例区住房和城乡建设局"}
	c1.DeadlineText, c1.Deadline = "9月底前", dayPtr(2024, 9, 30)
	c2.Milestones = []ledger.Milestone{{Due: day(2024, 6, 30), Description: "完成主体工程"}, {Due: day(2024, 9, 30), Expected: "1500"}}
	c2.Weight = 50
	c3.Assignment.Lead = "示例区发展和改革局" // SuggestedLead stays
	c3.Target.Comparator, c3.Target.Value, c3.Target.High = "ge", "7", ""
	c2.Assignment.Cooperating, c3.Section = nil, nil
	sub := ledger.Commitment{
		ReportID: 7, Code: "2024-03-02-1.2", ParentCode: "2024-03-02-1", Kind: ledger.KindTarget,
		Title: "新建幼儿园2所", Section: fx[0].Section, Category: fx[0].Category, Period: 2024,
		Deadline:   dayPtr(2024, 9, 30),
		Assignment: ledger.Assignment{Lead: "示例区教育局"},
	}
	return []ledger.Commitment{c1, c2, c3, sub}
}

// edit applies the round-trip edits through set(code, column, value).
func edit(set func(code, col, v string)) {
	set("2024-02-01-1", colLead, "区发改局") // a short name
	set("2024-02-01-1", colTarget, "≥7")
	set("2024-03-02-1", colCooperating, "区财政局、区住建局")
	set("2024-03-02-1", colDeadline, "9月底前")
	set("2024-03-02-1.1", colMilestones, "2024-06-30：完成主体工程；2024-09-30：1500")
	set("2024-03-02-1.1", colWeight, "50")
	set("2024-03-02-1.2", colCode, "2024-03-02-1.2")
	set("2024-03-02-1.2", colParent, "2024-03-02-1")
	set("2024-03-02-1.2", colTitle, "新建幼儿园2所")
	set("2024-03-02-1.2", colLead, "区教体局") // an alias
	set("2024-03-02-1.2", colDeadline, "2024/9/30")
}

func TestRoundTripXLSX(t *testing.T) {
	data := exportBytes(t, fixtureRows(), ExportOptions{Title: "示例区2024年政府工作报告任务分解表"})
	if cs, err := parseBytes(data); err != nil || len(cs) != 0 {
		t.Fatalf("untouched sheet: %d changes, %v", len(cs), err)
	}
	e := editXLSX(t, data)
	edit(func(code, col, v string) { e.set(code, col, v) })
	ex := fixtures()
	got, err := Parse(bytes.NewReader(e.bytes()), "任务分解表.xlsx", year, ex, testDir())
	if err != nil {
		t.Fatal(err)
	}
	sameJSON(t, got, wantEdits())
	sameJSON(t, ex, fixtures()) // the caller's commitments are not touched
}

func TestRoundTripCSV(t *testing.T) {
	data := exportBytes(t, fixtureRows(), ExportOptions{Format: "csv"})
	edited := editCSV(t, data)
	for _, tc := range []struct {
		name string
		data []byte
	}{
		{"utf8-bom", edited},
		{"utf8", bytes.TrimPrefix(edited, []byte("\xEF\xBB\xBF"))},
		{"gbk", gbk(t, bytes.TrimPrefix(edited, []byte("\xEF\xBB\xBF")))},
		{"gb18030", gb18030(t, edited[3:])},
		{"utf16-tab", utf16Tab(t, edited[3:])},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := Parse(bytes.NewReader(tc.data), "任务分解表.csv", year, fixtures(), testDir())
			if err != nil {
				t.Fatal(err)
			}
			sameJSON(t, got, wantEdits())
		})
	}
}

// editCSV applies the round-trip edits to an exported CSV.
func editCSV(t *testing.T, data []byte) []byte {
	t.Helper()
	recs, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(data, []byte("\xEF\xBB\xBF")))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	col := map[string]int{}
	for i, h := range recs[0] {
		col[h] = i
	}
	edit(func(code, c, v string) {
		for _, r := range recs[1:] {
			if r[col[colCode]] == code {
				r[col[c]] = v
				return
			}
		}
		r := make([]string, len(Columns))
		r[col[c]] = v
		recs = append(recs, r)
	})
	var buf bytes.Buffer
	buf.WriteString("\uFEFF")
	w := csv.NewWriter(&buf)
	if err := w.WriteAll(recs); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// utf16Tab turns a CSV into Excel's "Unicode text": tab-separated
// UTF-16LE with a BOM.
func utf16Tab(t *testing.T, b []byte) []byte {
	t.Helper()
	recs, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	w.Comma = '\t'
	w.WriteAll(recs)
	out, err := xunicode.UTF16(xunicode.LittleEndian, xunicode.UseBOM).NewEncoder().Bytes(buf.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func gbk(t *testing.T, b []byte) []byte {
	t.Helper()
	out, err := simplifiedchinese.GBK.NewEncoder().Bytes(b)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func gb18030(t *testing.T, b []byte) []byte {
	t.Helper()
	out, err := simplifiedchinese.GB18030.NewEncoder().Bytes(b)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestExcelCells covers what Excel does to cells: dates stored as serial
// numbers shown in any date format, codes typed as numbers, a header
// moved below a title, columns reordered or left out.
func TestExcelCells(t *testing.T) {
	build := func(t *testing.T, fill func(f *excelize.File, s string)) []byte {
		f := excelize.NewFile()
		defer f.Close()
		fill(f, "Sheet1")
		buf, err := f.WriteToBuffer()
		if err != nil {
			t.Fatal(err)
		}
		return buf.Bytes()
	}
	dateStyle := func(f *excelize.File, numFmt int, custom string) int {
		s := &excelize.Style{NumFmt: numFmt}
		if custom != "" {
			s.CustomNumFmt = &custom
		}
		id, err := f.NewStyle(s)
		if err != nil {
			t.Fatal(err)
		}
		return id
	}
	tests := []struct {
		name string
		fill func(f *excelize.File, s string)
		want func(c *ledger.Commitment)
	}{
		{"serial shown as m/d/yy", func(f *excelize.File, s string) {
			f.SetSheetRow(s, "A1", &[]any{"编码", "任务内容", "完成时限"})
			f.SetSheetRow(s, "A2", &[]any{"2024-03-02-1", "新增中小学学位6000个以上", 45565})
			f.SetCellStyle(s, "C2", "C2", dateStyle(f, 14, ""))
		}, func(c *ledger.Commitment) { c.DeadlineText, c.Deadline = "", dayPtr(2024, 9, 30) }},
		{"serial shown as yyyy/m/d", func(f *excelize.File, s string) {
			f.SetSheetRow(s, "A1", &[]any{"编码", "任务内容", "完成时限"})
			f.SetSheetRow(s, "A2", &[]any{"2024-03-02-1", "新增中小学学位6000个以上", 45565})
			f.SetCellStyle(s, "C2", "C2", dateStyle(f, 0, "yyyy/m/d"))
		}, func(c *ledger.Commitment) { c.DeadlineText, c.Deadline = "", dayPtr(2024, 9, 30) }},
		{"serial shown as d-mmm", func(f *excelize.File, s string) {
			f.SetSheetRow(s, "A1", &[]any{"编码", "任务内容", "完成时限"})
			f.SetSheetRow(s, "A2", &[]any{"2024-03-02-1", "新增中小学学位6000个以上", 45565})
			f.SetCellStyle(s, "C2", "C2", dateStyle(f, 0, "d-mmm"))
		}, func(c *ledger.Commitment) { c.DeadlineText, c.Deadline = "", dayPtr(2024, 9, 30) }},
		{"serial shown as a number", func(f *excelize.File, s string) {
			f.SetSheetRow(s, "A1", &[]any{"编码", "任务内容", "完成时限"})
			f.SetSheetRow(s, "A2", &[]any{"2024-03-02-1", "新增中小学学位6000个以上", 45565})
		}, func(c *ledger.Commitment) { c.DeadlineText, c.Deadline = "", dayPtr(2024, 9, 30) }},
		{"date typed as text", func(f *excelize.File, s string) {
			f.SetSheetRow(s, "A1", &[]any{"编码", "任务内容", "完成时限"})
			f.SetSheetRow(s, "A2", &[]any{"2024-03-02-1", "新增中小学学位6000个以上", "2024-09-30"})
		}, func(c *ledger.Commitment) { c.DeadlineText, c.Deadline = "", dayPtr(2024, 9, 30) }},
		{"title rows, reordered and missing columns", func(f *excelize.File, s string) {
			f.SetCellStr(s, "A1", "示例区2024年政府工作报告任务分解表")
			f.SetCellStr(s, "A2", "（2024年3月）")
			f.SetSheetRow(s, "A3", &[]any{" 任务内容 ", "权重", "编码*", "责任人"})
			f.SetSheetRow(s, "A4", &[]any{"新增中小学学位6000个以上", 20, "2024-03-02-1", "王五"})
		}, func(c *ledger.Commitment) { c.Weight, c.Assignment.Person = 20, "王五" }},
		{"weight as a percentage", func(f *excelize.File, s string) {
			f.SetSheetRow(s, "A1", &[]any{"编码", "任务内容", "权重"})
			f.SetSheetRow(s, "A2", &[]any{"2024-03-02-1", "新增中小学学位6000个以上", 0.25})
			f.SetCellStyle(s, "C2", "C2", dateStyle(f, 9, ""))
		}, func(c *ledger.Commitment) { c.Weight = 25 }},
		{"blank rows and read-only columns", func(f *excelize.File, s string) {
			f.SetSheetRow(s, "A1", &[]any{"序号", "编码", "任务内容", "当前进度", "状态", "责任领导"})
			f.SetSheetRow(s, "A3", &[]any{9, "", "", "100%", "已完成"}) // only read-only cells: skipped
			f.SetSheetRow(s, "A5", &[]any{1, "2024-03-02-1", "新增中小学学位6000个以上", "", "", "赵六"})
		}, func(c *ledger.Commitment) { c.Assignment.Leader = "赵六" }},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := parseBytes(build(t, tc.fill))
			if err != nil {
				t.Fatal(err)
			}
			want := clone(fixtures()[0])
			tc.want(&want)
			sameJSON(t, got, []ledger.Commitment{want})
		})
	}
}

// TestTargetCell covers the forms of 目标值.
func TestTargetCell(t *testing.T) {
	tests := []struct {
		cell, unit  string
		cmp, lo, hi string
		ok          bool
	}{
		{"6000", "", "eq", "6000", "", true},
		{"≥6000", "", "ge", "6000", "", true},
		{">=6,000", "", "ge", "6000", "", true},
		{"6000以上", "个", "ge", "6000", "", true},
		{"6000个以上", "个", "ge", "6000", "", true},
		{"约300", "", "approx", "300", "", true},
		{"≤5%", "%", "le", "5", "", true},
		{"控制在3%以内", "%", "le", "3", "", true},
		{"6.5–7", "%", "eq", "6.5", "7", true},
		{"6.5%-7%", "%", "eq", "6.5", "7", true},
		{"6.5~7", "", "eq", "6.5", "7", true},
		{"-5", "", "eq", "-5", "", true},
		{"６０００", "", "eq", "6000", "", true},
		{"", "", "", "", "", true},
		{"六千", "", "", "", "", false},
		{"≥", "", "", "", "", false},
		{"6.5–", "", "", "", "", false},
		{"abc", "", "", "", "", false},
	}
	for _, tc := range tests {
		cmp, lo, hi, ok := parseTarget(tc.cell, tc.unit)
		if ok != tc.ok || ok && (cmp != tc.cmp || lo != tc.lo || hi != tc.hi) {
			t.Errorf("parseTarget(%q, %q) = %q %q %q %v", tc.cell, tc.unit, cmp, lo, hi, ok)
		}
	}
}

// TestTargetEdits: a target cell is applied only when it differs from
// what the export wrote.
func TestTargetEdits(t *testing.T) {
	tests := []struct {
		name  string
		cells map[string]string // column → value for 2024-02-01-1
		want  func(tg **ledger.Target)
	}{
		{"same text", map[string]string{colTarget: "6.5–7"}, nil},
		{"spaces only", map[string]string{colTarget: " 6.5–7 "}, nil},
		{"new value", map[string]string{colTarget: "约7"}, func(tg **ledger.Target) { (*tg).Comparator, (*tg).Value, (*tg).High = "approx", "7", "" }},
		{"all target cells emptied", map[string]string{colTarget: "", colIndicator: "", colUnit: ""}, func(tg **ledger.Target) { *tg = nil }},
		{"unit edited", map[string]string{colUnit: "个百分点"}, func(tg **ledger.Target) { (*tg).Unit = "个百分点" }},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			e := editXLSX(t, exportBytes(t, fixtureRows(), ExportOptions{}))
			for col, v := range tc.cells {
				e.set("2024-02-01-1", col, v)
			}
			got, err := parseBytes(e.bytes())
			if err != nil {
				t.Fatal(err)
			}
			if tc.want == nil {
				if len(got) != 0 {
					t.Fatalf("changes = %+v", got)
				}
				return
			}
			want := clone(fixtures()[2])
			want.Section = nil
			tc.want(&want.Target)
			sameJSON(t, got, []ledger.Commitment{want})
		})
	}
}

// TestClearing: emptied cells clear their fields.
func TestClearing(t *testing.T) {
	e := editXLSX(t, exportBytes(t, fixtureRows(), ExportOptions{}))
	for _, col := range []string{colLead, colLeader, colPerson, colDeadline, colMilestones} {
		e.set("2024-03-02-1", col, "")
	}
	got, err := parseBytes(e.bytes())
	if err != nil {
		t.Fatal(err)
	}
	want := clone(fixtures()[0])
	want.Assignment.Lead, want.Assignment.Leader, want.Assignment.Person = "", "", ""
	want.DeadlineText, want.Deadline, want.Milestones = "", nil, nil
	want.Assignment.Cooperating = nil
	sameJSON(t, got, []ledger.Commitment{want})
}

// TestNewSubTasks: a new sub-task may sit under another new one, in any
// order of rows, and takes its report, section and category from the
// existing ancestor; unchanged rows are left out.
func TestNewSubTasks(t *testing.T) {
	e := editXLSX(t, exportBytes(t, fixtureRows(), ExportOptions{}))
	e.set("2024-03-02-1.2.1", colCode, "2024-03-02-1.2.1")
	e.set("2024-03-02-1.2.1", colParent, "2024-03-02-1.2")
	e.set("2024-03-02-1.2.1", colTitle, "完成选址")
	e.set("2024-03-02-1.2.1", colMilestones, "3月底：完成选址")
	e.set("2024-03-02-1.2", colCode, "2024-03-02-1.2")
	e.set("2024-03-02-1.2", colParent, "2024-03-02-1")
	e.set("2024-03-02-1.2", colTitle, "新建幼儿园2所")
	e.set("2024-03-02-1.2", colCategory, "（五）其他")
	e.set("2024-03-02-1.2", colTarget, "2")
	e.set("2024-03-02-1.2", colUnit, "所")
	got, err := parseBytes(e.bytes())
	if err != nil {
		t.Fatal(err)
	}
	p := fixtures()[0]
	want := []ledger.Commitment{
		{
			ReportID: 7, Code: "2024-03-02-1.2.1", ParentCode: "2024-03-02-1.2", Kind: ledger.KindTarget,
			Title: "完成选址", Section: p.Section, Category: "（五）其他", Period: 2024,
			Milestones: []ledger.Milestone{{Due: day(2024, 3, 31), Description: "完成选址"}},
		},
		{
			ReportID: 7, Code: "2024-03-02-1.2", ParentCode: "2024-03-02-1", Kind: ledger.KindTarget,
			Title: "新建幼儿园2所", Section: p.Section, Category: "（五）其他", Period: 2024,
			Target: &ledger.Target{Unit: "所", Comparator: "eq", Value: "2"},
		},
	}
	sameJSON(t, got, want)
}
