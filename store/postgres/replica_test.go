package postgres_test

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"io"
	"net"
	"os"
	"strconv"
	"sync"
	"testing"
	"time"

	"ducha/ledger"
	"ducha/store/postgres"
	"ducha/store/storetest"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// replicaDSN returns the streaming replica of the test database that
// scripts/test starts (DUCHA_TEST_POSTGRES_REPLICA), or skips the test.
func replicaDSN(tb testing.TB) string {
	tb.Helper()
	dsn := os.Getenv("DUCHA_TEST_POSTGRES_REPLICA")
	if dsn == "" {
		tb.Skip("DUCHA_TEST_POSTGRES_REPLICA not set: scripts/test starts a streaming replica and sets it")
	}
	return dsn
}

// proxy forwards connections to target until closed; closing it cuts
// the connections under way, as a replica going down would.
type proxy struct {
	ln    net.Listener
	mu    sync.Mutex
	conns []net.Conn
}

func startProxy(t *testing.T, target string) *proxy {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p := &proxy{ln: ln}
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			u, err := net.Dial("tcp", target)
			if err != nil {
				c.Close()
				continue
			}
			p.mu.Lock()
			p.conns = append(p.conns, c, u)
			p.mu.Unlock()
			go func() { io.Copy(u, c); u.Close() }()
			go func() { io.Copy(c, u); c.Close() }()
		}
	}()
	t.Cleanup(p.close)
	return p
}

func (p *proxy) close() {
	p.ln.Close()
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, c := range p.conns {
		c.Close()
	}
}

// withSchema returns cfg reading schema.
func withSchema(t *testing.T, dsn, schema string) *pgxpool.Config {
	cfg, err := pgxpool.ParseConfig(dsn)
	if err != nil {
		t.Fatal(err)
	}
	cfg.ConnConfig.RuntimeParams["search_path"] = schema
	return cfg
}

// newSchema makes a migrated schema on the primary and returns its name.
func newSchema(t *testing.T, primary string) string {
	ctx := context.Background()
	b := make([]byte, 6)
	rand.Read(b)
	schema := "ducha_replica_" + hex.EncodeToString(b)
	admin, err := pgx.Connect(ctx, primary)
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close(ctx)
	if _, err := admin.Exec(ctx, "CREATE SCHEMA "+schema); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		admin, err := pgx.Connect(ctx, primary)
		if err == nil {
			admin.Exec(ctx, "DROP SCHEMA "+schema+" CASCADE")
			admin.Close(ctx)
		}
	})
	db, err := postgres.OpenConfig(ctx, withSchema(t, primary, schema))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, _, err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	return schema
}

// eventually waits up to ten seconds for cond.
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for end := time.Now().Add(10 * time.Second); time.Now().Before(end); time.Sleep(20 * time.Millisecond) {
		if cond() {
			return
		}
	}
	t.Fatalf("%s: not within 10 s", what)
}

