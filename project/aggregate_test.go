package project

import (
	"reflect"
	"testing"

	"ducha/ledger"
	"ducha/progress"
)

func TestPropose(t *testing.T) {
	tests := []struct {
		clause string
		want   []Proposal
	}{
		{"推动示例物流园等30个项目开工建设", []Proposal{{Link{MeasureStageCount, "开工"}, 30, []string{"示例物流园"}}}},
		{"示例冷链中心、示例大厦等8个项目竣工投用", []Proposal{{Link{MeasureStageCount, "投用"}, 8, []string{"示例冷链中心", "示例大厦"}}}},
		{"20个重点项目进入主体施工", []Proposal{{Link{MeasureStageCount, "主体施工"}, 20, nil}}},
		{"加快推进12个项目开建，完成投资150亿元以上，项目开工率达到85%以上", []Proposal{
			{Link{MeasureStageCount, "开工"}, 12, nil},
			{Link{MeasureInvestment, ""}, 1500000, nil},
			{Link{MeasureStageRate, "开工"}, 85, nil}}},
		{"完成投资3.5亿元", []Proposal{{Link{MeasureInvestment, ""}, 35000, nil}}},
		{"实施重点项目90个，其中新开工项目25个、竣工投产项目18个", []Proposal{
			{Link{MeasureStageCount, "开工"}, 25, nil}, {Link{MeasureStageCount, "投用"}, 18, nil}}},
		{"完成年度投资80亿元", []Proposal{{Link{MeasureInvestment, ""}, 800000, nil}}},
		{"示例电池材料等4个项目建成投产", []Proposal{{Link{MeasureStageCount, "投用"}, 4, []string{"示例电池材料"}}}},
		// No stage: 储备 projects are not a stage reached.
		{"谋划储备50个项目", nil},
	}
	for _, tt := range tests {
		if got := Propose(tt.clause); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("Propose(%q) =\n%+v\nwant\n%+v", tt.clause, got, tt.want)
		}
	}
}

func TestMatch(t *testing.T) {
	ps := []Project{{ID: 1, Name: "示例物流园二期"}, {ID: 2, Name: "示例大厦"}, {ID: 3, Name: "示例冷链中心"}}
	if got := Match([]string{"示例物流园", "示例冷链中心"}, ps); !reflect.DeepEqual(got, []int64{1, 3}) {
		t.Errorf("Match = %v, want [1 3]", got)
	}
}

// TestLinkedYear: three linked projects report month by month; the
// commitments "2个项目开工", "完成投资X" and "开工率" computed from their
// approved reports at the end of each quarter.
func TestLinkedYear(t *testing.T) {
	mk := func(id int64, start string) Project {
		p := sample()
		p.ID, p.Code = id, "XM-00"+string(rune('0'+id))
		p.Stages[2].Planned = d(2024, 1, 1)
		_ = start
		return p
	}
	a, b, c := mk(1, ""), mk(2, ""), mk(3, "")
	// Month by month: (project, period, cumulative, stage reached, day).
	type rep struct {
		p      *Project
		period string
		cum    float64
		stage  string
		day    int
	}
	script := []rep{
		{&a, "2024-03", 200, "开工", 25}, {&b, "2024-03", 50, "", 0},
		{&a, "2024-06", 600, "", 0}, {&b, "2024-06", 300, "开工", 5}, {&c, "2024-06", 100, "", 0},
		{&a, "2024-09", 900, "主体施工", 1}, {&b, "2024-09", 700, "", 0}, {&c, "2024-09", 400, "", 0},
	}
	latest := map[int64]*MonthlyReport{}
	want := map[string][3]float64{ // count reached 开工, investment, 开工率
		"2024-03": {1, 250, 100.0 / 3},
		"2024-06": {2, 1000, 200.0 / 3},
		"2024-09": {2, 2000, 200.0 / 3},
	}
	for i, x := range script {
		r := MonthlyReport{ProjectID: x.p.ID, Period: x.period, Cumulative: x.cum, Stage: x.stage, Status: ledger.ReportSubmitted}
		if x.stage != "" {
			r.StageDate = d(2024, 3, x.day)
			if x.period != "2024-03" {
				r.StageDate = d(2024, int(x.period[6]-'0'), x.day)
			}
		}
		np, rr, err := Review(*x.p, r, true, "", "office", d(2024, 10, 1))
		if err != nil {
			t.Fatalf("%s %s: %v", x.p.Code, x.period, err)
		}
		*x.p, latest[x.p.ID] = np, &rr
		if i+1 < len(script) && script[i+1].period == x.period {
			continue
		}
		items := []Item{}
		for _, p := range []*Project{&a, &b, &c} {
			items = append(items, Item{Project: *p, Latest: latest[p.ID]})
		}
		w := want[x.period]
		got := [3]float64{Aggregate(Link{MeasureStageCount, "开工"}, items).Value,
			Aggregate(Link{MeasureInvestment, ""}, items).Value, Aggregate(Link{MeasureStageRate, "开工"}, items).Value}
		if got != w {
			t.Errorf("%s: count, investment, rate = %v, want %v", x.period, got, w)
		}
	}
	// The progress of "完成投资3000万元" by the end of September: 2000 of
	// the 2250 planned (3000 × 9/12) is 89%, just lagging.
	items := []Item{{Project: a, Latest: latest[1]}, {Project: b, Latest: latest[2]}, {Project: c, Latest: latest[3]}}
	fig := Aggregate(Link{MeasureInvestment, ""}, items)
	pl := progress.Plan{Start: d(2024, 1, 1), Deadline: d(2024, 12, 31), Target: 3000, Direction: 1, Kind: progress.KindCount}
	res := progress.Evaluate(pl, &progress.Report{Value: fig.Value, HasValue: true, Percent: -1}, d(2024, 9, 30), d(2024, 9, 30), d(2024, 10, 1), progress.Thresholds{})
	if res.Status != progress.Lagging {
		t.Errorf("investment commitment %s (%s), want lagging", res.Status, res.Reason)
	}
}
