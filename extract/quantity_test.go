package extract

import (
	"strings"
	"testing"
)

// mentionWant is the part of a mention a rule test checks.
type mentionWant struct {
	quantity, value, unit, comparator, change string
	high                                      string
}

func TestQuantityRules(t *testing.T) {
	tests := []struct {
		name string
		text string
		want []mentionWant
	}{
		{"magnitude and unit", "全年新增城镇就业4.19万人。", []mentionWant{{"4.19万人", "41900", "人", "eq", "", ""}}},
		{"money", "投入资金36亿元，占财政总支出的67%。", []mentionWant{{"36亿元", "3600000000", "元", "eq", "", ""}, {"67%", "67", "%", "eq", "", ""}}},
		{"range percent", "居民人均可支配收入增长6.5%-7%。", []mentionWant{{"6.5%-7%", "6.5", "%", "ge", "increase", "7"}}},
		{"range with 至", "每个街道建设3至5个口袋公园。", []mentionWant{{"3至5个", "3", "个", "ge", "", "5"}}},
		{"percentage points", "城镇登记失业率下降0.4个百分点。", []mentionWant{{"0.4个百分点", "0.4", "个百分点", "eq", "decrease", ""}}},
		{"approx", "地区生产总值增长6%左右，约1.5亿元用于民生，接待游客近3万人次。", []mentionWant{
			{"6%", "6", "%", "approx", "increase", ""}, {"1.5亿元", "150000000", "元", "approx", "", ""}, {"3万人次", "30000", "人次", "approx", "", ""}}},
		{"ge forms", "新增学位6000个以上，举办活动200余场次，惠及2000多户，突破500亿元。", []mentionWant{
			{"6000个", "6000", "个", "ge", "", ""}, {"200余场次", "200", "场次", "ge", "", ""}, {"2000多户", "2000", "户", "ge", "", ""}, {"500亿元", "50000000000", "元", "ge", "", ""}}},
		{"le forms", "失业率控制在5.5%以内，企业开办时间压缩至3个工作日。", []mentionWant{
			{"5.5%", "5.5", "%", "le", "", ""}, {"3个工作日", "3", "个工作日", "le", "", ""}}},
		{"less than", "审批时限不足3个工作日，空置率不到5%。", []mentionWant{
			{"3个工作日", "3", "个工作日", "le", "", ""}, {"5%", "5", "%", "le", "", ""}}},
		{"financial numerals", "设立专项资金壹仟万元。", []mentionWant{{"壹仟万元", "10000000", "元", "eq", "", ""}}},
		{"full-width digits", "建成社区食堂１２个。", []mentionWant{{"１２个", "12", "个", "eq", "", ""}}},
		{"chinese numerals", "新建两所学校，改造三十五个小区。", []mentionWant{{"两所", "2", "所", "eq", "", ""}, {"三十五个", "35", "个", "eq", "", ""}}},
		{"percent in words", "覆盖率提高百分之三十。", []mentionWant{{"百分之三十", "30", "%", "eq", "increase", ""}}},
		{"fraction", "比重超过三分之一，占比超1/10。", []mentionWant{{"三分之一", "0.333333333333", "", "ge", "", ""}, {"1/10", "0.1", "", "ge", "", ""}}},
		{"streak", "连续5年获评先进，连续61个月保持增长。", []mentionWant{{"5年", "5", "年", "eq", "", ""}, {"61个月", "61", "个月", "eq", "", ""}}},
		{"bare magnitude", "移动通信用户3.4亿。", []mentionWant{{"3.4亿", "340000000", "", "eq", "", ""}}},
		{"kilowatt stays in the unit", "新增装机1.5亿千瓦。", []mentionWant{{"1.5亿千瓦", "150000000", "千瓦", "eq", "", ""}}},
		{"month holds a mention", "11月减税降费17.4亿元。", []mentionWant{{"17.4亿元", "1740000000", "元", "eq", "", ""}}},
		{"two in one phrase", "会议、文件分别减少46%和30%。", []mentionWant{
			{"46%", "46", "%", "eq", "decrease", ""}, {"30%", "30", "%", "eq", "decrease", ""}}},
		{"threshold defines a category", "亿元以上项目11个，淘汰10蒸吨以下燃煤锅炉。", []mentionWant{{"11个", "11", "个", "eq", "", ""}}},
		{"thousands separator", "完成投资1,234万元。", []mentionWant{{"1,234万元", "12340000", "元", "eq", "", ""}}},
		{"bare magnitudes that are amounts", "开展活动百余场次，培训千余人次，惠及万余户，逾千家企业受益，近千家企业享受政策。", []mentionWant{
			{"百余场次", "100", "场次", "ge", "", ""}, {"千余人次", "1000", "人次", "ge", "", ""}, {"万余户", "10000", "户", "ge", "", ""},
			{"千家", "1000", "家", "ge", "", ""}, {"千家", "1000", "家", "approx", "", ""}}},
		{"bare magnitudes in words", "千方百计走进千家万户，建党百年，近百年来，百余年历史，千亩花海，新增上千个岗位，百姓满意。", nil},
		{"a share above a figure", "95%以上的行政村通了硬化路，增长10%以上的企业有20家，亿元以上的项目8个。", []mentionWant{
			{"95%", "95", "%", "ge", "", ""}, {"20家", "20", "家", "eq", "", ""}, {"8个", "8", "个", "eq", "", ""}}},
		{"a rate restated", "生产总值增长7%，力争达到8%；完成投资10亿元，力争达到12亿元。", []mentionWant{
			{"7%", "7", "%", "eq", "increase", ""}, {"8%", "8", "%", "ge", "increase", ""},
			{"10亿元", "1000000000", "元", "eq", "", ""}, {"12亿元", "1200000000", "元", "ge", "", ""}}},
		{"a noun ending in 数", "空气质量优良天数342天，参保人数12万人。", []mentionWant{
			{"342天", "342", "天", "eq", "", ""}, {"12万人", "120000", "人", "eq", "", ""}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Extract(tt.text, Options{ReportYear: 2024}).Mentions
			if len(got) != len(tt.want) {
				t.Fatalf("%q: got %d mentions %v, want %d", tt.text, len(got), quantities(got), len(tt.want))
			}
			for i, w := range tt.want {
				g := got[i]
				high := ""
				if g.High != nil {
					high = g.High.String()
				}
				if g.Quantity != w.quantity || g.Value.String() != w.value || g.Unit != w.unit ||
					g.Comparator != w.comparator || string(g.Change) != w.change || high != w.high {
					t.Errorf("mention %d of %q:\n got %q %s %q %s %q high=%q\nwant %q %s %q %s %q high=%q", i, tt.text,
						g.Quantity, g.Value, g.Unit, g.Comparator, g.Change, high,
						w.quantity, w.value, w.unit, w.comparator, w.change, w.high)
				}
				if tt.text[g.Start:g.End] != g.Quantity {
					t.Errorf("offsets [%d,%d) do not cover %q", g.Start, g.End, g.Quantity)
				}
			}
		})
	}
}

