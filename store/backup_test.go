package store_test

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"ducha/ledger"
	"ducha/store"

	"github.com/jackc/pgx/v5"
)

// TestPostgresBackupRestore: a pg_dump backup of a PostgreSQL ledger,
// restored after a change, brings back the ledger as it was, with the
// restore in its audit log. It runs on a database of its own.
func TestPostgresBackupRestore(t *testing.T) {
	base := os.Getenv("DUCHA_TEST_POSTGRES")
	if base == "" {
		t.Skip("DUCHA_TEST_POSTGRES not set")
	}
	ctx := context.Background()
	b := make([]byte, 5)
	rand.Read(b)
	name := "ducha_backup_" + hex.EncodeToString(b)
	admin, err := pgx.Connect(ctx, base)
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close(ctx)
	if _, err := admin.Exec(ctx, "CREATE DATABASE "+name); err != nil {
		t.Fatal(err)
	}
	defer admin.Exec(ctx, "DROP DATABASE "+name+" WITH (FORCE)")
	u, _ := url.Parse(base)
	u.Path = "/" + name
	dsn := u.String()

	st, err := store.Open(ctx, dsn, store.Options{Migrate: true})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.EnsureGovernment(ctx, ledger.Government{Name: "甲区", Level: "县区"}); err != nil {
		t.Fatal(err)
	}
	backup := filepath.Join(t.TempDir(), "ledger.dump")
	if err := store.Backup(ctx, dsn, backup); err != nil {
		t.Fatal(err)
	}
	if _, err := st.EnsureGovernment(ctx, ledger.Government{Name: "乙区"}); err != nil {
		t.Fatal(err)
	}
	st.Close()
	if _, err := store.Restore(ctx, backup, dsn, "cli:test", false); err == nil || !strings.Contains(err.Error(), "--force") {
		t.Fatalf("restore over a ledger without force: %v, want refused naming --force", err)
	}
	if _, err := store.Restore(ctx, backup, dsn, "cli:test", true); err != nil {
		t.Fatal(err)
	}
	st, err = store.Open(ctx, dsn, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	gs, err := st.Governments(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(gs) != 1 || gs[0].Name != "甲区" || gs[0].Level != "县区" {
		t.Errorf("restored governments %+v, want 甲区 (县区) alone", gs)
	}
	entries, err := st.Audit(ctx, "database", "", 0)
	if err != nil || len(entries) != 1 || entries[0].Action != "database.restore" {
		t.Errorf("audit of the restore: %+v, %v", entries, err)
	}
}
