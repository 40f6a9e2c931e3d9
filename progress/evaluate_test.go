package progress

import (
	"strings"
	"testing"
	"time"
)

// evalCase is one row of the Evaluate tables. A zero th means the defaults.
type evalCase struct {
	name                string
	p                   Plan
	latest              *Report
	last, periodEnd, at time.Time
	th                  Thresholds
	status              Status
	light               Light
	expected, actual    float64
	ratio               float64
	stale               bool
	reason              string // a part of the Reason
}

// figure is a report of a value on 28 June 2024.
func figure(v float64) *Report {
	return &Report{At: day(2024, 6, 28), Value: v, HasValue: true, Percent: -1}
}

// percent is a report of a self-assessed percentage on 28 June 2024.
func percent(p float64) *Report { return &Report{At: day(2024, 6, 28), Percent: p} }

func runEvalCases(t *testing.T, tests []evalCase) {
	t.Helper()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			th := tt.th
			if th == (Thresholds{}) {
				th = DefaultThresholds()
			}
			got := Evaluate(tt.p, tt.latest, tt.last, tt.periodEnd, tt.at, th)
			if got.Status != tt.status || got.Light != tt.light || got.Stale != tt.stale {
				t.Errorf("status, light, stale = %s, %s, %v; want %s, %s, %v (%s)",
					got.Status, got.Light, got.Stale, tt.status, tt.light, tt.stale, got.Reason)
			}
			if !near(got.Expected, tt.expected) || !near(got.Actual, tt.actual) || !near(got.Ratio, tt.ratio) {
				t.Errorf("expected, actual, ratio = %.6f, %.6f, %.6f; want %.6f, %.6f, %.6f",
					got.Expected, got.Actual, got.Ratio, tt.expected, tt.actual, tt.ratio)
			}
			if !strings.Contains(got.Reason, tt.reason) {
				t.Errorf("Reason = %q, want it to contain %q", got.Reason, tt.reason)
			}
			if tt.th == (Thresholds{}) {
				if zero := Evaluate(tt.p, tt.latest, tt.last, tt.periodEnd, tt.at, Thresholds{}); zero != got {
					t.Errorf("with zero Thresholds: %+v, want the defaults' %+v", zero, got)
				}
			}
		})
	}
}

