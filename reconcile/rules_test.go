package reconcile

import (
	"strings"
	"testing"

	"ducha/extract"
)

// report writes a small report of the given year: a title, a review of the
// year before and a plan, each a list of paragraphs (a paragraph that is a
// heading, such as （八）办好民生实事, is written as it stands).
func report(gov string, year int, reviewHeading string, review []string, plan []string) *extract.Result {
	var b strings.Builder
	b.WriteString(gov + itoa(year) + "年政府工作报告\n\n")
	if reviewHeading == "" {
		reviewHeading = "一、" + itoa(year-1) + "年工作回顾"
	}
	b.WriteString(reviewHeading + "\n\n")
	for _, p := range review {
		b.WriteString(p + "\n\n")
	}
	b.WriteString("二、" + itoa(year) + "年工作安排\n\n")
	for _, p := range plan {
		b.WriteString(p + "\n\n")
	}
	return extract.Extract(b.String(), extract.Options{})
}

// want is the verdict a person gives one target: the target is found by a
// word of its clause and its quantity as written.
type want struct {
	key, quantity string
	verdict       Verdict
	achieved      string // quantity of the answering figure, "" for none
}

func checkRules(t *testing.T, prev, next *extract.Result, wants []want) []Match {
	t.Helper()
	matches := Reconcile(prev, next)
	for _, w := range wants {
		found := false
		for _, m := range matches {
			clause := prev.Text[m.Target.Clause.Start:m.Target.Clause.End]
			if m.Target.Quantity != w.quantity || !strings.Contains(clause, w.key) {
				continue
			}
			found = true
			a := ""
			if m.Achievement != nil {
				a = m.Achievement.Quantity
			}
			if m.Verdict != w.verdict || a != w.achieved {
				t.Errorf("%s %s: %s %q, want %s %q (%s)", w.key, w.quantity, m.Verdict, a, w.verdict, w.achieved, m.Note)
			}
		}
		if !found {
			t.Errorf("%s %s is not a target", w.key, w.quantity)
		}
	}
	return matches
}

// A district's 民生实事 list answered by 全部办结: each item without a figure
// of its own is met; an item with a figure is judged by it; a target outside
// the list stays unmentioned.
func TestRuleBlanketDistrict(t *testing.T) {
	prev := report("示范区", 2024, "", []string{"全区新建幼儿园3所。"}, []string{
		"（一）推动产业升级",
		"新培育规模以上工业企业20家。",
		"（二）用心办好民生实事",
		"今年，我们将办好8件民生实事：",
		"1.新建幼儿园5所；",
		"2.改造农贸市场3个；",
		"3.新增公共停车位800个。",
	})
	next := report("示范区", 2025, "", []string{
		"全区经济运行稳中有进。",
		"8件民生实事全部办结。新建幼儿园6所，群众满意度持续提升。",
	}, []string{"今年新建幼儿园4所。"})
	checkRules(t, prev, next, []want{
		{"幼儿园", "5所", Exceeded, "6所"},
		{"农贸市场", "3个", Met, ""},
		{"停车位", "800个", Met, ""},
		{"规模以上工业企业", "20家", NotMentioned, ""},
	})
}

// A city's 为民办实事项目 completed as a whole (十项…全面完成).
func TestRuleBlanketCity(t *testing.T) {
	prev := report("示例市", 2023, "", []string{"全市生产总值增长5%。"}, []string{
		"三、全力办好十项为民办实事项目",
		"新改建农村公路300公里，建设城市口袋公园20个。",
	})
	next := report("示例市", 2024, "", []string{
		"十项为民办实事项目全面完成，群众获得感明显增强。",
	}, []string{"再建设城市口袋公园10个。"})
	checkRules(t, prev, next, []want{
		{"农村公路", "300公里", Met, ""},
		{"口袋公园", "20个", Met, ""},
	})
}

