package storetest

import (
	"context"
	"errors"
	"testing"
	"time"

	"ducha/ledger"
)

// normal is r as a store returns it: imported at the second, in UTC.
func normal(r ledger.Report) ledger.Report {
	r.ImportedAt = r.ImportedAt.UTC().Truncate(time.Second)
	return r
}

func testSaveReport(t *testing.T, s ledger.Store) {
	ctx := t.Context()
	g := setup(t, s)
	r := newReport(g.ID, 2024, "shili-2024")
	in := newReport(g.ID, 2024, "shili-2024")
	cs := fixtureCommitments()
	if err := s.SaveReport(ctx, r, cs); err != nil {
		t.Fatal(err)
	}
	if r.ID <= 0 {
		t.Fatalf("SaveReport set r.ID = %d", r.ID)
	}
	// ImportedAt round-trips to the second, in UTC.
	if want := time.Date(2024, 1, 15, 1, 30, 15, 0, time.UTC); !r.ImportedAt.Equal(want) || r.ImportedAt.Location() != time.UTC {
		t.Fatalf("r.ImportedAt = %v, want %v", r.ImportedAt, want)
	}
	in.ID = r.ID
	want := normal(*in)
	got := must(s.Report(ctx, g.ID, 2024))(t)
	diff(t, "Report", want, got)
	if got.ImportedAt.Location() != time.UTC {
		t.Fatalf("ImportedAt in %v, want UTC", got.ImportedAt.Location())
	}
	diff(t, "ReportByChecksum", want, must(s.ReportByChecksum(ctx, r.Checksum))(t))
	diff(t, "Reports", []ledger.Report{want}, must(s.Reports(ctx, g.ID))(t))

	// Every saved commitment got its id.
	seen := map[int64]bool{}
	for _, c := range cs {
		if c.ID <= 0 || seen[c.ID] || c.ReportID != r.ID {
			t.Fatalf("commitment %s: id %d, report %d", c.Code, c.ID, c.ReportID)
		}
		seen[c.ID] = true
	}

	// Reports are ordered by year; a report without a checksum or a
	// structure is fine, and a zero ImportedAt becomes now.
	for _, y := range []int{2025, 2023} {
		r := newReport(g.ID, y, "shili")
		r.Checksum, r.Structure, r.ImportedAt = "", nil, time.Time{}
		start := time.Now().Add(-time.Second)
		if err := s.SaveReport(ctx, r, nil); err != nil {
			t.Fatal(err)
		}
		if r.ImportedAt.Before(start) || r.ImportedAt.After(time.Now()) {
			t.Fatalf("zero ImportedAt became %v", r.ImportedAt)
		}
		got := must(s.Report(ctx, g.ID, y))(t)
		if got.Checksum != "" || got.Structure != nil || !got.ImportedAt.Equal(r.ImportedAt) {
			t.Fatalf("report %d without checksum: %+v", y, got)
		}
	}
	var years []int
	for _, r := range must(s.Reports(ctx, g.ID))(t) {
		years = append(years, r.Year)
	}
	diff(t, "years of Reports", []int{2023, 2024, 2025}, years)
}

func testReportsNotFound(t *testing.T, s ledger.Store) {
	ctx := t.Context()
	g := setup(t, s)
	r := newReport(g.ID, 2024, "shili-2024")
	if err := s.SaveReport(ctx, r, fixtureCommitments()); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name string
		err  error
	}{
		{"Report of another year", second(s.Report(ctx, g.ID, 2023))},
		{"Report of another government", second(s.Report(ctx, g.ID+1000, 2024))},
		{"ReportByChecksum", second(s.ReportByChecksum(ctx, "0000"))},
		{"ReportByChecksum empty", second(s.ReportByChecksum(ctx, ""))},
		{"Reports of an unknown government", second(s.Reports(ctx, g.ID+1000))},
		{"Commitments of an unknown report", second(s.Commitments(ctx, r.ID+1000))},
		{"ApplyTasks to an unknown report", s.ApplyTasks(ctx, r.ID+1000, fixtureCommitments()[:1])},
	} {
		if !ledger.IsNotFound(tt.err) {
			t.Errorf("%s: error %v, want not_found", tt.name, tt.err)
		}
	}
	// Not found is never a zero value with a nil error.
	if got, err := s.Report(ctx, g.ID, 2023); err == nil || got.ID != 0 {
		t.Errorf("Report of a missing year = %+v, %v", got, err)
	}
}

