package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestImportSeveralReports: 'ducha import report A B C' imports the files
// in order, prints one line per report, names the file that failed and
// imports the others.
func TestImportSeveralReports(t *testing.T) {
	base, err := os.ReadFile("../../samples/shili-2024.txt")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	var files []string
	for _, name := range []string{"甲区", "乙区"} {
		p := filepath.Join(dir, name+".txt")
		os.WriteFile(p, []byte(strings.ReplaceAll(string(base), "示例区", name)), 0o644)
		files = append(files, p)
	}
	bad := writeFile(t, "notes.txt", []byte("会议纪要\n今天讨论了若干事项。\n"))
	db := filepath.Join(dir, "ducha.db")
	code, out, errOut := run(t, "", "import", "report", "--db", db, "--level", "县区", files[0], bad, files[1])
	if code != 1 {
		t.Errorf("exit status %d, want 1\n%s", code, errOut)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 2 || !strings.HasPrefix(lines[0], files[0]+": imported 甲区 2024年") ||
		!strings.HasPrefix(lines[1], files[1]+": imported 乙区 2024年") {
		t.Errorf("output:\n%s", out)
	}
	if !strings.Contains(errOut, "ducha: "+bad+": cannot tell whose report this is") ||
		!strings.Contains(errOut, "1 of 3 files could not be imported") {
		t.Errorf("errors:\n%s", errOut)
	}
	// Again: nothing changes.
	code, out, _ = run(t, "", "import", "report", "--db", db, files[0], files[1])
	if code != 0 || strings.Count(out, "already imported") != 2 {
		t.Errorf("second import: %d\n%s", code, out)
	}
	// One file that fails is the command's error.
	code, _, errOut = run(t, "", "import", "report", "--db", db, bad)
	if code != 1 || errOut != "ducha: "+bad+": cannot tell whose report this is: give --government\n" {
		t.Errorf("one bad file: %d %q", code, errOut)
	}
}
