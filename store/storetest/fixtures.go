package storetest

import (
	"time"

	"ducha/ledger"
)

// plan is the section path of the fixture's plan commitments.
var plan = []string{"二、2024年工作安排", "（三）着力保障和改善民生"}

// fixtureCommitments returns the commitments of the fixture report, out of
// order, covering every field: targets with exact decimals, ranges and
// baselines, deadlines, assignments with cooperating units in a given
// order, milestones, weights, sub-tasks and an achievement.
func fixtureCommitments() []ledger.Commitment {
	return []ledger.Commitment{
		{
			Code: "2024-02-03-10", Kind: ledger.KindTarget, Title: "城镇调查失业率控制在5.5%以内",
			Text: "城镇调查失业率控制在5.5%以内", Sentence: "城镇调查失业率控制在5.5%以内。", Start: 300, End: 342,
			Section: plan, Category: plan[1], Lead: "稳就业", Period: 2024,
			Target: &ledger.Target{Indicator: "城镇调查失业率", Quantity: "5.5%", Unit: "%", Comparator: "le", Value: "5.5",
				Binding: "预期性", Kind: "ceiling"},
		},
		{
			Code: "2024-02-03-2", Kind: ledger.KindTarget, Title: "办好10件为民实事", Text: "办好10件为民实事",
			Sentence: "办好10件为民实事：", Start: 120, End: 144, Section: plan, Category: plan[1], Period: 2024,
			DeadlineText: "年底前", Deadline: ptr(date(2024, 12, 31)),
			Target:     &ledger.Target{Indicator: "为民实事", Quantity: "10件", Unit: "件", Comparator: "eq", Value: "10"},
			Assignment: ledger.Assignment{SuggestedLead: finance},
		},
		{
			Code: "2024-02-03-2.10", ParentCode: "2024-02-03-2", Kind: ledger.KindTarget, Title: "新增公共停车泊位",
			Text: "新增公共停车泊位2000个", Start: 260, End: 290, Section: plan, Category: plan[1], Period: 2024,
			Weight: 0.25,
		},
		{
			Code: "2024-02-03-2.1", ParentCode: "2024-02-03-2", Kind: ledger.KindTarget, Title: "新增学位6000个以上",
			Text: "新增学位6000个以上", Sentence: "新建改扩建学校12所，新增学位6000个以上。", Start: 150, End: 177,
			Section: plan, Category: plan[1], Lead: "办好人民满意的教育", Period: 2024,
			// A deadline given at 23:00 in Beijing is still 30 June.
			DeadlineText: "6月底前", Deadline: ptr(time.Date(2024, 6, 30, 23, 0, 0, 0, time.FixedZone("CST", 8*3600))),
			Weight: 0.333333333333,
			Target: &ledger.Target{Indicator: "新增学位", Quantity: "6000个", Unit: "个", Comparator: "ge", Value: "6000",
				Change: "increase", BaselineValue: "10340", BaselineYear: 2023, Binding: "约束性"},
			Assignment: ledger.Assignment{Lead: edu, SuggestedLead: edu, Cooperating: []string{housing, finance, eduBuild},
				Leader: "李副区长", Person: "王科长"},
			Milestones: []ledger.Milestone{
				{Due: date(2024, 3, 31), Expected: "1500"},
				{Due: time.Date(2024, 6, 30, 12, 0, 0, 0, time.FixedZone("CST", 8*3600)), Expected: "6000",
					Description: "全部投入使用"},
				{Due: date(2024, 1, 31), Description: "完成选址"},
			},
		},
		{
			Code: "2024-02-03-2.2", ParentCode: "2024-02-03-2", Kind: ledger.KindTarget, Title: "城镇居民人均可支配收入",
			Text: "城镇居民人均可支配收入41900元", Start: 180, End: 220, Section: plan, Category: plan[1], Period: 2024,
			Target: &ledger.Target{Indicator: "城镇居民人均可支配收入", Quantity: "41900元", Unit: "元", Comparator: "approx",
				Value: "41900", High: "42500.50", BaselineValue: "40012.3", BaselineYear: 2023},
			Assignment: ledger.Assignment{Lead: hr, Cooperating: []string{finance}},
			Milestones: []ledger.Milestone{{Due: date(2024, 9, 30), Expected: "0.333333333333"}},
		},
		{
			Code: "2023-R03-1", Kind: ledger.KindAchievement, Title: "新增学位10340个", Text: "新增学位10340个",
			Sentence: "新增学位10340个。", Start: 30, End: 51, Section: []string{"一、过去一年工作回顾"},
			Category: "", Period: 2023,
			Target: &ledger.Target{Indicator: "新增学位", Quantity: "10340个", Unit: "个", Comparator: "eq", Value: "10340",
				Change: "increase"},
		},
		{
			Code: "2024-02-03-1", Kind: ledger.KindTarget, Title: "稳住就业基本盘", Text: "稳住就业基本盘",
			Start: 60, End: 81, Section: plan, Category: plan[1], Period: 2024,
		},
		{
			Code: "2024-02-04-1", Kind: ledger.KindTarget, Title: "改造老旧小区67.9万平方米",
			Text: "改造老旧小区67.9万平方米", Start: 400, End: 436, Category: "（四）城市建设", Period: 2024,
			Target: &ledger.Target{Indicator: "改造老旧小区", Quantity: "67.9万平方米", Unit: "万平方米", Comparator: "eq",
				Value: "67.9"},
			Assignment: ledger.Assignment{Leader: "赵区长"},
			// Marked 不列入 on an earlier version of the report: a
			// re-import carries it.
			Excluded: &ledger.Exclusion{At: time.Date(2024, 2, 1, 9, 30, 0, 0, time.UTC), By: "duchashi", Reason: "重复事项"},
		},
	}
}

// fixtureOrder is the natural order of the fixture's codes.
var fixtureOrder = []string{
	"2023-R03-1", "2024-02-03-1", "2024-02-03-2", "2024-02-03-2.1", "2024-02-03-2.2", "2024-02-03-2.10",
	"2024-02-03-10", "2024-02-04-1",
}

// stored returns what a store gives back for cs saved in report id: in
// natural order, with the report id, dates as UTC days.
func stored(reportID int64, cs []ledger.Commitment) []ledger.Commitment {
	byCode := map[string]ledger.Commitment{}
	for _, c := range cs {
		c.ReportID = reportID
		if c.Deadline != nil {
			d := day(*c.Deadline)
			c.Deadline = &d
		}
		ms := make([]ledger.Milestone, len(c.Milestones))
		for i, m := range c.Milestones {
			m.Due = day(m.Due)
			ms[i] = m
		}
		c.Milestones = ms
		byCode[c.Code] = c
	}
	var out []ledger.Commitment
	for _, code := range fixtureOrder {
		if c, ok := byCode[code]; ok {
			out = append(out, c)
			delete(byCode, code)
		}
	}
	if len(byCode) > 0 {
		panic("stored: a code outside fixtureOrder")
	}
	return out
}

func day(t time.Time) time.Time { return date(t.Year(), int(t.Month()), t.Day()) }
