package project

import (
	"time"

	"ducha/ledger"
	"ducha/progress"
	"ducha/supervise"
)

// DuePeriod is the month whose report the owner unit owes on p at now
// and the day it is due by (the month's last day plus graceDays): the
// previous month, when it lies in the plan year and no report of it (or a
// later month) is submitted or approved among reps. ok is false when
// nothing is owed: the project is not taken on (ledger.StateOnReport), or
// the month is reported.
func DuePeriod(p Project, reps []MonthlyReport, graceDays int, now time.Time) (period string, due time.Time, ok bool) {
	if _, takes := ledger.StateOnReport(p.State, true); !takes {
		return "", time.Time{}, false
	}
	prevEnd := progress.PeriodEnd(now, progress.Month)
	if prevEnd.Year() != p.Year {
		return "", time.Time{}, false
	}
	period = progress.PeriodOf(prevEnd, progress.Month)
	for _, r := range reps {
		if r.Period >= period && (r.Status == ledger.ReportSubmitted || r.Status == ledger.ReportApproved) {
			return "", time.Time{}, false
		}
	}
	y, m, d := prevEnd.Date()
	return period, time.Date(y, m, d+graceDays, 0, 0, 0, 0, now.Location()), true
}

// Item is a project as a supervised item (supervise.Supervised): the
// project, its status and the report it owes.
type Item struct {
	Project
	Status Status
	// Latest is the latest approved report, nil when none.
	Latest *MonthlyReport
	period string
	due    time.Time
	owed   bool
}

// NewItem evaluates p at now from its reports (any status), with the
// office's thresholds and the days of grace after a month to report it.
func NewItem(p Project, reps []MonthlyReport, th progress.Thresholds, graceDays int, now time.Time) Item {
	it := Item{Project: p, Latest: LatestApproved(reps)}
	it.Status = Evaluate(p, it.Latest, now, th)
	it.period, it.due, it.owed = DuePeriod(p, reps, graceDays, now)
	return it
}

// LatestApproved is the approved report of the latest period, nil when
// none.
func LatestApproved(reps []MonthlyReport) *MonthlyReport {
	var out *MonthlyReport
	for i := range reps {
		if r := &reps[i]; r.Status == ledger.ReportApproved && (out == nil || r.Period > out.Period) {
			out = r
		}
	}
	return out
}

func (it Item) ItemKind() supervise.ItemKind        { return supervise.KindProject }
func (it Item) ItemID() int64                       { return it.ID }
func (it Item) ItemCode() string                    { return it.Code }
func (it Item) ItemTitle() string                   { return it.Name }
func (it Item) ItemLead() string                    { return it.OwnerUnit }
func (it Item) ItemLight() progress.Light           { return it.Status.Light }
func (it Item) ItemOwed() (string, time.Time, bool) { return it.period, it.due, it.owed }

var _ supervise.Supervised = Item{}
var _ supervise.Supervised = supervise.Commitment{}