// TestNotQuantities: dates, ordinals, codes, slogans and words holding a
// numeral are not mentions.
func TestNotQuantities(t *testing.T) {
	for _, text := range []string{
		"03.01.2020  09:00",
		"2019年已经过去，2020年1月8日召开会议，6月底前完成。",
		"第25届兰洽会，十九届四中全会，第二届运动会，第三代残疾人证，新中国成立70周年。",
		"加快5G建设，改造S468#道路，创建5A级景区，PM2.5浓度。",
		"增强“四个意识”，坚定“四个自信”，做到“两个维护”，坚持“五个坚定不移”。",
		"实施十大行动，打好三大保卫战，九大领域专项整治，四项指标全部下降，认真执行中央八项规定。",
		"打造金融一条街，保护黄河两岸，开展千企万商大走访，千方百计稳增长，推进一带一路。",
		"数百名代表参加，实现零上访，小火炉清零。",
		"力争3年内建成，一年来，时隔12年。",
		"“民生就业360”服务品牌，引进“三个500强”企业。",
		"完成三台阁维修，加大小区二次供水监管，城关区第十八届人大四次会议。",
		"建成一批项目，形成一个有活力的城市，进一步统一思想。",
		"实行“一院一策”，落实“一岗双责”，确保定一件干一件。",
	} {
		if got := Extract(text, Options{ReportYear: 2020}).Mentions; len(got) != 0 {
			t.Errorf("%q: got mentions %v, want none", text, quantities(got))
		}
	}
}

