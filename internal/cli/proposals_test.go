package cli

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestImportProposals: the sample list of 175 is written, imported once,
// refused the second time (nothing added), a bad list names its errors,
// and the statistics are exported.
func TestImportProposals(t *testing.T) {
	dir := t.TempDir()
	list := filepath.Join(dir, "list.xlsx")
	db := filepath.Join(dir, "ducha.db")
	if code, _, errOut := run(t, "", "proposals", "sample", "--out", list); code != 0 {
		t.Fatalf("sample: %d %s", code, errOut)
	}
	code, out, errOut := run(t, "", "import", "proposals", "--db", db, "--actor", "office", list)
	if code != 0 || out != list+": 175 items added (76 建议, 99 提案)\n" {
		t.Fatalf("import: %d %q %q", code, out, errOut)
	}
	code, out, errOut = run(t, "", "import", "proposals", "--db", db, list)
	if code != 1 || out != "" || !strings.Contains(errOut, "第0001号 已导入，未导入任何一件") {
		t.Fatalf("second import: %d %q %q", code, out, errOut)
	}
	bad := writeFile(t, "bad.csv", []byte("编号,标题,领衔人,附议人,类别,主办单位,协办单位\n7,,张三,,,示例区教育局,\n"))
	code, _, errOut = run(t, "", "import", "proposals", "--db", db, "--kind", "提案", bad)
	if code != 1 || !strings.Contains(errOut, "第2行 标题 标题不能为空") {
		t.Fatalf("bad list: %d %q", code, errOut)
	}
	code, _, errOut = run(t, "", "import", "proposals", "--db", db, "--kind", "意见", bad)
	if code != 2 || !strings.Contains(errOut, "use 建议 or 提案") {
		t.Fatalf("bad kind: %d %q", code, errOut)
	}
	stats := filepath.Join(dir, "stats.xlsx")
	code, out, errOut = run(t, "", "proposals", "stats", "--db", db, "--out", stats)
	if code != 0 || out != stats+": 办理情况统计表 of 175 items\n" {
		t.Fatalf("stats: %d %q %q", code, out, errOut)
	}
}
