package cli

import (
	"context"
	"flag"
	"os"

	"ducha/ledger"
	"ducha/store"
)

// defaultDB is the database used when neither --db nor DUCHA_DB is given:
// an SQLite file in the working directory.
const defaultDB = "ducha.db"

// dbFlag adds --db to a flag set: an SQLite file path or a postgres:// URL.
func dbFlag(fs *flag.FlagSet) *string {
	def := os.Getenv("DUCHA_DB")
	if def == "" {
		def = defaultDB
	}
	return fs.String("db", def, "database: an SQLite file or a postgres:// URL (env DUCHA_DB)")
}

// openStore opens the ledger database. Commands that write bring an empty
// or older database up to date first; the server refuses to (see migrate).
func openStore(ctx context.Context, dsn string, migrate bool) (ledger.Store, error) {
	return store.Open(ctx, dsn, store.Options{Migrate: migrate})
}

// openSupervision opens the database with the supervision records (users,
// progress, 督办单, outbox), bringing its schema up to date.
func openSupervision(ctx context.Context, dsn string) (store.DB, error) {
	return store.Open(ctx, dsn, store.Options{Migrate: true})
}
