package cli

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"ducha/store"
)

// TestImportTasksAudited: `ducha import tasks` runs the same apply as the
// web upload and leaves one audit entry per changed task, naming the file,
// the person at the terminal and the cell before and after; a bad sheet
// changes nothing and leaves no entry.
func TestImportTasksAudited(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "demo.db")
	if code, _, errOut := run(t, "", "demo", "--db", db, "--tasks", filepath.Join(dir, "tasks.xlsx")); code != 0 {
		t.Fatalf("demo: exit %d: %s", code, errOut)
	}
	sheet := filepath.Join(dir, "tasks.csv")
	if code, _, errOut := run(t, "", "export", "tasks", "--db", db, "--government", "示例区", "--year", "2024", "--format", "csv", "-o", sheet); code != 0 {
		t.Fatalf("export: exit %d: %s", code, errOut)
	}
	raw, err := os.ReadFile(sheet)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(raw), "\n")
	code := ""
	for i, l := range lines[1:] {
		f := strings.Split(l, ",")
		if len(f) > 12 && f[11] == "" && f[1] != "" && !strings.Contains(l, `"`) {
			f[11] = "赵科长" // 责任人
			code = f[1]
			lines[i+1] = strings.Join(f, ",")
			break
		}
	}
	if code == "" {
		t.Fatal("no row to edit")
	}
	edited := filepath.Join(dir, "edited.csv")
	writeCSV := func(path string, lines []string) {
		if err := os.WriteFile(path, []byte(strings.Join(lines, "\n")), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	writeCSV(edited, lines)

	countAudit := func() (int, string) {
		st, err := store.Open(context.Background(), db, store.Options{})
		if err != nil {
			t.Fatal(err)
		}
		defer st.Close()
		es, err := st.Audit(context.Background(), "", "", 0)
		if err != nil {
			t.Fatal(err)
		}
		n, after := 0, ""
		for _, e := range es {
			if e.Action == "tasks.import" {
				n++
				after = e.Actor + " " + e.After
			}
		}
		return n, after
	}

	// A bad sheet: refused, nothing audited.
	bad := append([]string(nil), lines...)
	for i, l := range bad[1:] {
		if f := strings.Split(l, ","); len(f) > 12 && f[1] != code && !strings.Contains(l, `"`) {
			f[1] = "2099-01-01-1" // a code not in the ledger, no parent given
			bad[i+1] = strings.Join(f, ",")
			break
		}
	}
	badPath := filepath.Join(dir, "bad.csv")
	writeCSV(badPath, bad)
	if c, _, errOut := run(t, "", "import", "tasks", "--db", db, "--government", "示例区", "--year", "2024", badPath); c == 0 || !strings.Contains(errOut, "2099-01-01-1") || !strings.Contains(errOut, "编码不存在于台账中") {
		t.Fatalf("bad sheet: exit %d: %s", c, errOut)
	}
	if n, _ := countAudit(); n != 0 {
		t.Fatalf("a refused sheet left %d audit entries", n)
	}

	c, out, errOut := run(t, "", "import", "tasks", "--db", db, "--government", "示例区", "--year", "2024", edited)
	if c != 0 || !strings.Contains(out, "1 tasks changed") {
		t.Fatalf("import: exit %d: %s %s", c, out, errOut)
	}
	n, after := countAudit()
	if n != 1 {
		t.Fatalf("%d audit entries, want 1", n)
	}
	for _, want := range []string{"cli:", `"责任人":"赵科长"`, "edited.csv"} {
		if !strings.Contains(after, want) {
			t.Errorf("audit entry %s lacks %s", after, want)
		}
	}
}
