// Package store opens ducha's ledger: the embedded SQLite store for a file
// path (or ":memory:"), the PostgreSQL store for a postgres:// URL, both
// implementing ledger.Store with the same behaviour. It checks the schema
// version against this build and applies migrations (ducha migrate).
package store

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"strings"

	"ducha/ledger"
	"ducha/store/internal/shared"
	"ducha/store/postgres"
	"ducha/store/sqlite"
)

// Options says how Open treats the schema.
type Options struct {
	// Migrate applies pending migrations first. Without it, Open refuses
	// a database whose schema version is not ExpectedVersion.
	Migrate bool
}

// ExpectedVersion is the schema version this build of ducha works with.
// Both stores ship the same number of migrations.
func ExpectedVersion() int { return sqlite.LatestVersion() }

// db is what both stores offer beyond ledger.Store.
type db interface {
	ledger.Store
	Version(ctx context.Context) (int, error)
	Migrate(ctx context.Context) (from, to int, err error)
}

// IsPostgres reports whether dsn names a PostgreSQL database rather than
// a SQLite file.
func IsPostgres(dsn string) bool {
	d := strings.ToLower(dsn)
	return strings.HasPrefix(d, "postgres://") || strings.HasPrefix(d, "postgresql://")
}

// Open opens the ledger at dsn: a SQLite file path (created when missing,
// if opt.Migrate) or ":memory:", or a postgres:// or postgresql:// URL.
// With opt.Migrate it applies pending migrations; without, a schema
// version other than ExpectedVersion is an error saying what to do
// (run 'ducha migrate', or upgrade ducha). A database newer than this
// build is refused either way.
func Open(ctx context.Context, dsn string, opt Options) (ledger.Store, error) {
	if !opt.Migrate && !IsPostgres(dsn) && dsn != sqlite.Memory && dsn != "" {
		// Do not leave an empty file behind for a command that only reads.
		if _, err := os.Stat(dsn); errors.Is(err, fs.ErrNotExist) {
			return nil, shared.VersionError(0, ExpectedVersion())
		}
	}
	d, err := open(ctx, dsn)
	if err != nil {
		return nil, err
	}
	if opt.Migrate {
		if _, _, err := d.Migrate(ctx); err != nil {
			d.Close()
			return nil, err
		}
	}
	v, err := d.Version(ctx)
	if err == nil {
		err = shared.VersionError(v, ExpectedVersion())
	}
	if err != nil {
		d.Close()
		return nil, err
	}
	return d, nil
}

// Migrate applies the pending migrations to the database at dsn and
// returns its schema versions before and after.
func Migrate(ctx context.Context, dsn string) (from, to int, err error) {
	d, err := open(ctx, dsn)
	if err != nil {
		return 0, 0, err
	}
	defer d.Close()
	return d.Migrate(ctx)
}

func open(ctx context.Context, dsn string) (db, error) {
	switch {
	case strings.TrimSpace(dsn) == "":
		return nil, ledger.Errorf(ledger.EInvalid, "no database given: a SQLite file path or a postgres:// URL")
	case IsPostgres(dsn):
		d, err := postgres.Open(ctx, dsn)
		if err != nil {
			return nil, err
		}
		return d, nil
	default:
		d, err := sqlite.Open(ctx, dsn)
		if err != nil {
			return nil, err
		}
		return d, nil
	}
}