func TestEvaluate(t *testing.T) {
	// 新增学位6000个 over 2024; at 1 July 182 of 366 days have passed.
	linear := year2024(0, 6000, 1)
	const mid = 182.0 / 366
	// The same with 3000 due by 30 June: exactly 0.5 expected on 1 July.
	half := year2024(0, 6000, 1, valued(day(2024, 6, 30), 3000))
	// Starts on 1 March: Mar 1 → Jan 1 is 306 days.
	march := Plan{Start: day(2024, 3, 1), Deadline: day(2024, 12, 31), Target: 6000, Direction: 1}
	// 城镇调查失业率 down from 5.6% to 5.5%.
	falling := year2024(5.6, 5.5, -1)
	descriptive := year2024(0, 0, 0)
	jul1 := day(2024, 7, 1)

	runEvalCases(t, []evalCase{
		// 3600/6000 = 0.6; 0.6 / (182/366) = 219.6/182 ≈ 1.2066 ≥ 1.10.
		{name: "ahead", p: linear, latest: figure(3600), at: jul1,
			status: Ahead, light: Green, expected: mid, actual: 0.6, ratio: 219.6 / 182,
			reason: "expected 49.7% by 2024-07-01 on a linear schedule, reported 60% (ratio 1.21)"},
		// 0.5 × 366/182 = 183/182 ≈ 1.0055.
		{name: "on track", p: linear, latest: figure(3000), at: jul1,
			status: OnTrack, light: Green, expected: mid, actual: 0.5, ratio: 183.0 / 182},
		// 0.4 × 366/182 = 146.4/182 ≈ 0.8044.
		{name: "lagging", p: linear, latest: figure(2400), at: jul1,
			status: Lagging, light: Yellow, expected: mid, actual: 0.4, ratio: 146.4 / 182},
		// 0.2 × 366/182 = 73.2/182 ≈ 0.4022.
		{name: "seriously lagging", p: linear, latest: figure(1200), at: jul1,
			status: SeriouslyLagging, light: Red, expected: mid, actual: 0.2, ratio: 73.2 / 182},

		// Exactly at the thresholds, against the milestone's 0.5.
		{name: "ratio exactly 1.10 is ahead", p: half, latest: figure(3300), at: jul1,
			status: Ahead, light: Green, expected: 0.5, actual: 0.55, ratio: 1.1,
			reason: "expected 50% by 2024-07-01 from milestones, reported 55% (ratio 1.10)"},
		{name: "ratio exactly 0.90 is on track", p: half, latest: figure(2700), at: jul1,
			status: OnTrack, light: Green, expected: 0.5, actual: 0.45, ratio: 0.9},
		{name: "ratio exactly 0.60 is lagging", p: half, latest: figure(1800), at: jul1,
			status: Lagging, light: Yellow, expected: 0.5, actual: 0.3, ratio: 0.6},
		// 1740/6000 = 0.29; 0.29/0.5 = 0.58.
		{name: "ratio 0.58 is seriously lagging", p: half, latest: figure(1740), at: jul1,
			status: SeriouslyLagging, light: Red, expected: 0.5, actual: 0.29, ratio: 0.58},

		// 6000/6000 = 1; 1 × 366/182.
		{name: "completed by reaching the target", p: linear, latest: figure(6000), at: jul1,
			status: Completed, light: Green, expected: mid, actual: 1, ratio: 366.0 / 182,
			reason: "target reached, reported 100%"},
		// 6500/6000 = 13/12 ≈ 1.0833; ratio 13/12 × 366/182.
		{name: "completed beyond the target", p: linear, latest: figure(6500), at: jul1,
			status: Completed, light: Green, expected: mid, actual: 13.0 / 12, ratio: 13.0 / 12 * 366 / 182},
		{name: "declared done while lagging", p: linear,
			latest: &Report{At: day(2024, 6, 28), Value: 1200, HasValue: true, Done: true, Percent: -1}, at: jul1,
			status: Completed, light: Green, expected: mid, actual: 0.2, ratio: 73.2 / 182,
			reason: "declared finished on 2024-06-28"},
		{name: "completed beats overdue", p: linear, latest: figure(6000), at: day(2025, 2, 1),
			status: Completed, light: Green, expected: 1, actual: 1, ratio: 1},

		// 5000/6000 = 5/6, against 1.
		{name: "overdue", p: linear, latest: figure(5000), at: day(2025, 1, 1),
			status: Overdue, light: Red, expected: 1, actual: 5.0 / 6, ratio: 5.0 / 6,
			reason: "deadline 2024-12-31 passed, reported 83.3%"},
		// 365 days 23 hours of 366 days: 8783/8784; ratio (5/6)/(8783/8784)
		// = 43920/52698 ≈ 0.8334.
		{name: "last hour of the deadline day is not overdue", p: linear, latest: figure(5000), at: clock(2024, 12, 31, 23, 0),
			status: Lagging, light: Yellow, expected: 8783.0 / 8784, actual: 5.0 / 6, ratio: 43920.0 / 52698},
		{name: "overdue without a report", p: linear, at: day(2025, 1, 5),
			status: Overdue, light: Red, expected: 1,
			reason: "deadline 2024-12-31 passed with no report"},

		{name: "not started before the start", p: march, at: day(2024, 2, 20),
			status: NotStarted, light: Green, reason: "no report, no progress expected by 2024-02-20"},
		{name: "not started at the start", p: linear, at: day(2024, 1, 1),
			status: NotStarted, light: Green},
		// 0 of 100 due by 30 June: nothing expected on 1 April.
		{name: "not started while the schedule expects nothing", p: year2024(0, 100, 1, valued(day(2024, 6, 30), 0)), at: day(2024, 4, 1),
			status: NotStarted, light: Green},
		// Jan 1 → Jan 11 is 10 days: 10/366 ≈ 0.0273 < 0.05.
		{name: "not started in the first days", p: linear, at: day(2024, 1, 11),
			status: NotStarted, light: Yellow, expected: 10.0 / 366,
			reason: "no report, expected 2.7% by 2024-01-11"},
		// 18/366 ≈ 0.0492 < 0.05.
		{name: "last day of grace", p: linear, at: day(2024, 1, 19),
			status: NotStarted, light: Yellow, expected: 18.0 / 366},
		// 19/366 ≈ 0.0519 ≥ 0.05: ratio 0.
		{name: "grace over", p: linear, at: day(2024, 1, 20),
			status: SeriouslyLagging, light: Red, expected: 19.0 / 366},
		{name: "no report by mid-year", p: linear, at: jul1,
			status: SeriouslyLagging, light: Red, expected: mid,
			reason: "no report, expected 49.7% by 2024-07-01"},

		// 100/6000 = 1/60 before anything is expected.
		{name: "report before the start", p: march, latest: figure(100), at: day(2024, 2, 20),
			status: OnTrack, light: Green, actual: 1.0 / 60,
			reason: "reported 1.7%, no progress expected by 2024-02-20"},
		// (5.65−5.6)/(5.5−5.6) = −0.5: moved away from the target.
		{name: "moved away before the start",
			p:      Plan{Start: day(2024, 3, 1), Deadline: day(2024, 12, 31), Baseline: 5.6, Target: 5.5, Direction: -1},
			latest: figure(5.65), at: day(2024, 2, 20),
			status: Lagging, light: Yellow, actual: -0.5},

		// Falling indicators: (5.55−5.6)/(5.5−5.6) = 0.5, ratio 183/182.
		{name: "falling, half way", p: falling, latest: figure(5.55), at: jul1,
			status: OnTrack, light: Green, expected: mid, actual: 0.5, ratio: 183.0 / 182},
		// (5.58−5.6)/(5.5−5.6) = 0.2, ratio 73.2/182.
		{name: "falling, a fifth of the way", p: falling, latest: figure(5.58), at: jul1,
			status: SeriouslyLagging, light: Red, expected: mid, actual: 0.2, ratio: 73.2 / 182},
		{name: "falling, target reached", p: falling, latest: figure(5.5), at: jul1,
			status: Completed, light: Green, expected: mid, actual: 1, ratio: 366.0 / 182},
		// (5.4−5.6)/(5.5−5.6) = 2.
		{name: "falling, beyond the target", p: falling, latest: figure(5.4), at: jul1,
			status: Completed, light: Green, expected: mid, actual: 2, ratio: 2 * 366.0 / 182},
		// (5.7−5.6)/(5.5−5.6) = −1, ratio −366/182.
		{name: "falling, rising instead", p: falling, latest: figure(5.7), at: jul1,
			status: SeriouslyLagging, light: Red, expected: mid, actual: -1, ratio: -366.0 / 182},

		// Target = Baseline: reaching the target is 1, anything else 0.
		{name: "keep within, kept", p: year2024(3.5, 3.5, -1), latest: figure(3.4), at: jul1,
			status: Completed, light: Green, expected: mid, actual: 1, ratio: 366.0 / 182},
		{name: "keep within, exceeded", p: year2024(3.5, 3.5, -1), latest: figure(3.6), at: jul1,
			status: SeriouslyLagging, light: Red, expected: mid},
		{name: "keep at least, kept", p: year2024(95, 95, 1), latest: figure(95), at: jul1,
			status: Completed, light: Green, expected: mid, actual: 1, ratio: 366.0 / 182},

		// Descriptive tasks: Percent/100, or 1 if done.
		{name: "descriptive, half done", p: descriptive, latest: percent(50), at: jul1,
			status: OnTrack, light: Green, expected: mid, actual: 0.5, ratio: 183.0 / 182},
		{name: "descriptive, 40%", p: descriptive, latest: percent(40), at: jul1,
			status: Lagging, light: Yellow, expected: mid, actual: 0.4, ratio: 146.4 / 182},
		{name: "descriptive, no percentage", p: descriptive, latest: percent(-1), at: jul1,
			status: SeriouslyLagging, light: Red, expected: mid},
		{name: "descriptive, 100%", p: descriptive, latest: percent(100), at: jul1,
			status: Completed, light: Green, expected: mid, actual: 1, ratio: 366.0 / 182},
		{name: "descriptive, done", p: descriptive, latest: &Report{Done: true, Percent: -1}, at: jul1,
			status: Completed, light: Green, expected: mid, actual: 1, ratio: 366.0 / 182,
			reason: "declared finished"},
		// A quantified task reported without a figure falls back to Percent.
		{name: "quantified without a figure", p: linear, latest: percent(40), at: jul1,
			status: Lagging, light: Yellow, expected: mid, actual: 0.4, ratio: 146.4 / 182},
	})
}