func quantities(ms []Mention) []string {
	var out []string
	for _, m := range ms {
		out = append(out, m.Quantity)
	}
	return out
}

func TestKindPeriodQualifier(t *testing.T) {
	text := "回顾2023\n\n新增学位5000个。\n\n展望2024\n\n力争3年内引进高科技企业50家以上，力争公益公办在园幼儿比例达到50%，到2026年建成公园20个，新增停车泊位3000个。\n"
	ms := Extract(text, Options{}).Mentions
	want := []struct {
		q, kind, cmp string
		period       int
		qual         string
	}{
		{"5000个", Achievement, Eq, 2023, ""},
		{"50家", Target, Ge, 2026, "力争"},
		{"50%", Target, Ge, 2024, "力争"},
		{"20个", Target, Eq, 2026, ""},
		{"3000个", Target, Eq, 2024, ""},
	}
	if len(ms) != len(want) {
		t.Fatalf("got %v", quantities(ms))
	}
	for i, w := range want {
		m := ms[i]
		if m.Quantity != w.q || m.Kind != w.kind || m.Comparator != w.cmp || m.Period != w.period || string(m.Qualifier) != w.qual {
			t.Errorf("%s: got kind %s cmp %s period %d qualifier %q; want %s %s %d %q", m.Quantity, m.Kind, m.Comparator, m.Period, m.Qualifier, w.kind, w.cmp, w.period, w.qual)
		}
	}
}

// TestTimeFrameAndReach: a time frame opening a sentence of the plan
// holds for each of its clauses; a target raised to a figure (提高到)
// must reach it, an achievement raised to it stands at it.
func TestTimeFrameAndReach(t *testing.T) {
	text := "回顾2023\n\n森林覆盖率提高到34%。\n\n展望2024\n\n" +
		"到2027年，地区生产总值突破500亿元，森林覆盖率提高到36%。" +
		"2026年前，建成公园20个。" +
		"力争到2028年，新增学位1万个。" +
		"到2027年，全区工业总产值翻番，今年新增规上企业30家。" +
		"2024年，新增城镇就业1.3万人。" +
		"森林覆盖率提高到35%，新增停车泊位3000个。\n"
	want := []struct {
		q, kind, cmp string
		period       int
	}{
		{"34%", Achievement, Eq, 2023},
		{"500亿元", Target, Ge, 2027}, {"36%", Target, Ge, 2027},
		{"20个", Target, Eq, 2026},
		{"1万个", Target, Eq, 2028},
		{"30家", Target, Eq, 2024},
		{"1.3万人", Target, Eq, 2024},
		{"35%", Target, Ge, 2024}, {"3000个", Target, Eq, 2024},
	}
	ms := Extract(text, Options{}).Mentions
	if len(ms) != len(want) {
		t.Fatalf("got %v", quantities(ms))
	}
	for i, w := range want {
		m := ms[i]
		if m.Quantity != w.q || m.Kind != w.kind || m.Comparator != w.cmp || m.Period != w.period {
			t.Errorf("%s: got %s %s %s %d; want %s %s %s %d", w.q, m.Quantity, m.Kind, m.Comparator, m.Period, w.q, w.kind, w.cmp, w.period)
		}
	}
}

