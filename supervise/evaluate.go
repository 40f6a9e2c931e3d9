package supervise

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"time"

	"ducha/accountability"
	"ducha/evaluate"
	"ducha/ledger"
	"ducha/progress"
)

// The audit actions the evaluation reads; the stores write them and their
// conformance suite (store/storetest) holds them to these names.
const (
	auditState        = "commitment.state"
	auditReportSave   = "report.save"
	auditReportReview = "report.review"
)

// Evaluation scores every unit named on the commitments of report
// reportID at the moment at with formula f (see package evaluate), ranked
// best first. It reads the ledger as follows.
//
//   - Units: every lead and cooperating unit of the report's commitments
//     and every unit a 督办单 went to; a unit with nothing counted is
//     listed unranked.
//   - Commitments counted for a unit: the leaf targets it leads that have
//     been dispatched (交办); with f.Achievements also the leaf
//     achievements it leads. Their progress is that of the approved report
//     of the latest period begun by at — whenever it was approved, so that
//     the December report counts in an evaluation on 31 December —
//     evaluated at at; a closed commitment counts with its outcome.
//   - Periods owed: every month or quarter (Settings().Period) from the
//     one after the unit acknowledged the commitment (签收; the first audit
//     entry of that state, or the first submission of a report on it if
//     that is earlier, or the dispatch while it is not acknowledged) that
//     has ended by at; none after the period of a submitted report that
//     declares the task done, nor any ending after the commitment was
//     closed.
//   - When a period's report was first submitted: the earliest
//     report.save entry of the audit log with the report submitted. The
//     report itself keeps only the latest submission: a returned report
//     submitted again is stamped anew.
//   - Reports returned at least once: a report.review entry whose record
//     after has status returned (or the report returned now). The
//     report's ReturnReason is not enough: the store keeps it while the
//     corrected report is resubmitted but clears it when that one is
//     approved.
//   - 督办单: by the unit they were issued to, on any commitment of the
//     report.
//
// Progress reports count for the unit leading the commitment now.
func (s *Service) Evaluation(ctx context.Context, reportID int64, at time.Time, f evaluate.Formula) ([]evaluate.UnitScore, error) {
	if err := f.Validate(); err != nil {
		return nil, err
	}
	st, err := s.Settings(ctx)
	if err != nil {
		return nil, err
	}
	if st.Period != progress.Month && st.Period != progress.Quarter {
		return nil, ledger.Errorf(ledger.EInvalid, "填报周期 %q 无效", st.Period)
	}
	items, err := s.Items(ctx, reportID)
	if err != nil {
		return nil, err
	}
	inputs := map[string]*evaluate.Input{}
	var order []string
	unit := func(name string) *evaluate.Input {
		in, ok := inputs[name]
		if !ok {
			in = &evaluate.Input{Unit: name, At: at}
			inputs[name] = in
			order = append(order, name)
		}
		return in
	}
	th := st.Thresholds()
	for i := range items {
		it := &items[i]
		if it.Excluded != nil {
			continue // 不列入 is not a commitment: not evaluated
		}
		lead := it.Assignment.Lead
		if lead != "" {
			unit(lead)
		}
		for _, c := range it.Assignment.Cooperating {
			unit(c)
		}
		if lead == "" {
			continue
		}
		orders, err := s.Store.Orders(ctx, it.ID)
		if err != nil {
			return nil, err
		}
		for _, o := range orders {
			if o.Unit == "" {
				continue
			}
			in := unit(o.Unit)
			in.Orders = append(in.Orders, evaluate.Order{No: o.No, IssuedAt: o.IssuedAt, ReplyBy: o.ReplyBy, RepliedAt: o.RepliedAt})
		}
		if hasChildren(items, i) {
			continue
		}
		in := unit(lead)
		switch {
		case it.Kind == ledger.KindAchievement:
			if f.Achievements {
				in.Commitments = append(in.Commitments, evaluate.Commitment{Code: it.Code, Kind: it.Kind, Weight: it.Weight, Done: 1})
			}
			continue
		case it.Kind != ledger.KindTarget || it.State == ledger.StateNew:
			continue
		}
		if err := s.evaluationOf(ctx, it, at, st.Period, th, in); err != nil {
			return nil, err
		}
	}
	// 责任追究 records of the year carry deductions (package
	// accountability), where the store keeps them.
	if as, ok := s.Store.(ledger.AccountabilityStore); ok {
		records, err := as.AccountabilityRecords(ctx, "")
		if err != nil {
			return nil, err
		}
		for name, ds := range accountability.Deductions(records, at.Year(), "zh") {
			if in, ok := inputs[name]; ok {
				in.Deductions = ds
			}
		}
	}
	scores := make([]evaluate.UnitScore, 0, len(order))
	for _, name := range order {
		scores = append(scores, evaluate.Score(*inputs[name], f))
	}
	return evaluate.Rank(scores), nil
}

