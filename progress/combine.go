package progress

import "fmt"

// Combine is the result of a parent task from its children's results and
// their shares (normalised weights summing to 1, as ledger.NormalisedWeights
// gives them; nil for equal shares): its completion and expected progress
// are the weighted means of theirs, and its status follows —
//   - completed when every child is;
//   - overdue when any child is overdue;
//   - not started while no child has started;
//   - otherwise from the ratio of the combined completion to the combined
//     expected progress, as for a single task (on track while nothing is
//     expected yet).
//
// It is stale when any child is.
func Combine(children []Result, shares []float64, th Thresholds) Result {
	if len(children) == 0 {
		return Result{}
	}
	if th == (Thresholds{}) {
		th = DefaultThresholds()
	}
	var r Result
	completed, overdue, notStarted := 0, 0, 0
	for i, c := range children {
		share := 1 / float64(len(children))
		if shares != nil {
			share = shares[i]
		}
		r.Completion += share * clamp01(c.Completion)
		r.Expected += share * clamp01(c.Expected)
		switch c.Status {
		case Completed:
			completed++
		case Overdue:
			overdue++
		case NotStarted:
			notStarted++
		}
		r.Stale = r.Stale || c.Stale
	}
	r.Actual = r.Completion
	if r.Expected > 0 {
		r.Ratio = r.Completion / r.Expected
	}
	n := len(children)
	switch {
	case completed == n:
		r.Status = Completed
	case overdue > 0:
		r.Status = Overdue
	case notStarted == n:
		r.Status, r.Light = NotStarted, Yellow
		if r.Expected == 0 {
			r.Light = Green
		}
	case r.Expected == 0:
		r.Status = OnTrack
	default:
		r.Status = classify(r.Ratio, th)
	}
	if r.Light == "" {
		r.Light = lightOf(r.Status)
	}
	if r.Stale {
		r.Light = Red
	}
	r.Reason = fmt.Sprintf("rolled up from %d sub-tasks: %s done of %s expected", n, pct(r.Completion), pct(r.Expected))
	return r
}
