package progress

import (
	"math"
	"testing"
	"time"
)

// TestModel judges every kind of target, with each comparator, before, at
// and after its deadline. Each expected value is worked out by hand from
// what a supervisor would say of the figure; the plan runs through 2024 (a
// leap year, 366 days) unless said otherwise.
//
// Moments: "before" is 15 September 2024, 00:00 (258 days of 366 passed:
// a linear plan expects 258/366 = 70.49%), reporting the figure of August;
// "at" is noon on 31 December with the December figure (the year's final
// figure); "after" is 10 January 2025 with November's figure, the last
// one reported.
func TestModel(t *testing.T) {
	before := time.Date(2024, 9, 15, 0, 0, 0, 0, time.UTC)
	at := time.Date(2024, 12, 31, 12, 0, 0, 0, time.UTC)
	after := time.Date(2025, 1, 10, 0, 0, 0, 0, time.UTC)
	aug, dec, nov := date(2024, 8, 31), date(2024, 12, 31), date(2024, 11, 30)

	year := func(k Kind, cmp string, target float64, unit string) Plan {
		p := Plan{Start: date(2024, 1, 1), Deadline: date(2024, 12, 31), Kind: k, Comparator: cmp, Target: target, Unit: unit, Direction: 1}
		if k == KindCeiling {
			p.Direction = -1
		}
		return p
	}
	withBaseline := func(p Plan, b float64) Plan { p.Baseline = b; return p }
	withHigh := func(p Plan, h float64) Plan { p.High, p.HasHigh = h, true; return p }

	tests := []struct {
		name       string
		plan       Plan
		value      float64 // the figure reported
		periodEnd  time.Time
		at         time.Time
		status     Status
		light      Light
		verdict    Verdict // "" before the figure is final
		actual     float64
		completion float64
	}{
		// 新增学位6000个以上: a count added within the year.
		{"count before, a little behind the line", year(KindCount, "ge", 6000, "个"), 4000, aug, before,
			OnTrack, Green, "", 4000.0 / 6000, 4000.0 / 6000}, // 66.7% of 70.5% is 0.946 of the plan
		{"count at the deadline, reached", year(KindCount, "ge", 6000, "个"), 6200, dec, at,
			Completed, Green, Met, 6200.0 / 6000, 1}, // 200 over is within 5% (300)
		{"count at the deadline, well over", year(KindCount, "ge", 6000, "个"), 10340, dec, at,
			Completed, Green, Exceeded, 10340.0 / 6000, 1},
		{"count after the deadline, short", year(KindCount, "ge", 6000, "个"), 5500, nov, after,
			Overdue, Red, Missed, 5500.0 / 6000, 5500.0 / 6000},

		// 覆盖率达到90%, last year 80%: a level, from 80 towards 90.
		{"level before, behind", withBaseline(year(KindLevel, "ge", 90, "%"), 80), 86, aug, before,
			Lagging, Yellow, "", 0.6, 0.6}, // 6 of 10 points, 0.6/0.705 = 0.85
		{"level at the deadline, reached", withBaseline(year(KindLevel, "ge", 90, "%"), 80), 90.2, dec, at,
			Completed, Green, Met, 1.02, 1}, // 0.2 points over is within the 0.5-point band
		{"level after the deadline, short", withBaseline(year(KindLevel, "ge", 90, "%"), 80), 88, nov, after,
			Overdue, Red, Missed, 0.8, 0.8},

		// 社会消费品零售总额增长7%左右: a rate to hold, 6.5–7.5 meets it.
		{"rate about, above the band in September", year(KindRate, "approx", 7, "%"), 8, aug, before,
			Ahead, Green, "", 8.0 / 7, 1}, // the demo's case: 8% is ahead, not 9% of the way
		{"rate about, within the band", year(KindRate, "approx", 7, "%"), 6.6, aug, before,
			OnTrack, Green, "", 6.6 / 7, 1},
		{"rate about, a point short", year(KindRate, "approx", 7, "%"), 6.0, aug, before,
			Lagging, Yellow, "", 6.0 / 7, 6.0 / 7}, // 0.5 under the band, within 2 points
		{"rate about, far short", year(KindRate, "approx", 7, "%"), 4.0, aug, before,
			SeriouslyLagging, Red, "", 4.0 / 7, 4.0 / 7}, // 2.5 points under the band
		{"rate about, final figure met", year(KindRate, "approx", 7, "%"), 7.3, dec, at,
			Completed, Green, Met, 7.3 / 7, 1},
		{"rate about, after the deadline, missed", year(KindRate, "approx", 7, "%"), 6.2, nov, after,
			Overdue, Red, Missed, 6.2 / 7, 6.2 / 7},
		// Growth targets are not 已完成 in September, however high the rate.
		{"rate at least, well above in September", year(KindRate, "ge", 5, "%"), 9, aug, before,
			Ahead, Green, "", 9.0 / 5, 1},
		{"rate at least, a little above", year(KindRate, "ge", 5, "%"), 5.3, aug, before,
			OnTrack, Green, "", 5.3 / 5, 1},
		{"rate at least, just under", year(KindRate, "ge", 5, "%"), 4.8, aug, before,
			Lagging, Yellow, "", 4.8 / 5, 4.8 / 5},
		{"rate at least, final figure a little above: met", year(KindRate, "ge", 5, "%"), 5.4, dec, at,
			Completed, Green, Met, 5.4 / 5, 1},
		{"rate at least, final figure well above: exceeded", year(KindRate, "ge", 5, "%"), 6.1, dec, at,
			Completed, Green, Exceeded, 6.1 / 5, 1},
		{"rate range, within", withHigh(year(KindRate, "ge", 6, "%"), 7), 6.4, aug, before,
			OnTrack, Green, "", 6.4 / 6, 1},
		{"rate range, final figure under", withHigh(year(KindRate, "ge", 6, "%"), 7), 5.9, dec, at,
			SeriouslyLagging, Red, Missed, 5.9 / 6, 5.9 / 6}, // the final figure misses: red before the day is out
		{"rate stated exactly reads as about", year(KindRate, "eq", 6, "%"), 5.7, aug, before,
			OnTrack, Green, "", 5.7 / 6, 1},

		// 城镇调查失业率控制在5.5%以内: a ceiling.
		{"ceiling held well under", year(KindCeiling, "le", 5.5, "%"), 3.0, aug, before,
			OnTrack, Green, "", 1, 1}, // the demo's case: 3.0 is not "lagging at 0.55"
		{"ceiling passed a little", year(KindCeiling, "le", 5.5, "%"), 5.8, aug, before,
			Lagging, Yellow, "", 5.5 / 5.8, 5.5 / 5.8},
		{"ceiling passed far", year(KindCeiling, "le", 5.5, "%"), 8, aug, before,
			SeriouslyLagging, Red, "", 5.5 / 8, 5.5 / 8},
		{"ceiling held at the deadline", year(KindCeiling, "le", 5.5, "%"), 5.1, dec, at,
			Completed, Green, Met, 1, 1},
		{"ceiling passed after the deadline", year(KindCeiling, "le", 5.5, "%"), 5.7, nov, after,
			Overdue, Red, Missed, 5.5 / 5.7, 5.5 / 5.7},
		// 居民消费价格涨幅3%左右: a ceiling with the band above it.
		{"price ceiling, lower rise", year(KindCeiling, "approx", 3, "%"), 2.2, aug, before,
			OnTrack, Green, "", 1, 1},
		{"price ceiling, within the band above", year(KindCeiling, "approx", 3, "%"), 3.4, dec, at,
			Completed, Green, Met, 3.0 / 3.4, 1},
		{"price ceiling, above the band", year(KindCeiling, "approx", 3, "%"), 3.8, aug, before,
			Lagging, Yellow, "", 3.0 / 3.8, 3.0 / 3.8},

		// 压减13% against a target of at least 10% (last year's 12% does not
		// matter): the size of the fall.
		{"reduction beyond the target", year(KindReduction, "ge", 10, "%"), 13, aug, before,
			Ahead, Green, "", 1.3, 1}, // not progress -0.5
		{"reduction stated exactly, a little over", year(KindReduction, "eq", 3.4, "%"), 3.6, aug, before,
			OnTrack, Green, "", 3.6 / 3.4, 1},
		{"reduction short", year(KindReduction, "eq", 3.4, "%"), 2.0, aug, before,
			Lagging, Yellow, "", 2.0 / 3.4, 2.0 / 3.4},
		{"reduction final, met", year(KindReduction, "eq", 3.4, "%"), 3.5, dec, at,
			Completed, Green, Met, 3.5 / 3.4, 1},
		{"reduction after the deadline, short", year(KindReduction, "eq", 3.4, "%"), 3.0, nov, after,
			Overdue, Red, Missed, 3.0 / 3.4, 3.0 / 3.4},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rep := &Report{At: tt.periodEnd.AddDate(0, 0, 5), Value: tt.value, HasValue: true, Percent: -1, PeriodEnd: tt.periodEnd}
			r := Evaluate(tt.plan, rep, time.Time{}, time.Time{}, tt.at, Thresholds{})
			if r.Status != tt.status || r.Light != tt.light || r.Verdict != tt.verdict {
				t.Errorf("status %s light %s verdict %q, want %s %s %q (%s)", r.Status, r.Light, r.Verdict, tt.status, tt.light, tt.verdict, r.Reason)
			}
			if math.Abs(r.Actual-tt.actual) > 1e-9 || math.Abs(r.Completion-tt.completion) > 1e-9 {
				t.Errorf("actual %.4f completion %.4f, want %.4f %.4f", r.Actual, r.Completion, tt.actual, tt.completion)
			}
			if !r.HasAchieved || r.Achieved != tt.value {
				t.Errorf("achieved %v %v", r.Achieved, r.HasAchieved)
			}
		})
	}
}