func second[T any](_ T, err error) error { return err }

func testReplaceReport(t *testing.T, s ledger.Store) {
	ctx := t.Context()
	g := setup(t, s)
	old := newReport(g.ID, 2024, "draft")
	oldCs := fixtureCommitments()
	if err := s.SaveReport(ctx, old, oldCs); err != nil {
		t.Fatal(err)
	}
	other := newReport(g.ID, 2023, "shili-2023")
	if err := s.SaveReport(ctx, other, fixtureCommitments()[:3]); err != nil {
		t.Fatal(err)
	}
	// The final text of the same year replaces the draft and its
	// commitments.
	r := newReport(g.ID, 2024, "final")
	cs := fixtureCommitments()[5:]
	if err := s.SaveReport(ctx, r, cs); err != nil {
		t.Fatal(err)
	}
	diff(t, "replaced report", normal(*r), must(s.Report(ctx, g.ID, 2024))(t))
	diff(t, "commitments of the replacement", stored(r.ID, cs), must(s.Commitments(ctx, r.ID))(t))
	if _, err := s.ReportByChecksum(ctx, old.Checksum); !ledger.IsNotFound(err) {
		t.Fatalf("checksum of the replaced report: %v, want not_found", err)
	}
	// Ids are never reused.
	if r.ID == old.ID {
		t.Fatalf("the replacement has the id %d of the replaced report", r.ID)
	}
	if _, err := s.Commitments(ctx, old.ID); !ledger.IsNotFound(err) {
		t.Fatalf("commitments of the replaced report: %v, want not_found", err)
	}
	for _, c := range oldCs {
		for _, n := range cs {
			if c.ID == n.ID {
				t.Fatalf("commitment %s has the id %d of the replaced %s", n.Code, n.ID, c.Code)
			}
		}
	}
	if n := len(must(s.Reports(ctx, g.ID))(t)); n != 2 {
		t.Fatalf("%d reports after replacing, want 2", n)
	}
	// The other year is untouched.
	if n := len(must(s.Commitments(ctx, other.ID))(t)); n != 3 {
		t.Fatalf("the 2023 report has %d commitments, want 3", n)
	}
	// Importing the same file again replaces the report too.
	again := newReport(g.ID, 2024, "final")
	if err := s.SaveReport(ctx, again, fixtureCommitments()); err != nil {
		t.Fatal(err)
	}
	if n := len(must(s.Commitments(ctx, again.ID))(t)); n != len(fixtureCommitments()) {
		t.Fatalf("re-imported report has %d commitments", n)
	}
}

func testChecksumConflict(t *testing.T, s ledger.Store) {
	ctx := t.Context()
	g := setup(t, s)
	r := newReport(g.ID, 2024, "shili-2024")
	if err := s.SaveReport(ctx, r, fixtureCommitments()); err != nil {
		t.Fatal(err)
	}
	other := must(s.EnsureGovernment(ctx, ledger.Government{Name: "另一区"}))(t)
	for _, tt := range []struct {
		name string
		r    *ledger.Report
	}{
		{"another year", newReport(g.ID, 2025, "shili-2024")},
		{"another government", newReport(other.ID, 2024, "shili-2024")},
	} {
		t.Run(tt.name, func(t *testing.T) {
			err := s.SaveReport(ctx, tt.r, fixtureCommitments())
			wantCode(t, err, ledger.EConflict)
			if tt.r.ID != 0 {
				t.Errorf("failed SaveReport set r.ID = %d", tt.r.ID)
			}
			if _, err := s.Report(ctx, tt.r.GovernmentID, tt.r.Year); !ledger.IsNotFound(err) {
				t.Fatalf("conflicting report was saved: %v", err)
			}
		})
	}
	diff(t, "the first report", normal(*r), must(s.ReportByChecksum(ctx, r.Checksum))(t))
}

