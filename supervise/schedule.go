package supervise

import (
	"context"
	"fmt"
	"time"

	"ducha/ledger"
	"ducha/notify"
	"ducha/progress"
)

// TickResult counts what one run of the schedule did.
type TickResult struct {
	Escalated int // 督办单 escalated for want of a reply
	Queued    int // reminders and warnings queued
}

// Tick runs the scheduled supervision work at the service's clock:
// unanswered 督办单 past their reply deadline are escalated (a new order
// one level up, copied to the office), and reminders go to units whose
// period report is due, warnings for overdue and seriously lagging
// commitments. Every message has a key, so running Tick again the same
// period sends nothing twice.
func (s *Service) Tick(ctx context.Context) (TickResult, error) {
	var res TickResult
	now := s.now()
	st, err := s.Settings(ctx)
	if err != nil {
		return res, err
	}
	orders, err := s.Store.OpenOrders(ctx)
	if err != nil {
		return res, err
	}
	var escalated []int64
	for _, o := range orders {
		if !o.Overdue(now) {
			continue
		}
		c, err := s.Store.Commitment(ctx, o.CommitmentID)
		if err != nil {
			return res, err
		}
		next := ledger.SupervisionOrder{
			CommitmentID: o.CommitmentID, Unit: o.Unit, IssuedBy: System.Login, IssuedAt: now,
			Requirement: fmt.Sprintf("督办单%s逾期未回复，升级督办：%s", o.No, o.Requirement),
			ReplyBy:     day(now).AddDate(0, 0, st.ReplyDays), Level: o.Level + 1,
		}
		if err := s.Store.EscalateOrder(ctx, o.ID, &next, System.Login); err != nil {
			return res, err
		}
		res.Escalated++
		escalated = append(escalated, o.CommitmentID)
		res.Queued += s.notify(ctx, "escalate:"+itoa(next.ID), o.Unit, true,
			notify.Supervision(o.Unit, c.Title, c.Code, next.No, next.Requirement, next.ReplyBy, s.link(c.ID)))
	}
	if len(escalated) > 0 {
		s.changed(escalated...)
	}
	reports, err := s.activeReports(ctx)
	if err != nil {
		return res, err
	}
	period := progress.PeriodOf(now, st.Period)
	for _, r := range reports {
		items, err := s.Items(ctx, r.ID)
		if err != nil {
			return res, err
		}
		submitted, err := s.submittedReports(ctx, r.ID)
		if err != nil {
			return res, err
		}
		for _, it := range items {
			if it.Kind != ledger.KindTarget || it.Assignment.Lead == "" || it.Excluded != nil {
				continue // 不列入: no reminders, warnings or 督办
			}
			unit, link := it.Assignment.Lead, s.link(it.ID)
			active := it.State == ledger.StateAcknowledged || it.State == ledger.StateInProgress
			if !active {
				continue
			}
			// The report owed and its last day are the unit's to-do
			// (DuePeriod); the reminder goes RemindDays before that day,
			// once a period.
			if owed, due, ok := DuePeriod(*it.CommitmentView, it.Result, submitted[it.ID], st, now); ok && remindDue(due, st, now) {
				res.Queued += s.notify(ctx, "due:"+itoa(it.ID)+":"+owed, unit, false,
					notify.PeriodDue(unit, it.Title, it.Code, periodName(owed), due, link))
			}
			switch it.Result.Status {
			case progress.Overdue:
				late := 0
				if it.Deadline != nil {
					late = int(day(now).Sub(day(*it.Deadline)).Hours() / 24)
				}
				week := now.Format("2006") + fmt.Sprintf("-W%02d", isoWeek(now))
				due := time.Time{}
				if it.Deadline != nil {
					due = *it.Deadline
				}
				res.Queued += s.notify(ctx, "overdue:"+itoa(it.ID)+":"+week, unit, true,
					notify.Overdue(unit, it.Title, it.Code, due, late, link))
			case progress.SeriouslyLagging:
				due := time.Time{}
				if it.Deadline != nil {
					due = *it.Deadline
				}
				detail := progress.Describe(PlanOfView(*it.CommitmentView), it.Result, "zh")
				res.Queued += s.notify(ctx, "lagging:"+itoa(it.ID)+":"+period, unit, true,
					notify.Lagging(unit, it.Title, it.Code, detail, due, link))
			}
		}
	}
	return res, nil
}

// activeReports are the report being carried out of every government:
// its newest report whose plan year has begun.
func (s *Service) activeReports(ctx context.Context) ([]ledger.Report, error) {
	year := s.now().Year()
	govs, err := s.Store.Governments(ctx)
	if err != nil {
		return nil, err
	}
	var out []ledger.Report
	for _, g := range govs {
		rs, err := s.Store.Reports(ctx, g.ID)
		if err != nil {
			return nil, err
		}
		var newest *ledger.Report
		for i := range rs {
			if rs[i].Year <= year && (newest == nil || rs[i].Year > newest.Year) {
				newest = &rs[i]
			}
		}
		if newest != nil {
			out = append(out, *newest)
		}
	}
	return out, nil
}

// submittedReports are the reports of report reportID submitted and
// waiting for review, by commitment: what DuePeriod counts as reported
// besides the latest approved one.
func (s *Service) submittedReports(ctx context.Context, reportID int64) (map[int64][]ledger.ProgressReport, error) {
	rs, err := s.Store.ReportsByStatus(ctx, reportID, ledger.ReportSubmitted)
	if err != nil {
		return nil, err
	}
	out := make(map[int64][]ledger.ProgressReport, len(rs))
	for _, r := range rs {
		out[r.CommitmentID] = append(out[r.CommitmentID], r)
	}
	return out, nil
}

// remindDue reports whether a report due on the day due is reminded of at
// now: from RemindDays before that day on (and after it, when late).
func remindDue(due time.Time, st Settings, now time.Time) bool {
	return !due.IsZero() && !day(now).Before(day(due).AddDate(0, 0, -st.RemindDays))
}

// periodName names a period for people: 2024年6月, 2024年第二季度.
func periodName(p string) string {
	if len(p) == 7 && p[5] == 'Q' {
		return p[:4] + "年第" + map[byte]string{'1': "一", '2': "二", '3': "三", '4': "四"}[p[6]] + "季度"
	}
	if len(p) == 7 {
		m := p[5:]
		if m[0] == '0' {
			m = m[1:]
		}
		return p[:4] + "年" + m + "月"
	}
	return p
}

// PeriodName names a period for people: 2024年6月, 2024年第二季度.
func PeriodName(p string) string { return periodName(p) }

func isoWeek(t time.Time) int { _, w := t.ISOWeek(); return w }
