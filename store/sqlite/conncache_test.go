package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"testing"
)

// openCaching opens a pool of one connection through the caching
// connector, on a file in a temporary directory, with table t(n) holding
// 1..5.
func openCaching(t *testing.T) *sql.DB {
	t.Helper()
	db := openPool("file:"+filepath.Join(t.TempDir(), "c.db")+"?"+pragmas+filePragmas, 1)
	t.Cleanup(func() { db.Close() })
	ctx := context.Background()
	if _, err := db.ExecContext(ctx, `CREATE TABLE t (n INTEGER); INSERT INTO t VALUES (1), (2), (3), (4), (5)`); err != nil {
		t.Fatal(err)
	}
	return db
}

// kept returns the statements the pool's one connection keeps.
func kept(t *testing.T, db *sql.DB) int {
	t.Helper()
	conn, err := db.Conn(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	n := -1
	conn.Raw(func(c any) error {
		cc := c.(*cachingConn)
		cc.mu.Lock()
		n = len(cc.stmts)
		cc.mu.Unlock()
		return nil
	})
	return n
}

// TestKeptStatementNested: the same query run again while its rows are
// open (the kept statement is busy) runs on its own, and both row sets
// are read whole.
func TestKeptStatementNested(t *testing.T) {
	db := openCaching(t)
	ctx := context.Background()
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	const q = `SELECT n FROM t WHERE n >= ? ORDER BY n`
	outer, err := tx.QueryContext(ctx, q, 1)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for outer.Next() {
		var n int
		if err := outer.Scan(&n); err != nil {
			t.Fatal(err)
		}
		inner, err := tx.QueryContext(ctx, q, n)
		if err != nil {
			t.Fatal(err)
		}
		count := 0
		for inner.Next() {
			count++
		}
		if err := inner.Close(); err != nil {
			t.Fatal(err)
		}
		got = append(got, fmt.Sprintf("%d:%d", n, count))
	}
	if err := outer.Err(); err != nil {
		t.Fatal(err)
	}
	outer.Close()
	if want := "[1:5 2:4 3:3 4:2 5:1]"; fmt.Sprint(got) != want {
		t.Fatalf("got %v, want %v", got, want)
	}
	tx.Rollback()
	// The statement is free again, and reused.
	var n int
	if err := db.QueryRowContext(ctx, q, 3).Scan(&n); err != nil || n != 3 {
		t.Fatalf("after: %d, %v", n, err)
	}
}

// TestKeptStatementsBounded: a connection keeps at most stmtsPerConn
// statements, and queries beyond the bound still answer.
func TestKeptStatementsBounded(t *testing.T) {
	db := openCaching(t)
	ctx := context.Background()
	for i := range stmtsPerConn + 40 {
		var n int
		if err := db.QueryRowContext(ctx, fmt.Sprintf(`SELECT count(*) + %d FROM t`, i)).Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n != 5+i {
			t.Fatalf("query %d: %d", i, n)
		}
	}
	if k := kept(t, db); k != stmtsPerConn {
		t.Fatalf("%d statements kept, want %d", k, stmtsPerConn)
	}
}

// TestKeptStatementErrors: a query that fails to prepare is not kept and
// says why; a failing exec leaves its statement usable; schema changes
// reach kept statements.
func TestKeptStatementErrors(t *testing.T) {
	db := openCaching(t)
	ctx := context.Background()
	before := kept(t, db)
	if _, err := db.ExecContext(ctx, `SELECT nope FROM t`); err == nil {
		t.Fatal("a query of a missing column ran")
	}
	if k := kept(t, db); k != before {
		t.Fatalf("kept %d statements after a bad query, had %d", k, before)
	}
	if _, err := db.ExecContext(ctx, `CREATE UNIQUE INDEX t_n ON t (n)`); err != nil {
		t.Fatal(err)
	}
	const ins = `INSERT INTO t VALUES (?)`
	if _, err := db.ExecContext(ctx, ins, 3); err == nil || !isConstraint(err) {
		t.Fatalf("duplicate insert: %v, want a constraint error", err)
	}
	if _, err := db.ExecContext(ctx, ins, 6); err != nil {
		t.Fatalf("insert after a failed one: %v", err)
	}
	const sel = `SELECT * FROM t WHERE n = 6`
	var n int
	if err := db.QueryRowContext(ctx, sel).Scan(&n); err != nil {
		t.Fatal(err)
	}
	if _, err := db.ExecContext(ctx, `ALTER TABLE t ADD COLUMN m TEXT DEFAULT 'x'`); err != nil {
		t.Fatal(err)
	}
	var m string
	if err := db.QueryRowContext(ctx, sel).Scan(&n, &m); err != nil || m != "x" {
		t.Fatalf("kept statement after a schema change: %q, %v", m, err)
	}
}

// TestKeptStatementCanceled: a query whose context has ended fails and
// leaves the statement free for the next.
func TestKeptStatementCanceled(t *testing.T) {
	db := openCaching(t)
	const q = `SELECT count(*) FROM t`
	var n int
	if err := db.QueryRowContext(context.Background(), q).Scan(&n); err != nil {
		t.Fatal(err)
	}
	conn, err := db.Conn(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := conn.QueryRowContext(ctx, q).Scan(&n); err == nil {
		t.Fatal("a canceled query answered")
	}
	conn.Close()
	if err := db.QueryRowContext(context.Background(), q).Scan(&n); err != nil || n != 5 {
		t.Fatalf("after a canceled query: %d, %v", n, err)
	}
}
