package supervise

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"time"
	"unique"

	"ducha/ledger"
	"ducha/progress"
)

// Item is a commitment with where it stands today. The view is shared by
// every copy of the item, and by the service's cache: never change it.
type Item struct {
	*ledger.CommitmentView
	Result progress.Result
	search string // searchText, kept by Items
	pos    int32  // position in the report's items, kept by Items (see wordIndex)
}

// newItem evaluates v at the moment at.
func newItem(v *ledger.CommitmentView, at time.Time, period string, th progress.Thresholds) Item {
	canonical(v)
	it := Item{CommitmentView: v, Result: Evaluate(*v, at, period, th)}
	it.search = searchText(&it)
	return it
}

// Items returns every commitment of a report, targets and achievements,
// with its status at the service's clock, in code order. The result is
// shared by callers until something changes: do not modify it.
//
// The commitments are read from the store once, the first time (one
// caller reads while the others wait for it), and again in full only
// after a change of everything (the settings, Forget) or, in the
// background, every ReloadEvery for changes made by other processes.
// After a change through the service only the commitments it touched are
// read again. When the clock moves (CacheFor, or a new day: a period's
// end is a day boundary) the statuses are evaluated again from the
// commitments held, without reading the store: in the background, while
// callers go on with the statuses they have, for reports of more than
// EvaluateInline commitments; smaller ones are evaluated by the caller.
// All items of one version are evaluated at the same moment (EvaluatedAt).
func (s *Service) Items(ctx context.Context, reportID int64) ([]Item, error) {
	waited := false // for an evaluation again: once is enough
	for {
		s.mu.Lock()
		if s.items == nil {
			s.items = map[int64]*itemsCache{}
		}
		c := s.items[reportID]
		if c == nil {
			c = &itemsCache{}
			s.items[reportID] = c
		}
		now := s.now()
		full := c.items == nil
		if !full && c.gen != s.gen {
			ids, all := s.changedSince(c.gen)
			ids = slices.DeleteFunc(ids, func(id int64) bool { _, ok := c.index[id]; return !ok })
			switch {
			case all:
				full = true
			case len(ids) == 0:
				// Nothing of this report changed.
				c.gen = s.gen
			case c.partial != nil:
				done := c.partial
				s.mu.Unlock()
				if err := wait(ctx, done); err != nil {
					return nil, err
				}
				continue
			default:
				if _, err := s.refreshItems(ctx, c, ids); err != nil {
					return nil, err
				}
				// Again, for a move of the clock (or a full computation
				// that replaced the items meanwhile).
				continue
			}
		}
		if full {
			if c.full != nil {
				done := c.full
				s.mu.Unlock()
				if err := wait(ctx, done); err != nil {
					return nil, err
				}
				continue
			}
			return s.computeItems(ctx, c, reportID, now)
		}
		if !waited && s.dateMoved(c.at, now) && c.evaluating == nil {
			done := make(chan struct{})
			c.evaluating = done
			go s.reevaluate(c, now, done)
			if len(c.items) <= s.evaluateInline() {
				waited = true
				s.mu.Unlock()
				if err := wait(ctx, done); err != nil {
					return nil, err
				}
				continue
			}
		}
		if r := s.reloadEvery(); r > 0 && time.Since(c.loaded) >= r && c.full == nil {
			// Changes made by other processes: read everything again in
			// the background, going on with these items meanwhile.
			c.loaded = time.Now()
			go func() {
				s.mu.Lock()
				if c.full != nil {
					s.mu.Unlock()
					return
				}
				if _, err := s.computeItems(context.Background(), c, reportID, s.now()); err != nil {
					s.log().Warn("reading the statuses again", "report", reportID, "err", err)
				}
			}()
		}
		items := c.items
		s.mu.Unlock()
		return items, nil
	}
}

func (s *Service) evaluateInline() int {
	if s.EvaluateInline != 0 {
		return s.EvaluateInline
	}
	return 5000
}