// A provincial report reviewing five years and the last year: figures of
// the five years (set by the paragraph, not the clause) do not answer the
// year's targets; those of the last year do.
func TestRuleFiveYearParagraphs(t *testing.T) {
	prev := report("示例省", 2022, "", []string{"全省生产总值增长6%。"}, []string{
		"今年全省城镇新增就业86万人，建设改造农村公路7000公里，新增高标准农田300万亩。",
	})
	next := report("示例省", 2023, "一、过去五年工作回顾", []string{
		"这五年，全省经济实力持续增强，城镇新增就业445万人，建设改造农村公路4.1万公里。",
		"2022年，全省上下顶住多重压力。",
		"（一）民生保障持续加强。城镇新增就业89.7万人，建设改造农村公路7716公里。",
		"各位代表！过去五年，新增高标准农田1500万亩。",
	}, []string{"今年城镇新增就业85万人。"})
	checkRules(t, prev, next, []want{
		{"城镇新增就业", "86万人", Met, "89.7万人"},
		{"农村公路", "7000公里", Exceeded, "7716公里"},
		{"高标准农田", "300万亩", NotMentioned, ""},
	})
}

// A section about the five-year plan period sets the context for all of its
// paragraphs.
func TestRuleFiveYearSection(t *testing.T) {
	prev := report("示例市", 2025, "", []string{"全市生产总值增长5.5%。"}, []string{
		"今年改造老旧小区120个，新建5G基站2000个。",
	})
	next := report("示例市", 2026, "一、“十四五”时期工作回顾", []string{
		"城市更新扎实推进，改造老旧小区580个，新建5G基站1.2万个。",
	}, []string{"今年改造老旧小区100个。"})
	checkRules(t, prev, next, []want{
		{"老旧小区", "120个", NotMentioned, ""},
		{"5G基站", "2000个", NotMentioned, ""},
	})
}

// An indicator holding another is another indicator: energy per unit of
// GDP is not GDP, and R&D as a share of GDP is not GDP either.
func TestRuleContainedIndicator(t *testing.T) {
	prev := report("国务院", 2014, "", []string{"国内生产总值增长7.7%。"}, []string{
		"今年单位国内生产总值能耗下降3.9%以上，研究与试验发展经费支出占国内生产总值比重达到2.2%。",
		"数字经济核心产业增加值增长15%。",
	})
	next := report("国务院", 2015, "", []string{
		"国内生产总值增长7.4%，研发投入持续增加。",
	}, []string{"国内生产总值增长7%左右。"})
	checkRules(t, prev, next, []want{
		{"能耗", "3.9%", NotMentioned, ""},
		{"比重", "2.2%", NotMentioned, ""},
		{"数字经济", "15%", NotMentioned, ""}, // not the economy's growth
	})
}

// A target named by its rate (涨幅, 增速) is answered by the verb phrase
// (上涨, 增长); people brought in are counted by any measure word.
func TestRuleWordingVariants(t *testing.T) {
	prev := report("示例省", 2023, "", []string{"全省生产总值增长5%。"}, []string{
		"居民消费价格涨幅控制在3%左右，规模以上工业增加值增速6%。",
		"引进高层次人才200名，吸引高校毕业生来本省就业5万人。",
	})
	next := report("示例省", 2024, "", []string{
		"居民消费价格上涨0.3%，规模以上工业增加值增长6.9%。",
		"引进高层次人才236人，吸引高校毕业生来本省就业5.1万名。",
	}, []string{"居民消费价格涨幅3%左右。"})
	checkRules(t, prev, next, []want{
		{"居民消费价格", "3%", Met, "0.3%"},         // a ceiling: a lower rise is met
		{"规模以上工业增加值", "6%", Exceeded, "6.9%"}, // 0.9 points above the band
		{"高层次人才", "200名", Exceeded, "236人"},   // 18% more
		{"高校毕业生", "5万人", Met, "5.1万名"},        // 2% more
	})
}

