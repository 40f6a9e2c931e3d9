package progress

import (
	"math"
	"time"
)

// cst is China Standard Time, the zone of every date in these tests.
var cst = time.FixedZone("CST", 8*3600)

// day is midnight at the start of a day in cst.
func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, cst) }

// clock is a moment of a day in cst.
func clock(y int, m time.Month, d, h, min int) time.Time {
	return time.Date(y, m, d, h, min, 0, 0, cst)
}

// near compares fractions computed through floating point.
func near(a, b float64) bool { return math.Abs(a-b) < 1e-9 }

// year2024 is the usual plan: 2024-01-01 to 2024-12-31, a span of 366 days
// (2024 is a leap year) ending at 2025-01-01 00:00.
func year2024(baseline, target float64, dir int, ms ...Milestone) Plan {
	return Plan{
		Start: day(2024, 1, 1), Deadline: day(2024, 12, 31),
		Baseline: baseline, Target: target, Direction: dir, Milestones: ms,
	}
}

// valued is a milestone with an expected value.
func valued(due time.Time, v float64) Milestone {
	return Milestone{Due: due, Expected: v, HasValue: true}
}

// described is a descriptive milestone.
func described(due time.Time) Milestone { return Milestone{Due: due} }
