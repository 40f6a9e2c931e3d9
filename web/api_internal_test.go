package web

import (
	"encoding/json"
	"strconv"
	"testing"

	"ducha/ledger"
	"ducha/supervise"
)

// TestSummaryJSONLagging: the summary lists the worst lagging targets up
// to summaryLagging, in order, and counts all of them.
func TestSummaryJSONLagging(t *testing.T) {
	for _, n := range []int{0, 3, summaryLagging, summaryLagging + 27} {
		var sum supervise.Summary
		for i := range n {
			v := &ledger.CommitmentView{Commitment: ledger.Commitment{ID: int64(i + 1),
				Code: "2024-01-" + strconv.Itoa(i+1), Kind: ledger.KindTarget}}
			sum.Lagging = append(sum.Lagging, supervise.Item{CommitmentView: v})
		}
		sum.DueThisMonth = sum.Lagging[:0:0]
		for range 4 {
			sum.DueThisMonth = append(sum.DueThisMonth, supervise.Item{CommitmentView: &ledger.CommitmentView{}})
		}
		var got struct {
			Lagging []struct {
				ID int64 `json:"id"`
			} `json:"lagging"`
			Total int  `json:"lagging_total"`
			Due   int  `json:"due_this_month"`
			Stale *int `json:"stale"`
		}
		if err := json.Unmarshal(encodeJSON(summaryJSON(sum)), &got); err != nil {
			t.Fatal(err)
		}
		if want := min(n, summaryLagging); len(got.Lagging) != want || got.Total != n || got.Due != 4 ||
			got.Stale == nil || *got.Stale != 0 {
			t.Fatalf("%d lagging: listed %d (want %d), total %d, due %d, stale %v", n, len(got.Lagging), want,
				got.Total, got.Due, got.Stale)
		}
		for i, it := range got.Lagging {
			if it.ID != int64(i+1) {
				t.Fatalf("%d lagging: item %d is %d", n, i, it.ID)
			}
		}
	}
}
