package sqlite

import (
	"context"
	"database/sql"
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
