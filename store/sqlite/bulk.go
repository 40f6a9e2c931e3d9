package sqlite

import (
	"context"
	"database/sql"
	"strings"
	"time"

	"ducha/store/internal/shared"
)

// bulkRows is how many rows one INSERT statement carries at most: enough
// to spread the cost of a statement, few enough to keep its parameters
// (17 a row at most) well under SQLite's limit of 32766.
const bulkRows = 32

// newTables returns tables for SQLite: dates as 'YYYY-MM-DD' text.
func newTables(units shared.UnitIDs) *shared.Tables {
	return &shared.Tables{Units: units, Date: func(t time.Time) any { return t.Format(shared.DateLayout) }}
}

// writeTables inserts the gathered rows, parents before children.
func writeTables(ctx context.Context, tx *sql.Tx, stmts *stmtCache, t *shared.Tables) error {
	for i, name := range shared.TableNames {
		if err := insertRows(ctx, tx, stmts, name, shared.TableColumns[i], *t.Table(i)); err != nil {
			return wrap("save "+name, err)
		}
	}
	return nil
}

// insertRows inserts rows, the values of one row after another, into
// table with multi-row INSERT statements of bulkRows rows, then fewer,
// each size prepared once.
func insertRows(ctx context.Context, tx *sql.Tx, stmts *stmtCache, table string, cols []string, rows []any) error {
	// The driver watches a cancellable context with a goroutine per
	// statement: statements go without it, and the loop checks ctx itself.
	stmtCtx := context.WithoutCancel(ctx)
	for len(rows) > 0 {
		if err := ctx.Err(); err != nil {
			return err
		}
		n := bulkRows
		for n*len(cols) > len(rows) {
			n /= 4
		}
		n = max(n, 1)
		st, err := stmts.insert(ctx, tx, table, cols, n)
		if err != nil {
			return err
		}
		for size := n * len(cols); len(rows) >= size; rows = rows[size:] {
			if _, err := st.ExecContext(stmtCtx, rows[:size]...); err != nil {
				st.Close()
				return err
			}
		}
		st.Close()
	}
	return nil
}

// insertSQL returns INSERT INTO table (cols) VALUES (?, …), … for n rows.
func insertSQL(table string, cols []string, n int) string {
	var b strings.Builder
	b.WriteString("INSERT INTO " + table + " (" + strings.Join(cols, ", ") + ") VALUES ")
	row := "(" + strings.Repeat("?, ", len(cols)-1) + "?)"
	for i := range n {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(row)
	}
	return b.String()
}

// nextCommitmentID returns the first commitment id never used. The
// caller holds the write lock, so ids from there on are its own until it
// commits; AUTOINCREMENT keeps the highest id ever used in sqlite_sequence.
func nextCommitmentID(ctx context.Context, tx querier) (int64, error) {
	var id int64
	err := tx.QueryRowContext(ctx, `SELECT coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'commitments'), 0) + 1`).Scan(&id)
	return id, wrap("commitment ids", err)
}