func TestIndicator(t *testing.T) {
	tests := []struct{ text, quantity, want string }{
		{"全年新增城镇就业4.19万人。", "4.19万人", "新增城镇就业"},
		{"荣获国家级奖项等211项国家和省市级奖项。", "211项", "国家和省市级奖项"},
		{"出台支持民营经济发展38条措施。", "38条", "措施"},
		{"扶持文化产业园等企业46家。", "46家", "企业"},
		{"城乡低保标准同比提高8%。", "8%", "城乡低保标准"},
		{"全区性会议、文件分别减少46%和30%。", "30%", "文件"},
		{"组建市区级项目团队36个。", "36个", "市区级项目团队"},
		{"发放各类救助金7550万元。", "7550万元", "救助金"},
		{"办好十件实事：一是新增普惠性托位500个；二是改造农村公路50公里。", "500个", "新增普惠性托位"},
		{"办好十件实事：一是新增普惠性托位500个；二是改造农村公路50公里。", "50公里", "农村公路"},
		{"数字经济比重超1/10，三分之一的社区实现智慧化管理。", "三分之一", "社区"},
		{"规模以上工业增加值连续61个月保持增长。", "61个月", "规模以上工业增加值"},
		{"95%以上的行政村通了硬化路。", "95%", "行政村"},
		{"城镇居民人均可支配收入52360元，农村居民人均可支配收入28610元，分别增长4.8%和6.9%。", "4.8%", "城镇居民人均可支配收入"},
		{"城镇居民人均可支配收入52360元，农村居民人均可支配收入28610元，分别增长4.8%和6.9%。", "6.9%", "农村居民人均可支配收入"},
		{"建成区绿化覆盖率达43.2%。", "43.2%", "建成区绿化覆盖率"},
		{"建成区级综合体育馆2座。", "2座", "区级综合体育馆"},
		{"工业用水价格下调至每吨3.2元。", "3.2元", "工业用水价格"},
		{"全县生产总值完成85.3亿元，增长8.1%，两年平均增长6.2%。", "6.2%", "生产总值"},
		{"全省生产总值由2.7万亿元增加到3.8万亿元。", "3.8万亿元", "生产总值"},
	}
	for _, tt := range tests {
		var got *Mention
		ms := Extract(tt.text, Options{ReportYear: 2020}).Mentions
		for i := range ms {
			if ms[i].Quantity == tt.quantity {
				got = &ms[i]
			}
		}
		if got == nil {
			t.Errorf("%q: no mention %s in %v", tt.text, tt.quantity, quantities(ms))
			continue
		}
		if got.Indicator != tt.want {
			t.Errorf("%q: indicator %q, want %q", tt.text, got.Indicator, tt.want)
		}
	}
}

