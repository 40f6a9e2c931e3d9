// Package store opens ducha's ledger: the embedded SQLite store for a file
// path (or ":memory:"), the PostgreSQL store for a postgres:// URL, both
// implementing DB (ledger.Store, ledger.SupervisionStore and the
// notification outbox) with the same behaviour. It checks the schema
// version against this build and applies migrations (ducha migrate).
package store

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"strings"
	"time"

	"ducha/ledger"
	"ducha/notify"
	"ducha/project"
	"ducha/proposal"
	"ducha/store/internal/shared"
	"ducha/store/postgres"
	"ducha/store/sqlite"
)

// Options says how Open treats the schema.
type Options struct {
	// Migrate applies pending migrations first. Without it, Open refuses
	// a database whose schema version is not ExpectedVersion.
	Migrate bool
	// Replicas are streaming read replicas of a PostgreSQL database:
	// read-only requests go to them once they have replayed the process's
	// own writes, and to the primary while they lag or are down.
	Replicas []string
}

// ExpectedVersion is the schema version this build of ducha works with.
// Both stores ship the same number of migrations.
func ExpectedVersion() int { return sqlite.LatestVersion() }

// DB is what Open returns: the ledger, the supervision workflow and the
// notification outbox, in one database.
type DB interface {
	ledger.Store
	ledger.SupervisionStore
	// The 建议提案 (package proposal).
	proposal.Store
	// The major-project ledger (package project).
	project.Store
	// Enqueue queues a message for delivery (at m.NextAt, at once when
	// zero). A non-empty key queues it once only: a second Enqueue with
	// the same key adds nothing and returns false, so that a scheduled
	// reminder is never sent twice. "" always adds.
	Enqueue(ctx context.Context, key string, m notify.Message) (added bool, err error)
	// The outbox the notify.Dispatcher delivers from. Due leases the
	// messages it returns to its caller for a while, so that dispatchers
	// running at once do not send a message twice.
	notify.Outbox
	// OutboxMessages returns the newest limit messages (limit <= 0: all),
	// pending, sent and dead, newest first, with their delivery state.
	OutboxMessages(ctx context.Context, limit int) ([]notify.Record, error)
	// SetClock sets the clock that stamps supervision records (a demo or
	// a test runs on its own calendar); call it before use.
	SetClock(now func() time.Time)
	// 责任追究: records, statements and decisions on triggers.
	ledger.AccountabilityStore
	// 市定目标任务: shares of city commitments and the districts' figures.
	ledger.CityTargetStore
}

// db is what both stores offer beyond DB.
type db interface {
	DB
	Version(ctx context.Context) (int, error)
	Migrate(ctx context.Context) (from, to int, err error)
}

var (
	_ db = (*sqlite.DB)(nil)
	_ db = (*postgres.DB)(nil)
)

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
func Open(ctx context.Context, dsn string, opt Options) (DB, error) {
	if !opt.Migrate && !IsPostgres(dsn) && dsn != sqlite.Memory && dsn != "" {
		// Do not leave an empty file behind for a command that only reads.
		if _, err := os.Stat(dsn); errors.Is(err, fs.ErrNotExist) {
			return nil, shared.VersionError(0, ExpectedVersion())
		}
	}
	if len(opt.Replicas) > 0 && !IsPostgres(dsn) {
		return nil, ledger.Errorf(ledger.EInvalid, "read replicas need a PostgreSQL database; %q is a SQLite file", dsn)
	}
	d, err := open(ctx, dsn, opt.Replicas...)
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

func open(ctx context.Context, dsn string, replicas ...string) (db, error) {
	switch {
	case strings.TrimSpace(dsn) == "":
		return nil, ledger.Errorf(ledger.EInvalid, "no database given: a SQLite file path or a postgres:// URL")
	case IsPostgres(dsn):
		d, err := postgres.Open(ctx, dsn, replicas...)
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

// Version returns the schema version of the database at dsn (0 when it
// holds no ledger).
func Version(ctx context.Context, dsn string) (int, error) {
	d, err := open(ctx, dsn)
	if err != nil {
		return 0, err
	}
	defer d.Close()
	return d.Version(ctx)
}
