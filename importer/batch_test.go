package importer

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/jackc/pgx/v5/pgxpool"

	"ducha/ledger"
)

// batchFiles returns n generated reports of 示例1区 … as ReportFiles.
func batchFiles(t *testing.T, n int) []ReportFile {
	t.Helper()
	var files []ReportFile
	for i, p := range generateReports(t, t.TempDir(), n) {
		files = append(files, ReportFile{Path: p, Options: ReportOptions{Government: fmt.Sprintf("示例%d区", i+1), Level: ledger.LevelCounty, Parent: "示例市"}})
	}
	return files
}

// importOneByOne imports files with ImportReport, for comparison.
func importOneByOne(t *testing.T, im *Importer, files []ReportFile) []FileResult {
	t.Helper()
	var out []FileResult
	for _, f := range files {
		res, err := im.ImportReport(context.Background(), f.Path, f.Options)
		out = append(out, FileResult{ReportResult: res, Err: err})
	}
	return out
}

// TestImportReportsInOrder: ImportReports gives the results of importing
// the files one by one, in order (lead units suggested alike), also when
// a later file depends on an earlier one (the same file again is
// unchanged; an edited version replaces the report), and calls back in
// order.
func TestImportReportsInOrder(t *testing.T) {
	for _, b := range backends(t) {
		t.Run(b.name, func(t *testing.T) {
			ctx := context.Background()
			files := batchFiles(t, 6)
			raw, err := os.ReadFile(files[1].Path)
			if err != nil {
				t.Fatal(err)
			}
			edited := filepath.Join(t.TempDir(), "report-0002-v2.txt")
			os.WriteFile(edited, []byte(strings.Replace(string(raw), "一般公共预算收入增长5%以上", "一般公共预算收入增长6%以上", 1)), 0o644)
			files = append(files, files[0], ReportFile{Path: edited, Options: files[1].Options})

			withUnits := func() ledger.Store {
				st, _ := b.open(t)
				if _, _, err := (&Importer{Store: st}).ImportUnits(ctx, "../samples/units.csv"); err != nil {
					t.Fatal(err)
				}
				return st
			}
			for _, workers := range []int{1, 3} {
				want := importOneByOne(t, &Importer{Store: withUnits()}, files)
				st := withUnits()
				var called []int
				got, err := (&Importer{Store: st, Workers: workers}).ImportReports(ctx, files, func(i int, r FileResult) {
					called = append(called, i)
					if r.File != files[i].Path {
						t.Errorf("callback %d: file %s, want %s", i, r.File, files[i].Path)
					}
				})
				if err != nil {
					t.Fatal(err)
				}
				if len(got) != len(files) || len(called) != len(files) {
					t.Fatalf("%d workers: %d results, %d callbacks for %d files", workers, len(got), len(called), len(files))
				}
				for i := range files {
					if called[i] != i {
						t.Errorf("%d workers: callback %d was for file %d", workers, i, called[i])
					}
					if got[i].Err != nil || want[i].Err != nil {
						t.Fatalf("%d workers: file %d: %v / one by one: %v", workers, i, got[i].Err, want[i].Err)
					}
					if got[i].ReportResult != want[i].ReportResult {
						t.Errorf("%d workers: file %d:\n got %+v\nwant %+v", workers, i, got[i].ReportResult, want[i].ReportResult)
					}
				}
				if r := got[6]; !r.Unchanged || r.ReportID != got[0].ReportID {
					t.Errorf("the first file again: %+v", r)
				}
				if r := got[7]; !r.Replaced || r.Government != "示例2区" {
					t.Errorf("the edited second file: %+v", r)
				}
				if got[0].Suggested == 0 {
					t.Errorf("no lead unit suggested: %+v", got[0])
				}
			}
		})
	}
}

// failingStore makes SaveReport of one source file fail half-way, after
// the report and some of its commitments are written.
type failingStore struct {
	ledger.Store
	source string
}

func (s failingStore) SaveReport(ctx context.Context, r *ledger.Report, cs []ledger.Commitment) error {
	if r.SourceName != s.source {
		return s.Store.SaveReport(ctx, r, cs)
	}
	// A context that reads as cancelled from its third look on: the
	// SQLite store checks between statements, after the report's row is
	// written. A NUL character in a late commitment makes PostgreSQL
	// refuse the COPY.
	cs = append([]ledger.Commitment(nil), cs...)
	cs[len(cs)-1].Text += "\x00"
	lc := &lateCancel{Context: ctx}
	lc.looks.Store(3)
	return s.Store.SaveReport(lc, r, cs)
}

type lateCancel struct {
	context.Context
	looks atomic.Int32
}

func (c *lateCancel) Err() error {
	if c.looks.Add(-1) < 0 {
		return context.Canceled
	}
	return c.Context.Err()
}

