// Package sqlite is ducha's embedded ledger store: ledger.Store over one
// SQLite database file (or a private in-memory database), through
// modernc.org/sqlite, without cgo.
//
// The file runs in WAL mode, so readers go on while a write is under way.
// Writes are serialised, within the process by a writer token and between
// processes by BEGIN IMMEDIATE under a busy timeout of five seconds.
//
// Imports are the heavy write, and SaveReport has a way of its own:
// multi-row INSERT statements prepared once per connection, connections
// that do not check foreign keys (beginBulk says why that is safe), and
// the log copied into the database by a background checkpointer rather
// than at commit. Everything else runs with foreign keys checked. (Rows
// are built before they are inserted, not on another core while the
// ones before are inserted: a multi-file import extracts the next report
// on that core, and handing rows over cost the saving goroutine more
// waiting for a processor than building them.)
package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"runtime"
	"strings"
	"time"

	"ducha/ledger"
	"ducha/notify"
	"ducha/store/sqlstore"

	sqlite3 "modernc.org/sqlite"
	sqlite3lib "modernc.org/sqlite/lib"
)

// Memory is the path of a private in-memory database, gone when closed.
const Memory = ":memory:"

// pragmas are set on every connection. _txlock=immediate makes write
// transactions take the write lock at BEGIN, where the busy timeout
// applies; read-only transactions still begin deferred.
const pragmas = "_pragma=busy_timeout(5000)&_pragma=foreign_keys(1)&_txlock=immediate"

// filePragmas are set on every connection to a database file. Commits do
// not checkpoint the log (wal_autocheckpoint off): the checkpointer does;
// a log grown past 64 MiB during a long import is cut back once copied.
const filePragmas = "&_pragma=journal_mode(WAL)&_pragma=synchronous(NORMAL)&_pragma=wal_autocheckpoint(0)" +
	"&_pragma=journal_size_limit(67108864)"

// DB is the SQLite ledger store. It implements ledger.Store,
// ledger.SupervisionStore and notify.Outbox.
type DB struct {
	// db serves reads and every write but imports.
	db *sql.DB
	// bulk serves SaveReport: connections without foreign key checks
	// (see beginBulk), nil in memory.
	bulk *sql.DB
	// writer holds one token: a write transaction takes it until it ends.
	writer           chan struct{}
	checkpoints      *checkpointer // nil in memory
	stmts, bulkStmts *stmtCache    // nil in memory
	// Store is the one implementation of the ledger over the database.
	*sqlstore.Store
}

func (d *DB) now() time.Time { return d.Store.Now() }

var (
	_ ledger.Store            = (*DB)(nil)
	_ ledger.SupervisionStore = (*DB)(nil)
	_ notify.Outbox           = (*DB)(nil)
)

// Open opens (creating when missing) the SQLite database at path, or a
// private in-memory database for ":memory:". It does not migrate: see
// Migrate and Version.
func Open(ctx context.Context, path string) (*DB, error) {
	if path == "" {
		return nil, ledger.Errorf(ledger.EInvalid, "sqlite: no database path")
	}
	d := &DB{writer: make(chan struct{}, 1)}
	d.Store = sqlstore.New(dialect{d})
	if path == Memory {
		d.db = openPool(Memory+"?"+pragmas, 1) // each connection has its own memory
	} else {
		dsn := "file:" + escapePath(path) + "?" + pragmas + filePragmas
		// Readers run side by side; the writer and the checkpointer
		// have connections of their own.
		d.db = openPool(dsn, max(4, runtime.GOMAXPROCS(0)+2))
		// One connection for the import in progress, one to prepare
		// its statements on while it holds the other.
		d.bulk = openPool(strings.Replace(dsn, "foreign_keys(1)", "foreign_keys(0)", 1), 2)
		d.stmts, d.bulkStmts = newStmtCache(d.db), newStmtCache(d.bulk)
		d.checkpoints = startCheckpointer(d.db)
	}
	if err := d.db.PingContext(ctx); err != nil {
		d.Close()
		return nil, fmt.Errorf("sqlite: open %s: %w", path, err)
	}
	return d, nil
}

// openPool returns a pool of at most n connections to dsn, which keep
// their statements prepared (see conncache.go).
func openPool(dsn string, n int) *sql.DB {
	db := sql.OpenDB(newConnector(dsn))
	db.SetMaxOpenConns(n)
	db.SetMaxIdleConns(n)
	return db
}

// escapePath makes a file name safe inside a file: URI.
func escapePath(p string) string {
	return strings.NewReplacer("%", "%25", "?", "%3f", "#", "%23").Replace(p)
}

// Close closes the database; closing the last connection checkpoints it.
// Closing again does nothing.
func (d *DB) Close() error {
	d.checkpoints.close()
	d.stmts.close()
	d.bulkStmts.close()
	if d.bulk != nil {
		d.bulk.Close()
	}
	return d.db.Close()
}

// SQL returns the underlying database, for tests and tools.
func (d *DB) SQL() *sql.DB { return d.db }

// scanner is a row to scan: *sql.Row or *sql.Rows.
type scanner interface{ Scan(dest ...any) error }

// isConstraint reports whether err is a SQLite constraint violation.
func isConstraint(err error) bool {
	var e *sqlite3.Error
	return errors.As(err, &e) && e.Code()&0xff == sqlite3lib.SQLITE_CONSTRAINT
}
