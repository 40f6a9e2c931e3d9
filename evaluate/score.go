package evaluate

import (
	"fmt"
	"math"
	"sort"
	"time"

	"ducha/ledger"
)

// Commitment is one commitment a unit leads, as the evaluation sees it.
// The caller passes leaves only (a parent's progress is its children's).
type Commitment struct {
	Code   string
	Kind   ledger.Kind
	Weight float64 // as entered; 0 means an equal share (ledger.NormalisedWeights)
	// Done is the completion fraction at the evaluation date, as reported;
	// Score caps it to 0–1.
	Done    float64
	Closed  bool
	Outcome ledger.Outcome // when Closed
}

// Period is a reporting period a unit owed a report for on a commitment.
type Period struct {
	Code   string    // the commitment
	Period string    // 2024-06 or 2024-Q2
	End    time.Time // the last day of the period (its clock time is ignored)
	// Submitted is when the period's report was first submitted, zero if
	// never (a report returned and submitted again keeps its first time).
	Submitted time.Time
}

// Deadline is the first instant after the grace period of p: the report is
// on time when first submitted before it.
func (p Period) Deadline(graceDays int) time.Time {
	y, m, d := p.End.Date()
	return time.Date(y, m, d+1+graceDays, 0, 0, 0, 0, p.End.Location())
}

// Order is a 督办单 issued to a unit.
type Order struct {
	No        string
	IssuedAt  time.Time // zero counts as issued before the evaluation
	ReplyBy   time.Time // the last day to reply (its clock time is ignored)
	RepliedAt time.Time // zero if not replied
}

// Deadline is the first instant after the reply day of o.
func (o Order) Deadline() time.Time {
	y, m, d := o.ReplyBy.Date()
	return time.Date(y, m, d+1, 0, 0, 0, 0, o.ReplyBy.Location())
}

// Input is what a unit is evaluated on.
type Input struct {
	Unit string
	// At is the moment of evaluation: periods whose deadline has not
	// passed, 督办单 issued later and replies given later do not count.
	At          time.Time
	Commitments []Commitment
	Periods     []Period
	Orders      []Order
	Reports     int // progress reports submitted by At
	Returned    int // of those, how many the office returned at least once
	// Deductions are the points the unit's 责任追究 records take off its
	// total (see Deduction).
	Deductions []Deduction
}

// PartScore is one part of a unit's score.
type PartScore struct {
	Part Part
	// Rate is the raw rate, 0–1: completion, on-time reporting, on-time
	// replies, or the share of reports returned (which scores 1 − Rate).
	Rate float64
	// Points are Rate (1 − Rate for returns) times Max, not rounded.
	Points float64
	Max    float64 // the points the part can earn (Formula.Max)
	// Count of Of: completed of counted commitments, on-time of owed
	// periods, on-time of counted 督办单, returned of submitted reports.
	Count, Of int
	// Pending: periods not yet past their deadline, 督办单 not yet due;
	// not counted.
	Pending int
	// Empty: nothing to count; completion then earns nothing and every
	// other part full marks (see Note).
	Empty bool
}

// Note explains the part in a few words, Chinese or English: 8期中按时6期,
// 无督办单，按满分计.
func (p PartScore) Note(lang string) string {
	n, ok := notes[p.Part]
	if !ok {
		return ""
	}
	t := n[langIndex(lang)]
	s := t.empty
	if !p.Empty {
		s = fmt.Sprintf(t.count, p.Count, p.Of)
	}
	if p.Pending > 0 && t.pending != "" {
		s += fmt.Sprintf(t.pending, p.Pending)
	}
	return s
}

// noteText is how Note words a part in one language: when nothing is
// counted; the count (%[1]d counted of %[2]d); what is not yet due (%d),
// for the parts that leave it out.
type noteText struct{ empty, count, pending string }

// notes are the words of each part, Chinese then English.
var notes = map[Part][2]noteText{
	Completion: {
		{"无计入考核的牵头任务，不参与排名", "%[2]d项任务，已完成%[1]d项", ""},
		{"leads no task that counts: not ranked", "%[1]d of %[2]d tasks completed", ""},
	},
	Timeliness: {
		{"无应报期次，按满分计", "应报%[2]d期，按时%[1]d期", "，另有%d期未到报送期限"},
		{"no report owed: full marks", "%[1]d of %[2]d periods on time", ", %d more not yet due"},
	},
	Replies: {
		{"无督办单，按满分计", "督办单%[2]d件，按时回复%[1]d件", "，另有%d件未到回复时限"},
		{"no 督办单: full marks", "%[1]d of %[2]d 督办单 answered on time", ", %d more not yet due"},
	},
	Returns: {
		{"未报送进展，退回率按0计", "报送%[2]d份，被退回%[1]d份", ""},
		{"no report submitted: return rate 0", "%[1]d of %[2]d reports returned", ""},
	},
}

// UnitScore is a unit's evaluation.
type UnitScore struct {
	Unit string
	// Ranked is false for a unit with nothing counted for completion; its
	// Total is 0 and its Rank 0.
	Ranked bool
	Rank   int // 1 for the best; set by Rank

	// The four parts, in the order of the formula.
	Completion, Timeliness, Replies, Returns PartScore

	// Deductions are the 责任追究 deductions taken off, and Deducted
	// their sum.
	Deductions []Deduction
	Deducted   float64

	// Total is the sum of the parts' points less Deducted, 0–100 (never
	// below 0), rounded to two decimals.
	Total float64
}