// TestModelMultiYear: 力争3年内新增1万个 in the 2024 report, due over
// 2024–2026 (1,096 days). At noon on 31 December 2024, 365.5 days have
// passed: 33.35% is due; 3,500 places are 35%, on track, and the share
// due by now is done in full.
func TestModelMultiYear(t *testing.T) {
	p := Plan{Start: date(2024, 1, 1), Deadline: date(2026, 12, 31), Kind: KindMultiYear, Comparator: "eq", Target: 10000, Direction: 1, Unit: "个"}
	at := time.Date(2024, 12, 31, 12, 0, 0, 0, time.UTC)
	rep := &Report{Value: 3500, HasValue: true, Percent: -1, PeriodEnd: date(2024, 12, 31)}
	r := Evaluate(p, rep, time.Time{}, time.Time{}, at, Thresholds{})
	if r.Status != OnTrack || r.Verdict != "" || math.Abs(r.Expected-365.5/1096) > 1e-9 || r.Actual != 0.35 || r.Completion != 1 {
		t.Errorf("%+v", r)
	}
	// 2,100 places: 21% of 33.35% due is a ratio of 0.63, lagging; the
	// year's share is 63% done.
	rep.Value = 2100
	r = Evaluate(p, rep, time.Time{}, time.Time{}, at, Thresholds{})
	if r.Status != Lagging || math.Abs(r.Completion-0.21/(365.5/1096)) > 1e-9 {
		t.Errorf("%+v", r)
	}
}

