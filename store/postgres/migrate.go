package postgres

import (
	"context"
	"embed"
	"fmt"

	"ducha/store/internal/shared"

	"github.com/jackc/pgx/v5"
)

//go:embed migrations/*.sql
var migrationFiles embed.FS

var migrations = shared.MustLoadMigrations(migrationFiles, "migrations")

// LatestVersion is the schema version this build of the store migrates to.
func LatestVersion() int { return len(migrations) }

const createMigrations = `CREATE TABLE IF NOT EXISTS schema_migrations (
	version    INTEGER PRIMARY KEY,
	name       TEXT NOT NULL,
	applied_at TIMESTAMPTZ NOT NULL DEFAULT now()
)`

// Version returns the schema version of the database (of the first schema
// of the search path): the highest applied migration, 0 for an empty one.
func (d *DB) Version(ctx context.Context) (int, error) {
	return version(ctx, d.pool)
}

// SchemaVersion returns the schema version of the database (see Version).
func (d *DB) SchemaVersion(ctx context.Context) (int, error) { return d.Version(ctx) }

type queryRower interface {
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
}

func version(ctx context.Context, q queryRower) (int, error) {
	var exists bool
	if err := q.QueryRow(ctx, `SELECT to_regclass('schema_migrations') IS NOT NULL`).Scan(&exists); err != nil {
		return 0, wrap("schema version", err)
	}
	if !exists {
		return 0, nil
	}
	var v int
	err := q.QueryRow(ctx, `SELECT coalesce(max(version), 0) FROM schema_migrations`).Scan(&v)
	return v, wrap("schema version", err)
}

// Migrate applies the pending migrations, each in its own transaction,
// and returns the schema versions before and after. Concurrent migrations
// of the same schema wait for each other. A database newer than this build
// is an error.
func (d *DB) Migrate(ctx context.Context) (from, to int, err error) {
	from, err = d.Version(ctx)
	if err != nil {
		return 0, 0, err
	}
	return shared.ApplyPending(from, migrations, func(m shared.Migration) error { return d.apply(ctx, m) })
}

// apply runs one migration and records it, in one transaction.
func (d *DB) apply(ctx context.Context, m shared.Migration) error {
	tx, err := d.pool.Begin(ctx)
	if err != nil {
		return wrap("migrate", err)
	}
	defer tx.Rollback(ctx)
	if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock(hashtext('ducha migrate ' || current_schema()))`); err != nil {
		return wrap("migrate", err)
	}
	if _, err := tx.Exec(ctx, createMigrations); err != nil {
		return wrap("migrate", err)
	}
	v, err := version(ctx, tx)
	if err != nil {
		return err
	}
	if v >= m.Version {
		return nil // another process got there first
	}
	if _, err := tx.Exec(ctx, m.SQL); err != nil {
		return fmt.Errorf("postgres: migration %s: %w", m.Name, err)
	}
	if _, err := tx.Exec(ctx, `INSERT INTO schema_migrations (version, name) VALUES ($1, $2)`, m.Version, m.Name); err != nil {
		return wrap("migrate", err)
	}
	return wrap("migrate", tx.Commit(ctx))
}
