package supervise

import (
	"fmt"
	"testing"
	"time"

	"ducha/ledger"
	"ducha/progress"
)

// benchItems returns n targets in 40 units and 8 categories, a third of
// them lagging, seriously lagging or overdue, a sixth due in November.
func benchItems(n int) []Item {
	items := make([]Item, n)
	statuses := []progress.Status{progress.OnTrack, progress.Lagging, progress.OnTrack, progress.SeriouslyLagging,
		progress.Ahead, progress.Overdue, progress.Completed}
	for i := range items {
		d := time.Date(2026, time.Month(6+i%6), 28, 0, 0, 0, 0, time.UTC)
		st := statuses[i%len(statuses)]
		items[i] = Item{
			CommitmentView: &ledger.CommitmentView{Commitment: ledger.Commitment{ID: int64(i + 1),
				Code: fmt.Sprintf("2026-02-%02d-%04d-%d", i%8, i/10, i%10), Kind: ledger.KindTarget,
				Title: "新增学位1000个", Category: fmt.Sprint("类别", i%8), Deadline: &d,
				Assignment: ledger.Assignment{Lead: fmt.Sprint("单位", i%40)}}, State: ledger.StateInProgress},
			Result: progress.Result{Status: st, Light: progress.Green, Ratio: float64(i%97) / 97, Actual: 0.5, Stale: i%11 == 0},
		}
	}
	return items
}

func BenchmarkSummarize(b *testing.B) {
	items := benchItems(10_000)
	now := time.Date(2026, 11, 26, 0, 0, 0, 0, time.UTC)
	for b.Loop() {
		Summarize(items, now)
	}
}

func BenchmarkSelectQuery(b *testing.B) {
	items := benchItems(10_000)
	for i := range items {
		items[i].Text = "新增学位1000个以上，办好人民满意的教育，坚持稳中求进工作总基调"
		items[i].Target = &ledger.Target{Indicator: "新增学位", Quantity: "1000个"}
		items[i].search = searchText(&items[i])
	}
	for b.Loop() {
		Select(items, Filter{Query: "农村公路"}, 1, 50)
	}
}