func TestEvaluateCustomThresholds(t *testing.T) {
	// Expected 0.5 on 1 July; thresholds 1.2, 0.8, 0.5.
	half := year2024(0, 6000, 1, valued(day(2024, 6, 30), 3000))
	custom := Thresholds{AheadRatio: 1.2, LaggingRatio: 0.8, SeriousRatio: 0.5, StaleAfter: 240 * time.Hour}
	jul1 := day(2024, 7, 1)
	runEvalCases(t, []evalCase{
		// 0.55/0.5 = 1.1: ahead by default, on track below 1.2.
		{name: "1.1 is on track", p: half, latest: figure(3300), at: jul1, th: custom,
			status: OnTrack, light: Green, expected: 0.5, actual: 0.55, ratio: 1.1},
		// 3900/6000 = 0.65; 0.65/0.5 = 1.3.
		{name: "1.3 is ahead", p: half, latest: figure(3900), at: jul1, th: custom,
			status: Ahead, light: Green, expected: 0.5, actual: 0.65, ratio: 1.3},
		// 2550/6000 = 0.425; 0.425/0.5 = 0.85: lagging by default.
		{name: "0.85 is on track", p: half, latest: figure(2550), at: jul1, th: custom,
			status: OnTrack, light: Green, expected: 0.5, actual: 0.425, ratio: 0.85},
		// 1500/6000 = 0.25; 0.25/0.5 = 0.5: seriously lagging by default.
		{name: "0.5 is lagging", p: half, latest: figure(1500), at: jul1, th: custom,
			status: Lagging, light: Yellow, expected: 0.5, actual: 0.25, ratio: 0.5},
		// 0.2/0.5 = 0.4.
		{name: "0.4 is seriously lagging", p: half, latest: figure(1200), at: jul1, th: custom,
			status: SeriouslyLagging, light: Red, expected: 0.5, actual: 0.2, ratio: 0.4},
		// The same figures with the defaults, for contrast.
		{name: "default: 1.1 is ahead", p: half, latest: figure(3300), at: jul1,
			status: Ahead, light: Green, expected: 0.5, actual: 0.55, ratio: 1.1},
		{name: "default: 0.85 is lagging", p: half, latest: figure(2550), at: jul1,
			status: Lagging, light: Yellow, expected: 0.5, actual: 0.425, ratio: 0.85},
		{name: "default: 0.5 is seriously lagging", p: half, latest: figure(1500), at: jul1,
			status: SeriouslyLagging, light: Red, expected: 0.5, actual: 0.25, ratio: 0.5},
	})
}

