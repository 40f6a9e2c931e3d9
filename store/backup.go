package store

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"strings"
	"time"

	"ducha/ledger"
	"ducha/store/sqlite"
)

// Backup writes a backup of the ledger at dsn to dest, a new file, while
// servers go on using it: a SQLite file is copied with VACUUM INTO (one
// consistent snapshot); a PostgreSQL database is dumped with pg_dump in
// its custom format (one snapshot too), which must be on PATH.
func Backup(ctx context.Context, dsn, dest string) error {
	if _, err := os.Stat(dest); err == nil {
		return ledger.Errorf(ledger.EConflict, "backup: %s exists already; give a new file", dest)
	}
	if IsPostgres(dsn) {
		return run(ctx, "pg_dump", "--format=custom", "--no-owner", "--file="+dest, "--dbname="+dsn)
	}
	if _, err := os.Stat(dsn); err != nil {
		return ledger.Errorf(ledger.EInvalid, "backup: %v", err)
	}
	d, err := sqlite.Open(ctx, dsn)
	if err != nil {
		return err
	}
	defer d.Close()
	return d.Backup(ctx, dest)
}

// Restore replaces the ledger at dsn with the backup src. A SQLite target
// is replaced whole (never partly: see sqlite.Restore) and must not be in
// use; an existing one is replaced only with force. A PostgreSQL target
// gets the dump in one transaction (pg_restore writes it out as SQL, psql
// runs it); a database that holds a ledger already has its public schema
// dropped first, with force only (pg_restore --clean cannot drop the
// partitions of the audit log). The restored ledger's audit log records
// the restore.
//
// It returns the file where a replaced SQLite ledger was kept ("" if none).
func Restore(ctx context.Context, src, dsn, actor string, force bool) (kept string, err error) {
	if IsPostgres(dsn) {
		if err := restorePostgres(ctx, src, dsn, force); err != nil {
			return "", err
		}
	} else {
		if err := sqlite.CheckBackup(ctx, src); err != nil {
			return "", err
		}
		_, err := os.Stat(dsn)
		switch {
		case err == nil && !force:
			return "", ledger.Errorf(ledger.EConflict, "restore: %s exists; give --force to replace it with %s", dsn, src)
		case err == nil:
			// The replaced ledger is kept beside it, its log folded in.
			if kept, err = keep(ctx, dsn); err != nil {
				return "", err
			}
		case !errors.Is(err, fs.ErrNotExist):
			return "", err
		}
		if err := sqlite.Restore(ctx, src, dsn); err != nil {
			if kept != "" {
				os.Remove(kept)
			}
			return "", err
		}
	}
	d, err := Open(ctx, dsn, Options{Migrate: false})
	if err != nil {
		return kept, fmt.Errorf("restore: the restored ledger does not open: %w", err)
	}
	defer d.Close()
	return kept, d.AppendAudit(ctx, ledger.AuditEntry{Actor: actor, Action: "database.restore", Entity: "database", Ref: src})
}

// keep links the SQLite ledger at path to a new name beside it, after
// folding its log into the file, and returns that name.
func keep(ctx context.Context, path string) (string, error) {
	d, err := sqlite.Open(ctx, path)
	if err != nil {
		return "", err
	}
	if _, err := d.SQL().ExecContext(ctx, `PRAGMA wal_checkpoint(TRUNCATE)`); err != nil {
		d.Close()
		return "", fmt.Errorf("restore: fold the log of %s: %w", path, err)
	}
	d.Close()
	base := path + ".before-restore-" + time.Now().UTC().Format("20060102T150405Z")
	for i := 1; ; i++ {
		kept := base
		if i > 1 {
			kept = fmt.Sprintf("%s-%d", base, i)
		}
		err := os.Link(path, kept)
		if err == nil {
			return kept, nil
		}
		if !errors.Is(err, fs.ErrExist) {
			return "", fmt.Errorf("restore: keep %s: %w", path, err)
		}
	}
}

// restorePostgres replaces the ledger of the PostgreSQL database dsn with
// the pg_dump file src, in one transaction.
func restorePostgres(ctx context.Context, src, dsn string, force bool) error {
	script, err := os.CreateTemp("", "ducha-restore-*.sql")
	if err != nil {
		return err
	}
	script.Close()
	defer os.Remove(script.Name())
	if err := run(ctx, "pg_restore", "--no-owner", "--file="+script.Name(), src); err != nil {
		return err
	}
	args := []string{"--no-psqlrc", "--quiet", "--single-transaction", "--set=ON_ERROR_STOP=1", "--dbname=" + dsn}
	if v, err := Version(ctx, dsn); err != nil {
		return err
	} else if v > 0 {
		if !force {
			return ledger.Errorf(ledger.EConflict, "restore: the database holds a ledger (schema version %d); give --force to replace it with %s", v, src)
		}
		args = append(args, "--command=DROP SCHEMA public CASCADE", "--command=CREATE SCHEMA public")
	}
	return run(ctx, "psql", append(args, "--file="+script.Name())...)
}

// run runs a PostgreSQL client program, with its error output in the
// error.
func run(ctx context.Context, name string, args ...string) error {
	if _, err := exec.LookPath(name); err != nil {
		return ledger.Errorf(ledger.EInvalid, "%s is not installed: PostgreSQL backups need the PostgreSQL client programs (Debian: postgresql-client)", name)
	}
	var stderr strings.Builder
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("%s: %v: %s", name, err, strings.TrimSpace(stderr.String()))
	}
	return nil
}
