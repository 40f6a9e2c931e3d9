package shared

import (
	"slices"
	"testing"
	"testing/fstest"
)

func TestCompareCodes(t *testing.T) {
	for _, tt := range []struct {
		a, b string
		want int
	}{
		{"2020-03-07-2", "2020-03-07-10", -1},
		{"2020-03-07-2", "2020-03-07-2.1", -1},
		{"2020-03-07-2.1", "2020-03-07-3", -1},
		{"2020-03-07-2.1", "2020-03-07-2.10", -1},
		{"2020-03-07-2.9", "2020-03-07-2.10", -1},
		{"2020-03-07-2.1.1", "2020-03-07-2.2", -1},
		{"2020-03-07-10", "2020-03-08-1", -1},
		{"2019-R03-1", "2019-03-07-1", 1}, // digits before letters
		{"2020-03-07-2", "2020-03-07-2", 0},
		{"2020-3-7-2", "2020-03-07-2", 1}, // equal as numbers: plain order
		{"99999999999999999999-1", "100000000000000000000-1", -1},
		{"", "1", -1},
	} {
		if got := CompareCodes(tt.a, tt.b); got != tt.want {
			t.Errorf("CompareCodes(%q, %q) = %d, want %d", tt.a, tt.b, got, tt.want)
		}
		if got := CompareCodes(tt.b, tt.a); got != -tt.want {
			t.Errorf("CompareCodes(%q, %q) = %d, want %d", tt.b, tt.a, got, -tt.want)
		}
	}
	want := []string{"2020-03-07-1", "2020-03-07-2", "2020-03-07-2.1", "2020-03-07-2.2", "2020-03-07-2.10",
		"2020-03-07-3", "2020-03-07-10", "2020-03-07-11"}
	got := slices.Clone(want)
	slices.Reverse(got)
	slices.SortFunc(got, CompareCodes)
	if !slices.Equal(got, want) {
		t.Errorf("sorted: %q", got)
	}
}

func TestVersionError(t *testing.T) {
	for _, tt := range []struct {
		have, want int
		msg        string
	}{
		{1, 2, "database schema is at version 1, this ducha expects 2: run 'ducha migrate'"},
		{0, 2, "database schema is at version 0, this ducha expects 2: run 'ducha migrate'"},
		{3, 2, "database schema version 3 is newer than this ducha (2): upgrade ducha"},
	} {
		if err := VersionError(tt.have, tt.want); err == nil || err.Error() != tt.msg {
			t.Errorf("VersionError(%d, %d) = %v, want %q", tt.have, tt.want, err, tt.msg)
		}
	}
	if err := VersionError(2, 2); err != nil {
		t.Errorf("VersionError(2, 2) = %v", err)
	}
}

func TestLoadMigrations(t *testing.T) {
	file := func(s string) *fstest.MapFile { return &fstest.MapFile{Data: []byte(s)} }
	ms, err := LoadMigrations(fstest.MapFS{
		"m/0002_more.sql": file("B"), "m/0001_init.sql": file("A"), "m/README": file("x"),
	}, "m")
	if err != nil || len(ms) != 2 || ms[0].Version != 1 || ms[0].SQL != "A" || ms[1].Name != "0002_more.sql" {
		t.Fatalf("LoadMigrations = %+v, %v", ms, err)
	}
	for name, fsys := range map[string]fstest.MapFS{
		"gap":       {"m/0001_init.sql": file("A"), "m/0003_x.sql": file("C")},
		"no number": {"m/init.sql": file("A")},
		"twice":     {"m/0001_init.sql": file("A"), "m/1_again.sql": file("B")},
	} {
		if _, err := LoadMigrations(fsys, "m"); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}
