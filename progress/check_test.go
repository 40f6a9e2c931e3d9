package progress

import (
	"math"
	"reflect"
	"testing"
)

func TestCheckValue(t *testing.T) {
	places := year2024(0, 6000, 1)    // 新增学位6000个
	share := year2024(90, 95, 1)      // a share in %, 90 → 95
	falling := year2024(5.6, 5.5, -1) // a rate in %, 5.6 → 5.5
	descriptive := year2024(0, 0, 0)  // no quantity
	prev := &Report{At: day(2024, 6, 5), Value: 5000, HasValue: true, Percent: -1}
	prevUndated := &Report{Value: 5000, HasValue: true, Percent: -1}
	block := func(msg string) Problem { return Problem{Field: "value", Message: msg, Blocking: true} }
	warn := func(msg string) Problem { return Problem{Field: "value", Message: msg} }

	tests := []struct {
		name       string
		p          Plan
		unit       string
		cumulative bool
		previous   *Report
		value      float64
		want       []Problem
	}{
		{"share within range", share, "%", false, nil, 95.5, nil},
		{"share at 0", share, "%", false, nil, 0, nil},
		{"share at 100", share, "%", false, nil, 100, nil},
		{"share above 100", share, "%", false, nil, 100.5, []Problem{block("百分比应在0到100之间，填报值为100.5%")}},
		{"share below 0", share, "%", false, nil, -1, []Problem{block("百分比应在0到100之间，填报值为-1%")}},
		{"full-width percent sign", share, "％", false, nil, 101, []Problem{block("百分比应在0到100之间，填报值为101%")}},
		{"percentage points may be negative", share, "个百分点", false, nil, -0.5, nil},
		{"negative count", places, "个", false, nil, -3, []Problem{block("数量不能为负数，填报值为-3个")}},
		{"zero count", places, "个", false, nil, 0, nil},
		{"cumulative figure fell", places, "个", true, prev, 4800,
			[]Problem{warn("累计值4800个低于上次（2024-06-05）填报的5000个，请说明原因")}},
		{"cumulative figure fell, undated previous", places, "个", true, prevUndated, 4800,
			[]Problem{warn("累计值4800个低于上次填报的5000个，请说明原因")}},
		{"cumulative figure unchanged", places, "个", true, prev, 5000, nil},
		{"non-cumulative figure may fall", places, "个", false, prev, 4800, nil},
		{"no previous report", places, "个", true, nil, 4800, nil},
		{"previous report without a figure", places, "个", true, &Report{Percent: 40}, 4800, nil},
		// 10 × 6000 = 60000: only a figure above it is suspicious.
		{"ten times the target", places, "个", false, nil, 60000, nil},
		{"more than ten times the target", places, "个", false, nil, 60001,
			[]Problem{warn("填报值60001个超过目标值6000个的10倍，请核对计量单位（如“万”与“个”）")}},
		// 10 × 5.5 = 55 < 60.
		{"rate more than ten times the target", falling, "%", false, nil, 60,
			[]Problem{warn("填报值60%超过目标值5.5%的10倍，请核对计量单位（如“万”与“个”）")}},
		{"descriptive plan has no target to compare", descriptive, "", false, nil, 60001, nil},
		{"zero target has no scale", year2024(3, 0, -1), "起", false, nil, 50, nil},
		{"not a number", places, "个", true, prev, math.NaN(), []Problem{block("请填写有效的数值")}},
		{"infinite", places, "个", false, nil, math.Inf(1), []Problem{block("请填写有效的数值")}},
		// Several problems, in order: the negative count blocks, the fall
		// needs an explanation.
		{"negative and fallen", places, " 个 ", true, prev, -5, []Problem{
			block("数量不能为负数，填报值为-5个"),
			warn("累计值-5个低于上次（2024-06-05）填报的5000个，请说明原因"),
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := CheckValue(tt.p, tt.unit, tt.cumulative, tt.previous, tt.value)
			if len(got) == 0 && len(tt.want) == 0 {
				return
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("CheckValue = %+v\nwant %+v", got, tt.want)
			}
		})
	}
}
