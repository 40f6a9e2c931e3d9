package sqlite

import (
	"context"
	"database/sql"
	"sync"
)

// stmtCache keeps the statements of bulk inserts, and the queries an
// import runs for every report, prepared, so that a transaction does not
// parse them again: database/sql prepares each on a connection once and
// reuses it in every transaction on that connection.
// A statement new to the cache is prepared on another connection of the
// pool than the transaction's; only write transactions use the cache, one
// at a time, so that connection is free or soon freed by a reader. An
// in-memory database, which has one connection, has no cache.
type stmtCache struct {
	db *sql.DB
	mu sync.Mutex
	m  map[insertKey]*sql.Stmt
	q  map[string]*sql.Stmt
}

// insertKey names the statement inserting n rows into a table.
type insertKey struct {
	table string
	n     int
}

func newStmtCache(db *sql.DB) *stmtCache {
	return &stmtCache{db: db, m: map[insertKey]*sql.Stmt{}, q: map[string]*sql.Stmt{}}
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
	for _, s := range c.q {
		s.Close()
	}
	clear(c.m)
	clear(c.q)
}

// prepared returns query prepared on the pool, or nil when there is no
// cache or preparing failed: the caller then runs the query plainly, and
// meets the error there.
func (c *stmtCache) prepared(ctx context.Context, query string) *sql.Stmt {
	if c == nil {
		return nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	s, ok := c.q[query]
	if !ok {
		var err error
		if s, err = c.db.PrepareContext(ctx, query); err != nil {
			return nil
		}
		c.q[query] = s
	}
	return s
}

// cachedPool is a pool whose queries run prepared from a stmtCache
// (plainly in memory, where there is none).
type cachedPool struct {
	db    *sql.DB
	stmts *stmtCache
}

func (p cachedPool) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	if s := p.stmts.prepared(ctx, query); s != nil {
		return s.QueryRowContext(ctx, args...)
	}
	return p.db.QueryRowContext(ctx, query, args...)
}

func (p cachedPool) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	if s := p.stmts.prepared(ctx, query); s != nil {
		return s.QueryContext(ctx, args...)
	}
	return p.db.QueryContext(ctx, query, args...)
}

// cachedTx is a transaction whose queries and statements run prepared
// from a stmtCache (plainly in memory, where there is none).
type cachedTx struct {
	*sql.Tx
	stmts *stmtCache
}

func (t cachedTx) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	if s := t.stmts.prepared(ctx, query); s != nil {
		return t.StmtContext(ctx, s).QueryRowContext(ctx, args...)
	}
	return t.Tx.QueryRowContext(ctx, query, args...)
}

func (t cachedTx) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	if s := t.stmts.prepared(ctx, query); s != nil {
		return t.StmtContext(ctx, s).ExecContext(ctx, args...)
	}
	return t.Tx.ExecContext(ctx, query, args...)
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
