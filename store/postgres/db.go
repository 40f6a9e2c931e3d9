// Package postgres is ducha's ledger store for larger deployments:
// ledger.Store over PostgreSQL through pgx, behaving as the SQLite store
// does (the conformance suite of store/storetest runs against both).
//
// Every method runs in one transaction on a pgxpool. A report's
// commitments and the rows hanging on them are written with COPY, the
// commitments under ids taken from their sequence beforehand.
package postgres

import (
	"context"
	"errors"
	"fmt"
	"time"

	"ducha/ledger"
	"ducha/notify"
	"ducha/store/sqlstore"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"
)

// DB is the PostgreSQL ledger store. It implements ledger.Store,
// ledger.SupervisionStore and notify.Outbox.
type DB struct {
	pool    *pgxpool.Pool
	dialect *dialect
	// Store is the one implementation of the ledger over the database.
	*sqlstore.Store
}

func (d *DB) now() time.Time { return d.Store.Now() }

var (
	_ ledger.Store            = (*DB)(nil)
	_ ledger.SupervisionStore = (*DB)(nil)
	_ notify.Outbox           = (*DB)(nil)
)

// Open connects to the database at dsn, a postgres:// URL or key=value
// connection string, with read replicas at replicas (see replica.go). It
// does not migrate: see Migrate and Version.
func Open(ctx context.Context, dsn string, replicas ...string) (*DB, error) {
	cfg, err := pgxpool.ParseConfig(dsn)
	if err != nil {
		return nil, ledger.Errorf(ledger.EInvalid, "postgres: %v", err)
	}
	var rs []*pgxpool.Config
	for _, r := range replicas {
		rc, err := pgxpool.ParseConfig(r)
		if err != nil {
			return nil, ledger.Errorf(ledger.EInvalid, "postgres: replica: %v", err)
		}
		rs = append(rs, rc)
	}
	return OpenConfig(ctx, cfg, rs...)
}

// OpenConfig connects with a parsed configuration, e.g. one whose
// RuntimeParams set the search_path, and replicas' configurations.
func OpenConfig(ctx context.Context, cfg *pgxpool.Config, replicas ...*pgxpool.Config) (*DB, error) {
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("postgres: connect: %w", err)
	}
	if err := pool.Ping(ctx); err != nil {
		pool.Close()
		return nil, fmt.Errorf("postgres: connect: %w", err)
	}
	d := &dialect{pool: pool}
	if len(replicas) > 0 {
		if d.replicas, err = openReplicas(ctx, replicas); err != nil {
			pool.Close()
			return nil, err
		}
	}
	return &DB{pool: pool, dialect: d, Store: sqlstore.New(d)}, nil
}

// Close closes the connections. Closing again does nothing.
func (d *DB) Close() error {
	d.dialect.replicas.close()
	d.pool.Close()
	return nil
}

// ReplicaStats says where reads went, for a store opened with replicas.
func (d *DB) ReplicaStats() ReplicaStats {
	if d.dialect.replicas == nil {
		return ReplicaStats{}
	}
	return d.dialect.replicas.stats()
}

// Pool returns the underlying pool, for tests and tools.
func (d *DB) Pool() *pgxpool.Pool { return d.pool }

// readOnly is the mode of transactions that read several tables: one
// snapshot for all.
var readOnly = pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly}

// PostgreSQL error codes the store maps to ledger errors.
const (
	uniqueViolation     = "23505"
	foreignKeyViolation = "23503"
)

// pgCode returns the SQLSTATE of err, or "".
func pgCode(err error) string {
	var e *pgconn.PgError
	if errors.As(err, &e) {
		return e.Code
	}
	return ""
}