func TestActualFraction(t *testing.T) {
	tests := []struct {
		name string
		p    Plan
		r    Report
		want float64
	}{
		// (9000−8000)/(10000−8000) = 0.5 for a cumulative indicator.
		{"cumulative from a baseline", year2024(8000, 10000, 1), Report{Value: 9000, HasValue: true, Percent: -1}, 0.5},
		{"below the baseline", year2024(8000, 10000, 1), Report{Value: 7000, HasValue: true, Percent: -1}, -0.5},
		{"falling", year2024(5.6, 5.5, -1), Report{Value: 5.55, HasValue: true, Percent: -1}, 0.5},
		{"no figure, done", year2024(0, 6000, 1), Report{Done: true, Percent: -1}, 1},
		{"no figure, no percent", year2024(0, 6000, 1), Report{Percent: -1}, 0},
		{"descriptive ignores a value", year2024(0, 0, 0), Report{Value: 7, HasValue: true, Percent: 30}, 0.3},
		{"descriptive, done beats percent", year2024(0, 0, 0), Report{Done: true, Percent: 30}, 1},
		{"keep at least, fell short", year2024(95, 95, 1), Report{Value: 94, HasValue: true}, 0},
	}
	for _, tt := range tests {
		if got := ActualFraction(tt.p, tt.r); !near(got, tt.want) {
			t.Errorf("%s: ActualFraction = %v, want %v", tt.name, got, tt.want)
		}
	}
}
