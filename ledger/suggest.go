package ledger

import (
	"strings"
	"unicode/utf8"
)

// LeadRule maps words of a commitment (its text, indicator and section) to
// a fragment of the name of the unit that usually leads such work.
type LeadRule struct {
	Words []string
	Unit  string // a fragment of the unit's name, e.g. 教育局
}

// DefaultLeadRules is the mapping of a typical district government. A
// commitment's suggested lead unit is the unit whose rules match most
// words; a person confirms or corrects it.
var DefaultLeadRules = []LeadRule{
	{[]string{"学位", "学校", "幼儿园", "教育", "中小学", "教师", "大班额", "办学"}, "教育局"},
	{[]string{"就业", "技能培训", "职业培训", "社保", "养老保险", "失业保险", "人才", "农民工"}, "人力资源和社会保障局"},
	{[]string{"养老床位", "日间照料", "低保", "救助", "社区", "养老服务", "福利院", "社会组织", "婚姻"}, "民政局"},
	{[]string{"医院", "卫生", "医疗", "诊疗", "床位", "家庭医生", "健康", "疾控", "预防接种", "医养"}, "卫生健康局"},
	{[]string{"医保"}, "医疗保障局"},
	{[]string{"棚户区", "棚改", "老旧小区", "电梯", "保障性住房", "住房", "建筑节能", "物业"}, "住房和城乡建设局"},
	{[]string{"道路", "停车", "公交", "交通", "断头路", "桥", "公路", "充电桩"}, "交通运输局"},
	{[]string{"公厕", "垃圾", "环卫", "市容", "违建", "户外广告", "街巷", "小街巷", "城市管理", "保洁"}, "城市管理局"},
	{[]string{"绿地", "公园", "游园", "苗木", "花卉", "绿化", "廊道", "森林"}, "自然资源"},
	{[]string{"空气", "污染", "环保", "锅炉", "水质", "碳", "节能减排", "生态环境", "PM2.5", "优良天数"}, "生态环境"},
	{[]string{"招商", "引进", "500强", "签约项目", "到位资金", "外资"}, "投资促进局"},
	{[]string{"菜市场", "消费", "商贸", "电商", "夜间经济", "商圈", "会展", "限上企业", "零售"}, "商务局"},
	{[]string{"科技", "专利", "创新", "高新技术", "研发", "双创", "孵化", "实验室"}, "科学技术局"},
	{[]string{"工业", "规上企业", "规模以上工业", "数字化车间", "智能工厂", "技改"}, "工业和信息化局"},
	{[]string{"旅游", "游客", "文化", "体育", "健身", "赛事", "文物", "书屋", "运动会"}, "文化旅游体育局"},
	{[]string{"安全生产", "应急", "地质灾害", "防灾", "消防"}, "应急管理局"},
	{[]string{"市场主体", "食品安全", "市场监管", "特种设备", "营业执照"}, "市场监督管理局"},
	{[]string{"政务服务", "一网通办", "放管服", "审批", "一件事"}, "政务服务"},
	{[]string{"农业", "粮食", "乡村", "合作社", "农田", "农村", "美丽乡村", "种植", "养殖"}, "农业农村局"},
	{[]string{"供水", "河道", "河洪道", "水利", "污水", "管网", "水务"}, "水务局"},
	{[]string{"财政", "预算", "债券", "税收", "减税降费", "一般公共预算"}, "财政局"},
	{[]string{"重点项目", "固定资产投资", "项目建设", "开工", "竣工", "投资", "地区生产总值"}, "发展和改革局"},
	{[]string{"退役军人", "优抚", "双拥", "光荣牌"}, "退役军人事务局"},
	{[]string{"审计"}, "审计局"},
	{[]string{"治安", "刑事", "平安", "扫黑除恶", "派出所", "禁毒"}, "公安"},
	{[]string{"法治", "普法", "调解", "法律服务", "司法"}, "司法局"},
	{[]string{"信访"}, "信访局"},
	{[]string{"统计"}, "统计局"},
}

// SuggestLead returns the full name of the unit that most likely leads c,
// or "" when no rule matches a unit of the directory.
func SuggestLead(c Commitment, dir *Directory, rules []LeadRule) string {
	return NewSuggester(dir, rules).Suggest(c)
}

