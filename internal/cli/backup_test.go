package cli

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"ducha/store"
)

// TestBackupRestore: a backup of an imported ledger, restored over a
// changed one, brings back the ledger as it was, keeps the replaced one
// beside it and records the restore in the audit log.
func TestBackupRestore(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "ducha.db")
	if code, _, errOut := run(t, "", "import", "report", "--db", db, "../../samples/shili-2024.txt"); code != 0 {
		t.Fatalf("import: %s", errOut)
	}
	backup := filepath.Join(dir, "backup.db")
	if code, out, errOut := run(t, "", "backup", "--db", db, backup); code != 0 || !strings.Contains(out, backup) {
		t.Fatalf("backup: %d %s %s", code, out, errOut)
	}
	if code, _, errOut := run(t, "", "backup", "--db", db, backup); code == 0 || !strings.Contains(errOut, "exists") {
		t.Errorf("backup over an existing file: %d %q, want refused", code, errOut)
	}
	// The ledger changes after the backup: a second report.
	if code, _, errOut := run(t, "", "import", "report", "--db", db, "../../samples/shili-2025.txt"); code != 0 {
		t.Fatalf("import 2025: %s", errOut)
	}
	if code, _, errOut := run(t, "", "restore", "--db", db, backup); code == 0 || !strings.Contains(errOut, "--force") {
		t.Errorf("restore over a ledger without --force: %d %q, want refused naming --force", code, errOut)
	}
	code, out, errOut := run(t, "", "restore", "--db", db, "--force", backup)
	if code != 0 || !strings.Contains(out, "before-restore") {
		t.Fatalf("restore: %d %s %s", code, out, errOut)
	}
	ctx := context.Background()
	reports := func(path string) int {
		st, err := store.Open(ctx, path, store.Options{})
		if err != nil {
			t.Fatal(err)
		}
		defer st.Close()
		gs, err := st.Governments(ctx)
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, g := range gs {
			rs, err := st.Reports(ctx, g.ID)
			if err != nil {
				t.Fatal(err)
			}
			n += len(rs)
		}
		return n
	}
	if n := reports(db); n != 1 {
		t.Errorf("restored ledger holds %d reports, want the 1 of the backup", n)
	}
	kept, _ := filepath.Glob(db + ".before-restore-*")
	if len(kept) != 1 {
		t.Fatalf("replaced ledger kept as %v, want one file", kept)
	}
	if n := reports(kept[0]); n != 2 {
		t.Errorf("kept ledger holds %d reports, want the 2 it had", n)
	}
	st, err := store.Open(ctx, db, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	entries, err := st.Audit(ctx, "database", "", 0)
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, e := range entries {
		found = found || (e.Action == "database.restore" && e.Ref == backup && strings.HasPrefix(e.Actor, "cli:"))
	}
	if !found {
		t.Errorf("no audit entry of the restore among %d entries", len(entries))
	}
	// A file that is no backup is refused and the ledger left as it is.
	junk := writeFile(t, "junk.db", []byte("not a database"))
	if code, _, errOut := run(t, "", "restore", "--db", db, "--force", junk); code == 0 || !strings.Contains(errOut, "not a sound SQLite database") {
		t.Errorf("restore of junk: %d %q", code, errOut)
	}
	if n := reports(db); n != 1 {
		t.Errorf("after a refused restore the ledger holds %d reports", n)
	}
	os.Remove(junk)
}
