package importer

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"testing"

	"github.com/jackc/pgx/v5"

	"ducha/ledger"
	"ducha/store"
	"ducha/store/sqlite"
	"ducha/tasksheet"
)

// backend opens a fresh, migrated store of one kind.
type backend struct {
	name string
	open func(t testing.TB) (ledger.Store, string)
}

// backends returns SQLite always and PostgreSQL when DUCHA_TEST_POSTGRES
// names a server (scripts/test sets it, so CI runs both).
func backends(t *testing.T) []backend {
	bs := []backend{{"sqlite", openSQLite}}
	if os.Getenv("DUCHA_TEST_POSTGRES") != "" {
		bs = append(bs, backend{"postgres", openPostgres})
	} else {
		t.Log("DUCHA_TEST_POSTGRES not set: PostgreSQL cases skipped")
	}
	return bs
}

func openSQLite(t testing.TB) (ledger.Store, string) {
	dsn := filepath.Join(t.TempDir(), "ducha.db")
	return mustOpen(t, dsn), dsn
}

// openPostgres creates a database of its own for the test and drops it
// afterwards.
func openPostgres(t testing.TB) (ledger.Store, string) {
	ctx := context.Background()
	admin := os.Getenv("DUCHA_TEST_POSTGRES")
	conn, err := pgx.Connect(ctx, admin)
	if err != nil {
		t.Fatalf("connect %s: %v", admin, err)
	}
	defer conn.Close(ctx)
	b := make([]byte, 6)
	rand.Read(b)
	name := "ducha_test_" + hex.EncodeToString(b)
	if _, err := conn.Exec(ctx, "CREATE DATABASE "+name); err != nil {
		t.Fatal(err)
	}
	u, err := url.Parse(admin)
	if err != nil {
		t.Fatal(err)
	}
	u.Path = "/" + name
	dsn := u.String()
	t.Cleanup(func() {
		c, err := pgx.Connect(context.Background(), admin)
		if err != nil {
			return
		}
		defer c.Close(context.Background())
		c.Exec(context.Background(), "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)")
	})
	return mustOpen(t, dsn), dsn
}

func mustOpen(t testing.TB, dsn string) ledger.Store {
	st, err := store.Open(context.Background(), dsn, store.Options{Migrate: true})
	if err != nil {
		t.Fatalf("open %s: %v", dsn, err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

// postgresSize is the size of the database named in dsn.
func postgresSize(tb testing.TB, dsn string) int64 {
	conn, err := pgx.Connect(context.Background(), dsn)
	if err != nil {
		tb.Fatal(err)
	}
	defer conn.Close(context.Background())
	var n int64
	if err := conn.QueryRow(context.Background(), "SELECT pg_database_size(current_database())").Scan(&n); err != nil {
		tb.Fatal(err)
	}
	return n
}

// postgresRows counts the rows of benchTables in the database named in dsn.
func postgresRows(tb testing.TB, dsn string) int64 {
	conn, err := pgx.Connect(context.Background(), dsn)
	if err != nil {
		tb.Fatal(err)
	}
	defer conn.Close(context.Background())
	var total int64
	for _, t := range benchTables {
		var n int64
		if err := conn.QueryRow(context.Background(), "SELECT count(*) FROM "+t).Scan(&n); err != nil {
			tb.Fatal(err)
		}
		total += n
	}
	return total
}

// sqliteRows counts the rows of benchTables in the SQLite file at path.
func sqliteRows(tb testing.TB, path string) int64 {
	st, err := sqlite.Open(context.Background(), path)
	if err != nil {
		tb.Fatal(err)
	}
	defer st.Close()
	var total int64
	for _, t := range benchTables {
		var n int64
		if err := st.SQL().QueryRow("SELECT count(*) FROM " + t).Scan(&n); err != nil {
			tb.Fatal(err)
		}
		total += n
	}
	return total
}

// exportSheet writes the 任务分解表 of the sample's 2024 report without
// statuses (the service fills them; see supervise.Service.ExportTasks).
func exportSheet(ctx context.Context, st ledger.Store, im *Importer, w io.Writer) (int, error) {
	r, err := im.reportOf(ctx, "示例区", 2024)
	if err != nil {
		return 0, err
	}
	cs, err := st.Commitments(ctx, r.ID)
	if err != nil {
		return 0, err
	}
	var rows []tasksheet.Row
	for _, c := range cs {
		if c.Kind == ledger.KindTarget {
			rows = append(rows, tasksheet.Row{Commitment: c})
		}
	}
	return len(rows), tasksheet.Export(w, rows, tasksheet.ExportOptions{Format: "xlsx"})
}
