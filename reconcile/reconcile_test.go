package reconcile

import (
	"os"
	"testing"

	"ducha/extract"
)

func load(t *testing.T, path string) *extract.Result {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return extract.Extract(string(b), extract.Options{})
}

// TestSamples reconciles the 2024 sample report with the 2025 one, whose
// review was written to answer the 2024 targets in every way a real one
// does: exceeded, met, missed, silent, a multi-year total, a synonym, a
// unit in 万 against one without, a level against a change in points.
func TestSamples(t *testing.T) {
	prev, next := load(t, "../samples/shili-2024.txt"), load(t, "../samples/shili-2025.txt")
	got := map[string]Match{}
	for _, m := range Reconcile(prev, next) {
		got[m.Target.Indicator+" "+m.Target.Quantity] = m
	}
	tests := []struct {
		target      string
		verdict     Verdict
		achievement string // quantity of the matched achievement, "" for none
	}{
		{"地区生产总值 6%", Missed, "5.6%"},          // 6%左右, reported 5.6%: within the band, but the report says 经济增长未完成年度预期目标
		{"一般公共预算收入 5%", Exceeded, "5.9%"},      // 5%以上
		{"社会消费品零售总额 7%", Met, "7%"},            // 7%左右
		{"城镇调查失业率 5.5%", Met, "5.1%"},          // 控制在5.5%以内
		{"居民人均可支配收入 6%-7%", Met, "6.4%"},       // a range
		{"新增规模以上工业企业 25家", Met, "25家"},         // met exactly
		{"新增学位 6000个", Exceeded, "7020个"},      // 6000个以上
		{"新增城镇就业 1.2万人", Missed, "1.05万人"},     // 万 on both sides
		{"职业技能培训 1.5万人次", Exceeded, "16300人次"}, // 万人次 against 人次
		{"改建公厕 30座", Exceeded, "32座"},          // 新建改建公厕 ~ 标准化公厕建设
		{"森林覆盖率 38.5%", Met, "0.6个百分点"},        // 37.9% + 0.6 points
		{"刑事案件发案率 5%", Exceeded, "8.1%"},       // 下降5%以上, fell 8.1%
		{"夜间经济集聚区 2个", Met, "两个"},              // Chinese numeral
		{"老旧小区 42个", Met, ""},                  // only a “十四五”以来 total; a 民生实事 item, and 10件民生实事全部办结
		{"研发经费投入强度 2.6%", NotMentioned, ""},    // silent
		{"新增养老床位 500张", Met, ""},               // 新增医疗床位 is another thing; a 民生实事 item, all done
		{"新增停车泊位 3000个", Met, ""},              // the 2025 plan's target is not an achievement; a 民生实事 item, all done
		{"空气质量优良天数 310天", Missed, "305天"},
	}
	for _, tt := range tests {
		m, ok := got[tt.target]
		if !ok {
			t.Errorf("no target %q", tt.target)
			continue
		}
		a := ""
		if m.Achievement != nil {
			a = m.Achievement.Quantity
		}
		if m.Verdict != tt.verdict || a != tt.achievement {
			t.Errorf("%s: %s %q, want %s %q (%s)", tt.target, m.Verdict, a, tt.verdict, tt.achievement, m.Note)
		}
	}
	counts := map[Verdict]int{}
	for _, m := range got {
		counts[m.Verdict]++
	}
	for _, v := range []Verdict{Exceeded, Met, Missed, NotMentioned} {
		if counts[v] == 0 {
			t.Errorf("no %s verdict at all", v)
		}
	}
}
