package cli

import (
	"bytes"
	"encoding/csv"
	"path/filepath"
	"strings"
	"testing"

	"ducha/projectsheet"
)

// TestImportProjects: a sheet of 100 projects is imported, imported again
// (updates), and a bad sheet changes nothing and names every error.
func TestImportProjects(t *testing.T) {
	x, err := projectsheet.XLSX(projectsheet.Sample(100, 2024))
	if err != nil {
		t.Fatal(err)
	}
	sheet := writeFile(t, "plan.xlsx", x)
	db := filepath.Join(t.TempDir(), "ducha.db")
	code, out, errOut := run(t, "", "import", "projects", "--db", db, "--year", "2024", sheet)
	if code != 0 || out != sheet+": 100 projects added, 0 updated\n" {
		t.Fatalf("import: %d %q %q", code, out, errOut)
	}
	code, out, _ = run(t, "", "import", "projects", "--db", db, "--year", "2024", sheet)
	if code != 0 || out != sheet+": 0 projects added, 100 updated\n" {
		t.Fatalf("second import: %d %q", code, out)
	}
	rows := projectsheet.Sample(3, 2024)
	rows[2][3] = "改建" // 类别 of row 3
	rows[3][6] = "很多" // 总投资 of row 4
	var b bytes.Buffer
	csv.NewWriter(&b).WriteAll(rows)
	bad := writeFile(t, "bad.csv", b.Bytes())
	code, out, errOut = run(t, "", "import", "projects", "--db", db, "--year", "2024", bad)
	if code != 1 || out != "" || !strings.Contains(errOut, `第3行 类别 "改建"`) || !strings.Contains(errOut, `第4行 总投资 "很多" 应为金额（万元）`) {
		t.Fatalf("bad sheet: %d %q %q", code, out, errOut)
	}
	code, _, errOut = run(t, "", "import", "projects", "--db", db, sheet)
	if code != 2 || !strings.Contains(errOut, "--year") {
		t.Fatalf("without --year: %d %q", code, errOut)
	}
}
