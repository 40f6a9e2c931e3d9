package supervise

import (
	"math"
	"strings"
	"testing"
	"time"

	"ducha/ledger"
	"ducha/progress"
)

func date(y, m, d int) time.Time { return time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC) }

func ptr[T any](v T) *T { return &v }

func TestPlanOf(t *testing.T) {
	tests := []struct {
		name string
		c    ledger.Commitment
		want progress.Plan
	}{
		{"count of new things", ledger.Commitment{Period: 2024, Deadline: ptr(date(2024, 12, 31)),
			Target: &ledger.Target{Value: "6000", Unit: "个", Comparator: "ge", BaselineValue: "10340"}},
			progress.Plan{Start: date(2024, 1, 1), Deadline: date(2024, 12, 31), Target: 6000, Direction: 1}},
		{"share starts from last year", ledger.Commitment{Period: 2024, Deadline: ptr(date(2024, 12, 31)),
			Target: &ledger.Target{Value: "65", Unit: "%", Comparator: "ge", BaselineValue: "63.5"}},
			progress.Plan{Start: date(2024, 1, 1), Deadline: date(2024, 12, 31), Baseline: 63.5, Target: 65, Direction: 1}},
		// 控制在3.5%以内 is a ceiling: held while at or below, whatever last
		// year's figure was — no path from it.
		{"a ceiling", ledger.Commitment{Period: 2024, Deadline: ptr(date(2024, 6, 30)),
			Target: &ledger.Target{Value: "3.5", Unit: "%", Comparator: "le", BaselineValue: "4.1"}},
			progress.Plan{Start: date(2024, 1, 1), Deadline: date(2024, 6, 30), Target: 3.5, Direction: -1, Kind: progress.KindCeiling}},
		// 降低到3.5% is a level to reach, down from last year's 4.1%.
		{"a level cut from last year's", ledger.Commitment{Period: 2024, Deadline: ptr(date(2024, 6, 30)), Text: "贫困发生率降低到3.5%",
			Target: &ledger.Target{Indicator: "贫困发生率", Value: "3.5", Unit: "%", Comparator: "eq", BaselineValue: "4.1"}},
			progress.Plan{Start: date(2024, 1, 1), Deadline: date(2024, 6, 30), Baseline: 4.1, Target: 3.5, Direction: -1, Kind: progress.KindLevel}},
		// 力争3年内新增1万个 in the 2024 report: due over 2024–2026.
		{"multi-year target", ledger.Commitment{Code: "2024-03-02-1", Period: 2026,
			Target: &ledger.Target{Value: "10000", Unit: "个", Comparator: "eq"}},
			progress.Plan{Start: date(2024, 1, 1), Deadline: date(2026, 12, 31), Target: 10000, Direction: 1, Kind: progress.KindMultiYear}},
		{"descriptive", ledger.Commitment{Period: 2024, Deadline: ptr(date(2024, 9, 30))},
			progress.Plan{Start: date(2024, 1, 1), Deadline: date(2024, 9, 30)}},
		{"milestones", ledger.Commitment{Period: 2024, Deadline: ptr(date(2024, 12, 31)),
			Target:     &ledger.Target{Value: "10", Unit: "所"},
			Milestones: []ledger.Milestone{{Due: date(2024, 6, 30), Expected: "4"}, {Due: date(2024, 3, 31), Description: "开工"}}},
			progress.Plan{Start: date(2024, 1, 1), Deadline: date(2024, 12, 31), Target: 10, Direction: 1,
				Milestones: []progress.Milestone{{Due: date(2024, 6, 30), Expected: 4, HasValue: true}, {Due: date(2024, 3, 31)}}}},
		{"multi-year deadline starts its own year", ledger.Commitment{Period: 2024, Deadline: ptr(date(2023, 12, 31))},
			progress.Plan{Start: date(2023, 1, 1), Deadline: date(2023, 12, 31)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := PlanOf(tt.c)
			if got.Start != tt.want.Start || got.Deadline != tt.want.Deadline || got.Target != tt.want.Target ||
				got.Baseline != tt.want.Baseline || got.Direction != tt.want.Direction || len(got.Milestones) != len(tt.want.Milestones) ||
				tt.want.Kind != "" && got.Kind != tt.want.Kind {
				t.Fatalf("PlanOf = %+v\nwant    %+v", got, tt.want)
			}
			for i := range got.Milestones {
				if got.Milestones[i] != tt.want.Milestones[i] {
					t.Errorf("milestone %d = %+v, want %+v", i, got.Milestones[i], tt.want.Milestones[i])
				}
			}
		})
	}
}

