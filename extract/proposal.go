package extract

import (
	"fmt"
	"strings"
	"sync"
	"unicode/utf8"
)

// Grain says how finely the plan part is cut into commitments.
type Grain string

const (
	// GrainClause: one commitment per clause that commits (the default,
	// and the grain the codes of earlier imports were made at).
	GrainClause Grain = "clause"
	// GrainSentence: the clauses of one sentence that carry no figure
	// become one commitment with the clauses as its measures (具体措施);
	// every clause with a numeric target and every list item stays a row.
	GrainSentence Grain = "sentence"
	// GrainParagraph: as GrainSentence, grouping a whole paragraph.
	GrainParagraph Grain = "paragraph"
)

// ParseGrain reads a grain name; "" is GrainClause.
func ParseGrain(s string) (Grain, error) {
	switch g := Grain(strings.TrimSpace(s)); g {
	case "":
		return GrainClause, nil
	case GrainClause, GrainSentence, GrainParagraph:
		return g, nil
	}
	return "", fmt.Errorf("unknown grain %q (use clause, sentence or paragraph)", s)
}

// commits says whether a clause of the plan states a commitment: an
// action with an object, or a numeric target. Lead-ins (…的主要预期目标是,
// 实现上述目标), slogans and guiding principles (坚持…, 完整、准确、全面贯彻
// 新发展理念), purposes (让…, 为…作出贡献, 守住…底线), frames (围绕…,
// 聚焦…等领域), statements of fact and fragments without an object
// (年内上线运行) do not. An item of a list commits unless it sets the
// scene: the list says it is one of the things to do.
func commits(clause, verb string, qs []Mention, item bool, places []string) bool {
	if verb == "" && len(qs) == 0 && !item {
		return false // no action, no figure: the common case, decided at once
	}
	if isContext(clause) {
		return false
	}
	c := stripOrdinal(clause)
	if style, _ := numberingStyle(clause); style != "" && !item {
		return len(qs) > 0 // the title of a numbered part: （一）深入实施重大国家战略
	}
	if isLeadIn(c) {
		return false
	}
	if item {
		return len(qs) > 0 || verb != "" || utf8.RuneCountInString(c) >= 4
	}
	if restatesChange(c) {
		return false
	}
	if hasTarget(c, qs) {
		return !assesses(c)
	}
	if verb == "" || isFact(c) || isSlogan(c) || isPurpose(c) || isFrame(c) || namesIdeal(c, places) {
		return false
	}
	return hasObject(c)
}

// opensPrinciples recognises the lead-in of the guiding principles of the
// year: 今年政府工作的总体要求是, 政府工作的总体思路是.
func opensPrinciples(c string) bool {
	return (strings.Contains(c, "总体要求") || strings.Contains(c, "总体思路") || strings.Contains(c, "指导思想")) && isLeadIn(c)
}

// stripOrdinal drops the ordinal that opens an enumerated clause: 一是,
// 第二, （三）.
func stripOrdinal(c string) string {
	if style, off := numberingStyle(c); style != "" {
		return c[off:]
	}
	r0, n0 := utf8.DecodeRuneInString(c)
	r1, n1 := utf8.DecodeRuneInString(c[n0:])
	if n0+n1 >= len(c) {
		return c
	}
	if _, ok := chineseDigit(r0); (ok || r0 == '十') && r1 == '是' {
		return c[n0+n1:]
	}
	if _, ok := chineseDigit(r1); ok && r0 == '第' {
		return c[n0+n1:]
	}
	return c
}

// leadWords point at what comes before or after: 上述, 总体要求, …方面工作.
var leadWords = lazyWords("上述", "总体要求", "总体思路", "指导思想", "政府工作", "方面工作", "方面的工作")

// isLeadIn recognises a clause that introduces what follows or points
// back at what came before: …的总体要求是, 重点做好以下八个方面工作,
// 实现上述目标, 做好今年政府工作, 政务服务方面.
func isLeadIn(c string) bool {
	if c == "" {
		return true
	}
	for _, w := range []string{"是", "为", "如下", "以下", "方面", "几点", "原则和政策取向", "说明"} {
		if strings.HasSuffix(c, w) {
			return true
		}
	}
	// 实现今年经济社会发展的目标任务: the aims just set.
	if strings.HasPrefix(c, "实现") && (strings.HasSuffix(c, "目标") || strings.HasSuffix(c, "目标任务")) {
		return true
	}
	if leadWords().find(c) != "" {
		return true
	}
	// 以下八个方面, 以下几点 (but 省以下财政体制 is a level of government).
	if i := strings.Index(c, "以下"); i >= 0 {
		r, _ := utf8.DecodeRuneInString(c[i+len("以下"):])
		if _, ok := chineseDigit(r); ok || r == '几' || r == '方' || r == '原' || r == utf8.RuneError {
			return true
		}
	}
	return false
}

