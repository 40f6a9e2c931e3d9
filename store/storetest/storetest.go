// Package storetest is the conformance suite of ledger.Store: every store
// (SQLite, PostgreSQL) runs the same tests through Run, so that they
// behave the same.
package storetest

import (
	"crypto/sha256"
	"encoding/hex"
	"testing"
	"time"

	"ducha/ledger"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// Run runs the conformance suite. open must return a fresh, empty,
// migrated store for each test and close (and drop) it in t.Cleanup.
func Run(t *testing.T, open func(t *testing.T) ledger.Store) {
	tests := []struct {
		name string
		test func(t *testing.T, s ledger.Store)
	}{
		{"SchemaVersion", testSchemaVersion},
		{"Governments", testGovernments},
		{"GovernmentsInvalid", testGovernmentsInvalid},
		{"Units", testUnits},
		{"UnitsInvalid", testUnitsInvalid},
		{"SaveReport", testSaveReport},
		{"ReportsNotFound", testReportsNotFound},
		{"ReplaceReport", testReplaceReport},
		{"ChecksumConflict", testChecksumConflict},
		{"SaveReportInvalid", testSaveReportInvalid},
		{"Commitments", testCommitments},
		{"CommitmentOrder", testCommitmentOrder},
		{"ApplyTasks", testApplyTasks},
		{"ApplyTasksAllOrNothing", testApplyTasksAllOrNothing},
		{"CanceledContext", testCanceledContext},
		{"ConcurrentReaders", testConcurrentReaders},
		{"Proposals", testProposals},
		{"CloseTwice", testCloseTwice},
		{"Projects", testProjects},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.test(t, open(t))
		})
	}
}

func testSchemaVersion(t *testing.T, s ledger.Store) {
	v, err := s.SchemaVersion(t.Context())
	if err != nil || v < 1 {
		t.Fatalf("SchemaVersion = %d, %v; want at least 1", v, err)
	}
}

// testCloseTwice: Close may be called again (open's cleanup closes too).
func testCloseTwice(t *testing.T, s ledger.Store) {
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatalf("second Close: %v", err)
	}
}

// must returns v, failing the test on err: must(s.Units(ctx))(t).
func must[T any](v T, err error) func(t *testing.T) T {
	return func(t *testing.T) T {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
}

// wantCode fails the test unless err carries the ledger error code.
func wantCode(t *testing.T, err error, code string) {
	t.Helper()
	if got := ledger.ErrorCode(err); got != code {
		t.Fatalf("error %v has code %q, want %q", err, got, code)
	}
}

// diff fails the test when got differs from want.
func diff(t *testing.T, what string, want, got any, opts ...cmp.Option) {
	t.Helper()
	opts = append(opts, cmpopts.EquateEmpty())
	if d := cmp.Diff(want, got, opts...); d != "" {
		t.Fatalf("%s differs (-want +got):\n%s", what, d)
	}
}

// The units directory of the fixtures.
const (
	edu      = "示例区教育局"
	eduBuild = "示例区教育局基建科"
	finance  = "示例区财政局"
	hr       = "示例区人力资源和社会保障局"
	housing  = "示例区住房和城乡建设局"
)

func fixtureUnits() []ledger.Unit {
	return []ledger.Unit{
		{Name: eduBuild, ShortName: "基建科", Parent: edu, Contact: "0931-1234567"},
		{Name: hr, ShortName: "区人社局", Aliases: []string{"人社局", "区人力资源和社会保障局"}},
		{Name: edu, ShortName: "区教育局", Aliases: []string{"教育局", "区教委"}, Contact: "张三 13800000000"},
		{Name: finance, ShortName: "区财政局"},
		{Name: housing, ShortName: "区住建局", Aliases: []string{"住建局"}},
	}
}

// setup creates the government 示例区 (under 示例市) and the units
// directory, and returns the government.
func setup(t *testing.T, s ledger.Store) ledger.Government {
	t.Helper()
	g := must(s.EnsureGovernment(t.Context(), ledger.Government{Name: "示例区", Level: ledger.LevelCounty, Parent: "示例市"}))(t)
	if _, _, err := s.SaveUnits(t.Context(), fixtureUnits()); err != nil {
		t.Fatal(err)
	}
	return g
}

// newReport returns a report of the government for year, whose checksum
// is derived from tag.
func newReport(gov int64, year int, tag string) *ledger.Report {
	sum := sha256.Sum256([]byte(tag))
	return &ledger.Report{
		GovernmentID: gov, Year: year, ReviewYear: year - 1,
		Title:      "示例区人民政府工作报告",
		SourceName: tag + ".txt", Format: "text", Encoding: "UTF-8",
		Checksum:   hex.EncodeToString(sum[:]),
		Text:       "政府工作报告\n一、过去一年工作回顾\n新增学位10340个。\n二、2024年工作安排\n新增学位6000个以上。",
		Structure:  []byte(`{"title":"政府工作报告","parts":[{"kind":"review"},{"kind":"plan"}]}`),
		ImportedAt: time.Date(year, 1, 15, 9, 30, 15, 123456789, time.FixedZone("CST", 8*3600)),
	}
}

func date(y, m, d int) time.Time { return time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC) }

func ptr[T any](v T) *T { return &v }
