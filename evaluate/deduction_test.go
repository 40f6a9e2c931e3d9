package evaluate

import (
	"strings"
	"testing"
	"time"

	"ducha/ledger"
)

// TestDeductions: the 责任追究 deductions come off the sum of the parts,
// computed by hand with the default formula.
func TestDeductions(t *testing.T) {
	at := time.Date(2024, 12, 31, 0, 0, 0, 0, time.UTC)
	// One task half done (completion 0.5 × 60 = 30), no period owed (20),
	// no 督办单 (10), no report (10): 70 before deductions.
	base := Input{Unit: "示例区教育局", At: at,
		Commitments: []Commitment{{Code: "2024-01", Kind: ledger.KindTarget, Done: 0.5}}}
	tests := []struct {
		name       string
		deductions []Deduction
		deducted   float64
		total      float64
		working    string
	}{
		{"none", nil, 0, 70, "70 = 70"},
		{"one 通报批评", []Deduction{{Ref: "区督〔2024〕3号", Measure: "通报批评", Points: 2}}, 2, 68,
			"70 − 2（通报批评 区督〔2024〕3号） = 68"},
		{"two, one of a quarter point", []Deduction{{Ref: "A", Measure: "约谈", Points: 1}, {Ref: "B", Measure: "提醒谈话", Points: 0.25}},
			1.25, 68.75, "70 − 1（约谈 A） − 0.25（提醒谈话 B） = 68.75"},
		{"zero and negative ignored", []Deduction{{Ref: "A", Points: 0}, {Ref: "B", Points: -3}}, 0, 70, "70 = 70"},
		{"never below 0", []Deduction{{Ref: "A", Measure: "移交纪检监察机关", Points: 20}, {Ref: "B", Measure: "移交纪检监察机关", Points: 20},
			{Ref: "C", Measure: "移交纪检监察机关", Points: 20}, {Ref: "D", Measure: "诫勉谈话", Points: 15}}, 75, 0,
			"70 − 20（移交纪检监察机关 A） − 20（移交纪检监察机关 B） − 20（移交纪检监察机关 C） − 15（诫勉谈话 D） = 0"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := base
			in.Deductions = tt.deductions
			u := Score(in, DefaultFormula())
			if u.Deducted != tt.deducted || u.Total != tt.total {
				t.Errorf("deducted %v, total %v; want %v, %v", u.Deducted, u.Total, tt.deducted, tt.total)
			}
			if got := u.Working("zh"); got != tt.working {
				t.Errorf("working %q, want %q", got, tt.working)
			}
		})
	}
	zh := DefaultFormula().Describe("zh")
	if !strings.Contains(zh, "(1 − 退回率) × 10 − 责任追究扣分，满分100分") || !strings.Contains(zh, "责任追究扣分：考核年度内") {
		t.Errorf("the formula does not show the deduction:\n%s", zh)
	}
	if en := DefaultFormula().Describe("en"); !strings.Contains(en, "− accountability deductions") {
		t.Errorf("the English formula does not show the deduction:\n%s", en)
	}
}
