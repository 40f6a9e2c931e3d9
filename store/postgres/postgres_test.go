package postgres_test

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"os"
	"strings"
	"testing"

	"ducha/ledger"
	"ducha/store/postgres"
	"ducha/store/storetest"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// testDSN returns the database of DUCHA_TEST_POSTGRES, or skips the test.
func testDSN(tb testing.TB) string {
	tb.Helper()
	dsn := os.Getenv("DUCHA_TEST_POSTGRES")
	if dsn == "" {
		tb.Skip("DUCHA_TEST_POSTGRES not set: set it to a PostgreSQL URL, e.g. " +
			"postgres://postgres@127.0.0.1:5432/test?sslmode=disable, to run the PostgreSQL store tests")
	}
	return dsn
}

// open returns a store on a new schema of the test database, migrated
// when migrate is set; the schema is dropped when the test ends.
func open(tb testing.TB, migrate bool) *postgres.DB {
	tb.Helper()
	dsn := testDSN(tb)
	ctx := context.Background()
	b := make([]byte, 6)
	rand.Read(b)
	schema := "ducha_test_" + hex.EncodeToString(b)
	admin, err := pgx.Connect(ctx, dsn)
	if err != nil {
		tb.Fatal(err)
	}
	defer admin.Close(ctx)
	if _, err := admin.Exec(ctx, "CREATE SCHEMA "+pgx.Identifier{schema}.Sanitize()); err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() {
		admin, err := pgx.Connect(ctx, dsn)
		if err != nil {
			tb.Error(err)
			return
		}
		defer admin.Close(ctx)
		if _, err := admin.Exec(ctx, "DROP SCHEMA "+pgx.Identifier{schema}.Sanitize()+" CASCADE"); err != nil {
			tb.Error(err)
		}
	})
	cfg, err := pgxpool.ParseConfig(dsn)
	if err != nil {
		tb.Fatal(err)
	}
	cfg.ConnConfig.RuntimeParams["search_path"] = schema
	db, err := postgres.OpenConfig(ctx, cfg)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { db.Close() })
	if migrate {
		if _, _, err := db.Migrate(ctx); err != nil {
			tb.Fatal(err)
		}
	}
	return db
}

func TestConformance(t *testing.T) {
	testDSN(t)
	storetest.Run(t, func(t *testing.T) ledger.Store { return open(t, true) })
}

func TestSupervision(t *testing.T) {
	testDSN(t)
	storetest.RunSupervision(t, func(t *testing.T) (storetest.DB, storetest.Exec) {
		db := open(t, true)
		return db, func(ctx context.Context, query string) error {
			_, err := db.Pool().Exec(ctx, query)
			return err
		}
	})
}

func TestMigrate(t *testing.T) {
	db := open(t, false)
	ctx := t.Context()
	if v, err := db.Version(ctx); err != nil || v != 0 {
		t.Fatalf("Version of an empty schema = %d, %v", v, err)
	}
	from, to, err := db.Migrate(ctx)
	if err != nil || from != 0 || to != postgres.LatestVersion() {
		t.Fatalf("Migrate = %d, %d, %v; want 0, %d", from, to, err, postgres.LatestVersion())
	}
	from, to, err = db.Migrate(ctx)
	if err != nil || from != to || to != postgres.LatestVersion() {
		t.Fatalf("Migrate again = %d, %d, %v", from, to, err)
	}
	if _, err := db.Pool().Exec(ctx, `INSERT INTO schema_migrations (version, name) VALUES (99, 'x')`); err != nil {
		t.Fatal(err)
	}
	_, _, err = db.Migrate(ctx)
	if ledger.ErrorCode(err) != ledger.EConflict || !strings.Contains(err.Error(), "upgrade ducha") {
		t.Fatalf("Migrate of a newer database: %v", err)
	}
}

func BenchmarkSaveReport(b *testing.B) {
	storetest.BenchmarkSaveReport(b, open(b, true), 600)
}

func BenchmarkCommitments(b *testing.B) {
	storetest.BenchmarkCommitments(b, open(b, true), 600)
}

// BenchmarkViews runs ANALYZE after the setup, as autovacuum would after
// such a load, unless DUCHA_BENCH_ANALYZE=0.
func BenchmarkViews(b *testing.B) {
	db := open(b, true)
	var analyze func(context.Context) error
	if os.Getenv("DUCHA_BENCH_ANALYZE") != "0" {
		analyze = func(ctx context.Context) error {
			_, err := db.Pool().Exec(ctx, "ANALYZE")
			return err
		}
	}
	storetest.BenchmarkViews(b, db, 10_000, 100_000, analyze)
}