// Tolerance: a few tenths of a point about a rate target is met, more is
// exceeded or missed; and a report's own word that a target was missed
// stands over a figure within the band.
func TestRuleTolerance(t *testing.T) {
	prev := report("示例区", 2024, "", []string{"地区生产总值增长6%。"}, []string{
		"地区生产总值增长6%，一般公共预算收入增长5%左右，固定资产投资增长8%。",
	})
	next := report("示例区", 2025, "", []string{
		"地区生产总值增长6.3%，一般公共预算收入增长4.4%，固定资产投资增长7.7%。",
		"我们也清醒地看到，固定资产投资未完成年度预期目标。",
	}, []string{"地区生产总值增长6%左右。"})
	checkRules(t, prev, next, []want{
		{"地区生产总值", "6%", Met, "6.3%"},
		{"一般公共预算收入", "5%", Missed, "4.4%"},
		{"固定资产投资", "8%", Missed, "7.7%"},
	})
}

// An amount promised and only a growth rate reported: uncertain, with the
// candidate figure, not a confident verdict.
func TestRuleUncertain(t *testing.T) {
	prev := report("示例市", 2023, "", []string{"全市生产总值增长5%。"}, []string{
		"全年技术合同成交额达到100亿元。",
	})
	next := report("示例市", 2024, "", []string{
		"创新活力持续增强，技术合同成交额增长22%。",
	}, []string{"技术合同成交额增长10%。"})
	ms := checkRules(t, prev, next, []want{{"技术合同", "100亿元", Uncertain, ""}})
	for _, m := range ms {
		if m.Verdict == Uncertain && (len(m.Candidates) == 0 || m.Candidates[0].Achievement.Quantity != "22%") {
			t.Errorf("uncertain without the candidate 22%%: %+v", m.Candidates)
		}
	}
}

// A statement that names the task (压减…任务按期完成, …任务超额完成) answers
// each item of the target's list.
func TestRuleNamedCompletion(t *testing.T) {
	prev := report("示例省", 2023, "", []string{"全省生产总值增长5%。"}, []string{
		"年内压减粗钢500万吨、水泥熟料300万吨、焦炭200万吨等过剩产能。",
		"更新老旧柴油货车2万辆，改造农村危房1.2万户，新建学校30所。",
	})
	next := report("示例省", 2024, "", []string{
		"粗钢、水泥熟料等重点行业压减过剩产能年度任务按期完成。",
		"持续改善空气质量，更新老旧柴油货车任务超额完成。",
		"灾后恢复加快，受损学校修缮任务全面完成。",
	}, []string{"全省生产总值增长5%左右。"})
	checkRules(t, prev, next, []want{
		{"粗钢", "500万吨", Met, ""},
		{"水泥熟料", "300万吨", Met, ""},
		{"焦炭", "200万吨", Met, ""}, // an item of the same list
		{"柴油货车", "2万辆", Exceeded, ""},
		{"危房", "1.2万户", NotMentioned, ""},
		{"学校", "30所", NotMentioned, ""}, // the statement is about repairing others
	})
}

// Figures in the plan that promise nothing are not targets: a threshold
// that defines a category, a fact about the population, a forecast, a
// slogan's count, the speech counting its points, a budget's change on last
// year; and a page holding the plan twice lists each target once.
func TestRuleNotTargets(t *testing.T) {
	plan := []string{
		"对单笔投资30万元以上的项目实行跟踪审计，年经营收入5万元以上的村占比达到70%。",
		"让14亿中国人共享发展成果，今年全省高校毕业生将达45万人。",
		"持续推进“五个1万亩”行动，下面就三个方面作简要说明。",
		"今年安排一般公共预算支出520亿元，比上年增加30亿元。",
		"新建公办幼儿园12所。",
	}
	prev := report("示例省", 2024, "", []string{"全省生产总值增长5%。"}, append(append([]string{}, plan...), plan...))
	next := report("示例省", 2025, "", []string{"新建公办幼儿园12所。"}, []string{"新建公办幼儿园10所。"})
	var got []string
	for _, m := range Reconcile(prev, next) {
		got = append(got, m.Target.Quantity)
	}
	// Only the share of villages, the budget and the kindergartens promise
	// something, each once although the plan is written twice.
	if strings.Join(got, " ") != "70% 520亿元 12所" {
		t.Errorf("targets %q, want [70%% 520亿元 12所]", got)
	}
}