// Suggester suggests lead units with the rules resolved against one
// directory once, for importing many commitments. It is safe for use by
// several goroutines.
type Suggester struct {
	rules []LeadRule
	units []string // the unit each rule names, "" when not in the directory
	none  bool     // no rule names a unit of the directory
	// The words of the rules that name a unit, looked for in one pass
	// over a commitment's text: words[k] belongs to rule ruleOf[k];
	// byFirst lists the words starting with a rune, other the words
	// looked for one by one (empty, or not UTF-8).
	words   []string
	ruleOf  []int
	byFirst map[rune][]int
	other   []int
}

// NewSuggester resolves rules against dir.
func NewSuggester(dir *Directory, rules []LeadRule) *Suggester {
	s := &Suggester{rules: rules, units: make([]string, len(rules)), none: true, byFirst: map[rune][]int{}}
	for i, r := range rules {
		s.units[i] = unitNamed(dir, r.Unit)
		if s.units[i] == "" {
			continue
		}
		s.none = false
		for _, w := range r.Words {
			k := len(s.words)
			s.words = append(s.words, w)
			s.ruleOf = append(s.ruleOf, i)
			if w == "" || !utf8.ValidString(w) {
				s.other = append(s.other, k)
				continue
			}
			first, _ := utf8.DecodeRuneInString(w)
			s.byFirst[first] = append(s.byFirst[first], k)
		}
	}
	return s
}

// Suggest returns the full name of the unit that most likely leads c, or
// "": the unit of the rule with the highest score, the first of equals.
// Each word of a rule found in the clause, the indicator, the lead phrase
// or the section headings scores 2, and 1 more when it is in the clause.
func (sg *Suggester) Suggest(c Commitment) string {
	if sg.none {
		return ""
	}
	// The text searched: the clause, then the rest, separated by spaces.
	n := len(c.Text) + 1 + len(c.Lead)
	if c.Target != nil {
		n += 1 + len(c.Target.Indicator)
	}
	for _, s := range c.Section {
		n += 1 + len(s)
	}
	var text strings.Builder
	text.Grow(n)
	text.WriteString(c.Text)
	if c.Target != nil {
		text.WriteByte(' ')
		text.WriteString(c.Target.Indicator)
	}
	text.WriteByte(' ')
	text.WriteString(c.Lead)
	for _, s := range c.Section {
		text.WriteByte(' ')
		text.WriteString(s)
	}
	hay := text.String()

	// found[k]: 0 word k is not in hay, 1 it is, 2 it is in the clause
	// (an occurrence ending within the clause, which starts hay).
	var buf [256]uint8
	found := buf[:0]
	if len(sg.words) > len(buf) {
		found = make([]uint8, len(sg.words))
	} else {
		found = buf[:len(sg.words)]
	}
	for _, k := range sg.other {
		if w := sg.words[k]; strings.Contains(c.Text, w) {
			found[k] = 2
		} else if strings.Contains(hay, w) {
			found[k] = 1
		}
	}
	for i, r := range hay {
		for _, k := range sg.byFirst[r] {
			w := sg.words[k]
			if found[k] == 2 || !strings.HasPrefix(hay[i:], w) {
				continue
			}
			if i+len(w) <= len(c.Text) {
				found[k] = 2
			} else {
				found[k] = 1
			}
		}
	}
	best, bestScore := "", 0
	score, rule := 0, -1
	flush := func() {
		if rule >= 0 && score > bestScore {
			best, bestScore = sg.units[rule], score
		}
	}
	for k := range sg.words {
		if sg.ruleOf[k] != rule {
			flush()
			rule, score = sg.ruleOf[k], 0
		}
		switch found[k] {
		case 1:
			score += 2
		case 2:
			score += 3
		}
	}
	flush()
	return best
}

// unitNamed finds the unit whose name contains fragment, preferring the
// shortest (the department itself over its sub-units).
func unitNamed(dir *Directory, fragment string) string {
	best := ""
	for _, u := range dir.Units() {
		if strings.Contains(u.Name, fragment) || strings.Contains(u.ShortName, fragment) {
			if best == "" || len(u.Name) < len(best) {
				best = u.Name
			}
		}
	}
	return best
}