// reportHistory is what the audit log says of one progress report.
type reportHistory struct {
	ledger.ProgressReport
	first    time.Time // first submission, zero if never
	returned bool      // returned at least once
}

// evaluationOf adds commitment it — a dispatched leaf target — to its
// lead unit's input: its progress at at, the periods owed and its reports.
func (s *Service) evaluationOf(ctx context.Context, it *Item, at time.Time, period string, th progress.Thresholds, in *evaluate.Input) error {
	reps, err := s.Store.ProgressReports(ctx, it.ID)
	if err != nil {
		return err
	}
	hist := make([]reportHistory, 0, len(reps))
	for _, r := range reps {
		h, err := s.history(ctx, r)
		if err != nil {
			return err
		}
		hist = append(hist, h)
	}

	// Progress: the approved report of the latest period begun by at.
	v := *it.CommitmentView // a copy: the item is shared
	v.LatestApproved = nil
	var latest time.Time
	for i := range hist {
		r := &hist[i].ProgressReport
		start, _, ok := periodBounds(r.Period)
		if r.Status != ledger.ReportApproved || !ok || start.After(at) {
			continue
		}
		if v.LatestApproved == nil || start.After(latest) {
			v.LatestApproved, latest = r, start
		}
	}
	res := Evaluate(v, at, period, th)
	done := res.Completion
	in.Commitments = append(in.Commitments, evaluate.Commitment{Code: it.Code, Kind: it.Kind, Weight: it.Weight,
		Done: done, Closed: it.State == ledger.StateClosed, Outcome: it.Outcome})

	// Reports submitted by at, and which were returned.
	first := map[string]time.Time{} // period → first submission by at
	var doneUntil time.Time         // the end of the first period declared done
	var earliest time.Time          // the first submission of any report
	for _, h := range hist {
		if h.first.IsZero() || h.first.After(at) {
			continue
		}
		first[h.Period] = h.first
		in.Reports++
		if h.returned {
			in.Returned++
		}
		if earliest.IsZero() || h.first.Before(earliest) {
			earliest = h.first
		}
		if _, end, ok := periodBounds(h.Period); ok && h.Done && (doneUntil.IsZero() || end.Before(doneUntil)) {
			doneUntil = end
		}
	}

	// Periods owed: from the one after acknowledgement.
	from, err := s.acknowledged(ctx, it)
	if err != nil {
		return err
	}
	if !earliest.IsZero() && (from.IsZero() || earliest.Before(from)) {
		from = earliest
	}
	if from.IsZero() {
		return nil
	}
	from = from.In(at.Location())
	for p := nextPeriod(periodStart(from, period), period); ; p = nextPeriod(p, period) {
		end := nextPeriod(p, period) // the first instant after the period
		if end.After(at) || !doneUntil.IsZero() && !p.Before(doneUntil) ||
			it.State == ledger.StateClosed && !it.StateChangedAt.IsZero() && end.After(it.StateChangedAt) {
			break
		}
		name := progress.PeriodOf(p, period)
		in.Periods = append(in.Periods, evaluate.Period{Code: it.Code, Period: name, End: end.AddDate(0, 0, -1),
			Submitted: first[name]})
	}
	return nil
}

