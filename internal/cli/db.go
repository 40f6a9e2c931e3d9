package cli

import (
	"context"
	"flag"
	"net/url"
	"os"
	"strings"

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

// shownDSN is dsn as every command prints or logs it: a URL's password —
// in its user information (postgres://user:password@host/db) or in a
// password or sslpassword parameter — becomes xxxxx; anything else (an
// SQLite file) is unchanged. Every message naming the database goes
// through it, so a password given on the command line or in DUCHA_DB
// never reaches a terminal, a log or a service manager's journal.
func shownDSN(dsn string) string {
	scheme, rest, ok := strings.Cut(dsn, "://")
	if !ok {
		return dsn
	}
	u, err := url.Parse(dsn)
	if err != nil {
		// Not a URL Go can parse (an unescaped character in the
		// password): hide everything before the host.
		if at := strings.LastIndex(rest, "@"); at >= 0 {
			return scheme + "://xxxxx@" + rest[at+1:]
		}
		return dsn
	}
	if q := u.Query(); q.Has("password") || q.Has("sslpassword") {
		for _, k := range []string{"password", "sslpassword"} {
			if q.Has(k) {
				q.Set(k, "xxxxx")
			}
		}
		u.RawQuery = q.Encode()
	}
	return u.Redacted()
}
