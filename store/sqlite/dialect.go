package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"time"

	"ducha/store/internal/shared"
	"ducha/store/sqlstore"

	sqlite3 "modernc.org/sqlite"
	sqlite3lib "modernc.org/sqlite/lib"
)

// dialect is SQLite's side of sqlstore.Dialect, over the pools of a DB.
type dialect struct{ db *DB }

var _ sqlstore.Dialect = dialect{}

func (dialect) Name() string { return "sqlite" }

func (d dialect) Begin(ctx context.Context, m sqlstore.Mode) (sqlstore.Tx, error) {
	switch m {
	case sqlstore.Read:
		tx, err := d.db.beginRead(ctx)
		if err != nil {
			return nil, err
		}
		return &liteTx{tx: tx, stmts: d.db.stmts}, nil
	case sqlstore.Bulk:
		tx, w, err := d.db.beginBulk(ctx)
		if err != nil {
			return nil, err
		}
		return &liteTx{tx: tx.Tx, w: tx, stmts: w.stmts}, nil
	default:
		tx, err := d.db.beginWrite(ctx)
		if err != nil {
			return nil, err
		}
		return &liteTx{tx: tx.Tx, w: tx, stmts: d.db.stmts}, nil
	}
}

func (d dialect) Pool() sqlstore.Querier { return litePool{d.db} }

// litePool runs statements on the pool, outside a transaction; a write
// holds the writer token as a write transaction does.
type litePool struct{ db *DB }

func (p litePool) Exec(ctx context.Context, query string, args ...any) (int64, error) {
	release, err := p.db.takeWriter(ctx)
	if err != nil {
		return 0, err
	}
	defer release()
	r, err := p.db.db.ExecContext(ctx, query, args...)
	if err != nil {
		return 0, err
	}
	p.db.checkpoints.written()
	return r.RowsAffected()
}

func (p litePool) Query(ctx context.Context, query string, args ...any) (sqlstore.Rows, error) {
	rows, err := p.db.db.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	return liteRows{rows}, nil
}

func (p litePool) QueryRow(ctx context.Context, query string, args ...any) sqlstore.Row {
	return liteRow{p.db.db.QueryRowContext(ctx, query, args...)}
}

// liteTx is a transaction of the store's pools: w, the write transaction
// holding the writer token, is nil for a read.
type liteTx struct {
	tx    *sql.Tx
	w     *writeTx
	stmts *stmtCache // the multi-row inserts of Copy
}

func (t *liteTx) Exec(ctx context.Context, query string, args ...any) (int64, error) {
	r, err := t.tx.ExecContext(ctx, query, args...)
	if err != nil {
		return 0, err
	}
	return r.RowsAffected()
}

func (t *liteTx) Query(ctx context.Context, query string, args ...any) (sqlstore.Rows, error) {
	rows, err := t.tx.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	return liteRows{rows}, nil
}

func (t *liteTx) QueryRow(ctx context.Context, query string, args ...any) sqlstore.Row {
	return liteRow{t.tx.QueryRowContext(ctx, query, args...)}
}

func (t *liteTx) Commit(context.Context) error {
	if t.w != nil {
		return t.w.Commit()
	}
	return t.tx.Commit()
}

func (t *liteTx) Rollback(context.Context) error {
	if t.w != nil {
		return t.w.Rollback()
	}
	return t.tx.Rollback()
}

type liteRows struct{ *sql.Rows }

func (r liteRows) Close() { r.Rows.Close() }

// liteRow gives sqlstore.ErrNoRows for sql.ErrNoRows.
type liteRow struct{ r *sql.Row }

func (r liteRow) Scan(dest ...any) error {
	err := r.r.Scan(dest...)
	if errors.Is(err, sql.ErrNoRows) {
		return sqlstore.ErrNoRows
	}
	return err
}

// Copy inserts rows with multi-row INSERT statements kept prepared.
func (dialect) Copy(ctx context.Context, q sqlstore.Querier, table string, cols []string, values []any) error {
	t := q.(*liteTx)
	return insertRows(ctx, t.tx, t.stmts, table, cols, values)
}

// Batch runs the statements one after another: SQLite is in process.
func (dialect) Batch(ctx context.Context, q sqlstore.Querier, stmts []sqlstore.Stmt) error {
	for _, st := range stmts {
		var err error
		if st.Dest != nil {
			err = q.QueryRow(ctx, st.SQL, st.Args...).Scan(st.Dest...)
		} else {
			_, err = q.Exec(ctx, st.SQL, st.Args...)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// Lock does nothing: a write transaction holds the database's write lock.
func (dialect) Lock(context.Context, sqlstore.Querier, string) error { return nil }

// ForUpdate is empty: a write transaction holds the database's write lock.
func (dialect) ForUpdate(...string) string { return "" }

func (dialect) InIDs(col string) string { return col + " IN (SELECT value FROM json_each(?))" }

func (dialect) IDs(ids []int64) any {
	if ids == nil {
		return "[]"
	}
	b, err := json.Marshal(ids)
	if err != nil {
		panic(err)
	}
	return string(b)
}

func (dialect) Strings(ss []string) any {
	b, err := json.Marshal(ss)
	if err != nil {
		panic(err)
	}
	return string(b)
}

func (dialect) JSON(col string) string { return col }

func (dialect) JSONArg(s string) any { return s }

func (dialect) Stamp(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return shared.Stamp(t).Format(time.RFC3339)
}

func (dialect) Date(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return shared.Day(t).Format(shared.DateLayout)
}

// NextIDs returns the n ids after the highest ever used in table (an
// AUTOINCREMENT table); the caller holds the write lock, so they are its
// own until it commits.
func (dialect) NextIDs(ctx context.Context, q sqlstore.Querier, table string, n int) ([]int64, error) {
	if n == 0 {
		return nil, nil
	}
	var next int64
	err := q.QueryRow(ctx, `SELECT coalesce((SELECT seq FROM sqlite_sequence WHERE name = ?), 0) + 1`, table).Scan(&next)
	if err != nil {
		return nil, err
	}
	ids := make([]int64, n)
	for i := range ids {
		ids[i] = next + int64(i)
	}
	return ids, nil
}

func (dialect) IsUnique(err error) bool {
	c := extendedCode(err)
	return c == sqlite3lib.SQLITE_CONSTRAINT_UNIQUE || c == sqlite3lib.SQLITE_CONSTRAINT_PRIMARYKEY
}

func (dialect) IsForeignKey(err error) bool {
	return extendedCode(err) == sqlite3lib.SQLITE_CONSTRAINT_FOREIGNKEY
}

func (dialect) IsConstraint(err error) bool { return isConstraint(err) }

// extendedCode is the extended result code of a SQLite error, 0 for
// another error.
func extendedCode(err error) int {
	var e *sqlite3.Error
	if errors.As(err, &e) {
		return e.Code()
	}
	return 0
}

// Binary orders text by code point.
func (dialect) Binary(col string) string { return col }
