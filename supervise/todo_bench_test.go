package supervise

import (
	"testing"
	"time"

	"ducha/ledger"
)

// BenchmarkTodoOf: one unit's to-do list among 10,000 targets of 40 units,
// with a report of every tenth target waiting or returned.
func BenchmarkTodoOf(b *testing.B) {
	items := benchItems(10_000)
	var reps []ledger.ProgressReport
	for i := 0; i < len(items); i += 10 {
		st := ledger.ReportSubmitted
		if i%20 == 0 {
			st = ledger.ReportReturned
		}
		reps = append(reps, ledger.ProgressReport{ID: int64(i + 1), CommitmentID: items[i].ID, Period: "2026-10", Status: st})
	}
	now := time.Date(2026, 11, 26, 0, 0, 0, 0, time.UTC)
	st := DefaultSettings()
	for b.Loop() {
		TodoOf("单位0", items, reps, nil, st, now)
	}
}
