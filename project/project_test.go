package project

import (
	"strings"
	"testing"
	"time"

	"ducha/ledger"
	"ducha/progress"
)

func d(y, m, day int) time.Time { return time.Date(y, time.Month(m), day, 0, 0, 0, 0, time.UTC) }

// sample is a 2024 project of 5000万元, 1200 planned this year (100 a
// month), 签约 and 前期手续 done, 开工 planned for the end of May.
func sample() Project {
	p := Project{Year: 2024, Code: "XM-001", Name: "示例物流园", Category: New, OwnerUnit: "示例区发展和改革局",
		Total: 5000, AnnualPlan: 1200, Stages: NewStages(), State: ledger.StateInProgress}
	p.Stages[0].Planned, p.Stages[0].Actual = d(2024, 1, 15), d(2024, 1, 10)
	p.Stages[1].Planned, p.Stages[1].Actual = d(2024, 3, 31), d(2024, 3, 20)
	p.Stages[2].Planned = d(2024, 5, 31)
	p.Stages[4].Planned = d(2024, 12, 31)
	return p
}

func TestEvaluate(t *testing.T) {
	started := sample()
	started.Stages[2].Actual = d(2024, 5, 28)
	longLate := sample()
	longLate.Stages[2].Planned = d(2024, 3, 1)
	longLate.Stages[1].Planned = d(2024, 2, 1)
	reserve := Project{Year: 2024, Code: "XM-009", Name: "储备项目", Category: Reserve, OwnerUnit: "u", Stages: NewStages()}
	july := d(2024, 7, 1)
	rep := func(cum float64) *MonthlyReport { return &MonthlyReport{Period: "2024-06", Cumulative: cum} }
	tests := []struct {
		name    string
		p       Project
		latest  *MonthlyReport
		at      time.Time
		status  progress.Status
		light   progress.Light
		late    []string
		planned float64
	}{
		// 600 of the 600 planned by the end of June, started on time.
		{"on the path", started, rep(600), july, progress.OnTrack, progress.Green, nil, 600},
		{"ahead", started, rep(700), july, progress.Ahead, progress.Green, nil, 600},
		// 500 of 600 is 83%: below 90%.
		{"investment behind", started, rep(500), july, progress.Lagging, progress.Yellow, nil, 600},
		// 300 of 600 is half: below 60%.
		{"investment far behind", started, rep(300), july, progress.SeriouslyLagging, progress.Red, nil, 600},
		// Money on the path but 开工 planned for 31 May not reached by 1 July.
		{"stage late", sample(), rep(600), july, progress.Lagging, progress.Yellow, []string{"开工"}, 600},
		// 开工 planned for 1 March: four months late.
		{"stage long late", longLate, rep(600), july, progress.SeriouslyLagging, progress.Red, []string{"开工"}, 600},
		// The stage's day itself is not late yet.
		{"stage due today", sample(), &MonthlyReport{Period: "2024-05", Cumulative: 500}, d(2024, 5, 31).Add(12 * time.Hour), progress.OnTrack, progress.Green, nil, 400 + 100*30.5/31}, // half a day before the end of May
		// Whole year reached.
		{"completed", started, &MonthlyReport{Period: "2024-11", Cumulative: 1200}, d(2024, 12, 1), progress.Completed, progress.Green, nil, 1100},
		{"reserve without plan or dates", reserve, nil, july, progress.OnTrack, progress.Green, nil, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Evaluate(tt.p, tt.latest, tt.at, progress.Thresholds{})
			if got.Status != tt.status || got.Light != tt.light {
				t.Errorf("status %s %s, want %s %s (%s)", got.Status, got.Light, tt.status, tt.light, got.Reason)
			}
			if strings.Join(got.LateStages, ",") != strings.Join(tt.late, ",") {
				t.Errorf("late stages %v, want %v", got.LateStages, tt.late)
			}
			if d := got.PlannedNow - tt.planned; d > 1e-6 || d < -1e-6 {
				t.Errorf("planned by now %v, want %v", got.PlannedNow, tt.planned)
			}
		})
	}
}

func TestPlannedBy(t *testing.T) {
	p := sample()
	if got := p.PlannedBy(3); got != 300 {
		t.Errorf("even spread by March = %v, want 300", got)
	}
	p.MonthlyPlan = [12]float64{0, 0, 100, 100, 200, 200, 200, 100, 100, 100, 50, 50}
	for _, c := range []struct {
		m    int
		want float64
	}{{0, 0}, {2, 0}, {3, 100}, {6, 600}, {12, 1200}} {
		if got := p.PlannedBy(c.m); got != c.want {
			t.Errorf("PlannedBy(%d) = %v, want %v", c.m, got, c.want)
		}
	}
}