// TestImportReportsFailures: a file that cannot be read, one that is not
// a report and one whose save fails half-way are reported, each naming
// its file; the others are imported; nothing of the failed save stays.
func TestImportReportsFailures(t *testing.T) {
	for _, b := range backends(t) {
		t.Run(b.name, func(t *testing.T) {
			ctx := context.Background()
			st, _ := b.open(t)
			files := batchFiles(t, 4)
			notReport := filepath.Join(t.TempDir(), "notes.txt")
			os.WriteFile(notReport, []byte("会议纪要\n今天讨论了若干事项。\n"), 0o644)
			missing := filepath.Join(t.TempDir(), "missing.txt")
			files = []ReportFile{
				files[0],
				{Path: missing, Options: files[0].Options},
				files[1],
				{Path: notReport},
				files[2], // fails half-way through its save
				files[3],
			}
			im := &Importer{Store: failingStore{Store: st, source: filepath.Base(files[4].Path)}}
			got, err := im.ImportReports(ctx, files, nil)
			if err != nil {
				t.Fatal(err)
			}
			for _, i := range []int{1, 3, 4} {
				if got[i].Err == nil || !strings.HasPrefix(got[i].Err.Error(), files[i].Path+": ") ||
					strings.HasPrefix(got[i].Err.Error(), files[i].Path+": "+files[i].Path) {
					t.Errorf("file %d: error %v does not start with %s, once", i, got[i].Err, files[i].Path)
				}
			}
			stored := 0
			for _, i := range []int{0, 2, 5} {
				r := got[i]
				if r.Err != nil || r.ReportID == 0 || r.Commitments == 0 {
					t.Fatalf("file %d: %+v", i, r)
				}
				cs, err := st.Commitments(ctx, r.ReportID)
				if err != nil {
					t.Fatal(err)
				}
				if len(cs) != r.Commitments+r.Achievements {
					t.Errorf("file %d: %d commitments stored, %d imported", i, len(cs), r.Commitments+r.Achievements)
				}
				stored += len(cs)
			}
			g, err := st.Government(ctx, "示例3区")
			if err != nil {
				t.Fatal(err)
			}
			if r, err := st.Report(ctx, g.ID, 2024); !ledger.IsNotFound(err) {
				t.Errorf("the failed save left report %+v (%v)", r, err)
			}
			if n := countRows(t, st, "commitments"); n != int64(stored) {
				t.Errorf("%d commitments in the database, %d imported", n, stored)
			}
		})
	}
}

// TestImportReportsCancel: cancelling stops before the next save; the
// reports saved stay, the one being saved is rolled back, the rest are
// reported as not imported.
func TestImportReportsCancel(t *testing.T) {
	for _, b := range backends(t) {
		t.Run(b.name, func(t *testing.T) {
			files := batchFiles(t, 6)
			for _, during := range []bool{false, true} {
				st, _ := b.open(t)
				ctx, cancel := context.WithCancel(context.Background())
				var store ledger.Store = st
				if during {
					// The third report is being saved when ctx is cancelled.
					store = cancellingStore{st, filepath.Base(files[2].Path), cancel}
				}
				var seen []int
				got, err := (&Importer{Store: store}).ImportReports(ctx, files, func(i int, r FileResult) {
					seen = append(seen, i)
					if !during && i == 1 {
						cancel()
					}
				})
				cancel()
				if !errors.Is(err, context.Canceled) {
					t.Fatalf("during %v: err %v", during, err)
				}
				if len(got) != len(files) || len(seen) != 2 {
					t.Fatalf("during %v: %d results, callbacks for %v", during, len(got), seen)
				}
				for i, r := range got {
					if i < 2 {
						if r.Err != nil || r.ReportID == 0 {
							t.Errorf("during %v: file %d: %+v", during, i, r)
						}
						continue
					}
					if !errors.Is(r.Err, context.Canceled) || !strings.HasPrefix(r.Err.Error(), files[i].Path+": ") {
						t.Errorf("during %v: file %d: error %v", during, i, r.Err)
					}
				}
				for i, f := range files {
					g, err := st.Government(context.Background(), f.Options.Government)
					if i >= 2 && ledger.IsNotFound(err) {
						continue
					}
					if err != nil {
						t.Fatal(err)
					}
					_, err = st.Report(context.Background(), g.ID, 2024)
					if (i < 2) != (err == nil) {
						t.Errorf("during %v: file %d: report stored: %v", during, i, err == nil)
					}
				}
			}
		})
	}
}

// cancellingStore cancels the import when it is asked to save one file.
type cancellingStore struct {
	ledger.Store
	source string
	cancel context.CancelFunc
}

func (s cancellingStore) SaveReport(ctx context.Context, r *ledger.Report, cs []ledger.Commitment) error {
	if r.SourceName == s.source {
		s.cancel()
	}
	return s.Store.SaveReport(ctx, r, cs)
}

// countRows counts the rows of a table of the database under st.
func countRows(t *testing.T, st ledger.Store, table string) int64 {
	t.Helper()
	q := "SELECT count(*) FROM " + table
	var n int64
	var err error
	switch db := st.(type) {
	case interface{ SQL() *sql.DB }:
		err = db.SQL().QueryRow(q).Scan(&n)
	case interface{ Pool() *pgxpool.Pool }:
		err = db.Pool().QueryRow(context.Background(), q).Scan(&n)
	default:
		t.Fatalf("cannot count rows in a %T", st)
	}
	if err != nil {
		t.Fatal(err)
	}
	return n
}