func testSaveReportInvalid(t *testing.T, s ledger.Store) {
	ctx := t.Context()
	g := setup(t, s)
	// A 2024 report is there; a failed replacement must leave it whole.
	r := newReport(g.ID, 2024, "shili-2024")
	if err := s.SaveReport(ctx, r, fixtureCommitments()); err != nil {
		t.Fatal(err)
	}
	before := must(s.Commitments(ctx, r.ID))(t)
	badUnit := func(unit string) []ledger.Commitment {
		cs := fixtureCommitments()
		cs[6].Assignment.Cooperating = []string{edu, unit}
		return cs
	}
	for _, tt := range []struct {
		name string
		r    *ledger.Report
		cs   []ledger.Commitment
	}{
		{"unknown cooperating unit", newReport(g.ID, 2025, "shili-2025"), badUnit("示例区宇宙局")},
		{"unknown unit replacing", newReport(g.ID, 2024, "shili-2024-final"), badUnit("示例区宇宙局")},
		{"unknown lead unit", newReport(g.ID, 2025, "shili-2025"), func() []ledger.Commitment {
			cs := fixtureCommitments()
			cs[len(cs)-1].Assignment.Lead = "教育局" // an alias, not the name
			return cs
		}()},
		{"unknown suggested unit", newReport(g.ID, 2025, "shili-2025"), func() []ledger.Commitment {
			cs := fixtureCommitments()
			cs[len(cs)-1].Assignment.SuggestedLead = "示例区宇宙局"
			return cs
		}()},
		{"empty code", newReport(g.ID, 2025, "shili-2025"), func() []ledger.Commitment {
			cs := fixtureCommitments()
			cs[len(cs)-1].Code = ""
			return cs
		}()},
		{"code twice", newReport(g.ID, 2025, "shili-2025"), func() []ledger.Commitment {
			cs := fixtureCommitments()
			cs[len(cs)-1].Code = cs[0].Code
			return cs
		}()},
		{"unknown government", newReport(g.ID+1000, 2025, "shili-2025"), fixtureCommitments()},
		{"no year", newReport(g.ID, 0, "shili-2025"), fixtureCommitments()},
		{"structure not JSON", func() *ledger.Report {
			r := newReport(g.ID, 2025, "shili-2025")
			r.Structure = []byte("{not json")
			return r
		}(), nil},
	} {
		t.Run(tt.name, func(t *testing.T) {
			err := s.SaveReport(ctx, tt.r, tt.cs)
			wantCode(t, err, ledger.EInvalid)
			if tt.r.ID != 0 {
				t.Errorf("failed SaveReport set r.ID = %d", tt.r.ID)
			}
			for _, c := range tt.cs {
				if c.ID != 0 {
					t.Fatalf("failed SaveReport set the id of %s", c.Code)
				}
			}
			if _, err := s.Report(ctx, g.ID, 2025); !ledger.IsNotFound(err) {
				t.Fatalf("report 2025 after a failed save: %v, want not_found", err)
			}
			if _, err := s.ReportByChecksum(ctx, tt.r.Checksum); tt.r.Checksum != r.Checksum && !ledger.IsNotFound(err) {
				t.Fatalf("failed report found by checksum: %v", err)
			}
			diff(t, "the 2024 report", normal(*r), must(s.Report(ctx, g.ID, 2024))(t))
			diff(t, "the 2024 commitments", before, must(s.Commitments(ctx, r.ID))(t))
		})
	}
}

func testCanceledContext(t *testing.T, s ledger.Store) {
	g := setup(t, s)
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	r := newReport(g.ID, 2024, "shili-2024")
	if err := s.SaveReport(ctx, r, fixtureCommitments()); !errors.Is(err, context.Canceled) {
		t.Fatalf("SaveReport with a canceled context: %v", err)
	}
	if _, err := s.EnsureGovernment(ctx, ledger.Government{Name: "新区"}); err == nil {
		t.Fatal("EnsureGovernment with a canceled context did not fail")
	}
	// Nothing was written, and the store goes on.
	ctx, cancel = context.WithTimeout(t.Context(), 10*time.Second)
	defer cancel()
	if _, err := s.Report(ctx, g.ID, 2024); !ledger.IsNotFound(err) {
		t.Fatalf("report after a canceled save: %v", err)
	}
	if _, err := s.Government(ctx, "新区"); !ledger.IsNotFound(err) {
		t.Fatalf("government after a canceled ensure: %v", err)
	}
	if err := s.SaveReport(ctx, r, fixtureCommitments()); err != nil {
		t.Fatal(err)
	}
}