// dateMoved says whether statuses evaluated at at are to be evaluated
// again at now: CacheFor passed, or now is on another day.
func (s *Service) dateMoved(at, now time.Time) bool {
	if !now.After(at) {
		return false
	}
	if now.Sub(at) >= s.cacheFor() {
		return true
	}
	y1, m1, d1 := at.Date()
	y2, m2, d2 := now.In(at.Location()).Date()
	return y1 != y2 || m1 != m2 || d1 != d2
}

// EvaluatedAt returns the moment the statuses Items returns for report
// reportID were evaluated at; zero when none are held.
func (s *Service) EvaluatedAt(reportID int64) time.Time {
	s.mu.Lock()
	defer s.mu.Unlock()
	if c := s.items[reportID]; c != nil && c.items != nil {
		return c.at
	}
	return time.Time{}
}

// Settle waits until no evaluation of report reportID's statuses runs in
// the background (tests, and a server that wants them current).
func (s *Service) Settle(ctx context.Context, reportID int64) error {
	for {
		s.mu.Lock()
		c := s.items[reportID]
		var done chan struct{}
		if c != nil {
			done = c.evaluating
			if done == nil {
				done = c.full
			}
			if done == nil {
				done = c.partial
			}
		}
		s.mu.Unlock()
		if done == nil {
			return nil
		}
		if err := wait(ctx, done); err != nil {
			return err
		}
	}
}