// hasTarget says whether a clause sets a numeric target: a target
// mention that is not a fact stated with 有/是 (我国有13亿人口).
func hasTarget(c string, qs []Mention) bool {
	for _, m := range qs {
		if m.Kind == Target {
			return (!strings.Contains(c, "有") || firstVerb(c) != "") && !restatesChange(c)
		}
	}
	return false
}

// assesses recognises a clause that judges rather than acts, even with a
// figure: 7%左右的速度可以实现比较充分的就业.
func assesses(c string) bool {
	for _, w := range []string{"可以", "必须", "就会", "能够"} {
		if strings.Contains(c, w) {
			return true
		}
	}
	return false
}

// idealWords name the qualities a government promises its place in a
// slogan: 平安河北, 美丽中国, 法治城关. The quotes around a name may
// sit between (“平安城关”).
var idealWords = []string{"平安", "法治", "健康", "美丽", "数字", "幸福", "文明", "绿色", "活力", "智慧", "开放", "创新",
	"人文", "生态", "诚信", "书香", "宜居", "乐享", "精致", "品质"}

// namesIdeal recognises a slogan that promises the place an ideal:
// 打造更高水平的平安河北, 深入推进健康河北建设.
func namesIdeal(c string, places []string) bool {
	// A programme named after the ideal is a task: 推进“平安城关”建设.
	for _, w := range []string{"建设", "行动", "工程"} {
		if strings.HasSuffix(c, w) {
			return false
		}
	}
	for _, p := range places {
		for i := strings.Index(c, p); i >= 0; {
			for _, w := range idealWords {
				if strings.HasSuffix(strings.TrimSuffix(c[:i], "“"), w) {
					return true
				}
			}
			j := strings.Index(c[i+len(p):], p)
			if j < 0 {
				break
			}
			i += len(p) + j
		}
	}
	return false
}

// placeNames are the short names of a region a slogan may use: 河北 for
// 河北省, 示例 for 示例区, and 中国.
func placeNames(region string) []string {
	names := []string{"中国"}
	r := []rune(region)
	if len(r) >= 3 && strings.ContainsRune("省市区县州旗盟镇乡", r[len(r)-1]) {
		names = append(names, string(r[:len(r)-1]))
	} else if len(r) >= 2 {
		names = append(names, region)
	}
	return names
}

// restatesChange recognises a clause that only gives the change of the
// figure before it: 比上年增加1500亿元, 增加1000亿元.
func restatesChange(c string) bool {
	if strings.HasPrefix(c, "比上年") || strings.HasPrefix(c, "比去年") {
		return true
	}
	for _, v := range []string{"增加", "减少"} {
		if rest, ok := strings.CutPrefix(c, v); ok && digitsAt(rest, 0) > 0 {
			m := findMentions(rest, 0, len(rest), nil)
			return len(m) == 1 && m[0].Start == 0 && m[0].End == len(rest)
		}
	}
	return false
}

// factOpens open a clause that states a fact, an assessment or a
// consequence rather than an action: 我国仍是…, 这既可以…, 必须…, 也有利于….
var factOpens = []string{"这", "但", "就", "既", "又", "也", "根本", "同时", "当前", "我国", "我们", "必须", "必将",
	"可以", "经过", "考虑", "符合", "不", "一律", "今后"}

// factMarks show a statement of fact or assessment in a clause without a
// figure: 压力还在加大, 矛盾凸显, 意义重大, 相衔接.
var factMarks = lazyWords("正在", "也在", "还在", "已经", "日益", "难以", "凸显", "因素", "余地", "共识", "意义重大",
	"相衔接", "相适应", "相契合", "随着", "有所", "可以", "就会", "必须", "是")

// isFact recognises a clause that states a fact or an assessment.
func isFact(c string) bool {
	for _, w := range factOpens {
		if strings.HasPrefix(c, w) && !strings.HasPrefix(c, "不断") {
			return true
		}
	}
	// A subject and a verb of process at the end: 工业化、城镇化持续推进,
	// 资源环境约束加大 (but 新院区年内投用 is a commitment to finish).
	if !opensWithAction(c) {
		for _, v := range []string{"推进", "加大", "增加", "提高", "改善", "扩大", "加快"} {
			if strings.HasSuffix(c, v) {
				return true
			}
		}
	}
	w := factMarks().find(c)
	if w == "是" {
		i := strings.Index(c, "是")
		return utf8.RuneCountInString(c[:i]) >= 2
	}
	return w != ""
}

