package project

import (
	"fmt"
	"math"
	"strings"
	"time"

	"ducha/ledger"
)

// ProblemCode is a coded problem a monthly report names, so that the
// office can count them across projects.
type ProblemCode string

// The problem codes.
const (
	ProblemLand       ProblemCode = "land"       // 用地
	ProblemFunding    ProblemCode = "funding"    // 资金
	ProblemApproval   ProblemCode = "approval"   // 手续
	ProblemDemolition ProblemCode = "demolition" // 拆迁
	ProblemOther      ProblemCode = "other"      // 其他
)

// ProblemCodes lists the codes in the order of the form.
var ProblemCodes = []ProblemCode{ProblemLand, ProblemFunding, ProblemApproval, ProblemDemolition, ProblemOther}

var problemLabels = map[ProblemCode][2]string{
	ProblemLand: {"用地", "Land"}, ProblemFunding: {"资金", "Funding"}, ProblemApproval: {"手续", "Approvals"},
	ProblemDemolition: {"拆迁", "Demolition"}, ProblemOther: {"其他", "Other"},
}

// Label names the code in Chinese (lang zh…) or English.
func (c ProblemCode) Label(lang string) string {
	l, ok := problemLabels[c]
	if !ok {
		return string(c)
	}
	if strings.HasPrefix(lang, "zh") {
		return l[0]
	}
	return l[1]
}

// Valid reports whether c is one of ProblemCodes.
func (c ProblemCode) Valid() bool { _, ok := problemLabels[c]; return ok }

// Problem is one problem named by a report.
type Problem struct {
	Code ProblemCode
	Text string
}

// EvidenceRef is a file of evidence (photo, document) attached to a
// report, by its content hash; the file itself is kept by the store.
type EvidenceRef struct {
	Name   string
	SHA256 string
}

// MonthlyReport is the owner unit's report on a project for one month:
// one per project per month.
type MonthlyReport struct {
	ID        int64
	ProjectID int64
	Period    string  // 2024-06
	Month     float64 // 当月完成投资, 万元
	// Cumulative is the investment completed in the plan year up to the
	// end of the month (累计完成投资), 万元.
	Cumulative float64
	Stage      string    // stage reached this month, "" for none
	StageDate  time.Time // the day it was reached
	Progress   string    // 形象进度
	Problems   []Problem
	// Explanation is required when Cumulative falls below the previous
	// report's.
	Explanation  string
	Evidence     []EvidenceRef
	Status       ledger.ReportStatus
	ReturnReason string
	SubmittedBy  string
	SubmittedAt  time.Time
	ReviewedBy   string
	ReviewedAt   time.Time
}

// Year and month of the report's period; ok false when malformed.
func (r MonthlyReport) yearMonth() (y, m int, ok bool) {
	if len(r.Period) != 7 || r.Period[4] != '-' {
		return 0, 0, false
	}
	if _, err := fmt.Sscanf(r.Period, "%4d-%2d", &y, &m); err != nil || m < 1 || m > 12 {
		return 0, 0, false
	}
	return y, m, true
}

