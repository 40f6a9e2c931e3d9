package sqlite

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"time"

	"ducha/store/internal/shared"
)

//go:embed migrations/*.sql
var migrationFiles embed.FS

var migrations = shared.MustLoadMigrations(migrationFiles, "migrations")

// LatestVersion is the schema version this build of the store migrates to.
func LatestVersion() int { return len(migrations) }

const createMigrations = `CREATE TABLE IF NOT EXISTS schema_migrations (
	version    INTEGER PRIMARY KEY,
	name       TEXT NOT NULL,
	applied_at TEXT NOT NULL
)`

// Version returns the schema version of the database: the highest applied
// migration, 0 for an empty database.
func (d *DB) Version(ctx context.Context) (int, error) {
	return version(ctx, d.db)
}

// SchemaVersion returns the schema version of the database (see Version).
func (d *DB) SchemaVersion(ctx context.Context) (int, error) { return d.Version(ctx) }

type querier interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

func version(ctx context.Context, q querier) (int, error) {
	var n int
	err := q.QueryRowContext(ctx,
		`SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = 'schema_migrations'`).Scan(&n)
	if err != nil || n == 0 {
		return 0, wrap("schema version", err)
	}
	var v int
	err = q.QueryRowContext(ctx, `SELECT coalesce(max(version), 0) FROM schema_migrations`).Scan(&v)
	return v, wrap("schema version", err)
}

// Migrate applies the pending migrations, each in its own transaction,
// and returns the schema versions before and after. A database newer than
// this build is an error.
func (d *DB) Migrate(ctx context.Context) (from, to int, err error) {
	from, err = d.Version(ctx)
	if err != nil {
		return 0, 0, err
	}
	return shared.ApplyPending(from, migrations, func(m shared.Migration) error { return d.apply(ctx, m) })
}

// apply runs one migration and records it, in one transaction.
func (d *DB) apply(ctx context.Context, m shared.Migration) error {
	tx, err := d.beginWrite(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, createMigrations); err != nil {
		return wrap("migrate", err)
	}
	// Another process may have migrated since we looked.
	v, err := version(ctx, tx)
	if err != nil {
		return err
	}
	if v >= m.Version {
		return nil
	}
	if _, err := tx.ExecContext(ctx, m.SQL); err != nil {
		return fmt.Errorf("sqlite: migration %s: %w", m.Name, err)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)`,
		m.Version, m.Name, time.Now().UTC().Format(time.RFC3339)); err != nil {
		return wrap("migrate", err)
	}
	return wrap("migrate", tx.Commit())
}