// ideology marks a clause about the guiding thought, political stance or
// rhetoric of the report rather than a task: 以…思想为指导, 贯彻…精神,
// 新发展理念, 总基调, 两个维护, 谱写…新篇章, 作出…贡献.
var ideology = lazyWords("思想为指导", "为指导", "精神", "理念", "总基调", "两个确立", "四个意识", "四个自信", "两个维护",
	"党的领导", "党的全面领导", "党中央", "决策部署", "工作要求", "全会部署", "新篇章", "新局面", "新征程", "贡献",
	"中国式现代化", "新发展格局", "发展和安全", "伟大旗帜", "现代化建设", "新常态",
	"主动权", "强省", "得到新", "服务型政府", "自身建设", "政府建设", "人民满意", "新优势", "新动能", "新引擎", "新赛道",
	"新路子", "新突破", "新作为", "新担当", "新气象", "新台阶", "新高度", "新成果", "新步伐", "新格局",
	"高地", "热土", "典范", "担当", "图景", "战略机遇", "新质生产力",
	"共同富裕", "依法治", "从严治党", "党的建设", "不发生", "新的增长点", "新的经济增长点", "八项规定", "廉洁", "质的有效提升", "合理区间", "大局", "底线", "红线",
	"社会主义", "小康社会", "健康发展", "和谐稳定", "提质增效", "相统一", "治理能力现代化",
	"现代产业体系", "现代化产业体系", "观念", "改善民生", "民生保障", "发展方式", "结构性改革", "宏观经济政策", "重大风险", "引擎", "蓝图", "有利于", "宏观调控", "各领域改革", "目标定在")

// abstractAims are aims too broad to check unless the clause says more.
var abstractAims = []string{"高质量发展", "强省", "改革开放", "深化改革", "扩大开放", "对外开放", "创新驱动", "开放发展",
	"市场环境", "协同发展", "融合发展", "自立自强", "现代化", "一体化", "民生实事", "基本盘", "国家战略", "创新驱动发展战略"}

// maxAimRunes is the length of the longest of abstractAims.
var maxAimRunes = sync.OnceValue(func() int {
	n := 0
	for _, w := range abstractAims {
		n = max(n, utf8.RuneCountInString(w))
	}
	return n
})

// isSlogan recognises a guiding principle or a slogan: a clause opening
// with 坚持, a clause about the guiding thought (see ideology), a series
// of short words joined by 、 (完整、准确、全面…; 凝心聚力、真抓实干), or a
// series of actions joined by 、 (扩大内需、培育新质生产力、保障和改善民生).
func isSlogan(c string) bool {
	c = strings.TrimLeft(c, "要必须始终")
	if strings.HasPrefix(c, "坚持") || strings.HasPrefix(c, "坚定") || strings.HasPrefix(c, "以") {
		return true
	}
	// 实现有质量有效益可持续的发展: an aim, not a task.
	if strings.HasPrefix(c, "实现") && strings.HasSuffix(c, "发展") {
		return true
	}
	// 把…作为…, 把…贯穿于…: a stance, not a task (把…纳入预算 is one).
	if strings.Contains(c, "把") {
		for _, w := range []string{"作为", "贯穿", "结合起来", "用在", "放在", "放到", "引导到", "建成"} {
			if strings.Contains(c, w) {
				return true
			}
		}
	}
	if ideology().find(c) != "" {
		return true
	}
	// A one-character word in quotes: 夯实“稳”的基础, 实现“新”的突破.
	for i := strings.Index(c, "“"); i >= 0; {
		rest := c[i+len("“"):]
		if r, n := utf8.DecodeRuneInString(rest); r != utf8.RuneError && strings.HasPrefix(rest[n:], "”") {
			return true
		}
		j := strings.Index(rest, "“")
		if j < 0 {
			break
		}
		i += len("“") + j
	}
	// An abstract aim with little around it: 着力推动高质量发展, 打造旅游强省
	// (but 加快…与通州区一体化高质量发展 names its object).
	if n := utf8.RuneCountInString(c); n <= maxAimRunes()+4 {
		for _, w := range abstractAims {
			if strings.Contains(c, w) && n-utf8.RuneCountInString(w) <= 4 {
				return true
			}
		}
	}
	if !strings.Contains(c, "、") {
		return false
	}
	parts := strings.Split(c, "、")
	if utf8.RuneCountInString(parts[0]) <= 2 && utf8.RuneCountInString(parts[1]) <= 2 {
		return true // 完整、准确、全面贯彻…
	}
	if len(parts) >= 3 { // 公共服务均等化、优质化、普惠化
		allHua := true
		for _, p := range parts[1:] {
			allHua = allHua && strings.HasSuffix(p, "化") && utf8.RuneCountInString(p) <= 4
		}
		if allHua {
			return true
		}
	}
	short, verbal := true, 0
	for i, p := range parts {
		if utf8.RuneCountInString(p) > 4 && i < len(parts)-1 || utf8.RuneCountInString(p) > 5 {
			short = false
		}
		if i > 0 && opensWithAction(p) {
			verbal++
		}
	}
	return short || verbal >= 2
}

