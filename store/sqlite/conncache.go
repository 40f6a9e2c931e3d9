package sqlite

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"reflect"
	"sync"
)

// The store's connections keep the statements they run prepared.
//
// SQLite parses a query every time it is run unless the statement is kept;
// for the short reads a web request makes, parsing is most of the cost.
// database/sql only keeps statements the caller prepares explicitly, and a
// query in a transaction would have to be prepared on the pool first (which
// needs a free connection while the transaction holds one). So the store
// opens its pools through a connector that wraps modernc's driver: each
// connection keeps up to stmtsPerConn statements by their SQL text, and a
// query or exec on the connection runs the kept statement. A statement whose
// rows are still open is not shared: the nested query is run as before,
// parsed and thrown away.

// stmtsPerConn bounds the statements a connection keeps. The store runs a
// few dozen distinct queries; generated ones (a bulk insert of n rows) are
// kept too until the bound, after which the least recently used goes.
const stmtsPerConn = 256

// connector opens connections to dsn with the registered modernc driver,
// wrapped to keep their statements.
type connector struct {
	dsn  string
	base driver.Driver
}

// newConnector returns a connector to dsn.
func newConnector(dsn string) connector {
	db, err := sql.Open("sqlite", "") // does not connect: only finds the driver
	if err != nil {
		panic(err)
	}
	defer db.Close()
	return connector{dsn: dsn, base: db.Driver()}
}

func (c connector) Connect(context.Context) (driver.Conn, error) {
	conn, err := c.base.Open(c.dsn)
	if err != nil {
		return nil, err
	}
	return &cachingConn{Conn: conn, stmts: map[string]*keptStmt{}}, nil
}

func (c connector) Driver() driver.Driver { return c.base }

// keptStmt is a statement a connection keeps, and whether rows of it are
// open.
type keptStmt struct {
	stmt driver.Stmt
	busy bool
	used uint64 // the connection's use counter when last run
}

// cachingConn is a modernc connection that keeps its statements.
// database/sql uses a connection from one goroutine at a time; mu guards
// against a context's end closing rows from another.
type cachingConn struct {
	driver.Conn
	mu    sync.Mutex
	stmts map[string]*keptStmt
	uses  uint64
}

// The interfaces of modernc's connection the store relies on.
var (
	_ driver.ConnBeginTx        = (*cachingConn)(nil)
	_ driver.ConnPrepareContext = (*cachingConn)(nil)
	_ driver.QueryerContext     = (*cachingConn)(nil)
	_ driver.ExecerContext      = (*cachingConn)(nil)
	_ driver.Pinger             = (*cachingConn)(nil)
	_ driver.SessionResetter    = (*cachingConn)(nil)
	_ driver.Validator          = (*cachingConn)(nil)
)

// take returns the kept statement of query, preparing it when new, marked
// busy; nil when the kept one is busy (the caller runs query plainly).
func (c *cachingConn) take(ctx context.Context, query string) (*keptStmt, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.uses++
	if k := c.stmts[query]; k != nil {
		if k.busy {
			return nil, nil
		}
		k.busy, k.used = true, c.uses
		return k, nil
	}
	s, err := c.Conn.(driver.ConnPrepareContext).PrepareContext(ctx, query)
	if err != nil {
		return nil, err
	}
	if len(c.stmts) >= stmtsPerConn {
		c.evict()
	}
	k := &keptStmt{stmt: s, busy: true, used: c.uses}
	c.stmts[query] = k
	return k, nil
}

// evict closes the least recently used statement that is not busy.
func (c *cachingConn) evict() {
	var oldest string
	var found *keptStmt
	for q, k := range c.stmts {
		if !k.busy && (found == nil || k.used < found.used) {
			oldest, found = q, k
		}
	}
	if found != nil {
		found.stmt.Close()
		delete(c.stmts, oldest)
	}
}

func (c *cachingConn) release(k *keptStmt) {
	c.mu.Lock()
	k.busy = false
	c.mu.Unlock()
}

func (c *cachingConn) QueryContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Rows, error) {
	k, err := c.take(ctx, query)
	if err != nil {
		return nil, err
	}
	if k == nil {
		return c.Conn.(driver.QueryerContext).QueryContext(ctx, query, args)
	}
	rows, err := k.stmt.(driver.StmtQueryContext).QueryContext(ctx, args)
	if err != nil {
		c.release(k)
		return nil, err
	}
	return &keptRows{Rows: rows, release: func() { c.release(k) }}, nil
}

func (c *cachingConn) ExecContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Result, error) {
	k, err := c.take(ctx, query)
	if err != nil {
		return nil, err
	}
	if k == nil {
		return c.Conn.(driver.ExecerContext).ExecContext(ctx, query, args)
	}
	defer c.release(k)
	return k.stmt.(driver.StmtExecContext).ExecContext(ctx, args)
}

// PrepareContext prepares a statement of the caller's own, which it closes.
func (c *cachingConn) PrepareContext(ctx context.Context, query string) (driver.Stmt, error) {
	return c.Conn.(driver.ConnPrepareContext).PrepareContext(ctx, query)
}

func (c *cachingConn) BeginTx(ctx context.Context, opts driver.TxOptions) (driver.Tx, error) {
	return c.Conn.(driver.ConnBeginTx).BeginTx(ctx, opts)
}

func (c *cachingConn) Ping(ctx context.Context) error { return c.Conn.(driver.Pinger).Ping(ctx) }

func (c *cachingConn) ResetSession(ctx context.Context) error {
	return c.Conn.(driver.SessionResetter).ResetSession(ctx)
}

func (c *cachingConn) IsValid() bool { return c.Conn.(driver.Validator).IsValid() }

// Close closes the kept statements, then the connection.
func (c *cachingConn) Close() error {
	c.mu.Lock()
	for q, k := range c.stmts {
		k.stmt.Close()
		delete(c.stmts, q)
	}
	c.mu.Unlock()
	return c.Conn.Close()
}

// keptRows are rows of a kept statement: closing them resets the statement
// and frees it for the next query.
type keptRows struct {
	driver.Rows
	release func()
	closed  bool
}

func (r *keptRows) Close() error {
	if r.closed {
		return nil
	}
	r.closed = true
	err := r.Rows.Close()
	r.release()
	return err
}

// The column type methods of modernc's rows, passed on.

func (r *keptRows) ColumnTypeDatabaseTypeName(i int) string {
	if t, ok := r.Rows.(driver.RowsColumnTypeDatabaseTypeName); ok {
		return t.ColumnTypeDatabaseTypeName(i)
	}
	return ""
}

func (r *keptRows) ColumnTypeScanType(i int) reflect.Type {
	if t, ok := r.Rows.(driver.RowsColumnTypeScanType); ok {
		return t.ColumnTypeScanType(i)
	}
	return reflect.TypeFor[any]()
}

func (r *keptRows) ColumnTypeLength(i int) (length int64, ok bool) {
	if t, ok := r.Rows.(driver.RowsColumnTypeLength); ok {
		return t.ColumnTypeLength(i)
	}
	return 0, false
}

func (r *keptRows) ColumnTypePrecisionScale(i int) (precision, scale int64, ok bool) {
	if t, ok := r.Rows.(driver.RowsColumnTypePrecisionScale); ok {
		return t.ColumnTypePrecisionScale(i)
	}
	return 0, 0, false
}

func (r *keptRows) ColumnTypeNullable(i int) (nullable, ok bool) {
	if t, ok := r.Rows.(driver.RowsColumnTypeNullable); ok {
		return t.ColumnTypeNullable(i)
	}
	return false, false
}
