package store_test

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"ducha/ledger"
	"ducha/store"
	"ducha/store/postgres"
	"ducha/store/sqlite"
	"ducha/store/storetest"

	"github.com/jackc/pgx/v5"
)

// The conformance suite's DB is store.DB.
var (
	_ storetest.DB = store.DB(nil)
	_ store.DB     = storetest.DB(nil)
)

func TestExpectedVersion(t *testing.T) {
	if store.ExpectedVersion() != sqlite.LatestVersion() || store.ExpectedVersion() != postgres.LatestVersion() {
		t.Fatalf("ExpectedVersion %d, SQLite %d, PostgreSQL %d: both stores must ship the same migrations",
			store.ExpectedVersion(), sqlite.LatestVersion(), postgres.LatestVersion())
	}
}

func TestIsPostgres(t *testing.T) {
	for dsn, want := range map[string]bool{
		"postgres://u@host/db": true, "postgresql://host/db": true, "POSTGRES://host/db": true,
		"./ducha.db": false, ":memory:": false, "postgres.db": false, "/var/lib/postgres/ducha.db": false,
	} {
		if got := store.IsPostgres(dsn); got != want {
			t.Errorf("IsPostgres(%q) = %v", dsn, got)
		}
	}
}

// testVersions runs the schema version checks on the database at dsn,
// which starts empty; setVersion records a migration of a given version.
func testVersions(t *testing.T, dsn string, setVersion func(v int)) {
	ctx := t.Context()
	want := store.ExpectedVersion()
	// An empty database is refused without Migrate.
	_, err := store.Open(ctx, dsn, store.Options{})
	wantErr(t, err, ledger.EConflict, emptyMessage())

	from, to, err := store.Migrate(ctx, dsn)
	if err != nil || from != 0 || to != want {
		t.Fatalf("Migrate = %d, %d, %v; want 0, %d", from, to, err, want)
	}
	from, to, err = store.Migrate(ctx, dsn)
	if err != nil || from != want || to != want {
		t.Fatalf("Migrate again = %d, %d, %v", from, to, err)
	}
	for _, opt := range []store.Options{{}, {Migrate: true}} {
		s, err := store.Open(ctx, dsn, opt)
		if err != nil {
			t.Fatalf("Open(%+v): %v", opt, err)
		}
		if v, err := s.SchemaVersion(ctx); err != nil || v != want {
			t.Fatalf("SchemaVersion = %d, %v", v, err)
		}
		if _, err := s.EnsureGovernment(ctx, ledger.Government{Name: "示例区"}); err != nil {
			t.Fatal(err)
		}
		s.Close()
	}

	// A database from a newer ducha is refused, with or without Migrate.
	setVersion(want + 2)
	for _, opt := range []store.Options{{}, {Migrate: true}} {
		_, err := store.Open(ctx, dsn, opt)
		wantErr(t, err, ledger.EConflict, fmt.Sprintf("database schema version %d is newer than this ducha (%d): upgrade ducha", want+2, want))
	}
	if _, _, err := store.Migrate(ctx, dsn); ledger.ErrorCode(err) != ledger.EConflict {
		t.Fatalf("Migrate of a newer database: %v", err)
	}
}

// emptyMessage is the error for an empty database opened without Migrate.
func emptyMessage() string {
	return fmt.Sprintf("database schema is at version 0, this ducha expects %d: run 'ducha migrate'", store.ExpectedVersion())
}

func wantErr(t *testing.T, err error, code, msg string) {
	t.Helper()
	if ledger.ErrorCode(err) != code || err.Error() != msg {
		t.Fatalf("error %v (code %q), want %q (code %q)", err, ledger.ErrorCode(err), msg, code)
	}
}

func TestVersionsSQLite(t *testing.T) {
	path := filepath.Join(t.TempDir(), "ducha.db")
	testVersions(t, path, func(v int) {
		db, err := sqlite.Open(context.Background(), path)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		if _, err := db.SQL().Exec(`INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, 'future', '')`, v); err != nil {
			t.Fatal(err)
		}
	})
}

func TestOpenSQLiteMissingFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "missing.db")
	_, err := store.Open(t.Context(), path, store.Options{})
	wantErr(t, err, ledger.EConflict, emptyMessage())
	if _, err := os.Stat(path); !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("Open without Migrate created %s: %v", path, err)
	}
}

func TestOpenMemory(t *testing.T) {
	ctx := t.Context()
	_, err := store.Open(ctx, sqlite.Memory, store.Options{})
	wantErr(t, err, ledger.EConflict, emptyMessage())
	s, err := store.Open(ctx, sqlite.Memory, store.Options{Migrate: true})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if _, err := s.EnsureGovernment(ctx, ledger.Government{Name: "示例区"}); err != nil {
		t.Fatal(err)
	}
}

func TestOpenInvalid(t *testing.T) {
	for _, dsn := range []string{"", "  ", "postgres://[bad"} {
		if _, err := store.Open(t.Context(), dsn, store.Options{Migrate: true}); ledger.ErrorCode(err) != ledger.EInvalid {
			t.Errorf("Open(%q): %v, want an invalid error", dsn, err)
		}
	}
}

func TestVersionsPostgres(t *testing.T) {
	dsn := os.Getenv("DUCHA_TEST_POSTGRES")
	if dsn == "" {
		t.Skip("DUCHA_TEST_POSTGRES not set: set it to a PostgreSQL URL, e.g. " +
			"postgres://postgres@127.0.0.1:5432/test?sslmode=disable, to run the PostgreSQL store tests")
	}
	ctx := context.Background()
	b := make([]byte, 6)
	rand.Read(b)
	schema := "ducha_test_" + hex.EncodeToString(b)
	admin, err := pgx.Connect(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	quoted := pgx.Identifier{schema}.Sanitize()
	t.Cleanup(func() {
		if _, err := admin.Exec(ctx, "DROP SCHEMA IF EXISTS "+quoted+" CASCADE"); err != nil {
			t.Error(err)
		}
		admin.Close(ctx)
	})
	if _, err := admin.Exec(ctx, "CREATE SCHEMA "+quoted); err != nil {
		t.Fatal(err)
	}
	sep := "?"
	if strings.Contains(dsn, "?") {
		sep = "&"
	}
	testVersions(t, dsn+sep+"search_path="+schema, func(v int) {
		if _, err := admin.Exec(ctx, "INSERT INTO "+quoted+".schema_migrations (version, name) VALUES ($1, 'future')", v); err != nil {
			t.Fatal(err)
		}
	})
}
