// Package reconcile checks what a government promised in the report of
// year N against what the report of year N+1 says it achieved: each target
// of year N is matched to the review figure of the same indicator (names
// normalised, synonyms, units converted where meaningful) or to a statement
// that the task was completed, and given a verdict by the shared target
// model (progress.Judge). It is pure: it reads two extractions and touches
// no storage.
package reconcile

import (
	"ducha/extract"
	"ducha/progress"
)

// Verdict of a target of year N, judged by the report of year N+1. It is the
// target model's verdict: one rule, one place.
type Verdict = progress.Verdict

// The verdicts, as in package progress.
const (
	Exceeded     = progress.Exceeded     // 超额完成
	Met          = progress.Met          // 完成
	Missed       = progress.Missed       // 未完成
	NotMentioned = progress.NotMentioned // 未提及: the next report is silent
	Uncertain    = progress.Uncertain    // 待核实: only a weak or incomparable answer
)

// Verdicts lists every verdict in the order of a reconciliation table.
var Verdicts = progress.Verdicts

// Match is one target of year N with what year N+1 reports about it.
type Match struct {
	Target  extract.Mention
	Kind    progress.Kind // what the target means (progress.Infer)
	Verdict Verdict
	// Achievement is the figure of year N+1 that answers the target; nil
	// when none does (not mentioned, answered by a statement, uncertain).
	Achievement *extract.Mention
	// Achieved is the figure compared with the target, in the target's
	// unit: the achievement itself, or a level computed from a change in
	// percentage points and the baseline of year N.
	Achieved extract.Decimal
	Score    float64 // how well the indicators match, 0–1
	Note     string  // how the figures were compared, for people
	// Statement is the clause of year N+1 that answers the target without
	// a figure of its own (更新老旧柴油货车任务超额完成, 10件民生实事全部办结).
	Statement *extract.Span
	// Candidates are the figures of year N+1 that might answer an
	// uncertain target, best first.
	Candidates []Candidate
}

// Candidate is a figure of year N+1 that might answer a target.
type Candidate struct {
	Achievement extract.Mention
	Score       float64
	Comparable  bool // the figure is in terms the target can be judged by
}

// Thresholds of indicator similarity: at or above strongScore a comparable
// figure answers the target; from weakScore up it is only a candidate, and
// the verdict is uncertain.
const (
	strongScore = 0.6
	weakScore   = 0.45
)

// Reconcile matches every target of prev (the report of year N) to what
// next (the report of year N+1) reports.
func Reconcile(prev, next *extract.Result) []Match {
	r := newReview(next)
	baselines := prev.MentionsOfKind(extract.Achievement)
	targets := prev.Promises()
	out := make([]Match, 0, len(targets))
	for _, t := range targets {
		out = append(out, r.judge(prev, t, baselines))
	}
	// A list of targets in one clause (压减粗钢…、水泥熟料…、焦炭…等过剩产能)
	// answered as a whole by a statement: the items without an answer of
	// their own take it.
	for i := range out {
		m := &out[i]
		if m.Statement == nil || !r.statements[m.Statement.Start].list {
			continue
		}
		for j := range out {
			o := &out[j]
			if o.Target.Clause == m.Target.Clause && o.Achievement == nil && o.Statement == nil {
				o.Verdict, o.Statement, o.Note, o.Candidates = m.Verdict, m.Statement, m.Note, nil
			}
		}
	}
	return out
}
