package supervise

import (
	"context"
	"slices"
	"strings"
	"time"

	"ducha/access"
	"ducha/ledger"
	"ducha/progress"
)

// TodoKind is what a unit has to do about a commitment.
type TodoKind string

// The kinds of a unit's to-do.
const (
	TodoAcknowledge TodoKind = "acknowledge" // 待签收: dispatched, not yet taken on
	TodoReport      TodoKind = "report"      // 本期待填报: the period's report is owed
	TodoReturned    TodoKind = "returned"    // 被退回: a report came back from review
	TodoOrder       TodoKind = "order"       // 督办单待回复
	TodoOverdue     TodoKind = "overdue"     // past the commitment's deadline, not completed
)

// Todo is one thing to do about one commitment.
type Todo struct {
	Kind         TodoKind
	CommitmentID int64
	Code, Title  string
	Unit         string    // the lead unit
	Period       string    // the report's period (report, returned)
	Due          time.Time // the day it must be done by; zero when none
	Late         bool      // Due has passed
	Since        time.Time // acknowledge: when it was dispatched
	ReportID     int64     // report: the saved draft, 0 if none; returned: the report
	Draft        bool      // report: a draft is saved, not yet submitted
	Reason       string    // returned: why the office returned it
	OrderNo      string    // order: the 督办单's number
	Requirement  string    // order: what it asks
}

// Todos is what awaits an actor: a unit's to-do list by kind, each list by
// due day (then code); the office's and leaders' queues.
type Todos struct {
	Acknowledge []Todo
	Report      []Todo
	Returned    []Todo
	Orders      []Todo
	Overdue     []Todo

	// For the office (access.Review): reports waiting for review.
	Review int
	// For the office and leaders: 督办单 past their reply day unanswered.
	OverdueOrders []Todo
}

// Count is the number of things to do.
func (t Todos) Count() int {
	return len(t.Acknowledge) + len(t.Report) + len(t.Returned) + len(t.Orders) + len(t.Overdue) +
		t.Review + len(t.OverdueOrders)
}

// ReportDue is the last day to report period p (2024-08, 2024-Q3): the
// period's last day plus the settings' StaleDays, the grace after which
// the evaluation marks the unit stale. False for a malformed period.
func (st Settings) ReportDue(p string) (time.Time, bool) {
	_, end, ok := periodBounds(p)
	if !ok {
		return time.Time{}, false
	}
	return end.AddDate(0, 0, st.StaleDays-1), true
}

// DuePeriod is the period whose report v's lead unit owes at now and its
// last day: the last complete period when it is not reported yet and
// was owed (the unit had the task before it ended, and the plan had
// begun), else the current period. Reported means a report of that period
// or a later one submitted or approved (reps are the commitment's reports;
// v.LatestApproved counts too). ok is false when nothing is owed: the
// commitment is not being carried out, is completed, or the current
// period is reported already.
func DuePeriod(v ledger.CommitmentView, r progress.Result, reps []ledger.ProgressReport, st Settings, now time.Time) (period string, due time.Time, ok bool) {
	if v.Kind != ledger.KindTarget || v.State != ledger.StateAcknowledged && v.State != ledger.StateInProgress ||
		r.Status == progress.Completed {
		return "", time.Time{}, false
	}
	reported := func(p string) bool {
		if v.LatestApproved != nil && v.LatestApproved.Period >= p {
			return true
		}
		for _, x := range reps {
			if x.Period >= p && (x.Status == ledger.ReportSubmitted || x.Status == ledger.ReportApproved) {
				return true
			}
		}
		return false
	}
	cur := progress.PeriodOf(now, st.Period)
	prevEnd := progress.PeriodEnd(now, st.Period)
	prev := progress.PeriodOf(prevEnd, st.Period)
	owed := !reported(prev)
	if v.State == ledger.StateAcknowledged && !v.StateChangedAt.IsZero() && prevEnd.Before(v.StateChangedAt) {
		owed = false // taken on after that period ended
	}
	if start := PlanOfView(v).Start; !start.IsZero() && prevEnd.Before(start) {
		owed = false // the plan had not begun
	}
	period = cur
	if owed {
		period = prev
	} else if reported(cur) {
		return "", time.Time{}, false
	}
	due, ok = st.ReportDue(period)
	return period, due, ok
}

