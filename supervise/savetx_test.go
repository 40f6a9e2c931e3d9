package supervise_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"ducha/ledger"
	"ducha/store"
	"ducha/supervise"
)

// faultyStore is the demo store with faults a crash or a concurrent
// change would cause between the service's reads and its writes.
type faultyStore struct {
	store.DB
	// closeOnRead closes the commitment right after the service has read
	// its state, as another session would.
	closeOnRead bool
	// failState makes a separate state change fail, as a crash after the
	// report's write would.
	failState bool
}

func (f *faultyStore) CommitmentState(ctx context.Context, id int64) (ledger.State, error) {
	s, err := f.DB.CommitmentState(ctx, id)
	if err == nil && f.closeOnRead {
		f.closeOnRead = false
		for _, to := range []ledger.State{ledger.StateInProgress, ledger.StateClosed} {
			if err := f.DB.SetCommitmentState(ctx, id, to, ledger.OutcomeCompleted, "", "other.session"); err != nil {
				return s, err
			}
		}
	}
	return s, err
}

func (f *faultyStore) SetCommitmentState(ctx context.Context, id int64, s ledger.State, o ledger.Outcome, reason, actor string) error {
	if f.failState {
		return errors.New("injected: the process died here")
	}
	return f.DB.SetCommitmentState(ctx, id, s, o, reason, actor)
}

// TestSaveProgressOneTransaction: submitting a report and the state it
// moves the commitment to are written together or not at all.
func TestSaveProgressOneTransaction(t *testing.T) {
	for _, tc := range []struct {
		name      string
		fault     faultyStore
		wantErr   string
		wantState ledger.State
	}{
		{"a crash between the writes", faultyStore{failState: true}, "", ledger.StateInProgress},
		{"closed meanwhile", faultyStore{closeOnRead: true}, ledger.EConflict, ledger.StateClosed},
	} {
		t.Run(tc.name, func(t *testing.T) {
			svc, st, res, _ := setUp(t)
			ctx := context.Background()
			items, err := svc.Items(ctx, res.ReportID)
			if err != nil {
				t.Fatal(err)
			}
			var c ledger.Commitment
			for _, it := range items {
				if it.Kind == ledger.KindTarget && it.State == ledger.StateNew && it.Target != nil && it.Target.Unit != "%" && it.Target.Value != "" {
					c = it.Commitment
					break
				}
			}
			if c.ID == 0 {
				t.Fatal("no new quantified target in the demo")
			}
			lead := "示例区教育局"
			c.Assignment.Lead = lead
			d := time.Date(2024, 12, 31, 0, 0, 0, 0, time.UTC)
			c.Deadline = &d
			if err := st.ApplyTasks(ctx, res.ReportID, []ledger.Commitment{c}); err != nil {
				t.Fatal(err)
			}
			unit := reporter(res, lead)
			if err := svc.Dispatch(ctx, office, c.ID); err != nil {
				t.Fatal(err)
			}
			if err := svc.Acknowledge(ctx, unit, c.ID); err != nil {
				t.Fatal(err)
			}
			fault := tc.fault
			fault.DB = st
			svc.Store = &fault
			target, _ := ledgerValue(c)
			_, _, err = svc.SaveProgress(ctx, unit, c.ID, supervise.ProgressInput{Value: formatFloat(target / 2), Percent: -1,
				Narrative: "已完成方案设计", Submit: true})
			if code(err) != tc.wantErr {
				t.Fatalf("SaveProgress: %v, want %q", err, tc.wantErr)
			}
			reps, _ := st.ProgressReports(ctx, c.ID)
			state, _ := st.CommitmentState(ctx, c.ID)
			if state != tc.wantState || (len(reps) == 1) != (tc.wantErr == "") {
				t.Fatalf("stored: state %s and %d reports; want %s and a report only if it was accepted", state, len(reps), tc.wantState)
			}
		})
	}
}