func TestReplicaRouting(t *testing.T) {
	primary, replicaURL := testDSN(t), replicaDSN(t)
	ctx := context.Background()
	schema := newSchema(t, primary)
	rcfg := withSchema(t, replicaURL, schema)
	p := startProxy(t, net.JoinHostPort(rcfg.ConnConfig.Host, strconv.Itoa(int(rcfg.ConnConfig.Port))))
	host, port, _ := net.SplitHostPort(p.ln.Addr().String())
	rcfg.ConnConfig.Host = host
	n, _ := strconv.Atoi(port)
	rcfg.ConnConfig.Port = uint16(n)
	db, err := postgres.OpenConfig(ctx, withSchema(t, primary, schema), rcfg)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()

	// Read-your-writes: a read right after a write sees it, wherever it is served.
	for i := range 20 {
		name := "甲区" + strconv.Itoa(i)
		if _, err := db.EnsureGovernment(ctx, ledger.Government{Name: name}); err != nil {
			t.Fatal(err)
		}
		if _, err := db.Government(ctx, name); err != nil {
			t.Fatalf("read after write %d: %v", i, err)
		}
	}
	// Once the replica has replayed the writes, reads go to it.
	eventually(t, "replica caught up", func() bool { return len(db.ReplicaStats().Caught) == 1 })
	before := db.ReplicaStats().ReplicaReads
	gs, err := db.Governments(ctx)
	if err != nil || len(gs) != 20 {
		t.Fatalf("governments from the replica: %d, %v", len(gs), err)
	}
	if got := db.ReplicaStats().ReplicaReads; got != before+1 {
		t.Errorf("replica reads %d → %d: the read did not go to the caught-up replica", before, got)
	}

	// Lag: with replay paused, a new write is read from the primary.
	admin, err := pgx.Connect(ctx, replicaURL)
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close(ctx)
	if _, err := admin.Exec(ctx, `SELECT pg_wal_replay_pause()`); err != nil {
		t.Fatal(err)
	}
	resumed := false
	resume := func() {
		if !resumed {
			resumed = true
			if _, err := admin.Exec(ctx, `SELECT pg_wal_replay_resume()`); err != nil {
				t.Error(err)
			}
		}
	}
	defer resume()
	// Replay pauses at the next record: let it take effect first.
	time.Sleep(300 * time.Millisecond)
	if _, err := db.EnsureGovernment(ctx, ledger.Government{Name: "乙区"}); err != nil {
		t.Fatal(err)
	}
	prim := db.ReplicaStats().PrimaryReads
	if _, err := db.Government(ctx, "乙区"); err != nil {
		t.Fatalf("read after write while the replica lags: %v", err)
	}
	if st := db.ReplicaStats(); st.PrimaryReads != prim+1 || len(st.Caught) != 0 {
		t.Errorf("lagging replica: %+v (primary reads were %d): the read should have gone to the primary", st, prim)
	}
	resume()
	eventually(t, "replica caught up after resume", func() bool { return len(db.ReplicaStats().Caught) == 1 })

	// Down: cut the replica off; reads go on from the primary.
	p.close()
	for i := range 10 {
		if gs, err := db.Governments(ctx); err != nil || len(gs) != 21 {
			t.Fatalf("read %d with the replica down: %d governments, %v", i, len(gs), err)
		}
		if _, err := db.Government(ctx, "乙区"); err != nil {
			t.Fatalf("single read %d with the replica down: %v", i, err)
		}
	}
	eventually(t, "replica marked down", func() bool { return len(db.ReplicaStats().Up) == 0 })
}

func TestReplicaUnreachableAtStart(t *testing.T) {
	primary := testDSN(t)
	ctx := context.Background()
	schema := newSchema(t, primary)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close() // nothing listens there now
	rcfg := withSchema(t, "postgres://postgres@"+addr+"/test?sslmode=disable&connect_timeout=1", schema)
	db, err := postgres.OpenConfig(ctx, withSchema(t, primary, schema), rcfg)
	if err != nil {
		t.Fatalf("a replica that is down must not keep the store from opening: %v", err)
	}
	defer db.Close()
	if _, err := db.EnsureGovernment(ctx, ledger.Government{Name: "丙区"}); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Governments(ctx); err != nil {
		t.Fatal(err)
	}
	if st := db.ReplicaStats(); len(st.Up) != 0 || st.ReplicaReads != 0 {
		t.Errorf("unreachable replica used: %+v", st)
	}
}

// TestConformanceWithReplica runs the conformance suite on a store that
// reads from the streaming replica: every method must see its own writes.
func TestConformanceWithReplica(t *testing.T) {
	primary, replicaURL := testDSN(t), replicaDSN(t)
	storetest.Run(t, func(t *testing.T) ledger.Store {
		schema := newSchema(t, primary)
		db, err := postgres.OpenConfig(context.Background(), withSchema(t, primary, schema), withSchema(t, replicaURL, schema))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		return db
	})
}