// TodoOf is unit's to-do list at now from items (those it may see),
// the progress reports of those items (any status; the service passes
// drafts, returned and submitted ones) and the open 督办单. Only
// commitments unit leads give to-dos: only the lead acknowledges,
// reports and replies.
func TodoOf(unit string, items []Item, reports []ledger.ProgressReport, orders []ledger.SupervisionOrder, st Settings, now time.Time) Todos {
	var t Todos
	if unit == "" {
		return t
	}
	today := day(now)
	led := map[int64]*Item{}
	// A parent's progress is rolled up from its sub-tasks: they are
	// reported, not it.
	parents := map[string]bool{}
	for i := range items {
		if p := items[i].ParentCode; p != "" {
			parents[p] = true
		}
	}
	for i := range items {
		if it := &items[i]; it.Kind == ledger.KindTarget && it.Assignment.Lead == unit {
			led[it.ID] = it
		}
	}
	byCommitment := map[int64][]ledger.ProgressReport{}
	for _, r := range reports {
		if _, ok := led[r.CommitmentID]; ok {
			byCommitment[r.CommitmentID] = append(byCommitment[r.CommitmentID], r)
		}
	}
	for i := range items {
		it := &items[i]
		if led[it.ID] != it {
			continue
		}
		base := Todo{CommitmentID: it.ID, Code: it.Code, Title: it.Title, Unit: unit}
		switch it.State {
		case ledger.StateDispatched:
			x := base
			x.Kind, x.Since = TodoAcknowledge, it.StateChangedAt
			t.Acknowledge = append(t.Acknowledge, x)
			continue
		case ledger.StateAcknowledged, ledger.StateInProgress:
		default:
			continue
		}
		reps := byCommitment[it.ID]
		period, due, owed := DuePeriod(*it.CommitmentView, it.Result, reps, st, now)
		for _, r := range reps {
			if r.Status != ledger.ReportReturned {
				continue
			}
			x := base
			x.Kind, x.Period, x.ReportID, x.Reason = TodoReturned, r.Period, r.ID, r.ReturnReason
			x.Due, _ = st.ReportDue(r.Period)
			if owed && r.Period == period {
				x.Due, owed = due, false // the owed report is this one, to correct
			}
			x.Late = !x.Due.IsZero() && today.After(x.Due)
			t.Returned = append(t.Returned, x)
		}
		if owed && !parents[it.Code] {
			x := base
			x.Kind, x.Period, x.Due, x.Late = TodoReport, period, due, today.After(due)
			for _, r := range reps {
				if r.Period == period && r.Status == ledger.ReportDraft {
					x.ReportID, x.Draft = r.ID, true
				}
			}
			t.Report = append(t.Report, x)
		}
		if it.Result.Status == progress.Overdue {
			x := base
			x.Kind, x.Late = TodoOverdue, true
			if it.Deadline != nil {
				x.Due = day(*it.Deadline)
			}
			t.Overdue = append(t.Overdue, x)
		}
	}
	for _, o := range orders {
		it, ok := led[o.CommitmentID]
		if !ok || o.Unit != unit || !o.RepliedAt.IsZero() || !o.EscalatedAt.IsZero() {
			continue
		}
		if it.State == ledger.StateClosed {
			continue
		}
		t.Orders = append(t.Orders, orderTodo(o, it, now))
	}
	for _, l := range []*[]Todo{&t.Acknowledge, &t.Report, &t.Returned, &t.Orders, &t.Overdue} {
		sortTodos(*l)
	}
	return t
}

// orderTodo is the to-do of answering o.
func orderTodo(o ledger.SupervisionOrder, it *Item, now time.Time) Todo {
	return Todo{Kind: TodoOrder, CommitmentID: it.ID, Code: it.Code, Title: it.Title, Unit: o.Unit,
		Due: day(o.ReplyBy), Late: o.Overdue(now), OrderNo: o.No, Requirement: o.Requirement}
}

// sortTodos orders a list by due day (none last), then code.
func sortTodos(l []Todo) {
	slices.SortStableFunc(l, func(a, b Todo) int {
		switch {
		case a.Due.IsZero() != b.Due.IsZero():
			if a.Due.IsZero() {
				return 1
			}
			return -1
		case !a.Due.Equal(b.Due):
			return a.Due.Compare(b.Due)
		}
		return strings.Compare(a.Code, b.Code)
	})
}

// Todo returns what awaits a in report reportID at the service's clock:
// for a reporter its unit's to-do list (TodoOf), for the office the
// reports waiting for review, for the office and leaders the 督办单 past
// their reply day. Only commitments a may open are listed.
func (s *Service) Todo(ctx context.Context, a Actor, reportID int64) (Todos, error) {
	var t Todos
	now := s.now()
	view, err := s.View(ctx, a, reportID)
	if err != nil {
		return t, err
	}
	items := view.Items
	byID := make(map[int64]*Item, len(items))
	for i := range items {
		byID[items[i].ID] = &items[i]
	}
	orders, err := s.Store.OpenOrders(ctx)
	if err != nil {
		return t, err
	}
	if a.Role == access.Reporter {
		st, err := s.Settings(ctx)
		if err != nil {
			return t, err
		}
		var reps []ledger.ProgressReport
		for _, status := range []ledger.ReportStatus{ledger.ReportDraft, ledger.ReportReturned, ledger.ReportSubmitted} {
			rs, err := s.Store.ReportsByStatus(ctx, reportID, status)
			if err != nil {
				return t, err
			}
			for _, r := range rs {
				if it, ok := byID[r.CommitmentID]; ok && it.Assignment.Lead == a.Unit {
					reps = append(reps, r)
				}
			}
		}
		return TodoOf(a.Unit, items, reps, orders, st, now), nil
	}
	if a.CanDo(access.Review) {
		rs, err := s.Store.ReportsByStatus(ctx, reportID, ledger.ReportSubmitted)
		if err != nil {
			return t, err
		}
		for _, r := range rs {
			if _, ok := byID[r.CommitmentID]; ok {
				t.Review++
			}
		}
	}
	if a.CanDo(access.OrderSupervision) {
		for _, o := range orders {
			it, ok := byID[o.CommitmentID]
			if !ok || !o.Overdue(now) {
				continue
			}
			t.OverdueOrders = append(t.OverdueOrders, orderTodo(o, it, now))
		}
		sortTodos(t.OverdueOrders)
	}
	return t, nil
}

// NextPeriod is the period after p (2024-08 → 2024-09, 2024-Q4 →
// 2025-Q1), the day it begins and its last day to report (ReportDue).
// False for a malformed period.
func (st Settings) NextPeriod(p string) (next string, start, due time.Time, ok bool) {
	_, end, ok := periodBounds(p)
	if !ok {
		return "", time.Time{}, time.Time{}, false
	}
	kind := progress.Month
	if p[5] == 'Q' {
		kind = progress.Quarter
	}
	next = progress.PeriodOf(end, kind)
	due, _ = st.ReportDue(next)
	return next, end, due, true
}
