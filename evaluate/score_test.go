package evaluate

import (
	"encoding/json"
	"math"
	"strings"
	"testing"
	"time"

	"ducha/ledger"
)

func date(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

// at is the evaluation moment of the tests: the end of 2024-12-31.
var at = time.Date(2024, 12, 31, 23, 59, 59, 0, time.UTC)

func open(code string, weight, done float64) Commitment {
	return Commitment{Code: code, Kind: ledger.KindTarget, Weight: weight, Done: done}
}

func closed(code string, o ledger.Outcome, done float64) Commitment {
	return Commitment{Code: code, Kind: ledger.KindTarget, Done: done, Closed: true, Outcome: o}
}

// periods returns n monthly periods of 2024 from month first, the first
// onTime of them submitted on the 5th of the next month and the others on
// the 20th (late).
func periods(first time.Month, n, onTime int) []Period {
	var out []Period
	for i := 0; i < n; i++ {
		m := first + time.Month(i)
		p := Period{Code: "c", Period: "2024-" + string(rune('0'+int(m)/10)) + string(rune('0'+int(m)%10)),
			End: date(2024, m+1, 0)}
		if i < onTime {
			p.Submitted = date(2024, m+1, 5).Add(9 * time.Hour)
		} else {
			p.Submitted = date(2024, m+1, 20).Add(9 * time.Hour)
		}
		out = append(out, p)
	}
	return out
}

// orders returns n 督办单 due on 2024-09-10, the first onTime of them
// answered on the 9th and the others on the 12th.
func orders(n, onTime int) []Order {
	var out []Order
	for i := 0; i < n; i++ {
		o := Order{No: "督办", IssuedAt: date(2024, 9, 5), ReplyBy: date(2024, 9, 10), RepliedAt: date(2024, 9, 9)}
		if i >= onTime {
			o.RepliedAt = date(2024, 9, 12)
		}
		out = append(out, o)
	}
	return out
}

// typical is the input of several cases: three tasks without weights
// done 100%, 50% and 75%; 8 periods owed, 6 on time; 2 督办单, 1 on time;
// 20 reports, 2 returned.
func typical() Input {
	return Input{Unit: "示例区教育局", At: at,
		Commitments: []Commitment{open("a", 0, 1), open("b", 0, 0.5), open("c", 0, 0.75)},
		Periods:     periods(time.February, 8, 6),
		Orders:      orders(2, 1),
		Reports:     20, Returned: 2,
	}
}

type want struct {
	rates  [4]float64 // raw rates: completion, timeliness, replies, returns
	points [4]float64
	total  float64
	notes  [4]string // Chinese notes, "" not checked
}

func TestScore(t *testing.T) {
	def := DefaultFormula()
	equalParts := def
	equalParts.Weights = Weights{Completion: 3, Timeliness: 1, Replies: 1, Returns: 1}
	fractions := def
	fractions.Weights = Weights{Completion: 0.6, Timeliness: 0.2, Replies: 0.1, Returns: 0.1}
	fixedPartly := def
	fixedPartly.Partly = Credit{Fixed: 0.5}
	fixedPartly.NotCompleted = Credit{Progress: true}
	withAchievements := def
	withAchievements.Achievements = true

	tests := []struct {
		name string
		in   Input
		f    Formula
		want want
	}{
		{
			// Completion: equal shares, (1 + 0.5 + 0.75) / 3 = 0.75 → 0.75 × 60 = 45.
			// Timeliness: 6 of 8 periods on time = 0.75 → 0.75 × 20 = 15.
			// Replies: 1 of 2 督办单 on time = 0.5 → 0.5 × 10 = 5.
			// Returns: 2 of 20 reports returned = 0.1 → (1 − 0.1) × 10 = 9.
			// Total: 45 + 15 + 5 + 9 = 74.
			name: "default formula",
			in:   typical(),
			f:    def,
			want: want{
				rates:  [4]float64{0.75, 0.75, 0.5, 0.1},
				points: [4]float64{45, 15, 5, 9},
				total:  74,
				notes:  [4]string{"3项任务，已完成1项", "应报8期，按时6期", "督办单2件，按时回复1件", "报送20份，被退回2份"},
			},
		},
		{
			// Weights 3:1:1:1 sum to 6: the parts earn 300/6 = 50 and
			// 100/6 = 16.667 points.
			// 0.75 × 50 = 37.5; 0.75 × 16.667 = 12.5; 0.5 × 16.667 = 8.333;
			// 0.9 × 16.667 = 15. Total 37.5 + 12.5 + 8.333 + 15 = 73.333 → 73.33.
			name: "weights summing to 6",
			in:   typical(),
			f:    equalParts,
			want: want{
				rates:  [4]float64{0.75, 0.75, 0.5, 0.1},
				points: [4]float64{37.5, 12.5, 25.0 / 3, 15},
				total:  73.33,
			},
		},
		{
			// Weights 0.6:0.2:0.1:0.1 sum to 1: the same as 60:20:10:10 → 74.
			name: "weights summing to 1",
			in:   typical(),
			f:    fractions,
			want: want{
				rates:  [4]float64{0.75, 0.75, 0.5, 0.1},
				points: [4]float64{45, 15, 5, 9},
				total:  74,
			},
		},
		{
			// Completion with task weights 3, 1 and 0: the unweighted task
			// gets the average of the weighted ones, (3 + 1) / 2 = 2, so the
			// shares are 3/6, 1/6 and 2/6:
			// 0.4 × 3/6 + 1 × 1/6 + 0.7 × 2/6 = 0.2 + 0.1667 + 0.2333 = 0.6 → 0.6 × 60 = 36.
			// Timeliness: periods ending 2024-09-30, 10-31 and 11-30; the
			// deadline is the end of the 10th day after: 10-10, 11-10, 12-10.
			// September's report came on 10-10 at 23:00 (on time), October's
			// on 11-11 at 09:00 (late), November's never (late); December
			// ends 12-31 and is due 2025-01-10, after the evaluation: not
			// counted. 1 of 3 → 1/3 × 20 = 6.667.
			// Replies: no 督办单 → full marks, 10.
			// Returns: 1 of 4 → (1 − 0.25) × 10 = 7.5.
			// Total: 36 + 6.667 + 10 + 7.5 = 60.1667 → 60.17.
			name: "task weights, grace boundary, no orders",
			in: Input{Unit: "示例区民政局", At: at,
				Commitments: []Commitment{open("a", 3, 0.4), open("b", 1, 1), open("c", 0, 0.7)},
				Periods: []Period{
					{Code: "a", Period: "2024-09", End: date(2024, 9, 30), Submitted: date(2024, 10, 10).Add(23 * time.Hour)},
					{Code: "a", Period: "2024-10", End: date(2024, 10, 31), Submitted: date(2024, 11, 11).Add(9 * time.Hour)},
					{Code: "a", Period: "2024-11", End: date(2024, 11, 30)},
					{Code: "a", Period: "2024-12", End: date(2024, 12, 31)},
				},
				Reports: 4, Returned: 1,
			},
			f: def,
			want: want{
				rates:  [4]float64{0.6, 1.0 / 3, 1, 0.25},
				points: [4]float64{36, 20.0 / 3, 10, 7.5},
				total:  60.17,
				notes:  [4]string{"3项任务，已完成1项", "应报3期，按时1期，另有1期未到报送期限", "无督办单，按满分计", "报送4份，被退回1份"},
			},
		},
		{
			// Closed tasks with the defaults: partly completed at 60% counts
			// 0.6, not completed (90% reported) counts 0, completed counts 1
			// whatever was last reported; the achievement does not count.
			// (0.6 + 0 + 1) / 3 = 0.5333 → 0.5333 × 60 = 32.
			// No period owed → full marks, 20.
			// 督办单: answered on the reply day (on time), answered the day
			// after (late), unanswered past the reply day (late),
			// unanswered and not yet due (not counted), issued after the
			// evaluation (not counted): 1 of 3 → 1/3 × 10 = 3.333.
			// No report → return rate 0 → 10.
			// Total: 32 + 20 + 3.333 + 10 = 65.333 → 65.33.
			name: "closed short, orders pending, nothing owed",
			in:   closedInput(),
			f:    def,
			want: want{
				rates:  [4]float64{1.6 / 3, 1, 1.0 / 3, 0},
				points: [4]float64{32, 20, 10.0 / 3, 10},
				total:  65.33,
				notes:  [4]string{"3项任务，已完成1项", "无应报期次，按满分计", "督办单3件，按时回复1件，另有1件未到回复时限", "未报送进展，退回率按0计"},
			},
		},
		{
			// The same with partly completed counting a fixed 50% and not
			// completed counting its reported 90%:
			// (0.5 + 0.9 + 1) / 3 = 0.8 → 48. Total 48 + 20 + 3.333 + 10 = 81.33.
			name: "closed short, other credits",
			in:   closedInput(),
			f:    fixedPartly,
			want: want{
				rates:  [4]float64{0.8, 1, 1.0 / 3, 0},
				points: [4]float64{48, 20, 10.0 / 3, 10},
				total:  81.33,
			},
		},
		{
			// Counting achievements: (0.6 + 0 + 1 + 1) / 4 = 0.65 → 39.
			// Total 39 + 20 + 3.333 + 10 = 72.33.
			name: "achievements counted",
			in:   closedInput(),
			f:    withAchievements,
			want: want{
				rates:  [4]float64{0.65, 1, 1.0 / 3, 0},
				points: [4]float64{39, 20, 10.0 / 3, 10},
				total:  72.33,
			},
		},
		{
			// Progress beyond the target counts 1, a figure that moved away
			// from the target counts 0: (1 + 0) / 2 = 0.5 → 30. Two periods
			// owed and none reported → 0. No 督办单 → 10. 5 reports, all
			// returned → (1 − 1) × 10 = 0. Total 30 + 0 + 10 + 0 = 40.
			name: "capped progress, nothing on time, all returned",
			in: Input{Unit: "示例区水务局", At: at,
				Commitments: []Commitment{open("a", 0, 1.3), open("b", 0, -0.2)},
				Periods:     []Period{{Code: "a", Period: "2024-10", End: date(2024, 10, 31)}, {Code: "b", Period: "2024-10", End: date(2024, 10, 31)}},
				Reports:     5, Returned: 5,
			},
			f: def,
			want: want{
				rates:  [4]float64{0.5, 0, 1, 1},
				points: [4]float64{30, 0, 10, 0},
				total:  40,
				notes:  [4]string{"2项任务，已完成1项", "应报2期，按时0期", "无督办单，按满分计", "报送5份，被退回5份"},
			},
		},
		{
			// Everything perfect: 60 + 20 + 10 + 10 = 100.
			name: "full marks",
			in: Input{Unit: "示例区财政局", At: at,
				Commitments: []Commitment{open("a", 2, 1), closed("b", ledger.OutcomeCompleted, 0)},
				Periods:     periods(time.March, 3, 3),
				Orders:      orders(1, 1),
				Reports:     3,
			},
			f: def,
			want: want{
				rates:  [4]float64{1, 1, 1, 0},
				points: [4]float64{60, 20, 10, 10},
				total:  100,
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := tt.f.Validate(); err != nil {
				t.Fatal(err)
			}
			got := Score(tt.in, tt.f)
			if !got.Ranked {
				t.Errorf("not ranked")
			}
			if got.Total != tt.want.total {
				t.Errorf("total %v, want %v", got.Total, tt.want.total)
			}
			for i, p := range got.Parts() {
				if p.Part != Parts[i] {
					t.Errorf("part %d is %s, want %s", i, p.Part, Parts[i])
				}
				if !near(p.Rate, tt.want.rates[i]) {
					t.Errorf("%s: rate %v, want %v", p.Part, p.Rate, tt.want.rates[i])
				}
				if !near(p.Points, tt.want.points[i]) {
					t.Errorf("%s: points %v, want %v", p.Part, p.Points, tt.want.points[i])
				}
				if n := tt.want.notes[i]; n != "" && p.Note("zh") != n {
					t.Errorf("%s: note %q, want %q", p.Part, p.Note("zh"), n)
				}
			}
		})
	}
}

// closedInput has a task closed as partly completed at 60%, one closed as
// not completed at 90%, one closed as completed at 30% and an
// achievement; no period owed; five 督办单 of which three count.
func closedInput() Input {
	return Input{Unit: "示例区住房和城乡建设局", At: at,
		Commitments: []Commitment{
			closed("a", ledger.OutcomePartly, 0.6),
			closed("b", ledger.OutcomeNotCompleted, 0.9),
			closed("c", ledger.OutcomeCompleted, 0.3),
			{Code: "d", Kind: ledger.KindAchievement},
		},
		Orders: []Order{
			{No: "1", IssuedAt: date(2024, 12, 1), ReplyBy: date(2024, 12, 6), RepliedAt: date(2024, 12, 6).Add(23 * time.Hour)},
			{No: "2", IssuedAt: date(2024, 12, 1), ReplyBy: date(2024, 12, 6), RepliedAt: date(2024, 12, 7).Add(time.Hour)},
			{No: "3", IssuedAt: date(2024, 12, 1), ReplyBy: date(2024, 12, 6)},
			{No: "4", IssuedAt: date(2024, 12, 28), ReplyBy: date(2025, 1, 3)},
			{No: "5", IssuedAt: date(2025, 1, 2), ReplyBy: date(2025, 1, 7), RepliedAt: date(2025, 1, 3)},
		},
	}
}

func near(a, b float64) bool { return math.Abs(a-b) < 1e-9 }

// TestScoreNothingLed: a unit leading nothing (or only achievements, which
// do not count by default) is listed with its other parts but not ranked.
func TestScoreNothingLed(t *testing.T) {
	for _, in := range []Input{
		{Unit: "示例区档案馆", At: at},
		{Unit: "示例区统计局", At: at, Commitments: []Commitment{{Code: "d", Kind: ledger.KindAchievement}}, Orders: orders(1, 0)},
	} {
		got := Score(in, DefaultFormula())
		if got.Ranked || got.Total != 0 || !got.Completion.Empty {
			t.Errorf("%s: %+v, want not ranked with total 0", in.Unit, got)
		}
		if n := got.Completion.Note("zh"); n != "无计入考核的牵头任务，不参与排名" {
			t.Errorf("%s: note %q", in.Unit, n)
		}
	}
	// Its 督办单 are still shown.
	got := Score(Input{Unit: "示例区统计局", At: at, Orders: orders(2, 1)}, DefaultFormula())
	if got.Replies.Of != 2 || got.Replies.Count != 1 {
		t.Errorf("replies of a unit leading nothing: %+v", got.Replies)
	}
}

// TestScoreZeroWeightPart: a part with weight 0 earns nothing and costs
// nothing. Weights 80:20:0:0 → completion 0.75 × 80 = 60, timeliness
// 0.75 × 20 = 15 → 75.
func TestScoreZeroWeightPart(t *testing.T) {
	f := DefaultFormula()
	f.Weights = Weights{Completion: 80, Timeliness: 20}
	got := Score(typical(), f)
	if got.Total != 75 || got.Replies.Points != 0 || got.Returns.Points != 0 {
		t.Errorf("got %+v, want total 75", got)
	}
}

// TestRound: the total is rounded once, at the end, half away from zero.
func TestRound(t *testing.T) {
	for _, c := range []struct{ in, want float64 }{
		{74.125, 74.13}, {74.124999, 74.12}, {0.1 + 0.2, 0.3}, {60.166666, 60.17}, {99.995, 100}, {0, 0},
	} {
		if got := round2(c.in); got != c.want {
			t.Errorf("round2(%v) = %v, want %v", c.in, got, c.want)
		}
	}
	// Three parts each of 1/3 × 100/3 points would be 11.11 three times
	// (33.33) if rounded one by one, but 33.33… rounded once is 33.33 too;
	// with 2/3 the difference shows: 22.22 × 3 = 66.66 one by one, 66.67
	// at the end.
	f := DefaultFormula()
	f.Weights = Weights{Completion: 1, Timeliness: 1, Replies: 1}
	in := Input{Unit: "u", At: at,
		Commitments: []Commitment{open("a", 0, 1), open("b", 0, 1), open("c", 0, 0)},
		Periods:     periods(time.February, 3, 2),
		Orders:      orders(3, 2),
	}
	if got := Score(in, f); got.Total != 66.67 {
		t.Errorf("total %v, want 66.67 (rounded once)", got.Total)
	}
}

func TestRank(t *testing.T) {
	scores := []UnitScore{
		{Unit: "丁", Ranked: true, Total: 60},
		{Unit: "乙", Ranked: true, Total: 75.5},
		{Unit: "无", Ranked: false},
		{Unit: "甲", Ranked: true, Total: 80},
		{Unit: "丙", Ranked: true, Total: 75.5},
		{Unit: "戊", Ranked: true, Total: 60},
	}
	got := Rank(scores)
	var units []string
	var ranks []int
	for _, s := range got {
		units = append(units, s.Unit)
		ranks = append(ranks, s.Rank)
	}
	// 丙 and 乙 tie (listed by name: U+4E19 before U+4E59), so do 丁 and 戊.
	if strings.Join(units, " ") != "甲 丙 乙 丁 戊 无" {
		t.Errorf("order %v", units)
	}
	if want := []int{1, 2, 2, 4, 4, 0}; !equalInts(ranks, want) {
		t.Errorf("ranks %v, want %v", ranks, want)
	}
	if scores[0].Rank != 0 {
		t.Errorf("Rank changed its argument")
	}

	// Totals equal once rounded tie.
	a := Score(Input{Unit: "a", At: at, Commitments: []Commitment{open("a", 0, 0.50840)}}, DefaultFormula())
	b := Score(Input{Unit: "b", At: at, Commitments: []Commitment{open("a", 0, 0.50826)}}, DefaultFormula())
	// 0.50840 × 60 + 40 = 70.504 → 70.50; 0.50826 × 60 + 40 = 70.4956 → 70.50.
	if a.Total != 70.5 || b.Total != 70.5 {
		t.Fatalf("totals %v %v, want 70.5", a.Total, b.Total)
	}
	r := Rank([]UnitScore{b, a})
	if r[0].Rank != 1 || r[1].Rank != 1 || r[0].Unit != "a" {
		t.Errorf("rounded tie: %+v", r)
	}
}

func equalInts(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestFormulaValidate(t *testing.T) {
	if err := DefaultFormula().Validate(); err != nil {
		t.Fatal(err)
	}
	for name, edit := range map[string]func(*Formula){
		"negative weight": func(f *Formula) { f.Weights.Replies = -1 },
		"NaN weight":      func(f *Formula) { f.Weights.Completion = math.NaN() },
		"all zero":        func(f *Formula) { f.Weights = Weights{} },
		"grace":           func(f *Formula) { f.GraceDays = -1 },
		"long grace":      func(f *Formula) { f.GraceDays = MaxGraceDays + 1 },
		"credit":          func(f *Formula) { f.Partly = Credit{Fixed: 1.5} },
	} {
		f := DefaultFormula()
		edit(&f)
		err := f.Validate()
		if ledger.ErrorCode(err) != ledger.EInvalid || !strings.Contains(err.Error(), "考核公式有误") {
			t.Errorf("%s: %v", name, err)
		}
	}
	// A fixed credit is not checked when progress counts.
	f := DefaultFormula()
	f.Partly = Credit{Progress: true, Fixed: 7}
	if err := f.Validate(); err != nil {
		t.Errorf("progress credit: %v", err)
	}
}

func TestFormulaJSON(t *testing.T) {
	b, err := json.Marshal(DefaultFormula())
	if err != nil {
		t.Fatal(err)
	}
	const wantJSON = `{"weights":{"completion":60,"timeliness":20,"replies":10,"returns":10},"grace_days":10,` +
		`"partly":{"progress":true,"fixed":0},"not_completed":{"progress":false,"fixed":0},"achievements":false}`
	if string(b) != wantJSON {
		t.Errorf("JSON %s", b)
	}
	back, err := ParseFormula(b)
	if err != nil || back != DefaultFormula() {
		t.Errorf("round trip: %+v, %v", back, err)
	}
	// Fields left out keep their defaults.
	f, err := ParseFormula([]byte(`{"weights":{"completion":70,"timeliness":10,"replies":10,"returns":10},"grace_days":5}`))
	if err != nil || f.Weights.Completion != 70 || f.GraceDays != 5 || !f.Partly.Progress {
		t.Errorf("partial: %+v, %v", f, err)
	}
	for _, bad := range []string{`{"weight":{}}`, `{"grace_days":-3}`, `{`, `{} {}`} {
		if _, err := ParseFormula([]byte(bad)); ledger.ErrorCode(err) != ledger.EInvalid {
			t.Errorf("%s: %v", bad, err)
		}
	}
}

func TestDescribe(t *testing.T) {
	zh := DefaultFormula().Describe("zh")
	for _, s := range []string{
		"总分 = 完成率 × 60 + 按时填报率 × 20 + 督办按时回复率 × 10 + (1 − 退回率) × 10",
		"期末后10日内", "办结为部分完成的按其填报的完成进度计，办结为未完成的计0%", "回顾部分的已完成事项不计入",
		"没有督办单的，本项按满分计", "1、2、2、4",
	} {
		if !strings.Contains(zh, s) {
			t.Errorf("Chinese description lacks %q:\n%s", s, zh)
		}
	}
	if strings.Contains(zh, "折算") {
		t.Errorf("weights summing to 100 are not scaled:\n%s", zh)
	}
	en := DefaultFormula().Describe("en")
	if !strings.Contains(en, "Total = completion rate × 60 + on-time reporting rate × 20 + on-time 督办 reply rate × 10 + (1 − return rate) × 10") {
		t.Errorf("English description:\n%s", en)
	}

	f := DefaultFormula()
	f.Weights = Weights{Completion: 3, Timeliness: 1, Replies: 1, Returns: 1}
	f.GraceDays = 5
	f.Partly = Credit{Fixed: 0.5}
	zh = f.Describe("zh-CN")
	for _, s := range []string{
		"总分 = 完成率 × 50 + 按时填报率 × 16.67 + 督办按时回复率 × 16.67 + (1 − 退回率) × 16.67",
		"各项权重 3:1:1:1 合计为 6，不等于100，已按比例折算为百分制", "期末后5日内", "办结为部分完成的计50%",
	} {
		if !strings.Contains(zh, s) {
			t.Errorf("description lacks %q:\n%s", s, zh)
		}
	}
	if en := f.Describe("en"); !strings.Contains(en, "add up to 6, not 100") {
		t.Errorf("English description of scaled weights:\n%s", en)
	}
}

// TestNote: each part's note in both languages, counted, empty and with
// periods or 督办单 not yet due.
func TestNote(t *testing.T) {
	tests := []struct {
		p      PartScore
		zh, en string
	}{
		{PartScore{Part: Completion, Count: 3, Of: 5, Pending: 2}, "5项任务，已完成3项", "3 of 5 tasks completed"},
		{PartScore{Part: Completion, Empty: true}, "无计入考核的牵头任务，不参与排名", "leads no task that counts: not ranked"},
		{PartScore{Part: Timeliness, Count: 6, Of: 8}, "应报8期，按时6期", "6 of 8 periods on time"},
		{PartScore{Part: Timeliness, Count: 6, Of: 8, Pending: 1}, "应报8期，按时6期，另有1期未到报送期限",
			"6 of 8 periods on time, 1 more not yet due"},
		{PartScore{Part: Timeliness, Empty: true, Pending: 2}, "无应报期次，按满分计，另有2期未到报送期限",
			"no report owed: full marks, 2 more not yet due"},
		{PartScore{Part: Replies, Count: 1, Of: 2, Pending: 3}, "督办单2件，按时回复1件，另有3件未到回复时限",
			"1 of 2 督办单 answered on time, 3 more not yet due"},
		{PartScore{Part: Replies, Empty: true}, "无督办单，按满分计", "no 督办单: full marks"},
		{PartScore{Part: Returns, Count: 1, Of: 4}, "报送4份，被退回1份", "1 of 4 reports returned"},
		{PartScore{Part: Returns, Empty: true}, "未报送进展，退回率按0计", "no report submitted: return rate 0"},
		{PartScore{Part: "other"}, "", ""},
	}
	for _, tt := range tests {
		if got := tt.p.Note("zh-CN"); got != tt.zh {
			t.Errorf("%+v zh: %q, want %q", tt.p, got, tt.zh)
		}
		if got := tt.p.Note("en"); got != tt.en {
			t.Errorf("%+v en: %q, want %q", tt.p, got, tt.en)
		}
	}
}
