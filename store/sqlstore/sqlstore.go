// Package sqlstore is ducha's one implementation of the ledger, the
// supervision workflow and the notification outbox over SQL: ledger.Store,
// ledger.SupervisionStore and notify.Outbox, for SQLite and PostgreSQL
// alike. What differs between the two databases — how transactions begin,
// placeholders, bulk loading (PostgreSQL COPY, SQLite multi-row inserts),
// row locks, lists of ids, timestamps, error codes — is behind Dialect,
// implemented once per database (store/sqlite, store/postgres), each in one
// small file. Queries here are written with ? placeholders; the PostgreSQL
// dialect numbers them.
package sqlstore

import (
	"context"
	"errors"
	"fmt"
	"time"

	"ducha/ledger"
)

// Mode is the kind of transaction a method runs in.
type Mode int

const (
	// Read is a read-only transaction: one snapshot for all its queries,
	// not blocking writers.
	Read Mode = iota
	// Write is a write transaction; on SQLite writes are serialised.
	Write
	// Bulk is a write transaction for an import's many rows (on SQLite,
	// connections kept for it; see store/sqlite).
	Bulk
)

// Querier runs statements: a transaction.
type Querier interface {
	// Exec runs a statement and returns the rows it affected.
	Exec(ctx context.Context, query string, args ...any) (int64, error)
	// Query runs a query; the caller closes the rows.
	Query(ctx context.Context, query string, args ...any) (Rows, error)
	// QueryRow runs a query returning at most one row; its Scan returns
	// ErrNoRows when there is none.
	QueryRow(ctx context.Context, query string, args ...any) Row
}

// Tx is a transaction: a Querier that ends by Commit or Rollback
// (Rollback after Commit does nothing).
type Tx interface {
	Querier
	Commit(ctx context.Context) error
	Rollback(ctx context.Context) error
}

// Rows are the rows of a query.
type Rows interface {
	Next() bool
	Scan(dest ...any) error
	Err() error
	Close()
}

// Row is the row of QueryRow.
type Row interface {
	Scan(dest ...any) error
}

// Stmt is a statement of a Batch: with Dest, a query whose one row is
// scanned into Dest.
type Stmt struct {
	SQL        string
	Args, Dest []any
}

// ErrNoRows is what Row.Scan returns when the query found no row, on
// either database.
var ErrNoRows = errors.New("sqlstore: no rows")

// Dialect is what differs between the databases.
type Dialect interface {
	// Name names the database in errors: "sqlite", "postgres".
	Name() string
	// Begin begins a transaction of mode m.
	Begin(ctx context.Context, m Mode) (Tx, error)
	// Pool runs a single statement outside a transaction: a read (on
	// SQLite, on the readers' connections) or a write committed at once.
	Pool() Querier
	// Copy inserts rows into table: values holds one row after another,
	// len(cols) values each (PostgreSQL COPY, SQLite multi-row inserts).
	Copy(ctx context.Context, tx Querier, table string, cols []string, values []any) error
	// Batch runs statements in tx in as few round trips as the database
	// allows (one pgx batch on PostgreSQL), stopping at the first error.
	Batch(ctx context.Context, tx Querier, stmts []Stmt) error
	// Lock takes whatever lock of table a batch that reads the table and
	// then writes it needs against concurrent batches ("" where writes are
	// serialised anyway).
	Lock(ctx context.Context, tx Querier, table string) error
	// ForUpdate is the clause locking the selected rows of the tables
	// named (" FOR UPDATE OF c" on PostgreSQL; "" on SQLite, whose write
	// transactions lock the database). No names: all.
	ForUpdate(of ...string) string
	// InIDs is the condition that col is one of a list of ids given as the
	// argument IDs returns (or of texts, as Strings returns).
	InIDs(col string) string
	IDs(ids []int64) any
	Strings(ss []string) any
	// Binary is col, a text column, for ORDER BY in code point order.
	Binary(col string) string
	// JSON is col, a JSON column, read as text; JSONArg is JSON text as
	// an audit column stores it, "" for none (NULL on PostgreSQL).
	JSON(col string) string
	JSONArg(s string) any
	// Stamp and Date are a timestamp (to the second) and a day as stored,
	// NULL for the zero time. StampDest and DateDest scan either back.
	Stamp(t time.Time) any
	Date(t time.Time) any
	// NextIDs reserves n ids of table's id column for rows the caller
	// inserts in tx (with Copy), in increasing order.
	NextIDs(ctx context.Context, tx Querier, table string, n int) ([]int64, error)
	// IsUnique and IsForeignKey classify constraint violations; IsConstraint
	// is any constraint violation.
	IsUnique(err error) bool
	IsForeignKey(err error) bool
	IsConstraint(err error) bool
	// Schema is the database's migrations and their record.
	Schema() Schema
}

// Store is the ledger over one database.
type Store struct {
	d Dialect
	// clock stamps the supervision records (reviews, state changes, audit
	// entries); nil means time.Now. See SetClock.
	clock func() time.Time
}

// New returns the store over a database of dialect d.
func New(d Dialect) *Store { return &Store{d: d} }

// Dialect returns the store's dialect, for the database packages.
func (s *Store) Dialect() Dialect { return s.d }

// SetClock sets the clock that stamps supervision records: a demo or a
// test runs the workflow on its own calendar. Call it before use.
func (s *Store) SetClock(now func() time.Time) { s.clock = now }

// Now is the time by the store's clock.
func (s *Store) Now() time.Time {
	if s.clock != nil {
		return s.clock()
	}
	return time.Now()
}

// run runs f in a transaction of mode m and commits it; an error of f or
// of the commit rolls it back.
func (s *Store) run(ctx context.Context, m Mode, what string, f func(tx Tx) error) error {
	tx, err := s.d.Begin(ctx, m)
	if err != nil {
		return s.wrap(what, err)
	}
	defer tx.Rollback(ctx)
	if err := f(tx); err != nil {
		return s.wrap(what, err)
	}
	return s.wrap(what, tx.Commit(ctx))
}

// read runs f in a read-only transaction.
func (s *Store) read(ctx context.Context, what string, f func(tx Tx) error) error {
	return s.run(ctx, Read, what, f)
}

// write runs f in a write transaction.
func (s *Store) write(ctx context.Context, what string, f func(tx Tx) error) error {
	return s.run(ctx, Write, what, f)
}

// wrap adds context to an unexpected database error; ledger errors, and
// errors wrapped already, pass as they are.
func (s *Store) wrap(what string, err error) error {
	return Wrap(s.d.Name(), what, err)
}

// Wrap adds context to an unexpected database error of database db;
// ledger errors, and errors wrapped already, pass as they are.
func Wrap(db, what string, err error) error {
	if err == nil {
		return nil
	}
	var le *ledger.Error
	var de *dbError
	if errors.As(err, &le) || errors.As(err, &de) {
		return err
	}
	return &dbError{db: db, what: what, err: err}
}

// dbError is an unexpected database error with what the store was doing.
type dbError struct {
	db, what string
	err      error
}

func (e *dbError) Error() string { return fmt.Sprintf("%s: %s: %v", e.db, e.what, e.err) }

func (e *dbError) Unwrap() error { return e.err }

// scanRows runs a query and calls f after scanning each row into dest.
func scanRows(ctx context.Context, q Querier, query string, args []any, dest []any, f func() error) error {
	rows, err := q.Query(ctx, query, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := rows.Scan(dest...); err != nil {
			return err
		}
		if err := f(); err != nil {
			return err
		}
	}
	return rows.Err()
}