// purposeEnds end a clause that names a purpose or an effect rather than
// an action: …活力, …信心, …福祉, …获得感.
var purposeEnds = []string{"活力", "信心", "预期", "福祉", "获得感", "幸福感", "安全感", "态势", "潜力", "潜能",
	"颜值", "品质", "品位", "效能", "效益", "效率", "能力水平", "生产率", "局面", "和谐共生", "方式", "执行力",
	"协同水平", "安全水平", "质量和水平", "共建共享水平", "文明程度", "顽疾", "检验", "竞争力", "影响力", "动力", "生机", "成果惠及更多群众",
	"需求", "需要", "环境安全", "饮用水安全", "大梁", "结果", "空间", "条件", "场景"}

// isPurpose recognises a clause naming a purpose or an effect: 让…, 使…,
// 为…鼓劲 (but 为残疾人提供…服务 acts), 有利于…, 努力…, …活力.
func isPurpose(c string) bool {
	for _, w := range []string{"让", "使", "有利于", "努力", "促使", "带动", "确保经济", "形成"} {
		if strings.HasPrefix(c, w) && !strings.HasPrefix(c, "努力实现") {
			return true
		}
	}
	if strings.HasPrefix(c, "为") && !strings.Contains(c, "提供") {
		return true
	}
	for _, w := range purposeEnds {
		if strings.HasSuffix(c, w) {
			return true
		}
	}
	// An outcome that keeps going: 确保居民就业和收入持续增加.
	tail := c // the last four characters
	for k := 0; k < 4 && len(tail) > 0; k++ {
		_, n := utf8.DecodeLastRuneInString(tail)
		tail = tail[:len(tail)-n]
	}
	if len(tail) > 0 {
		for _, a := range []string{"持续", "不断", "稳步"} {
			if strings.Contains(c[len(tail):], a) {
				return true
			}
		}
	}
	return false
}

// frames open a clause that sets the frame of the actions that follow.
var frames = []string{"围绕", "紧紧围绕", "聚焦", "按照", "针对", "结合", "立足", "着眼", "瞄准", "面对", "面向", "紧盯",
	"对于", "根据", "随着", "依托", "借助", "对标", "抢抓", "抓住", "在", "从"}

// isFrame recognises a clause that frames the actions after it: 围绕…,
// 聚焦…等领域, 按照…要求, 以…为重点. A frame followed by an action of its
// own (聚焦主导产业链开展精准招商) is no frame.
func isFrame(c string) bool {
	for _, w := range []string{"领域", "要求", "原则", "思路", "定位", "特点", "重点", "机遇"} {
		if strings.HasSuffix(c, w) {
			return true
		}
	}
	if strings.HasPrefix(c, "在") && strings.HasSuffix(c, "中") || strings.HasPrefix(c, "从") && strings.HasSuffix(c, "起") {
		return true // 在实际执行中, 从群众最期盼的领域改起
	}
	if strings.HasPrefix(c, "以") || strings.HasPrefix(c, "要以") {
		if i := strings.LastIndex(c, "为"); i > 0 && utf8.RuneCountInString(c[i:]) <= 6 {
			return true
		}
	}
	for _, w := range frames {
		if strings.HasPrefix(c, w) {
			return firstVerb(c[len(w):]) == ""
		}
	}
	return false
}

// manner words say how or when an action is done; what remains of a
// clause without them and its verbs is its object.
var manner = lazyWords("力争", "确保", "全面", "全部", "基本", "年内", "今年", "全年", "年底前", "年底", "尽快", "按期",
	"如期", "同步", "分级", "分类", "统筹", "持续", "逐步", "积极", "稳步", "进一步", "切实", "加快", "大力", "着力",
	"深入", "扎实", "一律", "不得", "还要", "要", "继续", "不断", "有效", "早日", "投入使用", "上线", "通车", "投产",
	"完工", "达效", "落地", "见效", "运行", "投运", "建成", "开工", "竣工", "投用", "启用")

