package sqlite_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"ducha/ledger"
	"ducha/store/sqlite"
)

// dump returns every row of every table of the database at path, in
// order: what "an identical ledger" means.
func dump(t *testing.T, path string) map[string][]string {
	t.Helper()
	ctx := context.Background()
	d, err := sqlite.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	db := d.SQL()
	rows, err := db.QueryContext(ctx, `SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`)
	if err != nil {
		t.Fatal(err)
	}
	var tables []string
	for rows.Next() {
		var n string
		rows.Scan(&n)
		tables = append(tables, n)
	}
	rows.Close()
	out := map[string][]string{}
	for _, table := range tables {
		rows, err := db.QueryContext(ctx, `SELECT * FROM "`+table+`" ORDER BY 1`)
		if err != nil {
			t.Fatal(err)
		}
		cols, _ := rows.Columns()
		for rows.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			out[table] = append(out[table], fmt.Sprint(vals...))
		}
		rows.Close()
	}
	return out
}

func TestBackupUnderWriteLoadAndRestore(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	path := filepath.Join(dir, "ledger.db")
	d, err := sqlite.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := d.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	// Writers add units (each with its audit entry where the store writes
	// one) while backups are taken.
	var written atomic.Int64
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for w := range 3 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; ; i++ {
				select {
				case <-stop:
					return
				default:
				}
				u := ledger.Unit{Name: fmt.Sprintf("单位%d-%d", w, i), Contact: "0931-1234567"}
				if _, _, err := d.SaveUnits(ctx, []ledger.Unit{u}); err != nil {
					t.Error(err)
					return
				}
				if _, err := d.EnsureGovernment(ctx, ledger.Government{Name: fmt.Sprintf("区%d-%d", w, i)}); err != nil {
					t.Error(err)
					return
				}
				written.Add(1)
			}
		}()
	}
	var backups []string
	for i := range 5 {
		for written.Load() < int64(20*(i+1)) && !t.Failed() {
			time.Sleep(time.Millisecond)
		}
		b := filepath.Join(dir, fmt.Sprintf("backup-%d.db", i))
		if err := d.Backup(ctx, b); err != nil {
			t.Fatalf("backup %d under load: %v", i, err)
		}
		backups = append(backups, b)
	}
	close(stop)
	wg.Wait()
	// Each backup taken under load is a sound snapshot: a unit and its
	// government are written by the same writer one after the other, so a
	// snapshot holds as many governments as units, or one fewer per writer.
	for _, b := range backups {
		tables := dump(t, b)
		units, govs := len(tables["units"]), len(tables["governments"])
		if units == 0 || govs > units || units-govs > 3 {
			t.Errorf("%s: %d units and %d governments: not one snapshot", b, units, govs)
		}
	}
	// A backup of the quiet database restores to an identical ledger.
	final := filepath.Join(dir, "final.db")
	if err := d.Backup(ctx, final); err != nil {
		t.Fatal(err)
	}
	if err := d.Backup(ctx, final); err == nil || !strings.Contains(err.Error(), "exists") {
		t.Errorf("a backup over an existing file: %v, want refused", err)
	}
	d.Close()
	want := dump(t, path)
	restored := filepath.Join(dir, "restored.db")
	os.WriteFile(restored, []byte("old contents"), 0o600)
	if err := sqlite.Restore(ctx, final, restored); err != nil {
		t.Fatal(err)
	}
	if got := dump(t, restored); !reflect.DeepEqual(got, want) {
		t.Errorf("restored ledger differs from the original: %d vs %d tables", len(got), len(want))
	}
	// What is not a ducha backup is refused, and the target is untouched.
	junk := filepath.Join(dir, "junk.db")
	os.WriteFile(junk, []byte("not a database"), 0o600)
	if err := sqlite.Restore(ctx, junk, restored); err == nil {
		t.Error("restore of a junk file: no error")
	}
	if got := dump(t, restored); !reflect.DeepEqual(got, want) {
		t.Error("a refused restore changed the target")
	}
}
