package web

import (
	"context"
	"strings"
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

// TestSessionCodec: values come back as the types they were put as;
// sessions gob wrote are still read; other types and broken data are
// refused with the key or the reason.
func TestSessionCodec(t *testing.T) {
	deadline := time.Date(2026, 11, 26, 15, 4, 5, 123456789, time.FixedZone("CST", 8*3600))
	values := map[string]any{"login": "ducha", "flash": `已保存 "<b>" \ 😀`, "report": int64(42), "n": -7, "ok": true,
		"f": 0.1, "at": deadline, "empty": ""}
	b, err := sessionCodec{}.Encode(deadline, values)
	if err != nil {
		t.Fatal(err)
	}
	d, got, err := sessionCodec{}.Decode(b)
	if err != nil {
		t.Fatal(err)
	}
	if !d.Equal(deadline) || len(got) != len(values) {
		t.Fatalf("deadline %v, %d values", d, len(got))
	}
	for k, v := range values {
		g := got[k]
		if tm, ok := v.(time.Time); ok {
			if gt, ok := g.(time.Time); !ok || !gt.Equal(tm) {
				t.Errorf("%s: %#v, want %#v", k, g, v)
			}
		} else if g != v {
			t.Errorf("%s: %#v (%T), want %#v (%T)", k, g, g, v, v)
		}
	}
	old, err := scs.GobCodec{}.Encode(deadline, map[string]any{"login": "leader", "report": int64(3)})
	if err != nil {
		t.Fatal(err)
	}
	if _, got, err := (sessionCodec{}).Decode(old); err != nil || got["login"] != "leader" || got["report"] != int64(3) {
		t.Fatalf("a gob session: %v, %v", got, err)
	}
	if _, err := (sessionCodec{}).Encode(deadline, map[string]any{"x": []string{"a"}}); err == nil ||
		!strings.Contains(err.Error(), `"x"`) {
		t.Fatalf("a slice stored: %v", err)
	}
	for _, bad := range []string{`{"values":{"a":{"t":"i","v":"x"}}}`, `{"values":{"a":{"t":"z","v":""}}}`, `{"values":`} {
		if _, _, err := (sessionCodec{}).Decode([]byte(bad)); err == nil {
			t.Errorf("%s decoded", bad)
		}
	}
}