// reevaluate evaluates c's items again at now from the commitments they
// hold, and installs them; done is closed at the end. Items refreshed
// meanwhile (a change through the service) are evaluated again as they
// are installed.
func (s *Service) reevaluate(c *itemsCache, now time.Time, done chan struct{}) {
	defer close(done)
	s.mu.Lock()
	base, version := c.items, c.version
	s.mu.Unlock()
	st, err := s.Settings(context.Background())
	if err != nil {
		s.log().Warn("evaluating the statuses again", "err", err)
		s.mu.Lock()
		c.evaluating = nil
		s.mu.Unlock()
		return
	}
	th := st.Thresholds()
	items := evaluateAt(base, now, st.Period, th)
	if testHookReevaluate != nil {
		testHookReevaluate()
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	c.evaluating = nil
	if c.version != version {
		cur := c.items
		if len(cur) != len(items) {
			return // computed in full meanwhile, at a later clock
		}
		// Commitments refreshed meanwhile: their new views, evaluated at
		// now too.
		for i := range cur {
			if cur[i].CommitmentView != base[i].CommitmentView {
				items[i] = cur[i]
				items[i].Result = Evaluate(*cur[i].CommitmentView, now, st.Period, th)
			}
		}
		rollUpParents(items, th)
	}
	c.items, c.at, c.views = items, now, nil
	c.version++
}

// testHookReevaluate, when set, is called by reevaluate between the
// evaluation and the installation (tests: a change meanwhile).
var testHookReevaluate func()

// evaluateAt returns items evaluated again at now.
func evaluateAt(items []Item, now time.Time, period string, th progress.Thresholds) []Item {
	out := slices.Clone(items)
	for i := range out {
		out[i].Result = Evaluate(*out[i].CommitmentView, now, period, th)
	}
	rollUpParents(out, th)
	return out
}

// itemsCache is the statuses of one report's commitments.
type itemsCache struct {
	items []Item
	index map[int64]int // of each commitment in items
	gen   uint64        // the changes made through the service up to gen are in items
	at    time.Time     // the moment every item was evaluated at
	// loaded is when the commitments were read in full (wall clock).
	loaded time.Time
	// version counts the items installed, so that a refresh of some
	// commitments can tell whether its base is still current.
	version uint64
	// views are the views of the items (see View), by visibility.
	views map[string]*View
	// words tells which items contain a word, while their texts stay.
	words *wordIndex
	// layout counts the computations in full (and changes of who leads or
	// cooperates): until the next, items keep their positions and each
	// unit sees the same ones, visible[unit].
	layout  uint64
	visible map[string][]int32
	// full and partial are closed when the computation of all items, or
	// the refresh of changed ones, under way ends; evaluating when the
	// evaluation again at a later clock does; nil when none is.
	full, partial, evaluating chan struct{}
}

// wait waits until done is closed.
func wait(ctx context.Context, done chan struct{}) error {
	select {
	case <-done:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// computeItems computes every item of c's report from the store and
// installs them. The caller holds s.mu, which is released.
func (s *Service) computeItems(ctx context.Context, c *itemsCache, reportID int64, now time.Time) ([]Item, error) {
	done := make(chan struct{})
	c.full = done
	gen := s.gen
	s.mu.Unlock()
	loaded := time.Now()
	items, err := s.evaluateAll(ctx, reportID, now)
	s.mu.Lock()
	defer s.mu.Unlock()
	c.full = nil
	close(done)
	if err != nil {
		return nil, err
	}
	index := make(map[int64]int, len(items))
	for i := range items {
		index[items[i].ID] = i
	}
	c.items, c.index, c.gen, c.at, c.views, c.loaded = items, index, gen, now, nil, loaded
	c.words = newWordIndex(items)
	c.version++
	c.layout++
	c.visible = nil
	return items, nil
}

// EvaluateAll computes every item of report reportID from the store at
// the moment now, as Items would after reading everything: the reference
// the cache's incremental updates are checked against.
func (s *Service) EvaluateAll(ctx context.Context, reportID int64, now time.Time) ([]Item, error) {
	return s.evaluateAll(ctx, reportID, now)
}

func (s *Service) evaluateAll(ctx context.Context, reportID int64, now time.Time) ([]Item, error) {
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
	for i := range views {
		items[i] = newItem(&views[i], now, st.Period, th)
		items[i].pos = int32(i)
	}
	rollUpParents(items, th)
	return items, nil
}

// refreshItems reads commitments ids of c again and installs c's items
// with them, returning the new items; nil if a full computation installed
// others meanwhile. The caller holds s.mu, which is released.
func (s *Service) refreshItems(ctx context.Context, c *itemsCache, ids []int64) ([]Item, error) {
	done := make(chan struct{})
	c.partial = done
	base, index, version, gen, now := c.items, c.index, c.version, s.gen, c.at
	moved := false // a commitment changed lead or cooperating units
	s.mu.Unlock()
	items, err := func() ([]Item, error) {
		st, err := s.Settings(ctx)
		if err != nil {
			return nil, err
		}
		views, err := s.Store.ViewsOf(ctx, ids)
		if err != nil {
			return nil, err
		}
		items := slices.Clone(base)
		th := st.Thresholds()
		for j := range views {
			v := &views[j]
			if i, ok := index[v.ID]; ok && items[i].ID == v.ID {
				if !sameUnits(items[i].Assignment, v.Assignment) {
					moved = true
				}
				items[i] = newItem(v, now, st.Period, th)
				items[i].pos = int32(i)
			}
		}
		rollUpParents(items, th)
		return items, nil
	}()
	s.mu.Lock()
	defer s.mu.Unlock()
	c.partial = nil
	close(done)
	if err != nil || c.version != version {
		return nil, err
	}
	c.items, c.gen, c.views = items, gen, nil
	if !c.words.sameTexts(items) {
		c.words = newWordIndex(items)
	}
	c.version++
	if moved {
		c.layout++
		c.visible = nil
	}
	return items, nil
}

// canonical makes the values lists are filtered by, in v, the one copy
// of each (unique.Make): a list compares them for every commitment, and
// equal copies compare at once.
func canonical(v *ledger.CommitmentView) {
	v.Kind = ledger.Kind(intern(string(v.Kind)))
	v.State = ledger.State(intern(string(v.State)))
	v.LatestStatus = ledger.ReportStatus(intern(string(v.LatestStatus)))
	v.Category = intern(v.Category)
	v.Assignment.Lead = intern(v.Assignment.Lead)
	for i, u := range v.Assignment.Cooperating {
		v.Assignment.Cooperating[i] = intern(u)
	}
}

// intern returns the one copy of s.
func intern(s string) string { return unique.Make(s).Value() }

// Evaluate says where v stands at the moment at. Commitments not yet
// dispatched owe no reports, so they are never stale; closed ones are
// judged by their outcome.
func Evaluate(v ledger.CommitmentView, at time.Time, period string, th progress.Thresholds) progress.Result {
	p := PlanOfView(v)
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
		return progress.Result{Status: progress.Completed, Light: progress.Green, Expected: 1, Actual: 1, Ratio: 1, Completion: 1}
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

// PlanOfView is the plan of a commitment where it stands (PlanOf): one
// dispatched (交办) after its plan began has its planned progress start on
// the day of its dispatch, so that a task handed over in September is not
// behind a path that ran from January. Every judgment and chart of a
// commitment with its state uses it.
func PlanOfView(v ledger.CommitmentView) progress.Plan {
	p := PlanOf(v.Commitment)
	if d := v.DispatchedAt; !d.IsZero() {
		day := time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, time.UTC)
		if day.After(p.Start) && (p.Deadline.IsZero() || day.Before(p.Deadline)) {
			p.Start = day
		}
	}
	return p
}

// PlanOf turns a commitment into the plan the status engine judges: its
// window (from 1 January of the plan year, or of the commitment's year, to
// its deadline or the end of its year; a multi-year target to the end of
// its last year), its target with the kind the office set or the one
// inferred (KindOf), the baseline a level starts from, and the milestones.
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
			p.Kind = KindOf(c)
			p.Target, p.Comparator, p.Unit = v, t.Comparator, t.Unit
			if h, ok := number(t.High); ok {
				p.High, p.HasHigh = h, true
			}
			p.Direction = 1
			switch p.Kind {
			case progress.KindCeiling:
				p.Direction = -1
			case progress.KindLevel:
				// A level moves from last year's figure to the target,
				// up or down; one already reached is judged from 0.
				if b, ok := number(t.BaselineValue); ok && b != v {
					p.Baseline = b
					if v < b {
						p.Direction = -1
					}
					if v > b && t.Comparator == "le" {
						p.Baseline = 0
					}
				}
			case progress.KindMultiYear:
				if first := planYear(c); first > 0 && first < year {
					p.Start = time.Date(first, time.January, 1, 0, 0, 0, 0, time.UTC)
					if c.Deadline == nil {
						p.Deadline = time.Date(year, time.December, 31, 0, 0, 0, 0, time.UTC)
					}
				}
			}
		}
	}
	if p.Deadline.IsZero() {
		// The end of the year it is due: what the task sheet shows and
		// dispatch accepts (ledger.DueDate).
		if d, ok := ledger.DueDate(c); ok && !d.Before(p.Start) {
			p.Deadline = d
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

// KindOf is what the commitment's target means: the kind the office set,
// else the one inferred from the extraction (progress.Infer).
func KindOf(c ledger.Commitment) progress.Kind {
	t := c.Target
	if t == nil {
		return progress.KindMilestone
	}
	if k := progress.Kind(t.Kind); k.Valid() {
		return k
	}
	return InferKind(c)
}

// InferKind is the kind progress.Infer reads from the commitment's target
// and clause (TargetSpec), whatever the office set.
func InferKind(c ledger.Commitment) progress.Kind {
	if c.Target == nil {
		return progress.KindMilestone
	}
	return progress.Infer(TargetSpec(c))
}

// planYear is the year the commitment's report plans for, from its code
// (2024-01-02-1.4), 0 if the code does not start with a year.
func planYear(c ledger.Commitment) int {
	if len(c.Code) < 4 {
		return 0
	}
	y, err := strconv.Atoi(c.Code[:4])
	if err != nil || y < 1949 || y > 2200 {
		return 0
	}
	return y
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
	if _, end, ok := periodBounds(r.Period); ok {
		out.PeriodEnd = end.AddDate(0, 0, -1)
	}
	return out
}

// Cumulative reports whether the figures of c only accumulate over the
// year, so that a lower figure than last time needs an explanation: every
// count to raise (新增学位, 建成公里数) does; shares and rates do not.
func Cumulative(c ledger.Commitment) bool {
	p := PlanOf(c)
	k := KindOf(c)
	return p.Direction > 0 && (k == progress.KindCount || k == progress.KindMultiYear) && !isShare(c.Target.Unit)
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

// sameUnits reports whether a and b have the same lead and cooperating
// units.
func sameUnits(a, b ledger.Assignment) bool {
	return a.Lead == b.Lead && slices.Equal(a.Cooperating, b.Cooperating)
}
