package storetest

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"ducha/ledger"
)

func testCommitments(t *testing.T, s ledger.Store) {
	ctx := t.Context()
	g := setup(t, s)
	r := newReport(g.ID, 2024, "shili-2024")
	cs := fixtureCommitments()
	if err := s.SaveReport(ctx, r, cs); err != nil {
		t.Fatal(err)
	}
	got := must(s.Commitments(ctx, r.ID))(t)
	// Everything round-trips: ids, natural order, decimals as written,
	// nil targets and deadlines, cooperating units and milestones in order.
	diff(t, "Commitments", stored(r.ID, cs), got)
	for _, c := range got {
		switch c.Code {
		case "2024-02-03-1":
			if c.Target != nil || c.Deadline != nil || c.Milestones != nil || c.Section == nil {
				t.Errorf("%s: target %v, deadline %v, milestones %v, section %v", c.Code, c.Target, c.Deadline, c.Milestones, c.Section)
			}
		case "2024-02-04-1":
			if c.Section != nil || c.Target.Value != "67.9" {
				t.Errorf("%s: section %q, want nil; value %q, want 67.9", c.Code, c.Section, c.Target.Value)
			}
		case "2024-02-03-2.1":
			if c.Weight != 0.333333333333 || c.Target.BaselineValue != "10340" {
				t.Errorf("%s: weight %v, baseline %q", c.Code, c.Weight, c.Target.BaselineValue)
			}
			// Dates are UTC days.
			for _, d := range []time.Time{*c.Deadline, c.Milestones[0].Due, c.Milestones[1].Due} {
				if d.Location() != time.UTC || d.Hour() != 0 || d.Minute() != 0 || d.Second() != 0 || d.Nanosecond() != 0 {
					t.Errorf("%s: date %v is not a UTC day", c.Code, d)
				}
			}
			if !c.Deadline.Equal(date(2024, 6, 30)) || !c.Milestones[1].Due.Equal(date(2024, 6, 30)) {
				t.Errorf("%s: deadline %v, milestone %v; want 2024-06-30", c.Code, c.Deadline, c.Milestones[1].Due)
			}
		case "2024-02-03-2.2":
			if c.Target.Value != "41900" || c.Target.High != "42500.50" || c.Milestones[0].Expected != "0.333333333333" {
				t.Errorf("%s: decimals changed: %+v %+v", c.Code, c.Target, c.Milestones)
			}
		}
	}
	// The same commitments of two reports are kept apart.
	r2 := newReport(g.ID, 2025, "shili-2025")
	if err := s.SaveReport(ctx, r2, fixtureCommitments()[:2]); err != nil {
		t.Fatal(err)
	}
	diff(t, "Commitments after another report", stored(r.ID, cs), must(s.Commitments(ctx, r.ID))(t))
	if n := len(must(s.Commitments(ctx, r2.ID))(t)); n != 2 {
		t.Fatalf("second report has %d commitments, want 2", n)
	}
	// A report without commitments has none.
	r3 := newReport(g.ID, 2026, "shili-2026")
	if err := s.SaveReport(ctx, r3, nil); err != nil {
		t.Fatal(err)
	}
	if cs := must(s.Commitments(ctx, r3.ID))(t); len(cs) != 0 {
		t.Fatalf("empty report has %d commitments", len(cs))
	}
}

func testCommitmentOrder(t *testing.T, s ledger.Store) {
	ctx := t.Context()
	g := setup(t, s)
	want := []string{
		"2019-R02-1", "2019-R02-2", "2019-R10-1",
		"2020-03-07-1", "2020-03-07-2", "2020-03-07-2.1", "2020-03-07-2.1.1", "2020-03-07-2.1.2",
		"2020-03-07-2.1.10", "2020-03-07-2.2", "2020-03-07-2.9", "2020-03-07-2.10", "2020-03-07-3",
		"2020-03-07-9", "2020-03-07-10", "2020-03-07-11", "2020-03-07-100", "2020-03-08-1", "2020-03-10-1",
		"2020-04-01-1", "2020-10-01-1",
	}
	shuffled := make([]ledger.Commitment, len(want))
	for i, j := range rand.New(rand.NewPCG(1, 2)).Perm(len(want)) {
		shuffled[i] = ledger.Commitment{Code: want[j], Kind: ledger.KindTarget, Title: fmt.Sprint(j)}
	}
	r := newReport(g.ID, 2020, "chengguan-2020")
	if err := s.SaveReport(ctx, r, shuffled); err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, c := range must(s.Commitments(ctx, r.ID))(t) {
		got = append(got, c.Code)
	}
	diff(t, "order of codes", want, got)
}
