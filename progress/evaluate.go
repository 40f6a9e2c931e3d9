package progress

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Report is what a lead unit reported for a commitment.
type Report struct {
	At       time.Time
	Value    float64 // the figure reached, when HasValue
	HasValue bool
	Done     bool // the unit declares the task finished (办结)
	// Percent is the unit's own estimate of progress, 0–100, for
	// descriptive tasks; -1 when none is given.
	Percent float64
}

// Result is the status of a commitment at a moment.
type Result struct {
	Status Status
	Light  Light
	// Expected is the fraction of the way, 0–1, expected at the moment.
	Expected float64
	// Actual is the fraction of the way achieved by the latest report; it
	// may exceed 1, and is negative when the value moved away from Target.
	Actual float64
	// Ratio is Actual/Expected; 0 when there is no report or nothing is
	// expected yet.
	Ratio float64
	// Stale is set when the lead unit has not reported for a period it owed
	// a report for.
	Stale bool
	// Reason is a short English explanation, such as "expected 45% by
	// 2024-07-01 from milestones, reported 30% (ratio 0.67)".
	Reason string
}

// completeEpsilon absorbs floating-point error when a reported value equals
// the target.
const completeEpsilon = 1e-9

// ActualFraction returns the fraction of the way from Baseline to Target
// that the report r puts the plan at (see the package documentation).
func ActualFraction(p Plan, r Report) float64 {
	if p.Direction != 0 && r.HasValue && finite(r.Value) && finite(p.Baseline) && finite(p.Target) {
		if p.Target == p.Baseline {
			if (p.Direction > 0 && r.Value >= p.Target) || (p.Direction < 0 && r.Value <= p.Target) {
				return 1
			}
			return 0
		}
		return (r.Value - p.Baseline) / (p.Target - p.Baseline)
	}
	if r.Done {
		return 1
	}
	if r.Percent >= 0 && finite(r.Percent) {
		return r.Percent / 100
	}
	return 0
}

// Evaluate says where the plan p stands at the moment at, given the latest
// report (nil if the unit has never reported), the time of the unit's last
// report (zero for latest.At), the end of the last reporting period the unit
// owed a report for (zero to skip the staleness check; see PeriodEnd) and
// the thresholds (the zero Thresholds means DefaultThresholds). The rules are
// those of the package documentation. Evaluate does not validate th.
func Evaluate(p Plan, latest *Report, lastReportAt time.Time, periodEnd time.Time, at time.Time, th Thresholds) Result {
	if th == (Thresholds{}) {
		th = DefaultThresholds()
	}
	start, end := p.window()
	expected, fromMilestones := expectedFraction(p, at)
	r := Result{Expected: expected}
	if latest != nil {
		r.Actual = ActualFraction(p, *latest)
		if expected > 0 {
			r.Ratio = r.Actual / expected
		}
	}

	day := at.Format(time.DateOnly)
	schedule := "on a linear schedule"
	if fromMilestones {
		schedule = "from milestones"
	}
	expectedText := fmt.Sprintf("expected %s by %s %s", pct(expected), day, schedule)

	switch {
	case latest != nil && latest.Done:
		r.Status = Completed
		r.Reason = "declared finished"
		if !latest.At.IsZero() {
			r.Reason += " on " + latest.At.Format(time.DateOnly)
		}
	case latest != nil && r.Actual >= 1-completeEpsilon:
		r.Status = Completed
		r.Reason = fmt.Sprintf("target reached, reported %s", pct(r.Actual))
	case !at.Before(end):
		r.Status = Overdue
		deadline := end.Add(-time.Nanosecond).Format(time.DateOnly)
		if latest == nil {
			r.Reason = fmt.Sprintf("deadline %s passed with no report", deadline)
		} else {
			r.Reason = fmt.Sprintf("deadline %s passed, reported %s", deadline, pct(r.Actual))
		}
	case latest == nil && expected == 0:
		r.Status, r.Light = NotStarted, Green
		r.Reason = fmt.Sprintf("no report, no progress expected by %s", day)
	case latest == nil && expected < NotStartedGrace:
		r.Status, r.Light = NotStarted, Yellow
		r.Reason = "no report, " + expectedText
	case latest == nil:
		r.Status = classify(0, th)
		r.Reason = "no report, " + expectedText
	case expected == 0:
		r.Status = OnTrack
		if r.Actual < 0 {
			r.Status = Lagging
		}
		r.Reason = fmt.Sprintf("reported %s, no progress expected by %s", pct(r.Actual), day)
	default:
		r.Status = classify(r.Ratio, th)
		r.Reason = fmt.Sprintf("%s, reported %s (ratio %.2f)", expectedText, pct(r.Actual), r.Ratio)
	}
	if r.Light == "" {
		r.Light = lightOf(r.Status)
	}

	if !periodEnd.IsZero() && r.Status != Completed && !periodEnd.Before(start) {
		last := lastReportAt
		if last.IsZero() && latest != nil {
			last = latest.At
		}
		if last.Before(periodEnd) && at.After(periodEnd.Add(th.StaleAfter)) {
			r.Stale, r.Light = true, Red
			r.Reason += "; stale: no report for the period ending " + periodEnd.Format(time.DateOnly)
			if !last.IsZero() {
				r.Reason += ", last report " + last.Format(time.DateOnly)
			}
		}
	}
	return r
}

// pct formats a fraction as a percentage with at most one decimal: 0.45 →
// "45%", 0.4972 → "49.7%".
func pct(f float64) string {
	s := strconv.FormatFloat(f*100, 'f', 1, 64)
	return strings.TrimSuffix(s, ".0") + "%"
}
