package shared

import (
	"slices"
	"time"

	"ducha/ledger"
)

// ReportKey names a progress report: one per commitment and period.
type ReportKey struct {
	CommitmentID int64
	Period       string
}

// ReportLookup is what a store reads before saving progress reports:
// the lead unit of each commitment concerned, the reports stored for them
// and the units directory.
type ReportLookup struct {
	// Leads has the lead unit (full name, "" if none) of each commitment
	// concerned that exists; a commitment missing from it does not exist.
	Leads map[int64]string
	// Stored has the stored reports of those commitments.
	Stored map[ReportKey]ledger.ProgressReport
	Units  UnitIDs
}

// PlannedReport is one progress report to write, as it will be stored.
type PlannedReport struct {
	Report ledger.ProgressReport
	UnitID int64 // 0 for no unit
	// Before is the report before this save: stored, or saved earlier in
	// the same batch (and so numbered only once written); nil for a new
	// report.
	Before *ledger.ProgressReport
}

// ReportCommitments returns the commitments rs report on, each once.
func ReportCommitments(rs []ledger.ProgressReport) []int64 {
	ids := make([]int64, 0, len(rs))
	for _, r := range rs {
		ids = append(ids, r.CommitmentID)
	}
	slices.Sort(ids)
	return slices.Compact(ids)
}

// PlanReports checks rs, saved one after another at now by actor, against
// what the store holds, and returns the reports to write in the same
// order. A report replaces the stored one of its commitment and period
// only while that one is editable (draft or returned). A unit saves a
// draft or submits: the review fields (reviewer, return reason) are kept
// from the stored report; submitting sets SubmittedBy and SubmittedAt to
// actor and now unless others than those of an earlier submission are
// given (a report read, corrected and submitted again is submitted anew).
// A report with an ID must be the stored one of its commitment and period. A report without a unit is the lead unit's. With
// batch set, an error names the 1-based position of the report at fault.
func PlanReports(rs []ledger.ProgressReport, look ReportLookup, now time.Time, actor string, batch bool) ([]PlannedReport, error) {
	now = Stamp(now)
	plan := make([]PlannedReport, len(rs))
	// The report of each key as saved so far: stored, or planned.
	current := make(map[ReportKey]*ledger.ProgressReport, len(rs))
	for i, in := range rs {
		p, err := planReport(in, look, current, now, actor)
		if err != nil {
			if batch {
				return nil, ledger.Errorf(ledger.ErrorCode(err), "第%d条进展填报：%v", i+1, err)
			}
			return nil, err
		}
		plan[i] = p
		current[ReportKey{p.Report.CommitmentID, p.Report.Period}] = &plan[i].Report
	}
	return plan, nil
}

func planReport(in ledger.ProgressReport, look ReportLookup, current map[ReportKey]*ledger.ProgressReport,
	now time.Time, actor string) (PlannedReport, error) {
	r, err := CheckReportFields(in)
	if err != nil {
		return PlannedReport{}, err
	}
	lead, ok := look.Leads[r.CommitmentID]
	if !ok {
		return PlannedReport{}, NoCommitment(r.CommitmentID)
	}
	if r.Unit == "" {
		r.Unit = lead
	}
	var p PlannedReport
	if r.Unit != "" {
		id, ok := look.Units[r.Unit]
		if !ok {
			return PlannedReport{}, NoUnit(r.Unit)
		}
		p.UnitID = id
	}
	key := ReportKey{r.CommitmentID, r.Period}
	before := current[key]
	if before == nil {
		if s, ok := look.Stored[key]; ok {
			before = &s
		}
	}
	// A report read back keeps its commitment and period: another id
	// there is a report moved, not saved.
	if in.ID != 0 && (before == nil || before.ID != in.ID) {
		return PlannedReport{}, ledger.Errorf(ledger.EInvalid, "进展填报 %d 不能改换承诺事项或填报期次（%s）", in.ID, r.Period)
	}
	var prev ledger.ProgressReport
	if before != nil {
		prev = *before
		if !ledger.CanEditReport(prev.Status) {
			return PlannedReport{}, ledger.Errorf(ledger.EConflict, "本期进展已提交，不能修改（%s，%s）",
				r.Period, ReportStatusLabel(prev.Status))
		}
	}
	// What the reviewer owns stays as stored.
	r.ID, r.ReturnReason, r.ReviewedBy, r.ReviewedAt = prev.ID, prev.ReturnReason, prev.ReviewedBy, prev.ReviewedAt
	if r.Status == ledger.ReportSubmitted {
		// Who and when as read from an earlier submission are this one's.
		if r.SubmittedBy == "" || before != nil && r.SubmittedBy == prev.SubmittedBy {
			r.SubmittedBy = actor
		}
		if r.SubmittedAt.IsZero() || Stamp(r.SubmittedAt).Equal(prev.SubmittedAt) {
			r.SubmittedAt = now
		}
		r.SubmittedAt = Stamp(r.SubmittedAt)
	} else {
		r.SubmittedBy, r.SubmittedAt = prev.SubmittedBy, prev.SubmittedAt
	}
	r.Evidence = nil
	p.Report, p.Before = r, before
	return p, nil
}
