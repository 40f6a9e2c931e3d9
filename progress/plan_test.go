package progress

import (
	"math"
	"testing"
	"time"
)

func TestExpectedFraction(t *testing.T) {
	// Day counts in 2024 (a leap year): Jan 31, Feb 29, Mar 31, Apr 30,
	// May 31, Jun 30, Jul 31, Aug 31, Sep 30, Oct 31, Nov 30, Dec 31.
	linear := year2024(0, 6000, 1)
	// 新增学位6000个: 2000 by 30 June (1/3 of the way), 4500 by 30 September
	// (0.75). Points: (Jan 1, 0), (Jul 1 00:00, 1/3), (Oct 1 00:00, 0.75),
	// (2025-01-01 00:00, 1).
	places := year2024(0, 6000, 1, valued(day(2024, 6, 30), 2000), valued(day(2024, 9, 30), 4500))
	// The same milestones listed out of order.
	shuffled := year2024(0, 6000, 1, valued(day(2024, 9, 30), 4500), valued(day(2024, 6, 30), 2000))
	// A descriptive checkpoint on 31 March (at the linear 91/366, Jan 1 →
	// Apr 1 being 31+29+31 = 91 days) and 60 of 100 by 30 June.
	mixed := year2024(0, 100, 1, described(day(2024, 3, 31)), valued(day(2024, 6, 30), 60))
	// 50 of 100 by 31 March, then a descriptive step on 30 June whose linear
	// fraction 182/366 ≈ 0.497 is below 0.5: the schedule stays at 0.5.
	flat := year2024(0, 100, 1, valued(day(2024, 3, 31), 50), described(day(2024, 6, 30)))
	// 城镇调查失业率 from 5.6% down to 5.5%, 5.58% by 30 June:
	// (5.58−5.6)/(5.5−5.6) = 0.2.
	falling := year2024(5.6, 5.5, -1, valued(day(2024, 6, 30), 5.58))

	tests := []struct {
		name string
		p    Plan
		at   time.Time
		want float64
	}{
		{"linear, before start", linear, day(2023, 12, 15), 0},
		{"linear, at start", linear, day(2024, 1, 1), 0},
		// Jan 1 → Jul 1 is 31+29+31+30+31+30 = 182 days of 366.
		{"linear, mid-year", linear, day(2024, 7, 1), 182.0 / 366},
		// 365 days and 12 hours of 366 days.
		{"linear, noon on the deadline day", linear, clock(2024, 12, 31, 12, 0), 365.5 / 366},
		{"linear, end of the deadline day", linear, day(2025, 1, 1), 1},
		{"linear, after the deadline", linear, day(2025, 3, 1), 1},
		// A zero deadline is 31 December of Start's year: Mar 1 → Jan 1 is
		// 366−60 = 306 days, and Mar 1 → Apr 1 is 31 of them.
		{"zero deadline", Plan{Start: day(2024, 3, 1), Target: 1, Direction: 1}, day(2024, 4, 1), 31.0 / 306},
		// A zero start is 1 January of the deadline's year: the span Jan 1 →
		// Jul 1 (the end of 30 June) is 182 days, and Jan 1 → Apr 1 is 91.
		{"zero start", Plan{Deadline: day(2024, 6, 30), Target: 1, Direction: 1}, day(2024, 4, 1), 91.0 / 182},
		// A clock time on Start is ignored: work starts at midnight.
		{"start with a clock time", Plan{Start: clock(2024, 1, 1, 15, 0), Deadline: day(2024, 12, 31), Target: 1, Direction: 1}, day(2024, 7, 1), 182.0 / 366},
		// 91 of the 182 days to the first milestone: ½ × 1/3 = 1/6.
		{"milestones, first segment", places, day(2024, 4, 1), 1.0 / 6},
		{"milestones, at a milestone", places, day(2024, 7, 1), 1.0 / 3},
		// Jul 1 → Aug 16 is 31+15 = 46 of the 92 days to Oct 1:
		// 1/3 + ½ × (0.75 − 1/3) = 1/3 + 5/24 = 13/24.
		{"milestones, middle segment", places, day(2024, 8, 16), 13.0 / 24},
		// Oct 1 → Nov 16 is 46 of the 92 days to Jan 1: 0.75 + ½ × 0.25.
		{"milestones, last segment", places, day(2024, 11, 16), 0.875},
		{"milestones, after the deadline", places, day(2025, 1, 2), 1},
		{"milestones out of order", shuffled, day(2024, 8, 16), 13.0 / 24},
		// Jan 1 → Feb 15 is 45 days; the checkpoint lies on the line.
		{"descriptive checkpoint, before it", mixed, day(2024, 2, 15), 45.0 / 366},
		// Apr 1 → May 16 is 30+15 = 45 of the 91 days to Jul 1:
		// 91/366 + 45/91 × (0.6 − 91/366) ≈ 0.4224.
		{"descriptive checkpoint, after it", mixed, day(2024, 5, 16), 91.0/366 + 45.0/91*(0.6-91.0/366)},
		{"expected progress never goes back", flat, day(2024, 5, 16), 0.5},
		// Jul 1 → Oct 1 is 92 of the 184 days to Jan 1: 0.5 + ½ × 0.5.
		{"after a flat stretch", flat, day(2024, 10, 1), 0.75},
		{"falling indicator, at the milestone", falling, day(2024, 7, 1), 0.2},
		// 91 of 182 days: ½ × 0.2.
		{"falling indicator, before the milestone", falling, day(2024, 4, 1), 0.1},
		// Only descriptive milestones: the schedule is linear.
		{"only descriptive milestones", year2024(0, 1, 1, described(day(2024, 3, 31)), described(day(2024, 9, 30))), day(2024, 7, 1), 182.0 / 366},
		// NaN marks a descriptive milestone even with HasValue.
		{"NaN milestone", year2024(0, 6000, 1, valued(day(2024, 6, 30), math.NaN())), day(2024, 7, 1), 182.0 / 366},
		// A descriptive plan has no quantity to take a fraction of.
		{"descriptive plan ignores values", year2024(0, 6000, 0, valued(day(2024, 6, 30), 4500)), day(2024, 7, 1), 182.0 / 366},
		// Target = Baseline leaves no way to measure a milestone.
		{"target equals baseline", year2024(3.5, 3.5, -1, valued(day(2024, 6, 30), 3.4)), day(2024, 7, 1), 182.0 / 366},
		// 7200 of 6000 is beyond the target: the point is clamped to 1, so
		// at Apr 1, 91 of 182 days: ½.
		{"milestone beyond the target", year2024(0, 6000, 1, valued(day(2024, 6, 30), 7200)), day(2024, 4, 1), 0.5},
		// Milestones due before Start or after Deadline are ignored.
		{"milestones outside the span", year2024(0, 100, 1, valued(day(2023, 12, 31), 90), valued(day(2025, 6, 30), 10)), day(2024, 7, 1), 182.0 / 366},
		// A milestone due on the deadline day coincides with (Deadline, 1).
		{"milestone on the deadline", year2024(0, 100, 1, valued(day(2024, 12, 31), 80)), day(2024, 7, 1), 182.0 / 366},
		// Two milestones on one day: the larger, 0.5, counts; 91/182 × 0.5.
		{"two milestones on one day", year2024(0, 100, 1, valued(day(2024, 6, 30), 40), valued(day(2024, 6, 30), 50)), day(2024, 4, 1), 0.25},
		// A deadline before the start: nothing before the end, all after it.
		{"deadline before start, after the deadline", Plan{Start: day(2024, 6, 1), Deadline: day(2024, 3, 31), Target: 1, Direction: 1}, day(2024, 5, 1), 1},
		{"deadline before start, before the deadline", Plan{Start: day(2024, 6, 1), Deadline: day(2024, 3, 31), Target: 1, Direction: 1}, day(2024, 3, 1), 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := ExpectedFraction(tt.p, tt.at); !near(got, tt.want) {
				t.Errorf("ExpectedFraction = %.12f, want %.12f", got, tt.want)
			}
		})
	}
}

func TestExpectedFractionFromMilestones(t *testing.T) {
	tests := []struct {
		name string
		p    Plan
		want bool
	}{
		{"no milestones", year2024(0, 1, 1), false},
		{"descriptive milestones", year2024(0, 1, 1, described(day(2024, 6, 30))), false},
		{"a valued milestone", year2024(0, 1, 1, valued(day(2024, 6, 30), 0.5)), true},
		{"descriptive plan", year2024(0, 1, 0, valued(day(2024, 6, 30), 0.5)), false},
	}
	for _, tt := range tests {
		if _, got := expectedFraction(tt.p, day(2024, 7, 1)); got != tt.want {
			t.Errorf("%s: from milestones = %v, want %v", tt.name, got, tt.want)
		}
	}
}