func TestStructure(t *testing.T) {
	text := strings.Join([]string{
		"政府工作报告",
		"——2024年1月10日在示例区第三届人民代表大会第四次会议上",
		"",
		"各位代表：",
		"一、2023年工作回顾",
		"（一）项目建设提速增效",
		"项目建设深入推进。建成项目12个，完成投资30亿元。",
		"二、2024年工作安排",
		"（一）扩大有效投资",
		"实施重点项目50个以上，6月底前开工20个。",
		"今年将办好10件民生实事：新增学位6000个以上；新增养老床位300张；改造老旧小区20个。",
	}, "\n")
	res := Extract(text, Options{})
	st := res.Structure
	if st.Region != "示例区" || st.ReportYear != 2024 || st.ReviewYear != 2023 {
		t.Errorf("region %q year %d review %d", st.Region, st.ReportYear, st.ReviewYear)
	}
	if got := text[st.Title.Start:st.Title.End]; got != "政府工作报告" {
		t.Errorf("title %q", got)
	}
	if st.Review.Start == 0 || st.Plan.Start <= st.Review.Start {
		t.Errorf("parts review %v plan %v", st.Review, st.Plan)
	}
	var heads []string
	for _, h := range st.Headings {
		heads = append(heads, h.Style+h.Text)
	}
	if len(st.Headings) != 4 || st.Headings[1].Level != 2 || st.Headings[1].Parent != 0 {
		t.Errorf("headings %v", heads)
	}
	var lead string
	for _, p := range st.Paragraphs {
		if p.Lead.End > p.Lead.Start {
			lead = text[p.Lead.Start:p.Lead.End]
		}
	}
	if lead != "项目建设深入推进。" {
		t.Errorf("lead %q", lead)
	}
	var items, withDeadline int
	for _, c := range res.Commitments {
		if c.ListItem {
			items++
		}
		if c.Deadline == "6月底前" {
			withDeadline++
		}
	}
	if items != 3 || withDeadline != 1 {
		t.Errorf("commitments: %d list items, %d with deadline 6月底前: %+v", items, withDeadline, res.Commitments)
	}
}

