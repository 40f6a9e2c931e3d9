package shared

import (
	"fmt"

	"ducha/ledger"
	"io/fs"
	"path"
	"sort"
	"strconv"
	"strings"
)

// Migration is one numbered schema change, as shipped in a file such as
// migrations/0001_init.sql.
type Migration struct {
	Version int
	Name    string // the file name
	SQL     string
}

// LoadMigrations reads the .sql files of dir in fsys. Their names must
// start with the version number and an underscore; versions must run
// 1, 2, 3… without gaps.
func LoadMigrations(fsys fs.FS, dir string) ([]Migration, error) {
	entries, err := fs.ReadDir(fsys, dir)
	if err != nil {
		return nil, err
	}
	var out []Migration
	for _, e := range entries {
		name := e.Name()
		if e.IsDir() || !strings.HasSuffix(name, ".sql") {
			continue
		}
		num, _, ok := strings.Cut(name, "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil || v < 1 {
			return nil, fmt.Errorf("migration %s: name must start with its version number, as 0001_init.sql", name)
		}
		b, err := fs.ReadFile(fsys, path.Join(dir, name))
		if err != nil {
			return nil, err
		}
		out = append(out, Migration{Version: v, Name: name, SQL: string(b)})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Version < out[j].Version })
	for i, m := range out {
		if m.Version != i+1 {
			return nil, fmt.Errorf("migration %s: expected version %d", m.Name, i+1)
		}
	}
	return out, nil
}

// MustLoadMigrations is LoadMigrations for embedded files, which are
// checked by the tests: it panics on error.
func MustLoadMigrations(fsys fs.FS, dir string) []Migration {
	ms, err := LoadMigrations(fsys, dir)
	if err != nil {
		panic(err)
	}
	return ms
}

// VersionError is the error for a database whose schema version have is
// not the version want of this build, or nil when they agree.
func VersionError(have, want int) error {
	switch {
	case have < want:
		return ledger.Errorf(ledger.EConflict, "database schema is at version %d, this ducha expects %d: run 'ducha migrate'", have, want)
	case have > want:
		return ledger.Errorf(ledger.EConflict, "database schema version %d is newer than this ducha (%d): upgrade ducha", have, want)
	}
	return nil
}

// ApplyPending applies, with apply, the migrations after version from, in
// order, and returns the schema versions before and after. Both dialects
// share it; each supplies its own transaction in apply. A database newer
// than this build is an error.
func ApplyPending(from int, ms []Migration, apply func(Migration) error) (int, int, error) {
	latest := 0
	if len(ms) > 0 {
		latest = ms[len(ms)-1].Version
	}
	if from > latest {
		return from, from, VersionError(from, latest)
	}
	to := from
	for _, m := range ms[from:] {
		if err := apply(m); err != nil {
			return from, to, err
		}
		to = m.Version
	}
	return from, to, nil
}
