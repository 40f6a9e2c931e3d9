package supervise

import (
	"context"
	"strconv"
	"strings"
	"time"

	"ducha/ledger"
	"ducha/progress"
)

// Item is a commitment with where it stands today.
type Item struct {
	ledger.CommitmentView
	Result progress.Result
}

// Items returns every commitment of a report, targets and achievements,
// with its status at the service's clock, in code order. The result is
// shared by callers until something changes: do not modify it.
func (s *Service) Items(ctx context.Context, reportID int64) ([]Item, error) {
	now := s.now()
	s.mu.Lock()
	// The cache ages by the wall clock, whatever the service's calendar.
	if c, ok := s.items[reportID]; ok && c.gen == s.gen && time.Since(c.at) < s.cacheFor() {
		s.mu.Unlock()
		return c.items, nil
	}
	gen := s.gen
	s.mu.Unlock()
	st, err := s.Settings(ctx)
	if err != nil {
		return nil, err
	}
	views, err := s.Store.Views(ctx, reportID)
	if err != nil {
		return nil, err
	}
	items := make([]Item, len(views))
	th := st.Thresholds()
	for i, v := range views {
		items[i] = Item{CommitmentView: v, Result: Evaluate(v, now, st.Period, th)}
	}
	s.mu.Lock()
	if s.items == nil {
		s.items = map[int64]cachedItems{}
	}
	if s.gen == gen {
		s.items[reportID] = cachedItems{gen: gen, at: time.Now(), items: items}
	}
	s.mu.Unlock()
	return items, nil
}

// Evaluate says where v stands at the moment at. Commitments not yet
// dispatched owe no reports, so they are never stale; closed ones are
// judged by their outcome.
func Evaluate(v ledger.CommitmentView, at time.Time, period string, th progress.Thresholds) progress.Result {
	p := PlanOf(v.Commitment)
	var latest *progress.Report
	if r := v.LatestApproved; r != nil {
		latest = ReportOf(*r)
	}
	var periodEnd time.Time
	if v.State == ledger.StateAcknowledged || v.State == ledger.StateInProgress {
		periodEnd = progress.PeriodEnd(at, period)
		// A unit owes no report for a period that ended before it took
		// the task on.
		if !v.StateChangedAt.IsZero() && v.State == ledger.StateAcknowledged && periodEnd.Before(v.StateChangedAt) {
			periodEnd = time.Time{}
		}
	}
	if v.State == ledger.StateClosed && v.Outcome == ledger.OutcomeCompleted {
		done := progress.Report{At: v.StateChangedAt, Done: true, Percent: -1}
		if latest != nil {
			done.Value, done.HasValue = latest.Value, latest.HasValue
		}
		latest = &done
	}
	if v.Kind == ledger.KindAchievement {
		return progress.Result{Status: progress.Completed, Light: progress.Green, Expected: 1, Actual: 1, Ratio: 1}
	}
	r := progress.Evaluate(p, latest, v.LastReportAt, periodEnd, at, th)
	// Not yet dispatched: no unit can be behind on it, so it is 未启动
	// (yellow) until its deadline passes, when it is overdue like any
	// other.
	if v.State == ledger.StateNew && latest == nil && r.Status != progress.Overdue {
		r.Status, r.Light = progress.NotStarted, progress.Yellow
		r.Reason = "not dispatched yet"
	}
	return r
}

// PlanOf turns a commitment into the numbers the status engine needs.
func PlanOf(c ledger.Commitment) progress.Plan {
	year := c.Period
	if year == 0 && c.Deadline != nil {
		year = c.Deadline.Year()
	}
	p := progress.Plan{}
	if year > 0 {
		p.Start = time.Date(year, time.January, 1, 0, 0, 0, 0, time.UTC)
	}
	if c.Deadline != nil {
		p.Deadline = *c.Deadline
		if p.Start.IsZero() || p.Deadline.Before(p.Start) {
			p.Start = time.Date(p.Deadline.Year(), time.January, 1, 0, 0, 0, 0, time.UTC)
		}
	}
	if t := c.Target; t != nil {
		if v, ok := number(t.Value); ok {
			p.Target = v
			p.Direction = 1
			if t.Comparator == "le" || t.Change == "decrease" {
				p.Direction = -1
			}
			// A level (a share, a rate) starts from last year's figure;
			// a count of new things starts from nothing.
			if b, ok := number(t.BaselineValue); ok && (isShare(t.Unit) || p.Direction < 0) {
				p.Baseline = b
			}
		}
	}
	for _, m := range c.Milestones {
		pm := progress.Milestone{Due: m.Due}
		if v, ok := number(m.Expected); ok {
			pm.Expected, pm.HasValue = v, true
		}
		p.Milestones = append(p.Milestones, pm)
	}
	return p
}

// ReportOf turns a progress report into what the status engine reads.
func ReportOf(r ledger.ProgressReport) *progress.Report {
	out := &progress.Report{At: r.SubmittedAt, Done: r.Done, Percent: float64(r.Percent)}
	if !r.ReviewedAt.IsZero() {
		out.At = r.ReviewedAt
	}
	if v, ok := number(r.Value); ok {
		out.Value, out.HasValue = v, true
	}
	return out
}

// Cumulative reports whether the figures of c only accumulate over the
// year, so that a lower figure than last time needs an explanation: every
// count to raise (新增学位, 建成公里数) does; shares and rates do not.
func Cumulative(c ledger.Commitment) bool {
	p := PlanOf(c)
	return p.Direction > 0 && c.Target != nil && !isShare(c.Target.Unit)
}

func isShare(unit string) bool {
	u := strings.TrimSpace(unit)
	return u == "%" || u == "％" || strings.HasSuffix(u, "百分点") || u == "‰"
}

func number(s string) (float64, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, false
	}
	f, err := strconv.ParseFloat(s, 64)
	return f, err == nil
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
