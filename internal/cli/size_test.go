package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestImportReportTooLarge: import report refuses an oversized file as
// extract does, with the same message and exit status.
func TestImportReportTooLarge(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "big.txt")
	if err := os.WriteFile(path, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Truncate(path, 40<<20); err != nil { // sparse
		t.Fatal(err)
	}
	ecode, _, eerr := run(t, "", "extract", path)
	icode, _, ierr := run(t, "", "import", "report", "--db", filepath.Join(dir, "x.db"), "--government", "示例区", path)
	if ecode != 1 || icode != 1 || ierr != eerr || !strings.Contains(ierr, "file is 40.0 MiB, over the 32 MiB limit") {
		t.Fatalf("extract: exit %d %q\nimport: exit %d %q", ecode, eerr, icode, ierr)
	}
}