// TestModelWithoutFigures: a rate before any figure is reported is not
// started (never seriously lagging for lack of a report: staleness says
// that), and overdue once its year is over; a milestone task with the
// unit's own 50% on 15 September is lagging (0.5 / 0.705 = 0.71).
func TestModelWithoutFigures(t *testing.T) {
	rate := Plan{Start: date(2024, 1, 1), Deadline: date(2024, 12, 31), Kind: KindRate, Comparator: "approx", Target: 7, Unit: "%", Direction: 1}
	if r := Evaluate(rate, nil, time.Time{}, time.Time{}, date(2024, 9, 15), Thresholds{}); r.Status != NotStarted || r.Light != Yellow {
		t.Errorf("rate without a figure: %+v", r)
	}
	if r := Evaluate(rate, nil, time.Time{}, time.Time{}, date(2025, 1, 2), Thresholds{}); r.Status != Overdue {
		t.Errorf("rate without a figure after its year: %+v", r)
	}
	// A unit that owes the August figure and has not sent it is stale.
	if r := Evaluate(rate, nil, time.Time{}, date(2024, 8, 31), date(2024, 9, 15), Thresholds{}); !r.Stale || r.Light != Red {
		t.Errorf("stale rate: %+v", r)
	}
	task := Plan{Start: date(2024, 1, 1), Deadline: date(2024, 12, 31)}
	r := Evaluate(task, &Report{Percent: 50}, time.Time{}, time.Time{}, date(2024, 9, 15), Thresholds{})
	if r.Status != Lagging || r.Kind != KindMilestone || r.Completion != 0.5 {
		t.Errorf("milestone task: %+v", r)
	}
	r = Evaluate(task, &Report{Percent: -1, Done: true}, time.Time{}, time.Time{}, date(2024, 9, 15), Thresholds{})
	if r.Status != Completed || r.Completion != 1 {
		t.Errorf("milestone done: %+v", r)
	}
}

