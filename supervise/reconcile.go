package supervise

import (
	"context"
	"math"
	"strings"
	"sync"
	"time"

	"ducha/access"
	"ducha/extract"
	"ducha/ledger"
	"ducha/progress"
	"ducha/reconcile"
)

// Line is one target of year N's report reconciled with year N+1's.
type Line struct {
	reconcile.Match
	// Commitment is the commitment of year N the target belongs to, nil
	// if none holds it.
	Commitment *ledger.Commitment
	// Approved is the newest approved progress figure of that commitment,
	// "" if none; Contradicts is set when the next report's figure and the
	// approved one disagree (they lead to different verdicts, or differ
	// by more than a tenth).
	Approved    string
	Final       bool // the approved figure is the year's final one
	Contradicts bool
	// TargetSentence and AchievementSentence are the source sentences.
	TargetSentence, AchievementSentence string
	// Confirmed is set when the office reviewed the row: it confirmed the
	// system's verdict (Override "") or gave its own (Override), with a
	// note (ReviewNote: Match.Note says how the system compared), by
	// ReviewedBy at ReviewedAt.
	Confirmed  bool
	Override   progress.Verdict
	ReviewNote string
	ReviewedBy string
	ReviewedAt time.Time
}

// Effective is the row's verdict: the office's override when it gave one,
// the system's otherwise.
func (l Line) Effective() progress.Verdict {
	if l.Override != "" {
		return l.Override
	}
	return progress.Verdict(l.Verdict)
}

// Reconciliation is a government's promises of year N against what its
// report of year N+1 says was done.
type Reconciliation struct {
	Government ledger.Government
	Year       int
	Prev, Next ledger.Report // texts included
	Lines      []Line
	// Counts are the lines by effective verdict (the office's override
	// when it gave one).
	Counts         map[reconcile.Verdict]int
	Contradictions int
	Unconfirmed    int // lines the office has not reviewed
}

// extractCache keeps the extraction of report texts by checksum.
var extractCache sync.Map // checksum+id → *extract.Result

func extractReport(r ledger.Report) *extract.Result {
	key := r.Checksum + "|" + itoa(r.ID)
	if v, ok := extractCache.Load(key); ok {
		return v.(*extract.Result)
	}
	res := extract.Extract(r.Text, extract.Options{})
	extractCache.Store(key, res)
	return res
}

// Reconcile matches the targets of government gov's report of year to its
// report of year+1, with the approved progress of the ledger beside them.
// It returns ENotFound when either report is missing.
func (s *Service) Reconcile(ctx context.Context, gov string, year int) (Reconciliation, error) {
	var out Reconciliation
	g, err := s.Store.Government(ctx, gov)
	if err != nil {
		return out, err
	}
	out.Government, out.Year = g, year
	if out.Prev, err = s.Store.Report(ctx, g.ID, year); err != nil {
		return out, err
	}
	if out.Next, err = s.Store.Report(ctx, g.ID, year+1); err != nil {
		if ledger.ErrorCode(err) == ledger.ENotFound {
			return out, ledger.Errorf(ledger.ENotFound, "%s尚未导入%d年的政府工作报告，无法对照%d年的目标", gov, year+1, year)
		}
		return out, err
	}
	prev, next := extractReport(out.Prev), extractReport(out.Next)
	items, err := s.Items(ctx, out.Prev.ID)
	if err != nil {
		return out, err
	}
	reviews, err := s.Store.ReconcileReviews(ctx, out.Prev.ID)
	if err != nil {
		return out, err
	}
	type span struct{ start, end int }
	reviewed := make(map[span]ledger.ReconcileReview, len(reviews))
	for _, r := range reviews {
		reviewed[span{r.Start, r.End}] = r
	}
	out.Counts = map[reconcile.Verdict]int{}
	for _, m := range reconcile.Reconcile(prev, next) {
		l := Line{Match: m}
		l.TargetSentence = spanText(out.Prev.Text, m.Target.Sentence)
		if m.Achievement != nil {
			l.AchievementSentence = spanText(out.Next.Text, m.Achievement.Sentence)
		}
		it := holder(items, m.Target)
		if it != nil && it.Excluded != nil {
			continue // marked 不列入: not a promise to reconcile
		}
		if r, ok := reviewed[span{m.Target.Start, m.Target.End}]; ok {
			l.Confirmed, l.Override, l.ReviewNote = true, progress.Verdict(r.Override), r.Note
			l.ReviewedBy, l.ReviewedAt = r.By, r.At
		} else {
			out.Unconfirmed++
		}
		if it != nil {
			c := it.Commitment
			l.Commitment = &c
			if a := it.LatestApproved; a != nil && a.Value != "" {
				l.Approved = a.Value
				// Only a final figure can contradict the year's report: the
				// task closed, declared done, or reported for the year's
				// last period.
				l.Final = it.State == ledger.StateClosed || a.Done ||
					strings.HasSuffix(a.Period, "-12") || strings.HasSuffix(a.Period, "-Q4")
				l.Contradicts = l.Final && contradicts(m, l.Approved)
			}
		}
		if l.Contradicts {
			out.Contradictions++
		}
		out.Counts[reconcile.Verdict(l.Effective())]++
		out.Lines = append(out.Lines, l)
	}
	return out, nil
}