// hasObject says whether a clause names what is acted on: something is
// left once its verbs, manner words and deadline are taken out (年内上线运行
// and 力争3年内建成通车 leave nothing; they finish the clause before).
func hasObject(c string) bool {
	skipFrom, skipTo := -1, -1
	if d := findDeadline(c); d != "" {
		skipFrom = strings.Index(c, d)
		skipTo = skipFrom + len(d)
	}
	left := 0 // runes outside verbs, manner words and the deadline
	verbs, manner := verbs(), manner()
	for i := 0; i < len(c); {
		if i == skipFrom {
			i = skipTo
			continue
		}
		if n := max(verbs.at(c, i), manner.at(c, i)); n > 0 {
			i += n
			continue
		}
		_, size := utf8.DecodeRuneInString(c[i:])
		i += size
		if left++; left >= 2 {
			return true
		}
	}
	return false
}

// opensWithAction says whether s opens with an action verb, after an
// adverb of manner such as 着力 or 切实.
func opensWithAction(s string) bool {
	for _, a := range []string{"着力", "切实", "大力", "积极", "不断", "持续", "深入", "全面", "加快", "多"} {
		s = strings.TrimPrefix(s, a)
	}
	return s != "" && sloganVerbSet().at(s, 0) > 0
}

// sloganVerbs open the members of a series of actions joined by 、.
var sloganVerbs = append([]string{"坚定", "做到", "增强", "防范", "改善", "保持", "稳", "谋", "解", "抓", "促", "增", "补",
	"惠", "扩", "强", "聚", "以", "守", "挖掘", "凝聚", "培植", "勇于", "寻求"}, actionVerbs...)

var sloganVerbSet = lazyWords(sloganVerbs...)

// isThreshold says whether mention m of clause s only bounds a category
// (超过50万元的村, 50万元以上的项目) rather than setting a target: the
// figure qualifies the noun after 的. A figure qualifying the aim itself
// (实现6%左右的增长, 完成100亿元的投资任务) is still a target.
func isThreshold(text string, s Span, m Mention) bool {
	rest := text[m.End:s.End]
	for _, w := range []string{"及以上", "以上", "以下", "以内", "左右"} {
		if r, ok := strings.CutPrefix(rest, w); ok {
			rest = r
			break
		}
	}
	rest, ok := strings.CutPrefix(rest, "的")
	if !ok || rest == "" {
		return false
	}
	for _, w := range []string{"增长", "增幅", "增速", "目标", "任务", "水平", "速度", "规模", "投资", "幅度", "比例", "比重"} {
		if strings.HasPrefix(rest, w) {
			return false
		}
	}
	return true
}

// group merges the commitments of one sentence (or paragraph) that carry
// no figure into one commitment whose measures (具体措施) are those
// clauses. The merged commitment keeps the code, place and verb of its
// first clause and spans through its last; commitments with a figure, list
// items and list heads stay rows of their own, so every numeric target can
// still be tracked alone.
func group(text string, cs []Commitment, grain Grain) []Commitment {
	groupable := func(c *Commitment) bool {
		return len(c.Quantities) == 0 && !c.ListItem && c.Items == 0
	}
	sameGroup := func(a, b *Commitment) bool {
		if grain == GrainParagraph {
			return a.Paragraph == b.Paragraph
		}
		return a.Sentence == b.Sentence
	}
	out := make([]Commitment, 0, len(cs))
	taken := make([]bool, len(cs))
	for i := range cs {
		if taken[i] {
			continue
		}
		c := cs[i]
		if !groupable(&c) {
			out = append(out, c)
			continue
		}
		members := []int{i}
		for j := i + 1; j < len(cs) && sameGroup(&cs[i], &cs[j]); j++ {
			if groupable(&cs[j]) {
				members = append(members, j)
			}
		}
		if len(members) > 1 {
			c.Measures = make([]Measure, 0, len(members))
			for _, k := range members {
				m := &cs[k]
				taken[k] = true
				c.Measures = append(c.Measures, Measure{Span: Span{m.Start, m.End}, Text: m.Text, Verb: m.Verb, Deadline: m.Deadline})
				if c.Qualifier == "" {
					c.Qualifier = m.Qualifier
				}
				if m.Period > c.Period {
					c.Period = m.Period
				}
			}
			c.End = cs[members[len(members)-1]].End
			c.Text = text[c.Start:c.End]
			c.Deadline = findDeadline(c.Text)
		}
		out = append(out, c)
	}
	return out
}
