package storetest

import (
	"testing"
	"time"

	"ducha/ledger"
)

// testDispatchedAt: the view says when the commitment was last dispatched
// (交办), kept through 签收 and 填报, renewed by a dispatch after a
// recall; a commitment never dispatched has none.
func testDispatchedAt(t *testing.T, f *fixture) {
	ctx, s := t.Context(), f.s
	at := time.Date(2024, 9, 15, 9, 30, 0, 0, time.UTC)
	s.SetClock(func() time.Time { return at })
	defer s.SetClock(nil)
	id := f.id(schools)
	if v := viewOf(t, f, schools); !v.DispatchedAt.IsZero() {
		t.Fatalf("never dispatched, yet dispatched at %v", v.DispatchedAt)
	}
	// Each step a day later; the view gives the time of the last dispatch.
	var last time.Time
	for i, to := range []ledger.State{ledger.StateDispatched, ledger.StateNew, ledger.StateDispatched,
		ledger.StateAcknowledged, ledger.StateInProgress} {
		at = at.Add(24 * time.Hour)
		if err := s.SetCommitmentState(ctx, id, to, "", "", "office"); err != nil {
			t.Fatalf("step %d: %v", i, err)
		}
		if to == ledger.StateDispatched {
			last = at
		}
		if v := viewOf(t, f, schools); !v.DispatchedAt.Equal(last) {
			t.Errorf("step %d (%s): dispatched at %v, want %v", i, to, v.DispatchedAt, last)
		}
	}
}