func spanText(text string, sp extract.Span) string {
	if sp.Start < 0 || sp.End > len(text) || sp.Start >= sp.End {
		return ""
	}
	return text[sp.Start:sp.End]
}

// holder finds the leaf commitment whose clause holds the mention (the
// one with the same quantity, else the narrowest clause around it).
func holder(items []Item, m extract.Mention) *Item {
	var best *Item
	for i := range items {
		it := &items[i]
		if it.Kind != ledger.KindTarget || it.Start > m.Start || it.End < m.End {
			continue
		}
		if it.Target != nil && it.Target.Quantity == m.Quantity {
			if best == nil || best.Target == nil || best.Target.Quantity != m.Quantity || it.End-it.Start <= best.End-best.Start {
				best = it
			}
			continue
		}
		if best == nil || (best.Target == nil || best.Target.Quantity != m.Quantity) && it.End-it.Start < best.End-best.Start {
			best = it
		}
	}
	return best
}

// contradicts compares the next report's figure with the approved one.
func contradicts(m reconcile.Match, approved string) bool {
	if m.Achievement == nil {
		return false
	}
	a, ok := number(approved)
	if !ok {
		return false
	}
	reported := m.Achieved.Float()
	target := m.Target.Value.Float()
	if reported == 0 && a == 0 {
		return false
	}
	reach := func(v float64) bool {
		if m.Target.Comparator == extract.Le {
			return v <= target
		}
		return v >= target
	}
	if reach(a) != reach(reported) {
		return true
	}
	return math.Abs(reported-a) > 0.1*math.Max(math.Abs(reported), math.Abs(a))
}

// ReviewLine records the office's review of the row of the reconciliation
// of gov's year-N report whose target spans start–end in its text:
// override "" confirms the system's verdict, a progress.Verdict replaces
// it; note says why. Only the office may; a span that is no row of the
// reconciliation is not_found.
func (s *Service) ReviewLine(ctx context.Context, a Actor, gov string, year, start, end int, override progress.Verdict, note string) error {
	if !a.CanDo(access.EditLedger) {
		return denied()
	}
	if override != "" && !override.Valid() {
		return ledger.Errorf(ledger.EInvalid, "核实结论 %q 无效", override)
	}
	if err := ledger.CheckLen("核实说明", note, ledger.MaxReasonLen); err != nil {
		return err
	}
	rc, err := s.Reconcile(ctx, gov, year)
	if err != nil {
		return err
	}
	found := false
	for _, l := range rc.Lines {
		if l.Target.Start == start && l.Target.End == end {
			found = true
			break
		}
	}
	if !found {
		return ledger.Errorf(ledger.ENotFound, "%d年目标对照表中没有位置 %d–%d 的目标", year, start, end)
	}
	return s.Store.SaveReconcileReview(ctx, &ledger.ReconcileReview{ReportID: rc.Prev.ID, Start: start, End: end,
		Override: string(override), Note: note}, a.Login)
}
