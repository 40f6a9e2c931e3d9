package cli

import (
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"ducha/evaluate"
)

// TestEvaluate runs ducha evaluate on a demo database in every format and
// reads the 考核表 back.
func TestEvaluate(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "demo.db")
	if code, _, errOut := run(t, "", "demo", "--db", db, "--tasks", filepath.Join(dir, "tasks.xlsx")); code != 0 {
		t.Fatalf("demo: exit %d: %s", code, errOut)
	}
	args := []string{"evaluate", "--db", db, "--government", "示例区", "--year", "2024", "--at", "2024-09-15"}

	// The table on the terminal, the formula under it.
	code, table, errOut := run(t, "", args...)
	if code != 0 {
		t.Fatalf("table: exit %d: %s", code, errOut)
	}
	for _, s := range []string{"示例区2024年政府工作报告任务落实年终考核表（考核日：2024年9月15日）", "排名", "按时填报率",
		"\n1 ", "计分办法：\n总分 = 完成率 × 60 + 按时填报率 × 20 + 督办按时回复率 × 10 + (1 − 退回率) × 10", "无督办单，按满分计"} {
		if !strings.Contains(table, s) {
			t.Errorf("table lacks %q:\n%s", s, table)
		}
	}

	// The workbook.
	out := filepath.Join(dir, "考核表.xlsx")
	code, msg, errOut := run(t, "", append(args, "--format", "xlsx", "-o", out)...)
	if code != 0 || !strings.Contains(msg, "units") {
		t.Fatalf("xlsx: exit %d: %s %s", code, msg, errOut)
	}
	f, err := excelize.OpenFile(out)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if got := strings.Join(f.GetSheetList(), " "); got != "考核表 计分办法" {
		t.Errorf("sheets %s", got)
	}
	rows, err := f.GetRows("考核表")
	if err != nil {
		t.Fatal(err)
	}
	if rows[0][0] != "示例区2024年政府工作报告任务落实年终考核表" || rows[1][0] != "考核日：2024年9月15日" {
		t.Errorf("title rows %q %q", rows[0], rows[1])
	}
	wantHeader := "排名 单位 牵头任务数 完成率 完成得分（60分） 按时填报率 填报得分（20分） 督办按时回复率 督办得分（10分） 退回率 退回得分（10分） 总分 说明"
	if got := strings.Join(rows[2], " "); got != wantHeader {
		t.Errorf("header %s", got)
	}
	var units []string
	prev := 101.0
	i := 3
	for ; i < len(rows) && len(rows[i]) > 1; i++ {
		r := rows[i]
		units = append(units, r[1])
		rank, err := strconv.Atoi(r[0])
		total, err2 := strconv.ParseFloat(r[11], 64)
		if err != nil || err2 != nil || total > prev || total < 0 || (i == 3) != (rank == 1) {
			t.Errorf("row %d: %q", i+1, r)
		}
		prev = total
		if !strings.HasSuffix(r[3], "%") || !strings.Contains(r[12], "应报") {
			t.Errorf("row %d: rate %q, note %q", i+1, r[3], r[12])
		}
		// The rate and points are numbers: 完成得分 = 完成率 × 60.
		rate, _ := f.GetCellValue("考核表", mustCell(4, i+1), excelize.Options{RawCellValue: true})
		pts, _ := f.GetCellValue("考核表", mustCell(5, i+1), excelize.Options{RawCellValue: true})
		rv, err := strconv.ParseFloat(rate, 64)
		pv, err2 := strconv.ParseFloat(pts, 64)
		if err != nil || err2 != nil || rv < 0 || rv > 1 || abs(rv*60-pv) > 1e-9 {
			t.Errorf("row %d: raw rate %q, points %q", i+1, rate, pts)
		}
	}
	if len(units) < 10 || !strings.Contains(table, units[0]) {
		t.Errorf("units %v", units)
	}
	// The formula under the table.
	var under []string
	for ; i < len(rows); i++ {
		under = append(under, strings.Join(rows[i], ""))
	}
	if text := strings.Join(under, "\n"); !strings.Contains(text, "计分办法\n总分 = 完成率 × 60") || !strings.Contains(text, "期末后10日内") {
		t.Errorf("under the table:\n%s", text)
	}
	panes, err := f.GetPanes("考核表")
	if err != nil || !panes.Freeze || panes.YSplit != 3 {
		t.Errorf("panes %+v, %v", panes, err)
	}
	style, _ := f.GetCellStyle("考核表", "A3")
	if s, err := f.GetStyle(style); err != nil || s.Font == nil || !s.Font.Bold || len(s.Fill.Color) == 0 {
		t.Errorf("header style %+v, %v", s, err)
	}
	rows, err = f.GetRows("计分办法")
	if err != nil {
		t.Fatal(err)
	}
	var text []string
	for _, r := range rows {
		text = append(text, strings.Join(r, "|"))
	}
	all := strings.Join(text, "\n")
	for _, s := range []string{"总分 = 完成率 × 60", "完成率|60|60.00|完成率 × 60", "(1 − 退回率) × 10", "按时填报宽限天数|10天", "办结为未完成|0%"} {
		if !strings.Contains(all, s) {
			t.Errorf("计分办法 lacks %q:\n%s", s, all)
		}
	}
	formula, err := evaluate.ParseFormula([]byte(rows[len(rows)-1][0]))
	if err != nil || formula != evaluate.DefaultFormula() {
		t.Errorf("formula JSON %q: %v", rows[len(rows)-1][0], err)
	}

	// CSV: the same table, then the formula.
	code, csv, errOut := run(t, "", append(args, "--format", "csv")...)
	if code != 0 || !strings.HasPrefix(csv, "\uFEFF示例区2024年") || !strings.Contains(csv, "\r\n排名,单位,牵头任务数,完成率,完成得分（60分）") ||
		!strings.Contains(csv, "\r\n1,"+units[0]+",") || !strings.Contains(csv, "\r\n计分办法\r\n总分 = ") {
		t.Errorf("csv: exit %d %s\n%s", code, errOut, csv)
	}

	// Another formula, from a file.
	ff := writeFile(t, "formula.json", []byte(`{"weights":{"completion":3,"timeliness":1,"replies":1,"returns":1}}`))
	code, table, errOut = run(t, "", append(args, "--formula", ff)...)
	if code != 0 || !strings.Contains(table, "总分 = 完成率 × 50 + 按时填报率 × 16.67") || !strings.Contains(table, "折算为百分制") {
		t.Errorf("--formula: exit %d %s\n%s", code, errOut, table)
	}

	// Errors.
	bad := writeFile(t, "bad.json", []byte(`{"grace_days":-1}`))
	for _, c := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"evaluate", "--db", db, "--government", "示例区"}, 2, "--year"},
		{append(args[:len(args):len(args)], "--format", "pdf"), 2, "--format"},
		{[]string{"evaluate", "--db", db, "--government", "示例区", "--year", "2024", "--at", "2024-13-01"}, 2, "--at"},
		{[]string{"evaluate", "--db", db, "--government", "无此区", "--year", "2024"}, 1, "无此区"},
		{[]string{"evaluate", "--db", db, "--government", "示例区", "--year", "2019"}, 1, ""},
		{append(args[:len(args):len(args)], "--formula", bad), 1, "考核公式"},
	} {
		code, _, errOut := run(t, "", c.args...)
		if code != c.code || !strings.Contains(errOut, c.want) || strings.Count(errOut, "\n") != 1 {
			t.Errorf("%v: exit %d, stderr %q", c.args[1:], code, errOut)
		}
	}
}

func TestEvaluationDate(t *testing.T) {
	end := func(y int, m time.Month, d int) time.Time {
		return time.Date(y, m, d+1, 0, 0, 0, 0, time.UTC).Add(-time.Nanosecond)
	}
	later := time.Date(2026, 3, 1, 8, 0, 0, 0, time.UTC)
	during := time.Date(2024, 6, 15, 8, 0, 0, 0, time.UTC)
	for _, c := range []struct {
		at   string
		now  time.Time
		want time.Time
	}{
		{"", later, end(2024, 12, 31)},
		{"", during, end(2024, 6, 15)},
		{"2024-09-15", during, end(2024, 9, 15)},
	} {
		got, err := evaluationDate(c.at, 2024, c.now)
		if err != nil || !got.Equal(c.want) {
			t.Errorf("%q at %v: %v, %v; want %v", c.at, c.now, got, err, c.want)
		}
	}
}

func abs(f float64) float64 {
	if f < 0 {
		return -f
	}
	return f
}

func mustCell(col, row int) string {
	c, err := excelize.CoordinatesToCellName(col, row)
	if err != nil {
		panic(err)
	}
	return c
}