// Check validates report r of project p against the project and the
// project's previous report prev (the latest one of an earlier period
// submitted or approved; nil when none). The error names every problem, in
// Chinese: a malformed period, negative figures, the month's figure above
// the cumulative one, a cumulative figure falling below prev's without an
// explanation, a stage reached before the stage it follows (or on a day
// before it), investment above the project's total, unknown problem codes
// and text above the limits.
func Check(p Project, prev *MonthlyReport, r MonthlyReport) error {
	var bad []string
	add := func(format string, args ...any) { bad = append(bad, fmt.Sprintf(format, args...)) }
	y, _, ok := r.yearMonth()
	switch {
	case !ok:
		add("月份 %q 无效（应为2024-06）", r.Period)
	case y != p.Year:
		add("月份 %s 不在项目计划年度 %d", r.Period, p.Year)
	}
	for _, f := range []struct {
		name string
		v    float64
	}{{"当月完成投资", r.Month}, {"累计完成投资", r.Cumulative}} {
		if math.IsNaN(f.v) || math.IsInf(f.v, 0) || f.v < 0 {
			add("%s %v 无效（应为非负数）", f.name, f.v)
		}
	}
	if r.Month > r.Cumulative+eps {
		add("当月完成投资 %s 大于累计完成投资 %s", Amount(r.Month), Amount(r.Cumulative))
	}
	if prev != nil && r.Cumulative < prev.Cumulative-eps && strings.TrimSpace(r.Explanation) == "" {
		add("累计完成投资 %s 低于上次报送的 %s，须说明原因", Amount(r.Cumulative), Amount(prev.Cumulative))
	}
	if p.Total > 0 && p.Before+r.Cumulative > p.Total+eps {
		add("累计完成投资 %s（含以前年度 %s）超过总投资 %s", Amount(p.Before+r.Cumulative), Amount(p.Before), Amount(p.Total))
	}
	if r.Stage != "" {
		i := p.StageIndex(r.Stage)
		switch {
		case i < 0:
			add("阶段 %q 不是本项目的建设阶段", r.Stage)
		case r.StageDate.IsZero():
			add("达到「%s」须填写日期", r.Stage)
		default:
			for j := i - 1; j >= 0; j-- {
				before := p.Stages[j]
				if !before.Reached() {
					add("「%s」不能早于「%s」：「%s」尚未完成", r.Stage, before.Name, before.Name)
					break
				}
				if r.StageDate.Before(before.Actual) {
					add("「%s」日期 %s 早于「%s」的 %s", r.Stage, day(r.StageDate), before.Name, day(before.Actual))
				}
				break
			}
		}
	}
	for _, pr := range r.Problems {
		if !pr.Code.Valid() {
			add("问题类别 %q 无效", pr.Code)
		}
		if m := ledger.TooLong(pr.Text, MaxProgressLen); m != "" {
			add("问题说明%s", m)
		}
	}
	for _, f := range []struct{ name, v string }{{"形象进度", r.Progress}, {"说明", r.Explanation}} {
		if m := ledger.TooLong(f.v, MaxProgressLen); m != "" {
			add("%s%s", f.name, m)
		}
	}
	if len(bad) > 0 {
		return ledger.Errorf(ledger.EInvalid, "%s", strings.Join(bad, "；"))
	}
	return nil
}

// Submit checks and submits r as the owner unit's report: the project
// must be taken on (ledger.StateOnReport), the report still editable
// (ledger.CanEditReport) and valid (Check). It returns the report
// submitted (or saved as a draft when !submit) and the project's next
// workflow state.
func Submit(p Project, prev *MonthlyReport, r MonthlyReport, submit bool, by string, at time.Time) (MonthlyReport, ledger.State, error) {
	next, ok := ledger.StateOnReport(p.State, submit)
	if !ok {
		return r, p.State, ledger.Errorf(ledger.EConflict, "项目 %s 尚未签收或已办结，不能填报", p.Code)
	}
	if r.Status != "" && !ledger.CanEditReport(r.Status) {
		return r, p.State, ledger.Errorf(ledger.EConflict, "%s 月报已报送，不能修改", r.Period)
	}
	if err := Check(p, prev, r); err != nil {
		return r, p.State, err
	}
	r.Status = ledger.ReportDraft
	if submit {
		r.Status, r.SubmittedBy, r.SubmittedAt = ledger.ReportSubmitted, by, at
	}
	return r, next, nil
}

// Review approves (approve) or returns a submitted report, with the
// workflow's rules: only a submitted report is reviewed, and a return
// needs a reason. An approved report moves the project: its stage reached
// gets its actual day and its 形象进度 becomes the project's; the
// project returned is p changed so.
func Review(p Project, r MonthlyReport, approve bool, reason, by string, at time.Time) (Project, MonthlyReport, error) {
	if !ledger.CanReview(r.Status) {
		return p, r, ledger.Errorf(ledger.EConflict, "%s 月报不在待复核状态", r.Period)
	}
	r.ReviewedBy, r.ReviewedAt = by, at
	if !approve {
		if err := ledger.CheckReturn(reason); err != nil {
			return p, r, err
		}
		r.Status, r.ReturnReason = ledger.ReportReturned, reason
		return p, r, nil
	}
	if err := Check(p, nil, r); err != nil {
		return p, r, err
	}
	r.Status, r.ReturnReason = ledger.ReportApproved, ""
	p.Stages = append([]Stage(nil), p.Stages...)
	if i := p.StageIndex(r.Stage); i >= 0 && !p.Stages[i].Reached() {
		p.Stages[i].Actual = r.StageDate
	}
	if strings.TrimSpace(r.Progress) != "" {
		p.Progress = r.Progress
	}
	return p, r, nil
}
