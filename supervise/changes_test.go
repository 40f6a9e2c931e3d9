package supervise

import (
	"slices"
	"testing"

	"ducha/progress"
)

// TestChangedSince: the log of changed commitments answers what changed
// after a generation, and forgets old changes, and everything before a
// change of everything.
func TestChangedSince(t *testing.T) {
	var s Service
	s.changed(7)
	s.changed(3, 7)
	s.changed(5)
	ids, all := s.changedSince(1)
	if all || !slices.Equal(ids, []int64{3, 5, 7}) {
		t.Fatalf("after 1: %v %v", ids, all)
	}
	if ids, all := s.changedSince(s.gen); all || len(ids) != 0 {
		t.Fatalf("after the last: %v %v", ids, all)
	}
	s.changed()
	if _, all := s.changedSince(s.gen - 1); !all {
		t.Fatal("a change of everything is not all")
	}
	from := s.gen
	for i := range maxChanges + 10 {
		s.changed(int64(i))
	}
	if len(s.changes) > maxChanges {
		t.Fatalf("%d changes kept", len(s.changes))
	}
	if _, all := s.changedSince(from); !all {
		t.Fatal("forgotten changes are not all")
	}
	if ids, all := s.changedSince(s.gen - 2); all || !slices.Equal(ids, []int64{maxChanges + 8, maxChanges + 9}) {
		t.Fatalf("the last two: %v %v", ids, all)
	}
}

// TestTallyIndexes: Summarize counts the statuses and lights by their
// positions in progress.Statuses and lights.
func TestTallyIndexes(t *testing.T) {
	if len(progress.Statuses) != len(tally{}.statuses) {
		t.Fatalf("%d statuses, tally counts %d", len(progress.Statuses), len(tally{}.statuses))
	}
	for i, st := range progress.Statuses {
		if statusIndex(st) != i {
			t.Errorf("statusIndex(%s) = %d, want %d", st, statusIndex(st), i)
		}
	}
	for i, l := range lights {
		if lightIndex(l) != i {
			t.Errorf("lightIndex(%s) = %d, want %d", l, lightIndex(l), i)
		}
	}
}