func TestCumulative(t *testing.T) {
	for _, tc := range []struct {
		t    *ledger.Target
		want bool
	}{
		{&ledger.Target{Value: "6000", Unit: "个"}, true},
		{&ledger.Target{Value: "65", Unit: "%"}, false},
		{&ledger.Target{Value: "0.5", Unit: "个百分点"}, false},
		{&ledger.Target{Value: "3", Unit: "%", Comparator: "le"}, false},
		{&ledger.Target{Value: "100", Unit: "吨", Change: "decrease"}, false},
		{nil, false},
	} {
		if got := Cumulative(ledger.Commitment{Target: tc.t}); got != tc.want {
			t.Errorf("Cumulative(%+v) = %v, want %v", tc.t, got, tc.want)
		}
	}
}

// TestEvaluate: hand-computed statuses of a 6000-place target on 1 July
// (expected 181/366 of the way through a leap year, 49.5%).
func TestEvaluate(t *testing.T) {
	c := ledger.Commitment{Kind: ledger.KindTarget, Period: 2024, Deadline: ptr(date(2024, 12, 31)),
		Target: &ledger.Target{Value: "6000", Unit: "个"}}
	at := time.Date(2024, 7, 1, 0, 0, 0, 0, time.UTC)
	th := progress.DefaultThresholds()
	view := func(value string, state ledger.State) ledger.CommitmentView {
		v := ledger.CommitmentView{Commitment: c, State: state, StateChangedAt: date(2024, 1, 20)}
		if value != "" {
			v.LatestApproved = &ledger.ProgressReport{Period: "2024-06", Value: value, Percent: -1, Status: ledger.ReportApproved,
				SubmittedAt: date(2024, 7, 1), ReviewedAt: date(2024, 7, 1)}
			v.LastReportAt = date(2024, 7, 1)
		}
		return v
	}
	tests := []struct {
		name  string
		v     ledger.CommitmentView
		want  progress.Status
		light progress.Light
	}{
		{"on track: 3000 of 2970 expected", view("3000", ledger.StateInProgress), progress.OnTrack, progress.Green},
		{"ahead: 3600", view("3600", ledger.StateInProgress), progress.Ahead, progress.Green},
		{"lagging: 2400 (ratio 0.81)", view("2400", ledger.StateInProgress), progress.Lagging, progress.Yellow},
		{"seriously lagging: 1200 (0.40)", view("1200", ledger.StateInProgress), progress.SeriouslyLagging, progress.Red},
		{"completed: 6000", view("6000", ledger.StateInProgress), progress.Completed, progress.Green},
		{"closed as completed", func() ledger.CommitmentView {
			v := view("5000", ledger.StateClosed)
			v.Outcome = ledger.OutcomeCompleted
			return v
		}(), progress.Completed, progress.Green},
		{"achievement of the review", ledger.CommitmentView{Commitment: ledger.Commitment{Kind: ledger.KindAchievement}}, progress.Completed, progress.Green},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := Evaluate(tt.v, at, progress.Month, th)
			if r.Status != tt.want || r.Light != tt.light {
				t.Errorf("status %s %s, want %s %s (%s)", r.Status, r.Light, tt.want, tt.light, r.Reason)
			}
		})
	}
	// A unit that has not reported since March is stale in July.
	v := view("3000", ledger.StateInProgress)
	v.LastReportAt = date(2024, 3, 5)
	if r := Evaluate(v, time.Date(2024, 7, 20, 0, 0, 0, 0, time.UTC), progress.Month, th); !r.Stale || r.Light != progress.Red {
		t.Errorf("no report since March: stale=%v light=%s", r.Stale, r.Light)
	}
	// Not yet dispatched: never stale.
	v.State = ledger.StateNew
	if r := Evaluate(v, time.Date(2024, 7, 20, 0, 0, 0, 0, time.UTC), progress.Month, th); r.Stale {
		t.Errorf("undispatched commitment flagged stale")
	}
}

