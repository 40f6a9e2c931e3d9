package web

import (
	"context"
	"testing"
	"time"

	"ducha/ledger"

	"github.com/alexedwards/scs/v2"
)

// commitCounter counts the sessions committed.
type commitCounter struct {
	ledger.SupervisionStore
	commits int
}

func (c *commitCounter) CommitSession(ctx context.Context, token string, data []byte, expiry time.Time) error {
	c.commits++
	return nil
}

func (c *commitCounter) DeleteSession(ctx context.Context, token string) error { return nil }

// TestSessionCommits: a session whose data did not change is stored again
// only once its expiry moved on by a tenth of the idle timeout.
func TestSessionCommits(t *testing.T) {
	st := &commitCounter{}
	codec := scs.GobCodec{}
	ss := newSessionStore(st, codec, time.Hour) // touch: a minute
	ctx := context.Background()
	at := time.Now().Add(time.Hour)
	deadline := time.Now().Add(12 * time.Hour)
	// Each encoding writes the values in another order.
	data := func(login string) []byte {
		b, err := codec.Encode(deadline, map[string]any{"login": login, "csrf": "t", "report": int64(1), "a": "1", "b": "2"})
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	steps := []struct {
		data   string
		expiry time.Time
		want   int
	}{
		{"a", at, 1},
		{"a", at.Add(30 * time.Second), 1},  // idle expiry pushed on a little: skipped
		{"a", at.Add(59 * time.Second), 1},  // still within a minute of the stored one
		{"a", at.Add(61 * time.Second), 2},  // a minute on: stored
		{"b", at.Add(62 * time.Second), 3},  // new data: stored
		{"b", at.Add(-time.Minute), 4},      // an earlier expiry: stored
		{"b", at.Add(-30 * time.Second), 4}, // and pushed on a little again: skipped
	}
	for i, s := range steps {
		if err := ss.CommitCtx(ctx, "tok", data(s.data), s.expiry); err != nil {
			t.Fatal(err)
		}
		if st.commits != s.want {
			t.Fatalf("step %d: %d commits, want %d", i, st.commits, s.want)
		}
	}
	// Another session, and one deleted, are stored.
	ss.CommitCtx(ctx, "other", data("b"), at)
	ss.DeleteCtx(ctx, "tok")
	ss.CommitCtx(ctx, "tok", data("b"), at.Add(-30*time.Second))
	if st.commits != 6 {
		t.Fatalf("%d commits, want 6", st.commits)
	}
	// An expired session is stored again.
	ss.CommitCtx(ctx, "old", data("c"), time.Now().Add(-time.Second))
	ss.CommitCtx(ctx, "old", data("c"), time.Now())
	if st.commits != 8 {
		t.Fatalf("%d commits, want 8", st.commits)
	}
	ss.forgetExpired(time.Now())
	if _, ok := ss.last["old"]; ok {
		t.Fatal("an expired session is remembered")
	}
}
