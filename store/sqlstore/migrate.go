package sqlstore

import (
	"context"
	"fmt"
	"io/fs"
	"time"

	"ducha/store/internal/shared"
)

// Schema is a database's migrations and how it keeps their record, the
// table schema_migrations (version, name, applied_at).
type Schema struct {
	// Migrations are the dialect's migrations, embedded in its package.
	Migrations []shared.Migration
	// Create creates schema_migrations when missing.
	Create string
	// Exists is a query: whether schema_migrations exists.
	Exists string
	// Lock is a statement that makes concurrent migrations of the schema
	// wait for each other; "" where write transactions are serialised.
	Lock string
}

// NewSchema is the schema of the migrations in fsys's directory
// migrations, recorded with applied_at of the column type appliedAt.
func NewSchema(fsys fs.FS, appliedAt, exists, lock string) Schema {
	return Schema{
		Migrations: shared.MustLoadMigrations(fsys, "migrations"),
		Create: `CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL,
			applied_at ` + appliedAt + `)`,
		Exists: exists,
		Lock:   lock,
	}
}

// Latest is the version the schema migrates to.
func (sc Schema) Latest() int { return len(sc.Migrations) }

// Version returns the schema version of the database: the highest applied
// migration, 0 for an empty database.
func (s *Store) Version(ctx context.Context) (int, error) {
	v, err := s.version(ctx, s.d.Pool())
	return v, s.wrap("schema version", err)
}

// SchemaVersion returns the schema version of the database (see Version).
func (s *Store) SchemaVersion(ctx context.Context) (int, error) { return s.Version(ctx) }

func (s *Store) version(ctx context.Context, q Querier) (int, error) {
	var exists bool
	if err := q.QueryRow(ctx, s.d.Schema().Exists).Scan(&exists); err != nil || !exists {
		return 0, err
	}
	var v int
	err := q.QueryRow(ctx, `SELECT coalesce(max(version), 0) FROM schema_migrations`).Scan(&v)
	return v, err
}

// Migrate applies the pending migrations, each in its own transaction,
// and returns the schema versions before and after. Concurrent migrations
// wait for each other. A database newer than this build is an error.
func (s *Store) Migrate(ctx context.Context) (from, to int, err error) {
	from, err = s.Version(ctx)
	if err != nil {
		return 0, 0, err
	}
	return shared.ApplyPending(from, s.d.Schema().Migrations, func(m shared.Migration) error { return s.apply(ctx, m) })
}

// apply runs one migration and records it, in one transaction.
func (s *Store) apply(ctx context.Context, m shared.Migration) error {
	sc := s.d.Schema()
	return s.write(ctx, "migrate", func(tx Tx) error {
		if sc.Lock != "" {
			if _, err := tx.Exec(ctx, sc.Lock); err != nil {
				return err
			}
		}
		if _, err := tx.Exec(ctx, sc.Create); err != nil {
			return err
		}
		// Another process may have migrated since we looked.
		if v, err := s.version(ctx, tx); err != nil || v >= m.Version {
			return err
		}
		if _, err := tx.Exec(ctx, m.SQL); err != nil {
			return fmt.Errorf("%s: migration %s: %w", s.d.Name(), m.Name, err)
		}
		_, err := tx.Exec(ctx, `INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)`,
			m.Version, m.Name, s.d.Stamp(time.Now()))
		return err
	})
}