// TestJudge: verdicts of final figures, as the reconciliation gives them.
func TestJudgeFinalFigures(t *testing.T) {
	for _, tc := range []struct {
		g    Goal
		a    float64
		want Verdict
	}{
		{Goal{Kind: KindRate, Comparator: "approx", Value: 7.5, Unit: "%"}, 7.4, Met},       // GDP 7.5%左右, 7.4%
		{Goal{Kind: KindRate, Comparator: "ge", Value: 6, Unit: "%"}, 6.3, Met},             // a few tenths above: met
		{Goal{Kind: KindRate, Comparator: "ge", Value: 6, Unit: "%"}, 6.6, Exceeded},        // beyond the band
		{Goal{Kind: KindCeiling, Comparator: "approx", Value: 3.5, Unit: "%"}, 2, Met},      // prices rose less
		{Goal{Kind: KindCeiling, Comparator: "le", Value: 4.6, Unit: "%"}, 4.09, Met},       // registered unemployment
		{Goal{Kind: KindCeiling, Comparator: "le", Value: 4.6, Unit: "%"}, 4.7, Missed},     //
		{Goal{Kind: KindCount, Comparator: "ge", Value: 1000, Unit: "万人"}, 1322, Exceeded},  // jobs
		{Goal{Kind: KindCount, Comparator: "ge", Value: 1000, Unit: "万人"}, 1030, Met},       // 3% over: within 5%
		{Goal{Kind: KindCount, Comparator: "ge", Value: 1000, Unit: "万人"}, 990, Missed},     //
		{Goal{Kind: KindCount, Comparator: "approx", Value: 100, Unit: "个"}, 96, Met},       // 左右, within 5
		{Goal{Kind: KindCount, Comparator: "approx", Value: 100, Unit: "个"}, 94, Missed},    //
		{Goal{Kind: KindReduction, Comparator: "eq", Value: 3.9, Unit: "%"}, 4.8, Exceeded}, // energy intensity
		{Goal{Kind: KindReduction, Comparator: "eq", Value: 3.9, Unit: "%"}, 3.7, Missed},   //
		{Goal{Kind: KindRate, Comparator: "ge", Value: 6, High: 7, HasHigh: true, Unit: "%"}, 7.3, Met},
		{Goal{Kind: KindRate, Comparator: "ge", Value: 6, High: 7, HasHigh: true, Unit: "%"}, 7.6, Exceeded},
	} {
		if got := Judge(tc.g, tc.a, Bands{}); got != tc.want {
			t.Errorf("Judge(%+v, %v) = %s, want %s", tc.g, tc.a, got, tc.want)
		}
	}
}

// TestInfer: what each target of a work report means.
func TestInferKinds(t *testing.T) {
	for _, tc := range []struct {
		s    Spec
		want Kind
	}{
		{Spec{HasValue: true, Unit: "个", Comparator: "ge", Indicator: "新增学位", Text: "新增学位6000个以上"}, KindCount},
		{Spec{HasValue: true, Unit: "%", Comparator: "approx", Change: "increase", Indicator: "社会消费品零售总额"}, KindRate},
		{Spec{HasValue: true, Unit: "%", Comparator: "le", Indicator: "城镇调查失业率"}, KindCeiling},
		{Spec{HasValue: true, Unit: "%", Comparator: "approx", Indicator: "城镇调查失业率"}, KindCeiling},
		{Spec{HasValue: true, Unit: "%", Comparator: "approx", Indicator: "居民消费价格涨幅"}, KindCeiling},
		{Spec{HasValue: true, Unit: "%", Comparator: "eq", Change: "decrease", Indicator: "单位地区生产总值能耗"}, KindReduction},
		{Spec{HasValue: true, Unit: "%", Comparator: "ge", Indicator: "森林覆盖率", Text: "森林覆盖率达到45%以上"}, KindLevel},
		{Spec{HasValue: true, Unit: "%", Comparator: "eq", Indicator: "地区生产总值增速"}, KindRate},
		{Spec{HasValue: true, Unit: "亿元", Comparator: "ge", Indicator: "地区生产总值", Text: "地区生产总值达到1000亿元", HasBaseline: true}, KindLevel},
		{Spec{HasValue: true, Unit: "亿元", Comparator: "eq", Indicator: "完成投资", Text: "完成投资150亿元", HasBaseline: true}, KindCount},
		{Spec{HasValue: true, Unit: "个", Comparator: "eq", Indicator: "新增学位", Years: 3}, KindMultiYear},
		{Spec{Text: "开工建设区人民医院新院区"}, KindMilestone},
	} {
		if got := Infer(tc.s); got != tc.want {
			t.Errorf("Infer(%+v) = %s, want %s", tc.s, got, tc.want)
		}
	}
}

