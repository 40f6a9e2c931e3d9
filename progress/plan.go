package progress

import (
	"math"
	"sort"
	"time"
)

// Plan is what a commitment asks for and by when, in the numeric form the
// status engine needs. Start, Deadline and the milestones' Due are calendar
// dates (see the package documentation).
type Plan struct {
	// Start is the day work starts: 1 January of the plan year, or the day
	// the task was dispatched. Zero means 1 January of Deadline's year.
	Start time.Time
	// Deadline is the last day of the work (完成时限). Zero means 31
	// December of Start's year.
	Deadline time.Time
	// Baseline is the value at Start for cumulative indicators, 0 for
	// counts of new things.
	Baseline float64
	// Target is the value to reach; for a range, its lower bound.
	Target float64
	// Direction is +1 when the value must rise to Target (counts, shares),
	// -1 when it must fall to it (rates to cut, 控制在…以内) and 0 for a
	// descriptive task without a quantity.
	Direction int
	// Milestones are the 时间节点 of the plan, in any order.
	Milestones []Milestone
	// Kind is what the target means; "" is read as KindCount for a
	// quantified plan and KindMilestone otherwise (see Plan.kind).
	Kind Kind
	// Comparator (eq, ge, le, approx), High (the upper bound of a range,
	// when HasHigh) and Unit complete the target for the kinds judged by
	// their figure and for verdicts.
	Comparator string
	High       float64
	HasHigh    bool
	Unit       string
}

// kind is the plan's Kind, with "" read as a count when the plan carries
// a figure and as a milestone otherwise.
func (p Plan) kind() Kind {
	switch {
	case p.Kind != "":
		return p.Kind
	case p.Direction != 0:
		return KindCount
	}
	return KindMilestone
}

// Goal is the plan's target as Judge reads it.
func (p Plan) Goal() Goal {
	return Goal{Kind: p.kind(), Comparator: p.Comparator, Value: p.Target, High: p.High, HasHigh: p.HasHigh, Unit: p.Unit}
}

// Holds reports whether the plan's target is judged by the figure itself
// against a band — a rate, a ceiling or a reduction — rather than by a
// path from the baseline to the target.
func (p Plan) Holds() bool { return p.kind().holds() && finite(p.Target) }

// Milestone is a 时间节点: a day by which a value is expected, or by which
// a described step is due (HasValue false, or Expected NaN).
type Milestone struct {
	Due      time.Time
	Expected float64
	HasValue bool
}

// quantified reports whether milestone values can be turned into fractions
// of the way from Baseline to Target.
func (p Plan) quantified() bool {
	return p.Direction != 0 && finite(p.Baseline) && finite(p.Target) && p.Target != p.Baseline
}

// window returns the instant work starts (the beginning of the Start day)
// and the instant it must be finished by (the end of the Deadline day).
func (p Plan) window() (start, end time.Time) {
	s := p.Start
	if s.IsZero() && !p.Deadline.IsZero() {
		s = time.Date(p.Deadline.Year(), time.January, 1, 0, 0, 0, 0, p.Deadline.Location())
	}
	start = startOfDay(s)
	if p.Deadline.IsZero() {
		end = time.Date(s.Year()+1, time.January, 1, 0, 0, 0, 0, s.Location())
	} else {
		end = endOfDay(p.Deadline)
	}
	return start, end
}

// knot is a point of the expected-progress schedule.
type knot struct {
	t time.Time
	f float64
}

// schedule returns the points of the expected-progress schedule, from
// (start, 0) to (end, 1), and whether any milestone value shaped it.
func (p Plan) schedule() (knots []knot, fromMilestones bool) {
	start, end := p.window()
	ms := make([]Milestone, 0, len(p.Milestones))
	for _, m := range p.Milestones {
		if due := endOfDay(m.Due); due.After(start) && due.Before(end) {
			ms = append(ms, m)
		}
	}
	sort.SliceStable(ms, func(i, j int) bool { return ms[i].Due.Before(ms[j].Due) })

	knots = []knot{{start, 0}}
	for _, m := range ms {
		t := endOfDay(m.Due)
		var f float64
		if p.quantified() && m.HasValue && finite(m.Expected) {
			f = clamp01((m.Expected - p.Baseline) / (p.Target - p.Baseline))
			fromMilestones = true
		} else {
			f = between(start, end, t)
		}
		last := &knots[len(knots)-1]
		f = math.Max(f, last.f) // expected progress never goes back
		if t.Equal(last.t) {
			last.f = f
			continue
		}
		knots = append(knots, knot{t, f})
	}
	return append(knots, knot{end, 1}), fromMilestones
}

// ExpectedFraction returns the fraction of the way from Baseline to Target,
// from 0 to 1, that the plan expects to have been covered at the moment at:
// piecewise linear through the milestones that carry values, otherwise
// linear from the beginning of the Start day to the end of the Deadline day.
func ExpectedFraction(p Plan, at time.Time) float64 {
	f, _ := expectedFraction(p, at)
	return f
}

// expectedFraction is ExpectedFraction, also saying whether milestone values
// shaped the schedule.
func expectedFraction(p Plan, at time.Time) (float64, bool) {
	if p.Holds() {
		// A rate, ceiling or reduction is due in full all along: there is
		// no path to walk, only a figure to hold.
		if start, _ := p.window(); at.Before(start) {
			return 0, false
		}
		return 1, false
	}
	knots, fromMilestones := p.schedule()
	first, last := knots[0], knots[len(knots)-1]
	if !at.Before(last.t) {
		return 1, fromMilestones
	}
	if !at.After(first.t) {
		return 0, fromMilestones
	}
	for i := 1; i < len(knots); i++ {
		if a, b := knots[i-1], knots[i]; at.Before(b.t) {
			return clamp01(a.f + (b.f-a.f)*between(a.t, b.t, at)), fromMilestones
		}
	}
	return 1, fromMilestones
}

// between is the fraction of the span from a to b that has passed at t,
// clamped to 0..1.
func between(a, b, t time.Time) float64 {
	span := b.Sub(a)
	if span <= 0 { // callers pass a before b; guard the division anyway
		return 1
	}
	return clamp01(float64(t.Sub(a)) / float64(span))
}

// startOfDay is midnight at the beginning of t's day, in t's location.
func startOfDay(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, t.Location())
}

// endOfDay is the first instant of the day after t's, in t's location.
func endOfDay(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d+1, 0, 0, 0, 0, t.Location())
}

func clamp01(f float64) float64 {
	switch {
	case f > 1:
		return 1
	case f > 0:
		return f
	default: // also NaN
		return 0
	}
}

func finite(f float64) bool { return !math.IsNaN(f) && !math.IsInf(f, 0) }