func TestCheck(t *testing.T) {
	p := sample()
	prev := &MonthlyReport{Period: "2024-05", Cumulative: 500}
	tests := []struct {
		name string
		prev *MonthlyReport
		r    MonthlyReport
		want string // a part of the error, "" for none
	}{
		{"ordinary month", prev, MonthlyReport{Period: "2024-06", Month: 100, Cumulative: 600}, ""},
		{"falling without a word", prev, MonthlyReport{Period: "2024-06", Cumulative: 450}, "累计完成投资 450 低于上次报送的 500，须说明原因"},
		{"falling explained", prev, MonthlyReport{Period: "2024-06", Cumulative: 450, Explanation: "审计核减50万元"}, ""},
		{"above the total", nil, MonthlyReport{Period: "2024-06", Cumulative: 5000.5}, "超过总投资 5000"},
		{"开工 after 前期手续", prev, MonthlyReport{Period: "2024-06", Cumulative: 600, Stage: "开工", StageDate: d(2024, 6, 3)}, ""},
		{"竣工 before 主体施工", prev, MonthlyReport{Period: "2024-06", Cumulative: 600, Stage: "竣工", StageDate: d(2024, 6, 3)}, "「竣工」不能早于「主体施工」"},
		{"开工 dated before 前期手续", prev, MonthlyReport{Period: "2024-06", Cumulative: 600, Stage: "开工", StageDate: d(2024, 3, 1)}, "「开工」日期 2024-03-01 早于「前期手续」的 2024-03-20"},
		{"stage without day", prev, MonthlyReport{Period: "2024-06", Cumulative: 600, Stage: "开工"}, "达到「开工」须填写日期"},
		{"unknown stage", prev, MonthlyReport{Period: "2024-06", Cumulative: 600, Stage: "封顶", StageDate: d(2024, 6, 3)}, "不是本项目的建设阶段"},
		{"month above cumulative", prev, MonthlyReport{Period: "2024-06", Month: 700, Cumulative: 600}, "当月完成投资 700 大于累计完成投资 600"},
		{"other year", nil, MonthlyReport{Period: "2025-01", Cumulative: 10}, "不在项目计划年度 2024"},
		{"bad period", nil, MonthlyReport{Period: "June", Cumulative: 10}, "月份 \"June\" 无效"},
		{"bad problem code", nil, MonthlyReport{Period: "2024-06", Problems: []Problem{{Code: "weather"}}}, "问题类别 \"weather\" 无效"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := Check(p, tt.prev, tt.r)
			switch {
			case tt.want == "" && err != nil:
				t.Fatalf("unexpected error %v", err)
			case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)):
				t.Fatalf("error %v, want one saying %q", err, tt.want)
			}
		})
	}
}

func TestValidate(t *testing.T) {
	if err := sample().Validate(); err != nil {
		t.Fatal(err)
	}
	bad := sample()
	bad.Category, bad.OwnerUnit, bad.AnnualPlan = "改建", "", 6000
	err := bad.Validate()
	for _, want := range []string{"类别 \"改建\" 无效", "责任单位不能为空", "年度计划投资 6000 加以前年度完成 0 超过总投资 5000"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("error %v, want one saying %q", err, want)
		}
	}
	bad = sample()
	bad.MonthlyPlan[0] = 100
	if err := bad.Validate(); err == nil || !strings.Contains(err.Error(), "1–12月计划合计 100 与年度计划投资 1200 不符") {
		t.Errorf("error %v, want the monthly plan's sum", err)
	}
}

// TestWorkflow: a report is drafted, submitted, returned, corrected and
// approved, and the approval moves the project's stage.
func TestWorkflow(t *testing.T) {
	p := sample()
	at := d(2024, 7, 5)
	r := MonthlyReport{Period: "2024-06", Month: 100, Cumulative: 600, Stage: "开工", StageDate: d(2024, 6, 3), Progress: "基础施工"}
	r, next, err := Submit(p, nil, r, false, "unit", at)
	if err != nil || r.Status != ledger.ReportDraft || next != ledger.StateInProgress {
		t.Fatalf("draft: %v %s %s", err, r.Status, next)
	}
	r, _, err = Submit(p, nil, r, true, "unit", at)
	if err != nil || r.Status != ledger.ReportSubmitted {
		t.Fatalf("submit: %v %s", err, r.Status)
	}
	if _, _, err := Submit(p, nil, r, true, "unit", at); ledger.ErrorCode(err) != ledger.EConflict {
		t.Fatalf("resubmitting a submitted report: %v, want a conflict", err)
	}
	if _, _, err := Review(p, r, false, " ", "office", at); err == nil {
		t.Fatal("a return without a reason was accepted")
	}
	_, r, err = Review(p, r, false, "请补充照片", "office", at)
	if err != nil || r.Status != ledger.ReportReturned {
		t.Fatalf("return: %v %s", err, r.Status)
	}
	r, _, err = Submit(p, nil, r, true, "unit", at)
	if err != nil {
		t.Fatal(err)
	}
	p2, r, err := Review(p, r, true, "", "office", at)
	if err != nil || r.Status != ledger.ReportApproved {
		t.Fatalf("approve: %v %s", err, r.Status)
	}
	if got := p2.Current(); got != "开工" || !p2.Stages[2].Actual.Equal(d(2024, 6, 3)) || p2.Progress != "基础施工" {
		t.Errorf("after approval: stage %q on %v, progress %q", got, p2.Stages[2].Actual, p2.Progress)
	}
	if p.Current() != "前期手续" {
		t.Errorf("Review changed the project passed in: %q", p.Current())
	}
	dispatched := sample()
	dispatched.State = ledger.StateDispatched
	if _, _, err := Submit(dispatched, nil, MonthlyReport{Period: "2024-06"}, true, "unit", at); ledger.ErrorCode(err) != ledger.EConflict {
		t.Errorf("a report on a project not taken on: %v, want a conflict", err)
	}
}
