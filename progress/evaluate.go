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
	// PeriodEnd is the last day of the period the report is for, zero if
	// unknown; a report for the period holding the deadline is the year's
	// final figure.
	PeriodEnd time.Time
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
	// Kind is the kind of target judged (see Kind).
	Kind Kind
	// Achieved is the latest figure, in the target's terms, when
	// HasAchieved: the total added, the level, the rate, the size of the
	// fall.
	Achieved    float64
	HasAchieved bool
	// Completion is the share of what is due by the moment that is done,
	// 0–1, as scores and overall figures count it: 1 when completed or when
	// a rate, ceiling or reduction holds its target; the actual fraction
	// (capped) on a path within the year; for a multi-year target the
	// actual fraction of the share due by now.
	Completion float64
	// Verdict is the figure against the target once it is final — the
	// deadline passed or the report is for the period holding it — and ""
	// before (or without a figure).
	Verdict Verdict
}

// completeEpsilon absorbs floating-point error when a reported value equals
// the target.
const completeEpsilon = 1e-9

// ActualFraction returns the fraction of the way from Baseline to Target
// that the report r puts the plan at (see the package documentation). For
// a target judged by its figure it is the figure against the target: the
// rate or fall over the target's (8% against 7% is 1.14), and for a
// ceiling 1 while at or below it, else the ceiling over the figure.
func ActualFraction(p Plan, r Report) float64 {
	if p.Holds() && r.HasValue && finite(r.Value) {
		return holdFraction(p, r.Value)
	}
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

// holdFraction is the figure v of a rate, ceiling or reduction against its
// target, as ActualFraction describes.
func holdFraction(p Plan, v float64) float64 {
	if p.kind() == KindCeiling {
		switch {
		case v <= p.Target+completeEpsilon:
			return 1
		case v > 0 && p.Target > 0:
			return p.Target / v
		}
		return 0
	}
	if p.Target == 0 {
		if v >= 0 {
			return 1
		}
		return 0
	}
	return v / p.Target
}

// Evaluate says where the plan p stands at the moment at, given the latest
// report (nil if the unit has never reported), the time of the unit's last
// report (zero for latest.At), the end of the last reporting period the unit
// owed a report for (zero to skip the staleness check; see PeriodEnd) and
// the thresholds (the zero Thresholds means DefaultThresholds). The rules are
// those of the package documentation. Evaluate does not validate th. It is
// the one judgment of a target: statuses, lights, completion and the final
// verdict all come from it.
func Evaluate(p Plan, latest *Report, lastReportAt time.Time, periodEnd time.Time, at time.Time, th Thresholds) Result {
	if th == (Thresholds{}) {
		th = DefaultThresholds()
	}
	th.Bands = th.Bands.orDefault()
	var r Result
	if p.Holds() {
		r = evaluateHold(p, latest, at, th)
	} else {
		r = evaluatePath(p, latest, at, th)
	}
	r.Kind = p.kind()
	if r.Light == "" {
		r.Light = lightOf(r.Status)
	}
	r.Completion = completion(p, r, th.Bands)

	start, _ := p.window()
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

// completion is the share of what is due that r counts as done (see
// Result.Completion).
func completion(p Plan, r Result, b Bands) float64 {
	switch {
	case r.Status == Completed:
		return 1
	case p.Holds() && (r.Verdict == Met || r.Verdict == Exceeded):
		return 1
	case p.Holds() && r.HasAchieved:
		if v := Judge(p.Goal(), r.Achieved, b); v == Met || v == Exceeded {
			return 1
		}
	case p.kind() == KindMultiYear && r.Expected > 0:
		return clamp01(r.Actual / r.Expected)
	}
	return clamp01(r.Actual)
}

// final reports whether the report is the figure of the target's last
// period: its period ends on or after the deadline day.
func final(p Plan, rep *Report) bool {
	if rep == nil || rep.PeriodEnd.IsZero() {
		return false
	}
	_, end := p.window()
	return !endOfDay(rep.PeriodEnd).Before(end)
}

// evaluatePath judges a target on a path through time: a count, a level, a
// multi-year total or a milestone task.
func evaluatePath(p Plan, latest *Report, at time.Time, th Thresholds) Result {
	_, end := p.window()
	expected, fromMilestones := expectedFraction(p, at)
	r := Result{Expected: expected}
	if latest != nil {
		r.Actual = ActualFraction(p, *latest)
		if expected > 0 {
			r.Ratio = r.Actual / expected
		}
		if latest.HasValue && finite(latest.Value) && p.Direction != 0 {
			r.Achieved, r.HasAchieved = latest.Value, true
			if final(p, latest) || !at.Before(end) {
				r.Verdict = Judge(p.Goal(), latest.Value, th.Bands)
			}
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
	return r
}

// evaluateHold judges a target held by its figure — a rate, a ceiling or a
// reduction: the latest figure is compared with the target within the
// bands all along (there is no path); it is completed only by the final
// figure of the target's period (or when declared finished), and overdue
// when the deadline passed without the target held.
func evaluateHold(p Plan, latest *Report, at time.Time, th Thresholds) Result {
	start, end := p.window()
	r := Result{Expected: 1}
	if at.Before(start) {
		r.Expected = 0
	}
	g := p.Goal()
	deadline := end.Add(-time.Nanosecond).Format(time.DateOnly)
	if latest == nil || !latest.HasValue || !finite(latest.Value) {
		switch {
		case latest != nil && latest.Done:
			r.Status, r.Actual = Completed, 1
			r.Reason = "declared finished"
		case !at.Before(end):
			r.Status = Overdue
			r.Reason = fmt.Sprintf("deadline %s passed with no figure reported", deadline)
		case at.Before(start):
			r.Status, r.Light = NotStarted, Green
			r.Reason = "not started yet"
		default:
			// A rate has no figure before its first period is reported:
			// not started, and stale once a period passes without one.
			r.Status, r.Light = NotStarted, Yellow
			r.Reason = "no figure reported yet"
		}
		return r
	}
	v := latest.Value
	r.Achieved, r.HasAchieved = v, true
	r.Actual = holdFraction(p, v)
	r.Ratio = r.Actual
	verdict := Judge(g, v, th.Bands)
	isFinal := final(p, latest) || !at.Before(end)
	if isFinal {
		r.Verdict = verdict
	}
	figure := num(v) + p.Unit
	switch {
	case latest.Done || isFinal && (verdict == Met || verdict == Exceeded):
		r.Status = Completed
		r.Reason = fmt.Sprintf("final figure %s, %s", figure, verdict)
		if latest.Done && !isFinal {
			r.Reason = "declared finished, figure " + figure
		}
	case !at.Before(end):
		r.Status = Overdue
		r.Reason = fmt.Sprintf("deadline %s passed, figure %s misses the target", deadline, figure)
	case isFinal:
		// The year's final figure misses: it cannot be made good.
		r.Status = SeriouslyLagging
		r.Reason = fmt.Sprintf("final figure %s misses the target", figure)
	case verdict == Exceeded:
		r.Status = Ahead
		r.Reason = fmt.Sprintf("figure %s beyond the target's band", figure)
	case verdict == Met:
		r.Status = OnTrack
		r.Reason = fmt.Sprintf("figure %s holds the target", figure)
	default:
		r.Status = Lagging
		if serious(p, v, th) {
			r.Status = SeriouslyLagging
		}
		r.Reason = fmt.Sprintf("figure %s short of the target", figure)
	}
	return r
}

// serious reports whether figure v of a target held by its figure falls so
// far short that it is seriously lagging: beyond the band by more than
// SeriousPoints for rates and shares, below the ratio SeriousRatio for
// amounts.
func serious(p Plan, v float64, th Thresholds) bool {
	g := p.Goal()
	b := th.Bands
	band := b.band(g)
	if p.kind() == KindCeiling {
		limit := g.Value
		if g.Comparator == "approx" {
			limit += band
		}
		if isShareUnit(g.Unit) {
			return v-limit > b.SeriousPoints
		}
		return limit > 0 && limit/v < th.SeriousRatio
	}
	floor := g.Value
	if g.Comparator == "approx" || g.Comparator == "eq" && g.Kind == KindRate {
		floor -= band
	}
	if isShareUnit(g.Unit) {
		return floor-v > b.SeriousPoints
	}
	return floor > 0 && v/floor < th.SeriousRatio
}

// pct formats a fraction as a percentage with at most one decimal: 0.45 →
// "45%", 0.4972 → "49.7%".
func pct(f float64) string {
	s := strconv.FormatFloat(f*100, 'f', 1, 64)
	return strings.TrimSuffix(s, ".0") + "%"
}
