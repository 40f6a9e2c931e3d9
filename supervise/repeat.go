package supervise

import (
	"context"
	"fmt"
	"math"
	"strings"
	"unicode/utf8"

	"ducha/access"
	"ducha/ledger"
	"ducha/progress"
)

// A unit that writes this period's progress by copying last period's
// (照抄上期) reports nothing new; the complaint about 填表报数 is as much
// about such filler as about forms. A narrative is judged a repeat when it
// is this similar to the narrative of the latest earlier period, by
// character bigrams (ledger.Similarity) with every figure taken as the
// same (a text copied with its numbers updated is still a copy: the
// figures are in the reported value), and long enough to judge.
const (
	repeatThreshold = 0.9
	minRepeatRunes  = 12
)

// Repeat says that a narrative repeats the one of an earlier period.
type Repeat struct {
	Period     string  // the earlier period
	Similarity float64 // 0–1
}

// Percent is the similarity in whole percent.
func (r Repeat) Percent() int { return int(math.Round(r.Similarity * 100)) }

// RepeatOf says whether narrative, of period, repeats the narrative of the
// latest report of an earlier period among reps (in any order).
func RepeatOf(reps []ledger.ProgressReport, period, narrative string) (Repeat, bool) {
	if utf8.RuneCountInString(narrative) < minRepeatRunes {
		return Repeat{}, false
	}
	var prev *ledger.ProgressReport
	for i := range reps {
		r := &reps[i]
		if r.Period < period && r.Narrative != "" && (prev == nil || r.Period > prev.Period) {
			prev = r
		}
	}
	if prev == nil || utf8.RuneCountInString(prev.Narrative) < minRepeatRunes {
		return Repeat{}, false
	}
	sim := ledger.Similarity(withoutFigures(narrative), withoutFigures(prev.Narrative))
	if sim < repeatThreshold {
		return Repeat{}, false
	}
	return Repeat{Period: prev.Period, Similarity: sim}, true
}

// withoutFigures is s with every number (digits, ASCII or full width, with
// decimal points and thousands separators) written as "#".
func withoutFigures(s string) string {
	var b strings.Builder
	inNumber := false
	for _, r := range s {
		digit := r >= '0' && r <= '9' || r >= '０' && r <= '９'
		if digit || inNumber && (r == '.' || r == ',' || r == '．') {
			if !inNumber {
				b.WriteByte('#')
			}
			inNumber = true
			continue
		}
		inNumber = false
		b.WriteRune(r)
	}
	return b.String()
}

// Repeats returns, by report ID, the reports of reps whose narrative
// repeats an earlier period's (see RepeatOf).
func Repeats(reps []ledger.ProgressReport) map[int64]Repeat {
	var out map[int64]Repeat
	for _, r := range reps {
		if rep, ok := RepeatOf(reps, r.Period, r.Narrative); ok {
			if out == nil {
				out = map[int64]Repeat{}
			}
			out[r.ID] = rep
		}
	}
	return out
}

// repeatWarning is the warning shown to the unit that saves a repeat.
func repeatWarning(r Repeat) progress.Problem {
	return progress.Problem{Field: "narrative", Message: fmt.Sprintf("进展情况与%s的基本相同（相似度%d%%），请写明本期的新进展",
		progress.PeriodName(r.Period), r.Percent())}
}

// Flags are what a reviewer should look at twice in a submitted report.
type Flags struct {
	Repeat *Repeat // its narrative repeats the previous period's
	Reused bool    // a file of its evidence is attached elsewhere too
}

// maxFlagged bounds the reports Flags looks at (their histories are read
// one commitment at a time): a review queue longer than that is flagged
// in its oldest part, which comes first.
const maxFlagged = 500

// Flags returns, by report ID, the flags of the first maxFlagged of reps
// (reports waiting for review), for a reviewer; reports with no flag are
// left out.
func (s *Service) Flags(ctx context.Context, a Actor, reps []ledger.ProgressReport) (map[int64]Flags, error) {
	if !a.CanDo(access.Review) {
		return nil, denied()
	}
	reps = reps[:min(len(reps), maxFlagged)]
	out := map[int64]Flags{}
	histories := map[int64][]ledger.ProgressReport{}
	for _, r := range reps {
		h, ok := histories[r.CommitmentID]
		if !ok {
			var err error
			if h, err = s.Store.ProgressReports(ctx, r.CommitmentID); err != nil {
				return nil, err
			}
			histories[r.CommitmentID] = h
		}
		if rep, ok := RepeatOf(h, r.Period, r.Narrative); ok {
			out[r.ID] = Flags{Repeat: &rep}
		}
	}
	attached, err := s.attachments(ctx, reps)
	if err != nil {
		return nil, err
	}
	for _, r := range reps {
		for _, e := range r.Evidence {
			if e.Size > 0 && len(attached[e.SHA256]) > 1 {
				f := out[r.ID]
				f.Reused = true
				out[r.ID] = f
				break
			}
		}
	}
	return out, nil
}