// A target due in a later year (力争3年内, 到2025年) is not missed by one
// year's figure below it: uncertain, with the figure; one already reached is
// met.
func TestRuleMultiYear(t *testing.T) {
	prev := report("示例区", 2024, "", []string{"地区生产总值增长6%。"}, []string{
		"力争3年内建成省级重点实验室3家，到2026年新增市级研发平台30个。",
		"今年新建公共充电桩500个。",
	})
	next := report("示例区", 2025, "", []string{
		"建成省级重点实验室1家，新增市级研发平台31个，新建公共充电桩510个。",
	}, []string{"新建公共充电桩600个。"})
	checkRules(t, prev, next, []want{
		{"重点实验室", "3家", Uncertain, ""},
		{"研发平台", "30个", Met, "31个"},
		{"充电桩", "500个", Met, "510个"},
	})
}

// A national report's main targets answered the way a national review
// words them (年末城镇登记失业率, 能耗强度, 城镇新增就业人数): facts and
// figures of the style, written for the test.
func TestRuleNationalMainTargets(t *testing.T) {
	prev := report("国务院", 2016, "", []string{"国内生产总值增长6.9%。"}, []string{
		"今年主要预期目标：国内生产总值增长6%—6.5%，居民消费价格涨幅控制在3%左右，城镇新增就业1100万人以上，城镇登记失业率4.5%以内。",
		"单位国内生产总值能耗下降3%以上，再减少农村贫困人口900万以上，完成棚户区住房改造500万套。",
		"赤字率按2.8%安排，财政赤字2.5万亿元，比去年增加3000亿元。",
		"经济增长预期6%以上，兼顾了需要和可能。",
	})
	next := report("国务院", 2017, "", []string{
		"国内生产总值达到80万亿元，增长6.2%。居民消费价格上涨1.8%。城镇新增就业人数1260万，年末城镇登记失业率4.1%。",
		"能耗强度下降3.8%，农村贫困人口减少1100万，棚户区住房改造510多万套。",
	}, []string{"国内生产总值增长6%左右。"})
	checkRules(t, prev, next, []want{
		{"国内生产总值", "6%—6.5%", Met, "6.2%"},
		{"居民消费价格", "3%", Met, "1.8%"},
		{"城镇新增就业", "1100万人", Exceeded, "1260万"},
		{"城镇登记失业率", "4.5%", Met, "4.1%"},
		{"能耗", "3%", Exceeded, "3.8%"},
		{"贫困人口", "900万", Exceeded, "1100万"},
		{"棚户区", "500万套", Met, "510多万套"},
		{"经济增长预期", "6%", Met, "6.2%"}, // the growth target restated
		{"赤字率", "2.8%", NotMentioned, ""},
		{"财政赤字", "2.5万亿元", NotMentioned, ""},
	})
}

// A figure stated as a share of the year's target answers it.
func TestRuleShareOfPlan(t *testing.T) {
	prev := report("示例区", 2024, "", []string{"地区生产总值增长6%。"}, []string{
		"全年招商引资到位资金50亿元，新增市场主体8000户。",
	})
	next := report("示例区", 2025, "", []string{
		"招商引资成效明显，招商引资到位资金完成年度任务的112%，新增市场主体完成年度目标的96%。",
	}, []string{"招商引资到位资金55亿元。"})
	checkRules(t, prev, next, []want{
		{"招商引资", "50亿元", Exceeded, "112%"},
		{"市场主体", "8000户", Missed, "96%"},
	})
}