func TestFindDeadline(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"6月底前完成改造", "6月底前"}, {"十月底前建成", "十月底前"}, {"三季度末投用", "三季度末"}, {"年内开工", "年内"},
		{"年底前全部完成", "年底前"}, {"上半年启动", "上半年"}, {"2022年前建成", "2022年前"}, {"力争3年内引进", "3年内"},
		{"2025年底建成", "2025年底"}, {"新增学位6000个", ""}, {"新建4季度", "4季度"},
		{"力争10月1日前建成", "10月1日前"}, {"6月30号前完成", "6月30号前"}, {"6月的第一周", ""},
	} {
		if got := findDeadline(tt.in); got != tt.want {
			t.Errorf("findDeadline(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestVagueAndTimeFrames(t *testing.T) {
	for _, text := range []string{"几十个项目", "数十家企业", "3个月内完成", "30天内办结", "十几个社区"} {
		if got := Extract(text, Options{ReportYear: 2024}).Mentions; len(got) != 0 {
			t.Errorf("%q: got %v, want none", text, quantities(got))
		}
	}
	ms := Extract("PM2.5平均浓度33微克/立方米，出生缺陷发生率3.5‰。", Options{ReportYear: 2024}).Mentions
	if len(ms) != 2 || ms[0].Unit != "微克/立方米" || ms[1].Unit != "‰" {
		t.Errorf("got %v", ms)
	}
}

func TestPageFurniture(t *testing.T) {
	text := "首页 > 政务公开 > 政府工作报告\n某区2024年政府工作报告\n发布时间：2024-01-15 来源：区政府办 浏览次数：3581\n【字体：大 中 小】【打印】【关闭】\n一、2023年工作回顾\n新增学位5000个。\n版权所有：某区人民政府 备案号：陇ICP备12345678号-1 技术支持：某公司\n"
	ms := Extract(text, Options{}).Mentions
	if len(ms) != 1 || ms[0].Quantity != "5000个" {
		t.Errorf("got %v, want only 5000个", quantities(ms))
	}
}

// TestByline: the speaker's line under the title is not a heading, with
// the office before or after the government's name.
func TestByline(t *testing.T) {
	for _, line := range []string{"市长 某某某", "区长　王明远", "示例区人民政府区长　王明远", "代市长 李某"} {
		if !isByline(line) {
			t.Errorf("%q is not read as a byline", line)
		}
		text := "2023年某某市人民政府工作报告\n" + line + "\n各位代表：\n一、2022年工作回顾\n新增学位5000个。\n二、2023年工作安排\n新增学位6000个。\n"
		st := Extract(text, Options{}).Structure
		for _, h := range st.Headings {
			if strings.Contains(h.Text, strings.TrimSpace(line)) {
				t.Errorf("%q is a heading", line)
			}
		}
	}
	for _, line := range []string{"市长信箱", "市长热线12345", "一、市长办公会议定事项"} {
		if isByline(line) {
			t.Errorf("%q read as a byline", line)
		}
	}
}

// TestOddInput: inputs that once crashed the extractor.
func TestOddInput(t *testing.T) {
	for _, text := range []string{
		"政府工作报告\nABC\n一、总体\n建成学校3所。\n",
		"政府工作报告\n王\n一、总体\n建成学校3所。\n",
		"甲10个，乙20个，丙30个，分别增长1%、2%、近百个。",
		"甲10所，乙20家，丙30家，分别新增1所、2家、逾千家。",
		"00000000000000000000000000000000000000000000%0000,000%000000000",
	} {
		Extract(text, Options{ReportYear: 2024})
	}
}

// TestListParentPerSentence: a list whose head commits to nothing does not
// hang under a commitment of an earlier sentence.
func TestListParentPerSentence(t *testing.T) {
	text := "2023年某市人民政府工作报告\n一、2022年工作回顾\n新增学位5000个。\n二、2023年工作安排\n" +
		"新建学校3所。主要预期目标是：生产总值增长6%左右；一般公共预算收入增长5%；城镇新增就业2万人。\n"
	cs := Extract(text, Options{}).Commitments
	// The lead-in 主要预期目标是 commits to nothing: it is no commitment, and
	// its items stand alone, numbered under the sentence (…-2.1, …-2.2).
	want := map[string]string{"新建学校3所": "2023-01-01-1", "生产总值增长6%左右": "2023-01-01-2.1",
		"一般公共预算收入增长5%": "2023-01-01-2.2", "城镇新增就业2万人": "2023-01-01-2.3"}
	if len(cs) != len(want) {
		t.Fatalf("got %d commitments, want %d: %+v", len(cs), len(want), cs)
	}
	for _, c := range cs {
		if want[c.Text] != c.Code || c.Parent != "" || c.Items != 0 {
			t.Errorf("%s: code %s parent %q items %d; want code %s, no parent, no items", c.Text, c.Code, c.Parent, c.Items, want[c.Text])
		}
	}
}

// TestTiedYears: an achievement's figure tied to an earlier year takes
// that year; one compared with it, or counted from it, does not; a target
// due at the end of a five-year plan takes its last year.
func TestTiedYears(t *testing.T) {
	text := "回顾2020\n\n城镇登记失业率由上年的3.8%下降到3.2%。一般公共预算收入由上年下降2.3%转为增长1.5%。" +
		"2019年底贫困发生率为0.5%，2020年全部脱贫。地区生产总值比上年增长3%，较2015年增长42%，与2019年相比增加8亿元。" +
		"2018年以来累计建成保障房3200套。\n\n展望2021\n\n到“十四五”末，人均公园绿地面积达到15平方米。新增就业岗位5000个。\n"
	want := []struct {
		q, indicator string
		period       int
	}{
		{"3.8%", "城镇登记失业率", 2019}, {"3.2%", "城镇登记失业率", 2020},
		{"2.3%", "一般公共预算收入", 2019}, {"1.5%", "一般公共预算收入", 2020},
		{"0.5%", "贫困发生率", 2019},
		{"3%", "地区生产总值", 2020}, {"42%", "地区生产总值", 2020}, {"8亿元", "", 2020},
		{"3200套", "保障房", 2020},
		{"15平方米", "人均公园绿地面积", 2025}, {"5000个", "新增就业岗位", 2021},
	}
	ms := Extract(text, Options{}).Mentions
	if len(ms) != len(want) {
		t.Fatalf("got %v", quantities(ms))
	}
	for i, w := range want {
		m := ms[i]
		if m.Quantity != w.q || m.Period != w.period || w.indicator != "" && m.Indicator != w.indicator {
			t.Errorf("%s: got %s period %d indicator %q; want period %d indicator %q", w.q, m.Quantity, m.Period, m.Indicator,
				w.period, w.indicator)
		}
	}
}

// TestFiveYearSections: targets in a section of the five-year plan fall
// due at its end; the year's own section stays in the year.
func TestFiveYearSections(t *testing.T) {
	text := "2021年某县人民政府工作报告\n一、2020年及“十三五”时期工作回顾\n全县生产总值完成95亿元。“十三五”时期年均增长6.8%。\n" +
		"二、“十四五”时期主要目标\n全县生产总值年均增长7%左右，城镇化率达到60%。\n" +
		"三、2021年主要目标和重点工作\n全县生产总值增长8%以上。今后五年，新建学校10所。\n"
	want := map[string]int{"95亿元": 2020, "6.8%": 2020, "7%": 2025, "60%": 2025, "8%": 2021, "10所": 2025}
	ms := Extract(text, Options{}).Mentions
	if len(ms) != len(want) {
		t.Fatalf("got %v", quantities(ms))
	}
	for _, m := range ms {
		if m.Period != want[m.Quantity] {
			t.Errorf("%s: period %d, want %d", m.Quantity, m.Period, want[m.Quantity])
		}
	}
}

// TestYearHeadings: chapters named only by their year (砥砺奋进的2023年,
// 乘势而上的2024年) are the review and the plan; a sub-heading naming the
// later year inside the review is not the plan.
func TestYearHeadings(t *testing.T) {
	text := "2024年某某区人民政府工作报告\n一、砥砺奋进的2023年\n新增学位5000个。\n（一）2024年已启动的项目\n开工项目3个。\n" +
		"二、乘势而上的2024年\n新增学位6000个。\n"
	want := map[string]string{"5000个": Achievement, "3个": Achievement, "6000个": Target}
	ms := Extract(text, Options{}).Mentions
	if len(ms) != len(want) {
		t.Fatalf("got %v", quantities(ms))
	}
	for _, m := range ms {
		if m.Kind != want[m.Quantity] {
			t.Errorf("%s: %s, want %s", m.Quantity, m.Kind, want[m.Quantity])
		}
	}
}

// TestPastInPlan: a clause of the plan that states what was done last
// year is an achievement of that year; one compared with last year is a
// target.
func TestPastInPlan(t *testing.T) {
	text := "2024年某区人民政府工作报告\n一、2023年工作回顾\n新增学位5000个。\n二、2024年工作安排\n" +
		"去年我区新增就业1.1万人，今年力争新增1.2万人。在去年基础上增长8%。比去年增加500个岗位。" +
		"2023年全区完成投资80亿元，今年计划完成投资100亿元。\n"
	want := []struct {
		q, kind, indicator string
		period             int
	}{
		{"5000个", Achievement, "新增学位", 2023},
		{"1.1万人", Achievement, "新增就业", 2023}, {"1.2万人", Target, "", 2024},
		{"8%", Target, "", 2024}, {"500个", Target, "", 2024},
		{"80亿元", Achievement, "完成投资", 2023}, {"100亿元", Target, "完成投资", 2024},
	}
	ms := Extract(text, Options{}).Mentions
	if len(ms) != len(want) {
		t.Fatalf("got %v", quantities(ms))
	}
	for i, w := range want {
		m := ms[i]
		if m.Quantity != w.q || m.Kind != w.kind || m.Period != w.period || w.indicator != "" && m.Indicator != w.indicator {
			t.Errorf("%s: got %s %s %d %q; want %s %d %q", w.q, m.Quantity, m.Kind, m.Period, m.Indicator, w.kind, w.period, w.indicator)
		}
	}
	if m := ms[3]; m.Indicator == "在去年基础上" {
		t.Errorf("8%%: indicator %q", m.Indicator)
	}
}
