package sqlite

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"

	"ducha/ledger"
)

// Backup writes a copy of the database to dest, a new file, while the
// store goes on serving: VACUUM INTO reads one snapshot (a read
// transaction, which in WAL mode does not hold writers up) and writes it
// compacted. A backup is a complete database: open it, or Restore it.
func (d *DB) Backup(ctx context.Context, dest string) error {
	if _, err := os.Stat(dest); err == nil {
		return ledger.Errorf(ledger.EConflict, "backup: %s exists already; give a new file", dest)
	}
	if _, err := d.db.ExecContext(ctx, `VACUUM INTO ?`, dest); err != nil {
		return fmt.Errorf("sqlite: backup to %s: %w", dest, err)
	}
	return nil
}

// Restore replaces the database file target with the backup src, after
// checking that src is a sound ducha database no newer than this build:
// the copy is written beside target and renamed over it, so that target
// is either the old database or the whole backup, never a part. target's
// log files go with it. No store may have target open.
func Restore(ctx context.Context, src, target string) error {
	if err := CheckBackup(ctx, src); err != nil {
		return err
	}
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	tmp, err := os.CreateTemp(filepath.Dir(target), filepath.Base(target)+".restore-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := io.Copy(tmp, in); err != nil {
		tmp.Close()
		return fmt.Errorf("restore: copy %s: %w", src, err)
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	for _, suffix := range []string{"-wal", "-shm"} {
		if err := os.Remove(target + suffix); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return err
		}
	}
	if err := os.Rename(tmp.Name(), target); err != nil {
		return err
	}
	if dir, err := os.Open(filepath.Dir(target)); err == nil {
		dir.Sync()
		dir.Close()
	}
	return nil
}

// CheckBackup opens src and checks that it is a sound ducha ledger no
// newer than this build.
func CheckBackup(ctx context.Context, src string) error {
	if _, err := os.Stat(src); err != nil {
		return ledger.Errorf(ledger.EInvalid, "restore: %v", err)
	}
	db := openPool("file:"+escapePath(src)+"?mode=ro&"+pragmas, 1)
	defer db.Close()
	var result string
	if err := db.QueryRowContext(ctx, `PRAGMA quick_check`).Scan(&result); err != nil || result != "ok" {
		if err == nil {
			err = errors.New(result)
		}
		return ledger.Errorf(ledger.EInvalid, "restore: %s is not a sound SQLite database: %v", src, err)
	}
	// The highest migration applied, 0 without the table.
	var v int
	err := db.QueryRowContext(ctx, `SELECT coalesce(max(version), 0) FROM schema_migrations`).Scan(&v)
	if err != nil {
		v = 0
	}
	switch {
	case v == 0:
		return ledger.Errorf(ledger.EInvalid, "restore: %s holds no ducha ledger", src)
	case v > LatestVersion():
		return ledger.Errorf(ledger.EInvalid, "restore: %s is of schema version %d, newer than this ducha (%d): upgrade ducha first", src, v, LatestVersion())
	}
	return nil
}
