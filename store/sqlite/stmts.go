package sqlite

import (
	"context"
	"database/sql"
	"strings"
	"sync"
)

// stmtCache keeps the statements of bulk inserts prepared, so that an
// import runs each as one statement for all its rows: database/sql
// prepares each on a connection once and reuses it in every transaction
// on that connection. (Other queries are kept by the connections
// themselves: see conncache.go.)
// A statement new to the cache is prepared on another connection of the
// pool than the transaction's; only write transactions use the cache, one
// at a time, so that connection is free or soon freed by a reader. An
// in-memory database, which has one connection, has no cache.
type stmtCache struct {
	db *sql.DB
	mu sync.Mutex
	m  map[insertKey]*sql.Stmt
}

// insertKey names the statement inserting n rows into a table.
type insertKey struct {
	table string
	n     int
}

func newStmtCache(db *sql.DB) *stmtCache {
	return &stmtCache{db: db, m: map[insertKey]*sql.Stmt{}}
}

// insert returns the statement inserting n rows of cols into table,
// prepared for tx; the caller closes it (which keeps the cached one).
func (c *stmtCache) insert(ctx context.Context, tx *sql.Tx, table string, cols []string, n int) (*sql.Stmt, error) {
	if c == nil {
		return tx.PrepareContext(ctx, insertSQL(table, cols, n))
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	k := insertKey{table, n}
	s, ok := c.m[k]
	if !ok {
		var err error
		if s, err = c.db.PrepareContext(ctx, insertSQL(table, cols, n)); err != nil {
			return nil, err
		}
		c.m[k] = s
	}
	return tx.StmtContext(ctx, s), nil
}

// close closes the cached statements.
func (c *stmtCache) close() {
	if c == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, s := range c.m {
		s.Close()
	}
	clear(c.m)
}

// bulkRows is how many rows one INSERT statement carries at most: enough
// to spread the cost of a statement, few enough to keep its parameters
// (17 a row at most) well under SQLite's limit of 32766.
const bulkRows = 32

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
