// Package demotest gives tests a copy of the demo database: built once
// per test binary (it takes seconds), copied for each test so that tests
// can change theirs.
package demotest

import (
	"context"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"ducha/demo"
	"ducha/store"
)

var (
	once   sync.Once
	path   string
	result demo.Result
	err    error
)

// DB returns the path of a fresh copy of the demo database in a temporary
// directory of t, and what the demo built.
func DB(t testing.TB) (string, demo.Result) {
	t.Helper()
	once.Do(build)
	if err != nil {
		t.Fatal(err)
	}
	raw, rerr := os.ReadFile(path)
	if rerr != nil {
		t.Fatal(rerr)
	}
	dst := filepath.Join(t.TempDir(), "ducha.db")
	if werr := os.WriteFile(dst, raw, 0o600); werr != nil {
		t.Fatal(werr)
	}
	return dst, result
}

func build() {
	dir, derr := os.MkdirTemp("", "ducha-demo-test")
	if derr != nil {
		err = derr
		return
	}
	path = filepath.Join(dir, "demo.db")
	ctx := context.Background()
	st, oerr := store.Open(ctx, path, store.Options{Migrate: true})
	if oerr != nil {
		err = oerr
		return
	}
	result, err = demo.Build(ctx, st, nil)
	if cerr := st.Close(); err == nil {
		err = cerr
	}
}

// Main runs the tests of m and removes the demo database built for them;
// call it from TestMain.
func Main(m *testing.M) {
	code := m.Run()
	if path != "" {
		os.RemoveAll(filepath.Dir(path))
	}
	os.Exit(code)
}