func TestSummarizeAndFilter(t *testing.T) {
	mk := func(code, cat, lead string, st progress.Status, light progress.Light, actual float64) Item {
		return Item{CommitmentView: &ledger.CommitmentView{Commitment: ledger.Commitment{Code: code, Kind: ledger.KindTarget,
			Category: cat, Title: "任务" + code, Deadline: ptr(date(2024, 9, 30)), Assignment: ledger.Assignment{Lead: lead}},
			State: ledger.StateInProgress}, Result: progress.Result{Status: st, Light: light, Actual: actual, Completion: min(actual, 1)}}
	}
	items := []Item{
		mk("2024-01-01-1", "经济", "发改局", progress.OnTrack, progress.Green, 0.5),
		mk("2024-01-01-2", "经济", "发改局", progress.SeriouslyLagging, progress.Red, 0.1),
		mk("2024-02-01-1", "民生", "教育局", progress.Completed, progress.Green, 1.2),
		mk("2024-02-01-1.1", "民生", "教育局", progress.Overdue, progress.Red, 0.3),
		mk("2024-02-02-1", "民生", "", progress.Lagging, progress.Yellow, 0.4),
	}
	items[2].Commitment.Kind = ledger.KindTarget
	items[3].ParentCode = "2024-02-01-1"
	rollUpParents(items, progress.DefaultThresholds()) // as Items does
	s := Summarize(items, date(2024, 9, 10))
	// 2024-02-01-1 has a sub-task: only the leaf counts.
	if s.Targets != 4 {
		t.Fatalf("targets %d, want 4", s.Targets)
	}
	// completion = (0.5 + 0.1 + 0.3 + 0.4) / 4 = 0.325: the four top-level
	// tasks, equal weights, 2024-02-01-1 counting as its one sub-task's 0.3
	if d := s.All.Completion - 0.325; d > 1e-9 || d < -1e-9 {
		t.Errorf("completion %v, want 0.325", s.All.Completion)
	}
	if len(s.Lagging) != 3 || s.Lagging[0].Result.Status != progress.Overdue || s.Lagging[1].Result.Status != progress.SeriouslyLagging {
		t.Errorf("lagging order: %v", s.Lagging)
	}
	if len(s.ByCategory) != 2 || s.ByCategory[0].Name != "经济" || s.ByCategory[1].Total != 2 {
		t.Errorf("by category: %+v", s.ByCategory)
	}
	if s.ByUnit[len(s.ByUnit)-1].Name != "" || s.ByUnit[0].ByLight[progress.Red] != 1 {
		t.Errorf("by unit: %+v", s.ByUnit)
	}
	// The completed parent is not a leaf; the four leaves are all due.
	if len(s.DueThisMonth) != 4 {
		t.Errorf("due this month: %d, want 4", len(s.DueThisMonth))
	}
	for _, tc := range []struct {
		f    Filter
		want int
	}{
		{Filter{}, 5},
		{Filter{Status: progress.SeriouslyLagging}, 1},
		{Filter{Unit: "教育局"}, 2},
		{Filter{Query: "任务2024-02"}, 3},
		{Filter{Query: "任务 01-2"}, 1},
		// The overdue sub-task and its parent, which rolls it up.
		{Filter{Light: progress.Red, Category: "民生"}, 2},
	} {
		if _, n := Select(items, tc.f, 1, 2); n != tc.want {
			t.Errorf("Select(%+v) total %d, want %d", tc.f, n, tc.want)
		}
	}
	page2, total := Select(items, Filter{}, 2, 2)
	if total != 5 || len(page2) != 2 || page2[0].Code != "2024-02-01-1" {
		t.Errorf("page 2: %d items of %d, first %s", len(page2), total, page2[0].Code)
	}
}

func TestCheckEvidence(t *testing.T) {
	pdf := []byte("%PDF-1.7\n%âãÏÓ\n")
	png := []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
	zip := ooxmlPackage(map[string]string{"/word/document.xml": "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"}) // a Word file
	ole := append([]byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}, make([]byte, 32)...)
	tests := []struct {
		name string
		data []byte
		ct   string
		err  string
	}{
		{"验收报告.pdf", pdf, "application/pdf", ""},
		{"现场.PNG", png, "image/png", ""},
		{"方案.docx", zip, "application/vnd.openxmlformats-officedocument.wordprocessingml.document", ""},
		{"旧台账.xls", ole, "application/vnd.ms-excel", ""},
		{"说明.txt", []byte("学位建设情况说明"), "text/plain; charset=utf-8", ""},
		{"伪装.pdf", []byte("MZ\x90\x00"), "", "不符"},
		{"伪装.xls", zip, "", "不符"},
		{"页面.html", []byte("<html></html>"), "", "不受支持"},
		{"脚本.js", []byte("alert(1)"), "", "不受支持"},
		{"无扩展名", pdf, "", "不受支持"},
		{"../../etc/passwd.txt", []byte("x"), "", "无效"},
		{"空.pdf", nil, "", "空文件"},
		{"大.pdf", append(pdf, make([]byte, MaxEvidenceBytes)...), "", "上限"},
	}
	for _, tt := range tests {
		ct, err := CheckEvidence(tt.name, tt.data)
		if tt.err == "" {
			if err != nil || ct != tt.ct {
				t.Errorf("%s: %q, %v; want %q", tt.name, ct, err, tt.ct)
			}
			continue
		}
		if err == nil || !strings.Contains(err.Error(), tt.err) {
			t.Errorf("%s: error %v, want one containing %q", tt.name, err, tt.err)
		}
	}
}

