package progress

import "testing"

// TestInfer reads each target as a person would: what kind of figure the
// unit will report and how it is judged.
func TestInfer(t *testing.T) {
	tests := []struct {
		name string
		spec Spec
		want Kind
	}{
		{"no figure: 建成投用", Spec{Text: "确保年内建成投用"}, KindMilestone},
		{"力争3年内建成1家", Spec{HasValue: true, Unit: "家", Comparator: "eq", Years: 3, Text: "力争3年内建成省级重点实验室1家"}, KindMultiYear},
		{"控制在5.5%以内", Spec{HasValue: true, Unit: "%", Comparator: "le", Indicator: "城镇调查失业率", Text: "城镇调查失业率控制在5.5%以内"}, KindCeiling},
		{"控制在5.5%左右 is still a ceiling", Spec{HasValue: true, Unit: "%", Comparator: "approx", Indicator: "城镇调查失业率", Text: "城镇调查失业率控制在5.5%左右"}, KindCeiling},
		{"unemployment 5.5%左右 without 控制在", Spec{HasValue: true, Unit: "%", Comparator: "approx", Indicator: "城镇调查失业率", Text: "城镇调查失业率5.5%左右"}, KindCeiling},
		{"deficit ratio 3%", Spec{HasValue: true, Unit: "%", Comparator: "eq", Indicator: "赤字率", Text: "赤字率按3%安排"}, KindCeiling},
		{"price rise about 3%", Spec{HasValue: true, Unit: "%", Comparator: "approx", Indicator: "居民消费价格涨幅", Text: "居民消费价格涨幅3%左右"}, KindCeiling},
		{"CPI increase about 3%", Spec{HasValue: true, Unit: "%", Comparator: "approx", Change: "increase", Indicator: "居民消费价格", Text: "居民消费价格上涨3%左右"}, KindCeiling},
		{"下降3.4%", Spec{HasValue: true, Unit: "%", Comparator: "eq", Change: "decrease", Indicator: "单位地区生产总值能耗", Text: "单位地区生产总值能耗下降3.4%"}, KindReduction},
		{"压减13%以上", Spec{HasValue: true, Unit: "%", Comparator: "ge", Change: "decrease", Indicator: "非刚性支出", Text: "非刚性支出压减13%以上"}, KindReduction},
		{"增长7%左右", Spec{HasValue: true, Unit: "%", Comparator: "approx", Change: "increase", Indicator: "社会消费品零售总额", Text: "社会消费品零售总额增长7%左右"}, KindRate},
		{"增速6%", Spec{HasValue: true, Unit: "%", Comparator: "eq", Indicator: "规模以上工业增加值增速", Text: "规模以上工业增加值增速6%"}, KindRate},
		{"提高1个百分点", Spec{HasValue: true, Unit: "个百分点", Comparator: "eq", Indicator: "森林覆盖率", Text: "森林覆盖率提高1个百分点"}, KindRate},
		{"覆盖率达到90%", Spec{HasValue: true, Unit: "%", Comparator: "ge", Indicator: "家庭医生签约覆盖率", Text: "家庭医生签约覆盖率达到90%"}, KindLevel},
		{"达到180家 from a baseline", Spec{HasValue: true, Unit: "家", Comparator: "ge", Indicator: "高新技术企业", Text: "高新技术企业总数达到180家", HasBaseline: true}, KindLevel},
		{"新增学位6000个", Spec{HasValue: true, Unit: "个", Comparator: "ge", Indicator: "新增学位", Text: "新增学位6000个以上"}, KindCount},
		{"培训1.5万人次", Spec{HasValue: true, Unit: "人次", Comparator: "eq", Indicator: "职业技能培训", Text: "开展职业技能培训1.5万人次"}, KindCount},
		{"达到180家 without a baseline is a count", Spec{HasValue: true, Unit: "家", Comparator: "ge", Indicator: "高新技术企业", Text: "高新技术企业总数达到180家"}, KindCount},
	}
	for _, tt := range tests {
		if got := Infer(tt.spec); got != tt.want {
			t.Errorf("%s: %s, want %s", tt.name, got, tt.want)
		}
	}
}