// date is midnight UTC on the day.
func date(y, m, d int) time.Time { return time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC) }

// TestDescribe: the words of a lagging warning.
func TestDescribe(t *testing.T) {
	rate := Plan{Start: date(2024, 1, 1), Deadline: date(2024, 12, 31), Kind: KindRate, Comparator: "approx", Target: 7, Unit: "%", Direction: 1}
	r := Evaluate(rate, &Report{Value: 3.2, HasValue: true, Percent: -1, PeriodEnd: date(2024, 8, 31)}, time.Time{}, time.Time{}, date(2024, 9, 15), Thresholds{})
	if got, want := Describe(rate, r, "zh"), "实际3.2%，目标7%左右，低于目标3.8个百分点"; got != want {
		t.Errorf("rate: %q, want %q", got, want)
	}
	ceiling := Plan{Start: date(2024, 1, 1), Deadline: date(2024, 12, 31), Kind: KindCeiling, Comparator: "le", Target: 5.5, Unit: "%", Direction: -1}
	r = Evaluate(ceiling, &Report{Value: 6.1, HasValue: true, Percent: -1}, time.Time{}, time.Time{}, date(2024, 9, 15), Thresholds{})
	if got, want := Describe(ceiling, r, "zh"), "实际6.1%，目标5.5%以内，超出上限0.6个百分点"; got != want {
		t.Errorf("ceiling: %q, want %q", got, want)
	}
	count := Plan{Start: date(2024, 1, 1), Deadline: date(2024, 12, 31), Target: 6000, Direction: 1, Unit: "个"}
	r = Evaluate(count, &Report{Value: 3000, HasValue: true, Percent: -1}, time.Time{}, time.Time{}, date(2024, 9, 15), Thresholds{})
	if got, want := Describe(count, r, "zh"), "计划进度70%，实际进度50%"; got != want {
		t.Errorf("count: %q, want %q", got, want)
	}
}

// TestCombine: a parent with two sub-tasks weighted 3:1, at 64% and 55%
// done of 70% expected each: (0.75×0.64 + 0.25×0.55) = 61.75% done of 70%
// expected, a ratio of 0.882 — lagging (below 0.90), not 0%.
func TestCombine(t *testing.T) {
	kids := []Result{
		{Status: OnTrack, Completion: 0.64, Expected: 0.70},
		{Status: Lagging, Completion: 0.55, Expected: 0.70},
	}
	r := Combine(kids, []float64{0.75, 0.25}, Thresholds{})
	if math.Abs(r.Completion-0.6175) > 1e-9 || math.Abs(r.Expected-0.70) > 1e-9 || r.Status != Lagging || r.Light != Yellow {
		t.Errorf("%+v", r)
	}
	// Equal shares: 59.5% of 70% is 0.85, lagging.
	if r := Combine(kids, nil, Thresholds{}); math.Abs(r.Completion-0.595) > 1e-9 || r.Status != Lagging {
		t.Errorf("equal shares: %+v", r)
	}
	done := Result{Status: Completed, Completion: 1, Expected: 0.7}
	if r := Combine([]Result{done, done}, nil, Thresholds{}); r.Status != Completed || r.Completion != 1 {
		t.Errorf("all done: %+v", r)
	}
	if r := Combine([]Result{done, {Status: Overdue, Completion: 0.5, Expected: 1}}, nil, Thresholds{}); r.Status != Overdue || r.Light != Red {
		t.Errorf("one overdue: %+v", r)
	}
	idle := Result{Status: NotStarted, Light: Yellow, Expected: 0.1}
	if r := Combine([]Result{idle, idle}, nil, Thresholds{}); r.Status != NotStarted || r.Light != Yellow {
		t.Errorf("none started: %+v", r)
	}
	if r := Combine([]Result{done, {Status: OnTrack, Completion: 0.7, Expected: 0.7, Stale: true}}, nil, Thresholds{}); !r.Stale || r.Light != Red {
		t.Errorf("a stale child: %+v", r)
	}
}
