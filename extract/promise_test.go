package extract

import "testing"

// TestPromises: which figures of a plan promise something. Each line is a
// plan paragraph; the quantities listed are the targets a person keeps.
func TestPromises(t *testing.T) {
	tests := []struct {
		plan string
		keep []string // quantities that are promises, in order
	}{
		{"今年实施100个重点项目，完成投资300亿元。", []string{"100个", "300亿元"}},
		{"对投资50万元以上的项目实行全过程监管。", nil},
		{"年经营性收入20万元以上的村占比达到50%。", []string{"50%"}},
		{"全市超百亿元产业集群达到12个。", []string{"12个"}},
		{"服务好14亿中国人的美好生活需要。", nil},
		{"预计全省高校毕业生将达52万人，城镇新增就业60万人以上。", []string{"60万人"}},
		{"使5000户居民的住房条件得到改善。", []string{"5000户"}},
		{"持续推进“五个1万亩”行动。", nil},
		{"下面就三个方面作简要说明。", nil},
		{"今年安排一般公共预算支出520亿元，比上年增加30亿元。", []string{"520亿元"}},
		{"从五个方面推进改革，新建学校3所。", []string{"3所"}},
		{"破除城乡二元结构，人均补助提高到五元。", []string{"五元"}},
		{"稳妥推进二轮延包试点，培训农民2万人次。", []string{"2万人次"}},
		{"支持超亿元企业扩产增效，完成投资200亿元以上。", []string{"200亿元"}},
		{"城乡低保标准由每人每月600元提高到650元。", []string{"650元"}},
		{"公共卫生支出占比从去年的6.5%提高到7%。", []string{"7%"}},
		{"对已建成的12个园区加快招商，新开工标准厂房8个。", []string{"8个"}},
		{"统筹抓好两个10万人就业攻坚。", nil},
		{"今年全区高校毕业生1.2万人，全区有80万人口。", nil},
		{"其中城中村改造3000套，增加500套。", []string{"3000套"}},
		{"今年再减少农村低收入人口5000人以上。", []string{"5000人"}},
	}
	for _, tt := range tests {
		text := "示例区2024年政府工作报告\n\n一、2023年工作回顾\n\n全区生产总值增长5%。\n\n二、2024年工作安排\n\n" + tt.plan + "\n"
		res := Extract(text, Options{})
		var got []string
		for _, m := range res.Promises() {
			got = append(got, m.Quantity)
		}
		if len(got) != len(tt.keep) {
			t.Errorf("%s: promises %q, want %q", tt.plan, got, tt.keep)
			continue
		}
		for i := range got {
			if got[i] != tt.keep[i] {
				t.Errorf("%s: promises %q, want %q", tt.plan, got, tt.keep)
				break
			}
		}
	}
}

// TestPromisesOnce: a page that holds the plan twice promises each target once.
func TestPromisesOnce(t *testing.T) {
	plan := "二、2024年工作安排\n\n新建学校3所，改造老旧小区20个。\n\n"
	text := "示例区2024年政府工作报告\n\n一、2023年工作回顾\n\n新建学校2所。\n\n" + plan + "一、2023年工作回顾\n\n新建学校2所。\n\n" + plan
	res := Extract(text, Options{})
	var got []string
	for _, m := range res.Promises() {
		got = append(got, m.Quantity)
	}
	if len(got) != 2 || got[0] != "3所" || got[1] != "20个" {
		t.Errorf("promises %q, want [3所 20个]", got)
	}
	// The second copy of the review is read as a review.
	n := 0
	for _, m := range res.MentionsOfKind(Achievement) {
		if m.Quantity == "2所" {
			n++
		}
	}
	if n != 2 {
		t.Errorf("%d achievements 2所, want 2 (one per copy)", n)
	}
}
