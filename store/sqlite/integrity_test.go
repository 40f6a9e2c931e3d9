package sqlite_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"ducha/ledger"
	"ducha/store/sqlite"
	"ducha/store/storetest"
)

// TestForeignKeysHold: SaveReport writes without foreign key checks (see
// beginBulk); after imports, replacements and task edits every reference
// must still hold and no row be left behind.
func TestForeignKeysHold(t *testing.T) {
	ctx := t.Context()
	db := open(t, filepath.Join(t.TempDir(), "ducha.db"))
	if _, _, err := db.SaveUnits(ctx, storetest.GeneratedUnits()); err != nil {
		t.Fatal(err)
	}
	g, err := db.EnsureGovernment(ctx, ledger.Government{Name: "示例区"})
	if err != nil {
		t.Fatal(err)
	}
	var last *ledger.Report
	for i, year := range []int{2024, 2025, 2024, 2024, 2025} {
		r, cs := storetest.GeneratedReport(30 + 10*i)
		r.GovernmentID, r.Year, r.Checksum = g.ID, year, fmt.Sprint(i)
		if err := db.SaveReport(ctx, r, cs); err != nil {
			t.Fatal(err)
		}
		edit := cs[:3]
		edit[0].Assignment = ledger.Assignment{Lead: "示例区财政局", Cooperating: []string{"示例区民政局"}}
		edit[1].Milestones = nil
		edit = append(edit, ledger.Commitment{Code: cs[0].Code + ".1", ParentCode: cs[0].Code,
			Assignment: ledger.Assignment{Cooperating: []string{"示例区教育局", "示例区财政局"}}})
		if err := db.ApplyTasks(ctx, r.ID, edit); err != nil {
			t.Fatal(err)
		}
		// Dispatched and recalled: a state row that goes with the report.
		for _, s := range []ledger.State{ledger.StateDispatched, ledger.StateNew} {
			if err := db.SetCommitmentState(ctx, cs[1].ID, s, "", "", "test"); err != nil {
				t.Fatal(err)
			}
		}
		last = r
	}
	rows, err := db.SQL().QueryContext(ctx, `PRAGMA foreign_key_check`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var table, parent string
		var rowid, fk any
		rows.Scan(&table, &rowid, &parent, &fk)
		t.Errorf("row %v of %s refers to a missing row of %s", rowid, table, parent)
	}
	// Only the rows of the two reports left are there.
	var n int
	if err := db.SQL().QueryRowContext(ctx, `SELECT count(*) FROM reports`).Scan(&n); err != nil || n != 2 {
		t.Fatalf("%d reports, %v", n, err)
	}
	for _, q := range []string{
		`SELECT count(*) FROM commitments WHERE report_id NOT IN (SELECT id FROM reports)`,
		`SELECT count(*) FROM targets WHERE commitment_id NOT IN (SELECT id FROM commitments)`,
		`SELECT count(*) FROM milestones WHERE commitment_id NOT IN (SELECT id FROM commitments)`,
		`SELECT count(*) FROM assignments WHERE commitment_id NOT IN (SELECT id FROM commitments)`,
		`SELECT count(*) FROM assignment_cooperators WHERE commitment_id NOT IN (SELECT commitment_id FROM assignments)`,
		`SELECT count(*) FROM commitment_states WHERE commitment_id NOT IN (SELECT id FROM commitments)`,
	} {
		if err := db.SQL().QueryRowContext(ctx, q).Scan(&n); err != nil || n != 0 {
			t.Errorf("%s: %d, %v", q, n, err)
		}
	}
	cs, err := db.Commitments(ctx, last.ID)
	if err != nil || len(cs) != 71 {
		t.Fatalf("last report: %d commitments, %v", len(cs), err)
	}
}

// TestTwoHandles: two handles on one file, as two ducha processes would
// have, write and read at the same time; SQLite's locks (BEGIN IMMEDIATE,
// busy timeout) must make them wait, never fail with "database is locked".
func TestTwoHandles(t *testing.T) {
	path := filepath.Join(t.TempDir(), "ducha.db")
	a, b := open(t, path), open(t, path)
	ctx := context.Background()
	if _, _, err := a.SaveUnits(ctx, storetest.GeneratedUnits()); err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for w, db := range []*sqlite.DB{a, b} {
		wg.Go(func() {
			g, err := db.EnsureGovernment(ctx, ledger.Government{Name: fmt.Sprint("区", w)})
			if err != nil {
				errs <- err
				return
			}
			for i := range 8 {
				r, cs := storetest.GeneratedReport(200)
				r.GovernmentID, r.Year, r.Checksum = g.ID, 2000+i, fmt.Sprint(w, "-", i)
				if err := db.SaveReport(ctx, r, cs); err != nil {
					errs <- fmt.Errorf("writer %d: %w", w, err)
					return
				}
				if _, err := b.Reports(ctx, g.ID); err != nil {
					errs <- fmt.Errorf("reader %d: %w", w, err)
					return
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

// TestCheckpointOnClose: the log is copied into the database and removed
// when the last connection closes.
func TestCheckpointOnClose(t *testing.T) {
	path := filepath.Join(t.TempDir(), "ducha.db")
	db, err := sqlite.Open(t.Context(), path)
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := db.Migrate(t.Context()); err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Stat(path + "-wal"); err == nil && fi.Size() > 0 {
		t.Fatalf("%s-wal left with %d bytes", path, fi.Size())
	}
}