func TestSettingsValidate(t *testing.T) {
	if err := DefaultSettings().Validate(); err != nil {
		t.Fatal(err)
	}
	bad := DefaultSettings()
	bad.Period = "week"
	bad.Serious = 0.95
	bad.ReplyDays = 0
	bad.Recipients = []Recipient{{Unit: "教育局", Channel: "fax", To: "123"}, {Channel: "wecom", To: "ftp://x"}}
	err := bad.Validate()
	if err == nil {
		t.Fatal("bad settings accepted")
	}
	for _, want := range []string{"填报周期", "进度阈值", "督办回复期限", "第1个接收人：渠道", "第2个接收人：Webhook"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not mention %q", err, want)
		}
	}
}

func TestPeriodName(t *testing.T) {
	for in, want := range map[string]string{"2024-06": "2024年6月", "2024-11": "2024年11月", "2024-Q2": "2024年第二季度", "x": "x"} {
		if got := PeriodName(in); got != want {
			t.Errorf("PeriodName(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestFormatAmount(t *testing.T) {
	for _, tc := range []struct {
		v    float64
		unit string
		want string
	}{
		{10340, "个", "10340个"},
		{53000, "人次", "53000人次"},
		{163000, "人次", "16.3万人次"},
		{1860000000, "元", "18.6亿元"},
		{65.25, "%", "65.25%"},
		{0.5, "个百分点", "0.5个百分点"},
	} {
		if got := formatAmount(tc.v, tc.unit); got != tc.want {
			t.Errorf("formatAmount(%v, %q) = %q, want %q", tc.v, tc.unit, got, tc.want)
		}
	}
	// As stored: a decimal string, or anything else kept as it is.
	for value, want := range map[string]string{"9959016393": "99.59亿元", "1793": "1793元", "约一半": "约一半元"} {
		if got := FormatAmount(value, "元"); got != want {
			t.Errorf("FormatAmount(%q, 元) = %q, want %q", value, got, want)
		}
	}
}

func TestAchievementClause(t *testing.T) {
	it := Item{CommitmentView: &ledger.CommitmentView{
		Commitment:     ledger.Commitment{Title: "新增学位6000个以上", Target: &ledger.Target{Indicator: "新增学位", Value: "6000", Unit: "个", Quantity: "6000个"}},
		LatestApproved: &ledger.ProgressReport{Value: "10340", Percent: -1},
	}}
	if got, ok := achievementClause(it); !ok || got != "新增学位10340个，完成年度目标的172%" {
		t.Errorf("clause %q", got)
	}
	// The other kinds, each as a person would write the year's result.
	for _, tc := range []struct {
		title  string
		target ledger.Target
		value  string
		want   string
	}{
		{"社会消费品零售总额增长7%左右", ledger.Target{Indicator: "社会消费品零售总额", Value: "7", Unit: "%", Comparator: "approx", Change: "increase"},
			"8", "社会消费品零售总额增长8%，高于目标1个百分点"},
		{"地区生产总值增长6%左右", ledger.Target{Indicator: "地区生产总值", Value: "6", Unit: "%", Comparator: "approx", Change: "increase"},
			"5.2", "地区生产总值增长5.2%，低于目标0.8个百分点"},
		{"居民人均可支配收入增长6%-7%", ledger.Target{Indicator: "居民人均可支配收入", Value: "6", High: "7", Unit: "%", Comparator: "ge", Change: "increase"},
			"6.4", "居民人均可支配收入增长6.4%，处于目标区间内"},
		{"城镇调查失业率控制在5.5%以内", ledger.Target{Indicator: "城镇调查失业率", Value: "5.5", Unit: "%", Comparator: "le"},
			"3", "城镇调查失业率3%，实现5.5%以内的控制目标"},
		{"城镇调查失业率控制在5.5%以内", ledger.Target{Indicator: "城镇调查失业率", Value: "5.5", Unit: "%", Comparator: "le"},
			"5.9", "城镇调查失业率5.9%，高于5.5%以内的控制目标"},
		{"单位地区生产总值能耗下降3.4%", ledger.Target{Indicator: "单位地区生产总值能耗", Value: "3.4", Unit: "%", Comparator: "eq", Change: "decrease"},
			"3.6", "单位地区生产总值能耗下降3.6%，高于目标降幅0.2个百分点"},
		{"森林覆盖率达到45%", ledger.Target{Indicator: "森林覆盖率", Value: "45", Unit: "%", Comparator: "ge", BaselineValue: "44.2"},
			"45.3", "森林覆盖率45.3%，高于目标0.3个百分点"},
	} {
		target := tc.target
		it := Item{CommitmentView: &ledger.CommitmentView{
			Commitment:     ledger.Commitment{Code: "2024-01-02-1.1", Period: 2024, Title: tc.title, Text: tc.title, Target: &target},
			LatestApproved: &ledger.ProgressReport{Value: tc.value, Percent: -1},
		}}
		if got, ok := achievementClause(it); !ok || got != tc.want {
			t.Errorf("%s, %s: clause %q, want %q", tc.title, tc.value, got, tc.want)
		}
	}
	it.Target = nil
	it.LatestApproved = &ledger.ProgressReport{Percent: 80}
	if got, _ := achievementClause(it); got != "新增学位6000个以上，完成80%" {
		t.Errorf("descriptive clause %q", got)
	}
	it.LatestApproved = nil
	if _, ok := achievementClause(it); ok {
		t.Error("a clause without approved progress")
	}
}

// TestRollUpParents: a parent whose sub-tasks stand at 64% and 55% (weights
// 30 and 10) shows 0.75×64% + 0.25×55% = 61.75%, not 0%; a parent of
// parents rolls up the rolled-up figure; achievements are left alone.
func TestRollUpParents(t *testing.T) {
	mk := func(code, parent string, w float64, r progress.Result) Item {
		return Item{CommitmentView: &ledger.CommitmentView{Commitment: ledger.Commitment{Code: code, ParentCode: parent,
			Kind: ledger.KindTarget, Weight: w}}, Result: r}
	}
	items := []Item{
		mk("2024-02-01-1", "", 0, progress.Result{Status: progress.NotStarted}),
		mk("2024-02-01-1.1", "2024-02-01-1", 30, progress.Result{Status: progress.OnTrack, Completion: 0.64, Expected: 0.7}),
		mk("2024-02-01-1.2", "2024-02-01-1", 10, progress.Result{Status: progress.Lagging, Completion: 0.55, Expected: 0.7}),
		mk("2024-02-01-2", "", 0, progress.Result{Status: progress.NotStarted}),
		mk("2024-02-01-2.1", "2024-02-01-2", 0, progress.Result{Status: progress.NotStarted}),
		mk("2024-02-01-2.1.1", "2024-02-01-2.1", 0, progress.Result{Status: progress.Completed, Completion: 1, Expected: 0.5}),
		mk("2024-02-01-2.1.2", "2024-02-01-2.1", 0, progress.Result{Status: progress.OnTrack, Completion: 0.5, Expected: 0.5}),
	}
	rollUpParents(items, progress.DefaultThresholds())
	if r := items[0].Result; math.Abs(r.Completion-0.6175) > 1e-9 || r.Status != progress.Lagging {
		t.Errorf("parent: %+v", r) // 61.75% of 70% is a ratio of 0.88
	}
	// 2.1 is (100% + 50%)/2 = 75% of 50% expected: ahead; 2 the same.
	for _, i := range []int{4, 3} {
		if r := items[i].Result; math.Abs(r.Completion-0.75) > 1e-9 || r.Status != progress.Ahead {
			t.Errorf("%s: %+v", items[i].Code, r)
		}
	}
	if kids := Children(items, "2024-02-01-1"); len(kids) != 2 || kids[1].Code != "2024-02-01-1.2" {
		t.Errorf("children %v", kids)
	}
}