// history reads from the audit log when report r was first submitted and
// whether it was ever returned.
func (s *Service) history(ctx context.Context, r ledger.ProgressReport) (reportHistory, error) {
	h := reportHistory{ProgressReport: r, returned: r.Status == ledger.ReportReturned}
	entries, err := s.Store.Audit(ctx, "progress_report", itoa(r.ID), 0)
	if err != nil {
		return h, err
	}
	for _, e := range entries {
		if e.Action != auditReportSave && e.Action != auditReportReview || e.After == "" {
			continue
		}
		var after struct {
			Status      ledger.ReportStatus
			SubmittedAt time.Time
		}
		if err := json.Unmarshal([]byte(e.After), &after); err != nil {
			return h, fmt.Errorf("audit entry %d of progress report %d: %w", e.ID, r.ID, err)
		}
		switch {
		case e.Action == auditReportReview && after.Status == ledger.ReportReturned:
			h.returned = true
		case e.Action == auditReportSave && after.Status == ledger.ReportSubmitted && !after.SubmittedAt.IsZero():
			if h.first.IsZero() || after.SubmittedAt.Before(h.first) {
				h.first = after.SubmittedAt
			}
		}
	}
	// A report submitted without an entry (none should be) counts from
	// its own stamp.
	if h.first.IsZero() && r.Status != ledger.ReportDraft && !r.SubmittedAt.IsZero() {
		h.first = r.SubmittedAt
	}
	return h, nil
}

// acknowledged returns when the lead unit took commitment it on (签收),
// from the audit log: the first move to acknowledged, or while it was
// never acknowledged the first dispatch; zero if neither is recorded.
func (s *Service) acknowledged(ctx context.Context, it *Item) (time.Time, error) {
	entries, err := s.Store.Audit(ctx, "commitment", itoa(it.ID), 0)
	if err != nil {
		return time.Time{}, err
	}
	var ack, dispatched time.Time
	for _, e := range entries {
		if e.Action != auditState || e.After == "" {
			continue
		}
		var after struct{ State ledger.State }
		if err := json.Unmarshal([]byte(e.After), &after); err != nil {
			return time.Time{}, fmt.Errorf("audit entry %d of commitment %d: %w", e.ID, it.ID, err)
		}
		switch after.State {
		case ledger.StateAcknowledged:
			if ack.IsZero() || e.At.Before(ack) {
				ack = e.At
			}
		case ledger.StateDispatched:
			if dispatched.IsZero() || e.At.Before(dispatched) {
				dispatched = e.At
			}
		}
	}
	if ack.IsZero() && it.State == ledger.StateDispatched {
		return dispatched, nil
	}
	return ack, nil
}

// periodStart is the first instant of the month or quarter holding t, in
// t's location.
func periodStart(t time.Time, period string) time.Time {
	y, m, _ := t.Date()
	if period == progress.Quarter {
		m = (m-1)/3*3 + 1
	}
	return time.Date(y, m, 1, 0, 0, 0, 0, t.Location())
}

// nextPeriod is the start of the period after the one starting at start.
func nextPeriod(start time.Time, period string) time.Time {
	if period == progress.Quarter {
		return start.AddDate(0, 3, 0)
	}
	return start.AddDate(0, 1, 0)
}

// periodBounds returns the first instant of a period named 2024-06 or
// 2024-Q2 and the first instant after it, in UTC.
func periodBounds(name string) (start, end time.Time, ok bool) {
	if !ledger.ValidPeriod(name) {
		return start, end, false
	}
	y, _ := strconv.Atoi(name[:4])
	if name[5] == 'Q' {
		q := int(name[6] - '0')
		start = time.Date(y, time.Month(3*q-2), 1, 0, 0, 0, 0, time.UTC)
		return start, start.AddDate(0, 3, 0), true
	}
	m, _ := strconv.Atoi(name[5:])
	start = time.Date(y, time.Month(m), 1, 0, 0, 0, 0, time.UTC)
	return start, start.AddDate(0, 1, 0), true
}
