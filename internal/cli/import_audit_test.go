package cli

import (
	"context"
	"encoding/csv"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"ducha/ledger"
	"ducha/store"
)

// reportText is a small work report of our own: one reviewed figure and
// four targets of 2099, one with a word of scale and one with a deadline.
const reportText = "测试县2099年政府工作报告\n\n一、2098年工作回顾\n\n过去一年，全县新增就业4000人。\n\n" +
	"二、2099年工作安排\n\n全年完成固定资产投资200亿元以上，新增学位1.2万个，城镇新增就业5000人，6月底前建成公园3个。\n"

// auditOf returns the audit entries of action in db, oldest first.
func auditOf(t *testing.T, db, action string) []ledger.AuditEntry {
	t.Helper()
	st, err := store.Open(context.Background(), db, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	es, err := st.Audit(context.Background(), "", "", 0)
	if err != nil {
		t.Fatal(err)
	}
	var out []ledger.AuditEntry
	for i := len(es) - 1; i >= 0; i-- {
		if es[i].Action == action {
			out = append(out, es[i])
		}
	}
	return out
}

// TestImportsAuditedAndDefaults: a plain `import report` into an empty
// database says to import the units first and leaves an audit entry with
// the person and the counts; `export tasks` takes the only report without
// --government and --year and writes 测试县-2099-任务分解表.xlsx, refusing to
// overwrite it; the sheet's 目标值 reads ≥200亿元, its 完成时限 is never empty
// (2099-12-31 where the report gives none), 状态 and 当前进度 are filled;
// reading it back untouched changes nothing; `import tasks` without units
// hints at `import units`, which is audited under the name of --actor.
func TestImportsAuditedAndDefaults(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	db := filepath.Join(dir, "ducha.db")
	rep := filepath.Join(dir, "report.txt")
	if err := os.WriteFile(rep, []byte(reportText), 0o600); err != nil {
		t.Fatal(err)
	}
	code, out, errOut := run(t, "", "import", "report", "--db", db, "--government", "测试县", "--year", "2099", rep)
	if code != 0 || !strings.Contains(out, "4 commitments") {
		t.Fatalf("import report: exit %d: %s %s", code, out, errOut)
	}
	if !strings.Contains(errOut, "ducha import units") {
		t.Errorf("no hint to import the units first: %q", errOut)
	}
	es := auditOf(t, db, "report.import")
	if len(es) != 1 || !strings.HasPrefix(es[0].Actor, "cli:") || es[0].Entity != "report" || es[0].Ref == "" {
		t.Fatalf("report.import entries: %+v", es)
	}
	for _, want := range []string{`"by":"命令行 `, `"file":"report.txt"`, `"government":"测试县"`, `"year":2099`, `"commitments":4`, `"quantified":4`} {
		if !strings.Contains(es[0].After, want) {
			t.Errorf("report.import entry %s lacks %s", es[0].After, want)
		}
	}

	// A refused file is audited too.
	bad := filepath.Join(dir, "empty.txt")
	os.WriteFile(bad, []byte("   \n"), 0o600)
	if code, _, _ := run(t, "", "import", "report", "--db", db, "--government", "测试县", "--year", "2099", bad); code == 0 {
		t.Fatal("an empty report imported")
	}
	if es := auditOf(t, db, "report.import_failed"); len(es) != 1 || !strings.Contains(es[0].After, `"file":"empty.txt"`) {
		t.Errorf("report.import_failed entries: %+v", es)
	}

	// export tasks: the only report, the default file name.
	code, out, errOut = run(t, "", "export", "tasks", "--db", db)
	want := filepath.Join(dir, "测试县-2099-任务分解表.xlsx")
	if code != 0 || !strings.Contains(out, want) || !strings.Contains(out, "4 tasks") {
		t.Fatalf("export tasks: exit %d: %s %s", code, out, errOut)
	}
	if _, err := os.Stat(want); err != nil {
		t.Fatal(err)
	}
	if code, _, errOut := run(t, "", "export", "tasks", "--db", db); code == 0 || !strings.Contains(errOut, "already exists") {
		t.Errorf("second export over the first: exit %d: %s", code, errOut)
	}
	if es := auditOf(t, db, "tasks.export"); len(es) != 1 || !strings.Contains(es[0].After, `"rows":4`) {
		t.Errorf("tasks.export entries: %+v", es)
	}

	sheet := filepath.Join(dir, "sheet.csv")
	if code, _, errOut := run(t, "", "export", "tasks", "--db", db, "--format", "csv", "-o", sheet); code != 0 {
		t.Fatalf("csv export: %s", errOut)
	}
	f, err := os.Open(sheet)
	if err != nil {
		t.Fatal(err)
	}
	records, err := csv.NewReader(f).ReadAll()
	f.Close()
	if err != nil || len(records) != 5 {
		t.Fatalf("csv: %d records, %v", len(records), err)
	}
	col := map[string]int{}
	for i, h := range records[0] {
		col[strings.TrimPrefix(h, "\ufeff")] = i
	}
	byTitle := map[string][]string{}
	for _, r := range records[1:] {
		byTitle[r[col["任务内容"]]] = r
	}
	rows := []struct {
		title, target, unit, deadline string
	}{
		{"全年完成固定资产投资200亿元以上", "≥200亿元", "元", "2099-12-31"},
		{"新增学位1.2万个", "1.2万个", "个", "2099-12-31"},
		{"城镇新增就业5000人", "5000", "人", "2099-12-31"},
		{"6月底前建成公园3个", "3", "个", "6月底前"},
	}
	for _, w := range rows {
		r, ok := byTitle[w.title]
		if !ok {
			t.Errorf("no row %s in %q", w.title, records)
			continue
		}
		if got := r[col["目标值"]]; got != w.target {
			t.Errorf("%s: 目标值 %q, want %q", w.title, got, w.target)
		}
		if got := r[col["单位"]]; got != w.unit {
			t.Errorf("%s: 单位 %q, want %q", w.title, got, w.unit)
		}
		if got := r[col["完成时限"]]; got != w.deadline {
			t.Errorf("%s: 完成时限 %q, want %q", w.title, got, w.deadline)
		}
		// Not dispatched, the year not begun: 未启动, nothing planned yet.
		if got := r[col["状态"]]; got != "未启动" {
			t.Errorf("%s: 状态 %q, want 未启动", w.title, got)
		}
		if got := r[col["当前进度"]]; got != "计划进度0%，实际进度0%" {
			t.Errorf("%s: 当前进度 %q, want 计划进度0%%，实际进度0%%", w.title, got)
		}
	}

	// Read back untouched: nothing changes; no units yet: the hint.
	code, out, errOut = run(t, "", "import", "tasks", "--db", db, want)
	if code != 0 || !strings.Contains(out, "0 tasks changed") {
		t.Fatalf("import tasks untouched: exit %d: %s %s", code, out, errOut)
	}
	if !strings.Contains(errOut, "ducha import units") {
		t.Errorf("import tasks without units: no hint in %q", errOut)
	}

	// import units as a stored user: audited under the user's name.
	if code, _, errOut := run(t, "long-enough-passw0rd\n", "user", "add", "zhang", "--db", db, "--name", "张伟", "--role", "supervisor"); code != 0 {
		t.Fatalf("user add: %s", errOut)
	}
	units := filepath.Join(dir, "units.csv")
	os.WriteFile(units, []byte("name,short_name\n测试县教育局,县教育局\n测试县发展和改革局,县发改局\n"), 0o600)
	if code, out, errOut := run(t, "", "import", "units", "--db", db, "--actor", "zhang", units); code != 0 || !strings.Contains(out, "2 units added") {
		t.Fatalf("import units: exit %d: %s %s", code, out, errOut)
	}
	es = auditOf(t, db, "units.import")
	if len(es) != 1 || es[0].Actor != "zhang" {
		t.Fatalf("units.import entries: %+v", es)
	}
	for _, want := range []string{`"by":"张伟"`, `"file":"units.csv"`, `"added":2`, `"updated":0`} {
		if !strings.Contains(es[0].After, want) {
			t.Errorf("units.import entry %s lacks %s", es[0].After, want)
		}
	}

	// A second report: the commands ask which.
	rep2 := filepath.Join(dir, "report2098.txt")
	os.WriteFile(rep2, []byte(strings.ReplaceAll(strings.ReplaceAll(reportText, "2099", "2097"), "2098", "2096")), 0o600)
	if code, _, errOut := run(t, "", "import", "report", "--db", db, "--government", "测试县", "--year", "2097", rep2); code != 0 {
		t.Fatalf("second report: %s", errOut)
	}
	code, _, errOut = run(t, "", "export", "tasks", "--db", db, "-o", "-")
	if code != 2 || !strings.Contains(errOut, "2 reports") || !strings.Contains(errOut, "测试县 2097") || !strings.Contains(errOut, "测试县 2099") {
		t.Errorf("two reports, no flags: exit %d: %s", code, errOut)
	}
	if code, out, errOut := run(t, "", "export", "tasks", "--db", db, "--year", "2097", "--format", "csv", "-o", "-"); code != 0 || !strings.Contains(out, "2097-12-31") {
		t.Errorf("--year 2097 alone: exit %d: %s", code, errOut)
	}
}
