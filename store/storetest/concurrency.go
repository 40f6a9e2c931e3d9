package storetest

import (
	"fmt"
	"sync"
	"sync/atomic"
	"testing"

	"ducha/ledger"
)

// testConcurrentReaders reads while two writers save reports: no reader or
// writer may fail (SQLite must wait for its locks, never report "database
// is locked"), and every read sees a whole report.
func testConcurrentReaders(t *testing.T, s ledger.Store) {
	ctx := t.Context()
	g := setup(t, s)
	stable := newReport(g.ID, 2020, "stable")
	if err := s.SaveReport(ctx, stable, fixtureCommitments()); err != nil {
		t.Fatal(err)
	}
	want := len(fixtureCommitments())
	var (
		wg      sync.WaitGroup
		writing atomic.Int32
		errs    = make(chan error, 64)
	)
	report := func(err error) {
		select {
		case errs <- err:
		default:
		}
	}
	for w := range 2 {
		writing.Add(1)
		wg.Go(func() {
			defer writing.Add(-1)
			for i := range 10 {
				year := 2021 + w
				r := newReport(g.ID, year, fmt.Sprintf("writer %d, round %d", w, i))
				if err := s.SaveReport(ctx, r, fixtureCommitments()); err != nil {
					report(fmt.Errorf("writer %d: %w", w, err))
					return
				}
				edit := fixtureCommitments()[:1]
				edit[0].Title = fmt.Sprint(i)
				if err := s.ApplyTasks(ctx, r.ID, edit); err != nil {
					report(fmt.Errorf("writer %d: apply: %w", w, err))
					return
				}
			}
		})
	}
	for rd := range 4 {
		wg.Go(func() {
			for n := 0; writing.Load() > 0 || n < 3; n++ {
				cs, err := s.Commitments(ctx, stable.ID)
				if err != nil {
					report(fmt.Errorf("reader %d: %w", rd, err))
					return
				}
				if len(cs) != want {
					report(fmt.Errorf("reader %d: %d commitments, want %d", rd, len(cs), want))
					return
				}
				rs, err := s.Reports(ctx, g.ID)
				if err != nil {
					report(fmt.Errorf("reader %d: %w", rd, err))
					return
				}
				for _, r := range rs {
					if r.Text == "" {
						report(fmt.Errorf("reader %d: report %d without text", rd, r.Year))
					}
				}
				if _, err := s.Units(ctx); err != nil {
					report(fmt.Errorf("reader %d: %w", rd, err))
					return
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if n := len(must(s.Reports(ctx, g.ID))(t)); n != 3 {
		t.Fatalf("%d reports, want 3", n)
	}
}