// Parts returns the four parts in the order of the formula.
func (u UnitScore) Parts() []PartScore {
	return []PartScore{u.Completion, u.Timeliness, u.Replies, u.Returns}
}

// Score evaluates one unit with formula f (which the caller has
// validated). See the package documentation for the rules.
func Score(in Input, f Formula) UnitScore {
	u := UnitScore{Unit: in.Unit}
	u.Completion = completion(in, f)
	u.Timeliness = timeliness(in, f)
	u.Replies = replies(in, f)
	u.Returns = returns(in, f)
	u.Deductions, u.Deducted = deductions(in.Deductions)
	if u.Completion.Empty {
		return u
	}
	u.Ranked = true
	var sum float64
	for _, p := range u.Parts() {
		sum += p.Points
	}
	u.Total = round2(max(sum-u.Deducted, 0))
	return u
}

func completion(in Input, f Formula) PartScore {
	p := PartScore{Part: Completion, Max: f.Max(Completion)}
	var ps []ledger.Progress
	for _, c := range in.Commitments {
		done := clamp01(c.Done)
		switch {
		case c.Kind == ledger.KindAchievement:
			if !f.Achievements {
				continue
			}
			done = 1
		case c.Closed && c.Outcome == ledger.OutcomeCompleted:
			done = 1
		case c.Closed && c.Outcome == ledger.OutcomePartly:
			done = f.Partly.credit(done)
		case c.Closed && c.Outcome == ledger.OutcomeNotCompleted:
			done = f.NotCompleted.credit(done)
		}
		if done >= 1 {
			p.Count++
		}
		ps = append(ps, ledger.Progress{Code: c.Code, Weight: c.Weight, Done: done})
	}
	p.Of = len(ps)
	if p.Of == 0 {
		p.Empty = true
		return p
	}
	p.Rate = ledger.RollUp(ps)
	p.Points = p.Rate * p.Max
	return p
}

func (c Credit) credit(done float64) float64 {
	if c.Progress {
		return done
	}
	return clamp01(c.Fixed)
}

func timeliness(in Input, f Formula) PartScore {
	p := PartScore{Part: Timeliness, Max: f.Max(Timeliness)}
	for _, per := range in.Periods {
		deadline := per.Deadline(f.GraceDays)
		if deadline.After(in.At) {
			p.Pending++
			continue
		}
		p.Of++
		if s := per.Submitted; !s.IsZero() && s.Before(deadline) {
			p.Count++
		}
	}
	return full(p)
}

func replies(in Input, f Formula) PartScore {
	p := PartScore{Part: Replies, Max: f.Max(Replies)}
	for _, o := range in.Orders {
		if o.IssuedAt.After(in.At) {
			continue
		}
		deadline := o.Deadline()
		replied := !o.RepliedAt.IsZero() && !o.RepliedAt.After(in.At)
		if !replied && deadline.After(in.At) {
			p.Pending++
			continue
		}
		p.Of++
		if replied && o.RepliedAt.Before(deadline) {
			p.Count++
		}
	}
	return full(p)
}

// full scores a part counted as Count of Of, full marks when Of is 0.
func full(p PartScore) PartScore {
	if p.Of == 0 {
		p.Empty, p.Rate = true, 1
	} else {
		p.Rate = float64(p.Count) / float64(p.Of)
	}
	p.Points = p.Rate * p.Max
	return p
}

func returns(in Input, f Formula) PartScore {
	p := PartScore{Part: Returns, Max: f.Max(Returns), Of: max(in.Reports, 0)}
	p.Count = min(max(in.Returned, 0), p.Of)
	if p.Of == 0 {
		p.Empty = true
	} else {
		p.Rate = float64(p.Count) / float64(p.Of)
	}
	p.Points = (1 - p.Rate) * p.Max
	return p
}

// Rank returns the scores ordered best first, with Rank set: equal totals
// share a rank and the next rank skips (1, 2, 2, 4); equal totals are
// listed by unit name. Units not ranked come last, by name, with Rank 0.
func Rank(scores []UnitScore) []UnitScore {
	out := append([]UnitScore(nil), scores...)
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.Ranked != b.Ranked {
			return a.Ranked
		}
		if a.Ranked && a.Total != b.Total {
			return a.Total > b.Total
		}
		return a.Unit < b.Unit
	})
	for i := range out {
		switch {
		case !out[i].Ranked:
			out[i].Rank = 0
		case i > 0 && out[i-1].Ranked && out[i-1].Total == out[i].Total:
			out[i].Rank = out[i-1].Rank
		default:
			out[i].Rank = i + 1
		}
	}
	return out
}

// round2 rounds to two decimals, half away from zero, after dropping the
// noise of floating point below 1e-9 (so that 74.125 is not 74.12 for
// being stored as 74.12499999…).
func round2(f float64) float64 {
	f = math.Round(f*1e9) / 1e9
	return math.Round(f*100) / 100
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
