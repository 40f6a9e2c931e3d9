package sqlite

import (
	"context"
	"database/sql"
	"sync"
)

// stmtCache keeps the statements of bulk inserts prepared, so that a
// transaction does not parse them again: database/sql prepares each on a
// connection once and reuses it in every transaction on that connection.
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

// readStmts keeps the statements of the reads every web request makes
// (its session, its user) prepared on the pool: preparing them is most of
// what such a short query costs.
type readStmts struct {
	db *sql.DB
	mu sync.Mutex
	m  map[string]*sql.Stmt
}

// QueryRowContext runs query on the pool as a prepared statement.
func (r *readStmts) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	r.mu.Lock()
	s, ok := r.m[query]
	if !ok {
		var err error
		if s, err = r.db.PrepareContext(ctx, query); err != nil {
			r.mu.Unlock()
			return r.db.QueryRowContext(ctx, query, args...) // reports the error
		}
		if r.m == nil {
			r.m = map[string]*sql.Stmt{}
		}
		r.m[query] = s
	}
	r.mu.Unlock()
	return s.QueryRowContext(ctx, args...)
}

// close closes the prepared statements.
func (r *readStmts) close() {
	if r == nil {
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, s := range r.m {
		s.Close()
	}
	clear(r.m)
}
