package sqlite_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"ducha/ledger"
	"ducha/store/sqlite"
	"ducha/store/storetest"
)

// open returns a migrated store on a new file of the test's temporary
// directory.
func open(t *testing.T, path string) *sqlite.DB {
	t.Helper()
	db, err := sqlite.Open(t.Context(), path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if _, _, err := db.Migrate(t.Context()); err != nil {
		t.Fatal(err)
	}
	return db
}

func TestConformanceFile(t *testing.T) {
	storetest.Run(t, func(t *testing.T) ledger.Store {
		return open(t, filepath.Join(t.TempDir(), "ducha.db"))
	})
}

func TestConformanceMemory(t *testing.T) {
	storetest.Run(t, func(t *testing.T) ledger.Store { return open(t, sqlite.Memory) })
}

// exec runs raw SQL on db.
func exec(db *sqlite.DB) storetest.Exec {
	return func(ctx context.Context, query string) error {
		_, err := db.SQL().ExecContext(ctx, query)
		return err
	}
}

func TestSupervisionFile(t *testing.T) {
	storetest.RunSupervision(t, func(t *testing.T) (storetest.DB, storetest.Exec) {
		db := open(t, filepath.Join(t.TempDir(), "ducha.db"))
		return db, exec(db)
	})
}

func TestSupervisionMemory(t *testing.T) {
	storetest.RunSupervision(t, func(t *testing.T) (storetest.DB, storetest.Exec) {
		db := open(t, sqlite.Memory)
		return db, exec(db)
	})
}

func TestPragmas(t *testing.T) {
	db := open(t, filepath.Join(t.TempDir(), "ducha? #%.db"))
	ctx := context.Background()
	for pragma, want := range map[string]string{
		"journal_mode": "wal", "foreign_keys": "1", "busy_timeout": "5000", "synchronous": "1",
	} {
		// Every connection of the pool has them: hold several at once.
		var got []string
		conns := make([]interface{ Close() error }, 0, 3)
		for range 3 {
			c, err := db.SQL().Conn(ctx)
			if err != nil {
				t.Fatal(err)
			}
			conns = append(conns, c)
			var v string
			if err := c.QueryRowContext(ctx, "PRAGMA "+pragma).Scan(&v); err != nil {
				t.Fatal(err)
			}
			got = append(got, v)
		}
		for _, c := range conns {
			c.Close()
		}
		for _, v := range got {
			if v != want {
				t.Errorf("PRAGMA %s = %q, want %q", pragma, v, want)
			}
		}
	}
}

func TestMigrate(t *testing.T) {
	ctx := t.Context()
	path := filepath.Join(t.TempDir(), "ducha.db")
	db, err := sqlite.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if v, err := db.Version(ctx); err != nil || v != 0 {
		t.Fatalf("Version of an empty database = %d, %v", v, err)
	}
	from, to, err := db.Migrate(ctx)
	if err != nil || from != 0 || to != sqlite.LatestVersion() {
		t.Fatalf("Migrate = %d, %d, %v; want 0, %d", from, to, err, sqlite.LatestVersion())
	}
	from, to, err = db.Migrate(ctx)
	if err != nil || from != to || to != sqlite.LatestVersion() {
		t.Fatalf("Migrate again = %d, %d, %v", from, to, err)
	}
	// A database from a newer ducha is refused.
	if _, err := db.SQL().ExecContext(ctx, `INSERT INTO schema_migrations (version, name, applied_at) VALUES (99, 'x', '')`); err != nil {
		t.Fatal(err)
	}
	if _, _, err := db.Migrate(ctx); ledger.ErrorCode(err) != ledger.EConflict {
		t.Fatalf("Migrate of a newer database: %v", err)
	}
}

func BenchmarkSaveReport(b *testing.B) {
	db, err := sqlite.Open(b.Context(), filepath.Join(b.TempDir(), "ducha.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	if _, _, err := db.Migrate(b.Context()); err != nil {
		b.Fatal(err)
	}
	storetest.BenchmarkSaveReport(b, db, 600)
}

func BenchmarkCommitments(b *testing.B) {
	db, err := sqlite.Open(b.Context(), filepath.Join(b.TempDir(), "ducha.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	if _, _, err := db.Migrate(b.Context()); err != nil {
		b.Fatal(err)
	}
	storetest.BenchmarkCommitments(b, db, 600)
}

// analyze has SQLite gather the statistics of the query planner, unless
// DUCHA_BENCH_ANALYZE=0.
func analyze(db *sqlite.DB) func(context.Context) error {
	if os.Getenv("DUCHA_BENCH_ANALYZE") == "0" {
		return nil
	}
	return func(ctx context.Context) error {
		_, err := db.SQL().ExecContext(ctx, "ANALYZE")
		return err
	}
}

func BenchmarkViews(b *testing.B) {
	db, err := sqlite.Open(b.Context(), filepath.Join(b.TempDir(), "ducha.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	if _, _, err := db.Migrate(b.Context()); err != nil {
		b.Fatal(err)
	}
	storetest.BenchmarkViews(b, db, 10_000, 100_000, analyze(db))
}
