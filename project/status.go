package project

import (
	"fmt"
	"strings"
	"time"

	"ducha/progress"
)

// Status is where a project stands at a moment: its investment judged by
// the target model of package progress, and its stages against their
// planned days. Status, Light and Reason are what every view shows.
type Status struct {
	Status progress.Status
	Light  progress.Light
	// Investment is the judgment of the year's investment: a count added
	// (progress.KindCount) from 0 to AnnualPlan on the monthly plan's path.
	Investment progress.Result
	// LateStages are the stages whose planned day passed unreached.
	LateStages []string
	// Completed is the investment completed this year by the latest
	// approved report, PlannedNow what the plan expects by the moment.
	Completed, PlannedNow float64
	Reason                string
}

// Lagging reports whether the project is behind: a stage late or the
// investment below its path.
func (s Status) Lagging() bool { return s.Light != progress.Green }

// Plan is the project's investment as a progress.Plan: the amount added
// in the plan year, from 0 on 1 January to AnnualPlan on 31 December, by
// the cumulative monthly plan at the end of each month.
func Plan(p Project, loc *time.Location) progress.Plan {
	if loc == nil {
		loc = time.UTC
	}
	pl := progress.Plan{
		Start:      time.Date(p.Year, time.January, 1, 0, 0, 0, 0, loc),
		Deadline:   time.Date(p.Year, time.December, 31, 0, 0, 0, 0, loc),
		Target:     p.AnnualPlan,
		Direction:  1,
		Kind:       progress.KindCount,
		Unit:       "万元",
		Comparator: "ge",
	}
	for m := 1; m < 12; m++ {
		end := time.Date(p.Year, time.Month(m)+1, 0, 0, 0, 0, 0, loc)
		pl.Milestones = append(pl.Milestones, progress.Milestone{Due: end, Expected: p.PlannedBy(m), HasValue: true})
	}
	return pl
}

// Evaluate says where project p stands at the moment at, from its latest
// approved report (nil when none) and the office's thresholds (zero:
// progress.DefaultThresholds). It is the one judgment of a project: lists,
// the project page, the dashboard and the to-do list all call it.
//
// The investment is judged by progress.Evaluate on Plan(p). A stage whose
// planned day has passed (the day after it began) without the stage makes
// the project lagging (yellow) at least; late by more than 90 days,
// seriously lagging (red). The worse of the two judgments is the
// project's. A project with no annual plan (a 储备 or 前期 project) is
// judged by its stages only.
func Evaluate(p Project, latest *MonthlyReport, at time.Time, th progress.Thresholds) Status {
	var st Status
	if latest != nil {
		st.Completed = latest.Cumulative
	}
	var reasons []string
	if p.AnnualPlan > 0 {
		pl := Plan(p, at.Location())
		var rep *progress.Report
		if latest != nil {
			end := monthEnd(latest.Period, at.Location())
			rep = &progress.Report{At: end, Value: latest.Cumulative, HasValue: true, Percent: -1, PeriodEnd: end}
		}
		st.Investment = progress.Evaluate(pl, rep, time.Time{}, time.Time{}, at, th)
		st.PlannedNow = p.AnnualPlan * progress.ExpectedFraction(pl, at)
		st.Status, st.Light = st.Investment.Status, st.Investment.Light
		reasons = append(reasons, fmt.Sprintf("投资：计划至今%s万元，完成%s万元（%s）",
			Amount(st.PlannedNow), Amount(st.Completed), st.Investment.Status.Label("zh")))
	} else {
		st.Status, st.Light = progress.OnTrack, progress.Green
	}
	worst := time.Duration(0)
	for _, s := range p.Stages {
		if s.Planned.IsZero() || s.Reached() {
			continue
		}
		due := s.Planned.AddDate(0, 0, 1)
		if at.Before(due) {
			continue
		}
		st.LateStages = append(st.LateStages, s.Name)
		worst = max(worst, at.Sub(due))
	}
	if len(st.LateStages) > 0 {
		reasons = append(reasons, "计划节点已过未达到："+strings.Join(st.LateStages, "、"))
		stageStatus, stageLight := progress.Lagging, progress.Yellow
		if worst > SeriousDelay {
			stageStatus, stageLight = progress.SeriouslyLagging, progress.Red
		}
		if rank(stageLight) > rank(st.Light) {
			st.Status, st.Light = stageStatus, stageLight
		}
	}
	st.Reason = strings.Join(reasons, "；")
	return st
}

// SeriousDelay is how long past its planned day an unreached stage makes
// a project seriously lagging.
const SeriousDelay = 90 * 24 * time.Hour

func rank(l progress.Light) int {
	switch l {
	case progress.Red:
		return 2
	case progress.Yellow:
		return 1
	}
	return 0
}

// monthEnd is the last day of period 2024-06, the zero time when
// malformed.
func monthEnd(period string, loc *time.Location) time.Time {
	y, m, ok := MonthlyReport{Period: period}.yearMonth()
	if !ok {
		return time.Time{}
	}
	return time.Date(y, time.Month(m)+1, 0, 0, 0, 0, 0, loc)
}
