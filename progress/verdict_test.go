package progress

import "testing"

// TestJudge writes down, for each kind of target, what a person reading the
// year's result would say, with the default bands (±0.5 个百分点, ±5%).
func TestJudge(t *testing.T) {
	tests := []struct {
		name     string
		goal     Goal
		achieved float64
		want     Verdict
	}{
		// Rates to hold: about the figure, ±0.5 points.
		{"GDP 7.5%左右, 7.4%", Goal{Kind: KindRate, Comparator: "approx", Value: 7.5, Unit: "%"}, 7.4, Met},
		{"GDP 6%左右, 5.5% at the edge", Goal{Kind: KindRate, Comparator: "approx", Value: 6, Unit: "%"}, 5.5, Met},
		{"GDP 6%左右, 5.4%", Goal{Kind: KindRate, Comparator: "approx", Value: 6, Unit: "%"}, 5.4, Missed},
		{"rate 6%, 6.3%: a few tenths above is met", Goal{Kind: KindRate, Comparator: "eq", Value: 6, Unit: "%"}, 6.3, Met},
		{"rate 5%, 7.4%", Goal{Kind: KindRate, Comparator: "eq", Value: 5, Unit: "%"}, 7.4, Exceeded},
		{"rate 6.5%, 6.6%", Goal{Kind: KindRate, Comparator: "eq", Value: 6.5, Unit: "%"}, 6.6, Met},
		{"rate 8%, 7.5%", Goal{Kind: KindRate, Comparator: "eq", Value: 8, Unit: "%"}, 7.5, Met},
		{"rate 5.5%以上, 6.9%", Goal{Kind: KindRate, Comparator: "ge", Value: 5.5, Unit: "%"}, 6.9, Exceeded},
		{"rate 5.5%以上, 5.8%", Goal{Kind: KindRate, Comparator: "ge", Value: 5.5, Unit: "%"}, 5.8, Met},
		{"rate 5.5%以上, 5.3%", Goal{Kind: KindRate, Comparator: "ge", Value: 5.5, Unit: "%"}, 5.3, Missed},
		{"range 6%-7%, 6.4%", Goal{Kind: KindRate, Comparator: "ge", Value: 6, High: 7, HasHigh: true, Unit: "%"}, 6.4, Met},
		{"range 6%-7%, 7.3%", Goal{Kind: KindRate, Comparator: "ge", Value: 6, High: 7, HasHigh: true, Unit: "%"}, 7.3, Met},
		{"range 6%-7%, 7.6%", Goal{Kind: KindRate, Comparator: "ge", Value: 6, High: 7, HasHigh: true, Unit: "%"}, 7.6, Exceeded},
		{"range 6%-7%, 5.9%", Goal{Kind: KindRate, Comparator: "ge", Value: 6, High: 7, HasHigh: true, Unit: "%"}, 5.9, Missed},
		// Ceilings are met at or below, never exceeded.
		{"CPI 3.5%左右, rose 2%", Goal{Kind: KindCeiling, Comparator: "approx", Value: 3.5, Unit: "%"}, 2, Met},
		{"CPI 3%左右, rose 3.4%: within the band", Goal{Kind: KindCeiling, Comparator: "approx", Value: 3, Unit: "%"}, 3.4, Met},
		{"CPI 3%左右, rose 3.6%", Goal{Kind: KindCeiling, Comparator: "approx", Value: 3, Unit: "%"}, 3.6, Missed},
		{"unemployment 5.5%以内, 3.0%", Goal{Kind: KindCeiling, Comparator: "le", Value: 5.5, Unit: "%"}, 3, Met},
		{"unemployment 5.5%以内, 5.6%", Goal{Kind: KindCeiling, Comparator: "le", Value: 5.5, Unit: "%"}, 5.6, Missed},
		// Reductions: the size of the fall.
		{"energy intensity down 3.9%以上, down 4.8%", Goal{Kind: KindReduction, Comparator: "ge", Value: 3.9, Unit: "%"}, 4.8, Exceeded},
		{"down 3.9%以上, down 4.1%", Goal{Kind: KindReduction, Comparator: "ge", Value: 3.9, Unit: "%"}, 4.1, Met},
		{"down 3.9%以上, down 3.5%", Goal{Kind: KindReduction, Comparator: "ge", Value: 3.9, Unit: "%"}, 3.5, Missed},
		{"down 2%, rose 1% (a fall of −1)", Goal{Kind: KindReduction, Comparator: "eq", Value: 2, Unit: "%"}, -1, Missed},
		// Counts and amounts: at least the figure, ±5% above it is met.
		{"1000万人以上, 1322万人", Goal{Kind: KindCount, Comparator: "ge", Value: 1000, Unit: "万人"}, 1322, Exceeded},
		{"86万人, 89.9万人: 4.5% above", Goal{Kind: KindCount, Comparator: "eq", Value: 86, Unit: "万人"}, 89.9, Met},
		{"600万亩, 627万亩", Goal{Kind: KindCount, Comparator: "eq", Value: 600, Unit: "万亩"}, 627, Met},
		{"700万套以上, 740万套: 5.7% above", Goal{Kind: KindCount, Comparator: "ge", Value: 700, Unit: "万套"}, 740, Exceeded},
		{"1.2万人, 1.05万人", Goal{Kind: KindCount, Comparator: "eq", Value: 1.2, Unit: "万人"}, 1.05, Missed},
		{"1816个, 1816个", Goal{Kind: KindCount, Comparator: "eq", Value: 1816, Unit: "个"}, 1816, Met},
		{"about 100, 96: within 5% below", Goal{Kind: KindCount, Comparator: "approx", Value: 100, Unit: "个"}, 96, Met},
		{"about 100, 94", Goal{Kind: KindCount, Comparator: "approx", Value: 100, Unit: "个"}, 94, Missed},
		// Levels: reach the figure.
		{"优良比例 80%以上, 80%", Goal{Kind: KindLevel, Comparator: "ge", Value: 80, Unit: "%"}, 80, Met},
		{"覆盖率 90%, 89.6%", Goal{Kind: KindLevel, Comparator: "ge", Value: 90, Unit: "%"}, 89.6, Missed},
		{"森林覆盖率 38.5%, 38.5%", Goal{Kind: KindLevel, Comparator: "ge", Value: 38.5, Unit: "%"}, 38.5, Met},
	}
	for _, tt := range tests {
		if got := Judge(tt.goal, tt.achieved, Bands{}); got != tt.want {
			t.Errorf("%s: %s, want %s", tt.name, got, tt.want)
		}
	}
}

