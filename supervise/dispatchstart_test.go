package supervise

import (
	"testing"
	"time"

	"ducha/ledger"
	"ducha/progress"
)

// TestPlannedProgressFromDispatch: a 6000-place target of 2024 dispatched
// on 15 September owes the path from that day to 31 December (108 days to
// the end of the deadline), not the one from 1 January. Figures by hand:
// on 20 September the office sees 未启动 (5% due, nothing yet reported), not 严重滞后; on 15 November 61 of the 108 days have passed, 56% of the way; 2700
// places (45%) are 80% of that, 欠进度 — on the January path (87% due) the
// same figure would be 严重滞后. Five days after dispatch nothing is late.
func TestPlannedProgressFromDispatch(t *testing.T) {
	c := ledger.Commitment{Kind: ledger.KindTarget, Period: 2024, Deadline: ptr(date(2024, 12, 31)),
		Target: &ledger.Target{Value: "6000", Unit: "个"}}
	th := progress.DefaultThresholds()
	dispatched := time.Date(2024, 9, 15, 9, 30, 0, 0, time.UTC)
	report := &ledger.ProgressReport{Period: "2024-10", Value: "2700", Percent: -1, Status: ledger.ReportApproved,
		SubmittedAt: date(2024, 11, 5), ReviewedAt: date(2024, 11, 6)}
	tests := []struct {
		name         string
		v            ledger.CommitmentView
		at           time.Time
		want         progress.Status
		minExp, maxE float64
	}{
		{"five days after dispatch, nothing reported",
			ledger.CommitmentView{Commitment: c, State: ledger.StateAcknowledged, StateChangedAt: date(2024, 9, 16), DispatchedAt: dispatched},
			date(2024, 9, 20), progress.NotStarted, 0.03, 0.06},
		{"15 November, 2700 of 6000",
			ledger.CommitmentView{Commitment: c, State: ledger.StateInProgress, StateChangedAt: date(2024, 9, 16), DispatchedAt: dispatched,
				LatestApproved: report, LastReportAt: date(2024, 11, 5)},
			date(2024, 11, 15), progress.Lagging, 0.55, 0.575},
		{"the same on the January path (no dispatch time known)",
			ledger.CommitmentView{Commitment: c, State: ledger.StateInProgress, StateChangedAt: date(2024, 9, 16),
				LatestApproved: report, LastReportAt: date(2024, 11, 5)},
			date(2024, 11, 15), progress.SeriouslyLagging, 0.86, 0.88},
		{"dispatched before the year began: the year's path",
			ledger.CommitmentView{Commitment: c, State: ledger.StateInProgress, StateChangedAt: date(2024, 1, 3),
				DispatchedAt: date(2023, 12, 20), LatestApproved: report, LastReportAt: date(2024, 11, 5)},
			date(2024, 11, 15), progress.SeriouslyLagging, 0.86, 0.88},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := Evaluate(tt.v, tt.at, progress.Month, th)
			if r.Status != tt.want || r.Expected < tt.minExp || r.Expected > tt.maxE {
				t.Errorf("status %s, expected %.3f; want %s with expected in [%.3f, %.3f] (%s)",
					r.Status, r.Expected, tt.want, tt.minExp, tt.maxE, r.Reason)
			}
		})
	}
}
