package project

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"ducha/ledger"
)

// Category is the kind of project in the plan sheet.
type Category string

// The categories.
const (
	New         Category = "新建"
	Continuing  Category = "续建"
	Reserve     Category = "储备"
	Preliminary Category = "前期"
)

// Categories lists every Category in the sheets' order.
var Categories = []Category{New, Continuing, Reserve, Preliminary}

// Valid reports whether c is one of Categories.
func (c Category) Valid() bool { return slices.Contains(Categories, c) }

// DefaultStages are the stages of a project, in order, when the office
// configures none.
var DefaultStages = []string{"签约", "前期手续", "开工", "主体施工", "竣工", "投用"}

// Stage is one stage of a project: the day planned and the day reached
// (zero when not planned, not reached).
type Stage struct {
	Name    string
	Planned time.Time
	Actual  time.Time
}

// Reached reports whether the stage was reached.
func (s Stage) Reached() bool { return !s.Actual.IsZero() }

// Project is one project of the 重点项目计划表.
type Project struct {
	ID         int64
	Year       int    // the plan year of the sheet
	Code       string // 项目编号, unique within the year
	Name       string // 项目名称
	Category   Category
	Industry   string  // 行业
	OwnerUnit  string  // 责任单位: reports monthly
	Builder    string  // 建设单位
	Leader     string  // 包抓领导
	Location   string  // 建设地点
	Content    string  // 建设内容及规模
	Total      float64 // 总投资, 万元
	Before     float64 // completed before the plan year, 万元
	AnnualPlan float64 // 年度计划投资, 万元
	// MonthlyPlan is the investment planned in each month (1–12月计划),
	// 万元; all zero means an even spread of AnnualPlan.
	MonthlyPlan [12]float64
	// Stages in order, each with planned and actual days.
	Stages []Stage
	// Progress is the latest approved 形象进度.
	Progress string
	// State is the workflow state (package ledger's).
	State ledger.State
	// Commitments are the ids of the commitments the project serves.
	Commitments []int64
}

// NewStages returns the stages named (DefaultStages when none), without
// days.
func NewStages(names ...string) []Stage {
	if len(names) == 0 {
		names = DefaultStages
	}
	out := make([]Stage, len(names))
	for i, n := range names {
		out[i].Name = n
	}
	return out
}

// StageIndex is the index of the stage called name, -1 if none.
func (p Project) StageIndex(name string) int {
	return slices.IndexFunc(p.Stages, func(s Stage) bool { return s.Name == name })
}

// Current is the last stage reached, "" when none.
func (p Project) Current() string {
	cur := ""
	for _, s := range p.Stages {
		if s.Reached() {
			cur = s.Name
		}
	}
	return cur
}

// Limits of the text fields, in characters.
const (
	MaxNameLen     = 200
	MaxTextLen     = 100
	MaxContentLen  = 2000
	MaxProgressLen = 4000
)

// Validate checks a project as the office enters or imports it; the
// error names every field that is wrong, in Chinese.
func (p Project) Validate() error {
	var bad []string
	add := func(format string, args ...any) { bad = append(bad, fmt.Sprintf(format, args...)) }
	if strings.TrimSpace(p.Name) == "" {
		add("项目名称不能为空")
	}
	if strings.TrimSpace(p.Code) == "" {
		add("项目编号不能为空")
	}
	if p.Year < 2000 || p.Year > 2100 {
		add("年度 %d 无效", p.Year)
	}
	if !p.Category.Valid() {
		add("类别 %q 无效（应为新建、续建、储备或前期）", p.Category)
	}
	if strings.TrimSpace(p.OwnerUnit) == "" {
		add("责任单位不能为空")
	}
	for _, f := range []struct {
		name, v string
		max     int
	}{{"项目名称", p.Name, MaxNameLen}, {"项目编号", p.Code, ledger.MaxCodeLen}, {"行业", p.Industry, MaxTextLen},
		{"责任单位", p.OwnerUnit, ledger.MaxUnitNameLen}, {"建设单位", p.Builder, MaxNameLen},
		{"包抓领导", p.Leader, ledger.MaxPersonLen}, {"建设地点", p.Location, MaxNameLen},
		{"建设内容及规模", p.Content, MaxContentLen}, {"形象进度", p.Progress, MaxProgressLen}} {
		if m := ledger.TooLong(f.v, f.max); m != "" {
			add("%s%s", f.name, m)
		}
	}
	money := func(name string, v float64) bool {
		if math.IsNaN(v) || math.IsInf(v, 0) || v < 0 {
			add("%s %v 无效（应为非负数）", name, v)
			return false
		}
		return true
	}
	okTotal := money("总投资", p.Total)
	okAnnual := money("年度计划投资", p.AnnualPlan)
	money("以前年度完成投资", p.Before)
	var sum float64
	for i, m := range p.MonthlyPlan {
		if money(fmt.Sprintf("%d月计划", i+1), m) {
			sum += m
		}
	}
	if okTotal && okAnnual && p.Total > 0 && p.Before+p.AnnualPlan > p.Total+eps {
		add("年度计划投资 %s 加以前年度完成 %s 超过总投资 %s", Amount(p.AnnualPlan), Amount(p.Before), Amount(p.Total))
	}
	if sum > 0 && math.Abs(sum-p.AnnualPlan) > 0.005 {
		add("1–12月计划合计 %s 与年度计划投资 %s 不符", Amount(sum), Amount(p.AnnualPlan))
	}
	if len(p.Stages) == 0 {
		add("没有建设阶段")
	}
	seen := map[string]bool{}
	var lastPlanned time.Time
	var lastName string
	for _, s := range p.Stages {
		if strings.TrimSpace(s.Name) == "" || seen[s.Name] {
			add("阶段名 %q 为空或重复", s.Name)
		}
		seen[s.Name] = true
		if !s.Planned.IsZero() {
			if !lastPlanned.IsZero() && s.Planned.Before(lastPlanned) {
				add("计划%s时间 %s 早于计划%s时间 %s", s.Name, day(s.Planned), lastName, day(lastPlanned))
			}
			lastPlanned, lastName = s.Planned, s.Name
		}
	}
	if len(bad) > 0 {
		return ledger.Errorf(ledger.EInvalid, "%s", strings.Join(bad, "；"))
	}
	return nil
}

// PlannedBy is the investment the plan expects completed in the plan
// year by the end of month m (1–12): the monthly plan summed, or an even
// spread of AnnualPlan when no month is given.
func (p Project) PlannedBy(m int) float64 {
	m = max(0, min(m, 12))
	var sum, all float64
	for i, v := range p.MonthlyPlan {
		all += v
		if i < m {
			sum += v
		}
	}
	if all == 0 {
		return p.AnnualPlan * float64(m) / 12
	}
	return sum
}

const eps = 1e-6

// Amount formats a figure of 万元 without trailing zeros: 1200, 35.5.
func Amount(v float64) string {
	s := fmt.Sprintf("%.2f", v)
	s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	if s == "-0" {
		s = "0"
	}
	return s
}

func day(t time.Time) string { return t.Format(time.DateOnly) }