// TestJudgeBands: the office's bands replace the defaults.
func TestJudgeBands(t *testing.T) {
	g := Goal{Kind: KindRate, Comparator: "approx", Value: 6, Unit: "%"}
	tight := Bands{RatePoints: 0.2, AmountShare: 0.02, SeriousPoints: 1}
	if got := Judge(g, 5.7, tight); got != Missed {
		t.Errorf("6%%左右 with ±0.2: 5.7%% is %s, want missed", got)
	}
	if got := Judge(g, 5.7, Bands{}); got != Met {
		t.Errorf("6%%左右 with the default ±0.5: 5.7%% is %s, want met", got)
	}
	c := Goal{Kind: KindCount, Comparator: "ge", Value: 100, Unit: "个"}
	if got := Judge(c, 103, tight); got != Exceeded {
		t.Errorf("100个以上 with ±2%%: 103 is %s, want exceeded", got)
	}
}

func TestVerdictLabels(t *testing.T) {
	for _, v := range Verdicts {
		if !v.Valid() || v.Label("zh") == string(v) {
			t.Errorf("verdict %s has no label", v)
		}
	}
	if Uncertain.Label("zh") != "待核实" || NotMentioned.Label("en") != "not mentioned" {
		t.Errorf("labels: %s %s", Uncertain.Label("zh"), NotMentioned.Label("en"))
	}
}
