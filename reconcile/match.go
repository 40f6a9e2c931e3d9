package reconcile

import (
	"fmt"
	"sort"
	"strings"
	"unicode/utf8"

	"ducha/extract"
	"ducha/progress"
)

// genericWords name the action or the scope rather than the thing counted;
// they are dropped before indicators are compared (新建改建公厕 ~ 标准化公厕建设).
var genericWords = []string{
	"新建改建", "新改建", "新改扩建", "改扩建", "新增", "新建", "改建", "改造", "完成", "建设", "建成", "实现", "标准化", "总数",
	"累计", "全年", "全区", "全市", "全县", "全省", "全国", "年度", "达到", "提高", "提升", "保持", "稳定在", "“", "”", "\"",
	"今年", "年内", "再", "要", "拟", "安排", "预期", "实际", "基本", "各类", "总额", "总值", "规模",
}

// scopeWords may stand beside a named indicator without changing it
// (全省生产总值 is 地区生产总值).
var scopeWords = []string{"全省", "全市", "全区", "全县", "全国", "地区", "国内", "我省", "我市", "我区", "全", "实现", "总量", "实际", "可比", "同口径", "增长", "经济",
	"年末", "年底", "期末", "当年", "同比", "比上年", "名义", "城乡", "人数", "规模", "完成", "达到", "的"}

// measureWords turn an indicator into another measure of it: 单位国内生产总值能耗
// is not 国内生产总值, 研发投入占生产总值比重 is not 生产总值.
var measureWords = []string{"单位", "比重", "之比", "比例", "占比", "能耗", "强度", "密度", "贡献率", "排放", "人均", "每万", "增加值"}

// synonyms are groups of names for the same indicator across reports and
// levels; a pair of indicators naming members of one group match fully.
var synonyms = [][]string{
	{"地区生产总值", "国内生产总值", "生产总值", "GDP", "经济增长", "增长预期目标", "经济增速", "经济"},
	{"一般公共预算收入", "地方一般公共预算收入", "财政收入"},
	{"城镇新增就业", "新增城镇就业", "新增就业", "城镇就业"},
	{"城镇调查失业率", "调查失业率"},
	{"城镇登记失业率", "登记失业率"},
	{"居民人均可支配收入", "人均可支配收入", "居民收入"},
	{"社会消费品零售总额", "社零总额", "社零额"},
	{"居民消费价格", "消费价格", "物价", "CPI"},
	{"进出口总额", "进出口总值", "外贸进出口", "进出口"},
	{"公厕", "厕所", "公共厕所"},
	{"空气质量优良天数", "空气优良天数", "优良天数"},
	{"职业技能培训", "技能培训", "职业培训"},
	{"养老床位", "养老机构床位"},
	{"停车泊位", "停车位"},
	{"棚户区改造", "棚改"},
	{"高新技术企业", "高企"},
	{"保障房", "保障性住房", "保障性安居工程"},
	{"能耗强度", "能源消耗强度", "单位GDP能耗", "单位地区生产总值能耗", "单位国内生产总值能耗"},
}

// rateWords end an indicator named by its rate: 居民消费价格涨幅 is the rise of
// 居民消费价格, answered by 居民消费价格上涨2%.
var rateWords = []struct{ word, change string }{
	{"增长速度", "increase"}, {"增长率", "increase"}, {"涨幅", "increase"}, {"增幅", "increase"}, {"增速", "increase"},
	{"降幅", "decrease"}, {"降低率", "decrease"},
}

// rateOf splits an indicator named by its rate into the thing and the
// direction of its change.
func rateOf(ind string) (string, string) {
	for _, w := range rateWords {
		if rest, ok := strings.CutSuffix(ind, w.word); ok && rest != "" {
			return rest, w.change
		}
	}
	return ind, ""
}

// normalise drops generic words from an indicator.
func normalise(s string) string {
	for _, w := range genericWords {
		s = strings.ReplaceAll(s, w, "")
	}
	return strings.TrimSpace(s)
}

// groupOf returns the synonym group s names, and whether it names it alone
// (全省生产总值) rather than as part of another measure (单位GDP能耗).
func groupOf(s string) (int, bool) {
	best, bestLen, pure := -1, 0, false
	for gi, g := range synonyms {
		for _, w := range g {
			if len(w) <= bestLen || !strings.Contains(s, w) {
				continue
			}
			rest := strings.Replace(s, w, "", 1)
			for _, sw := range scopeWords {
				rest = strings.ReplaceAll(rest, sw, "")
			}
			best, bestLen, pure = gi, len(w), strings.TrimSpace(normalise(rest)) == ""
		}
	}
	return best, pure
}

// similarity of two indicators, 0–1: 1 for synonyms, 0 when one is another
// measure of the other, else the character F1 of their normalised forms.
func similarity(a, b string) float64 {
	a, _ = rateOf(a)
	b, _ = rateOf(b)
	ga, pa := groupOf(a)
	gb, pb := groupOf(b)
	if ga >= 0 && ga == gb && pa && pb {
		return 1
	}
	if ga >= 0 && ga == gb && pa != pb || ga >= 0 && gb >= 0 && ga != gb {
		return 0
	}
	na, nb := normalise(a), normalise(b)
	if na == "" || nb == "" {
		na, nb = a, b
	}
	if otherMeasure(na, nb) || otherMeasure(nb, na) || otherKind(na, nb) {
		return 0
	}
	return charF1(na, nb)
}

// otherKind reports whether a and b name the same head with different
// modifiers: 物流业增加值 and 工业增加值 are other things, 国家高新技术企业
// and 国家级高新技术企业 the same.
func otherKind(a, b string) bool {
	ra, rb := []rune(a), []rune(b)
	n := 0
	for n < len(ra) && n < len(rb) && ra[len(ra)-1-n] == rb[len(rb)-1-n] {
		n++
	}
	if n < 2 {
		return false
	}
	pa, pb := string(ra[:len(ra)-n]), string(rb[:len(rb)-n])
	return pa != "" && pb != "" && charF1(pa, pb) < 0.5
}

// commonRun is the length in runes of the longest run a and b share.
func commonRun(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	best := 0
	for i := range ra {
		for j := range rb {
			k := 0
			for i+k < len(ra) && j+k < len(rb) && ra[i+k] == rb[j+k] {
				k++
			}
			best = max(best, k)
		}
	}
	return best
}

// otherMeasure reports whether b holds a measure word a lacks while sharing
// most of a: 能耗 of 生产总值, 比重 of 服务业增加值.
func otherMeasure(a, b string) bool {
	for _, w := range measureWords {
		if strings.Contains(b, w) && !strings.Contains(a, w) && charF1(a, b) > 0 {
			common := 0
			for _, r := range a {
				if strings.ContainsRune(b, r) {
					common++
				}
			}
			if common*2 >= utf8.RuneCountInString(a) {
				return true
			}
		}
	}
	return false
}

func containsAny(s string, words []string) bool {
	for _, w := range words {
		if strings.Contains(s, w) {
			return true
		}
	}
	return false
}

func charF1(a, b string) float64 {
	ca, cb := map[rune]int{}, map[rune]int{}
	na, nb := 0, 0
	for _, r := range a {
		ca[r]++
		na++
	}
	for _, r := range b {
		cb[r]++
		nb++
	}
	common := 0
	for r, n := range ca {
		common += min(n, cb[r])
	}
	if common == 0 {
		return 0
	}
	p, q := float64(common)/float64(na), float64(common)/float64(nb)
	return 2 * p * q / (p + q)
}

// unitFactors convert a unit to a base unit of the same kind.
var unitFactors = map[string]struct {
	base   string
	factor float64
}{
	"公里": {"米", 1000}, "千米": {"米", 1000}, "米": {"米", 1}, "延米": {"米", 1},
	"平方公里": {"平方米", 1e6}, "平方千米": {"平方米", 1e6}, "平方米": {"平方米", 1},
	"公顷": {"平方米", 1e4}, "亩": {"平方米", 1e4 / 15},
	"吨": {"公斤", 1000}, "公斤": {"公斤", 1}, "千克": {"公斤", 1}, "斤": {"公斤", 0.5},
	"千瓦": {"千瓦", 1}, "兆瓦": {"千瓦", 1000},
	// People counted by any measure word: 人, 名, 位, and person-times
	// (培训1.5万人次 is answered by 培训1.6万人).
	"人": {"人", 1}, "名": {"人", 1}, "位": {"人", 1}, "人次": {"人", 1},
	"%": {"%", 1}, "％": {"%", 1},
}

// convert returns the factor that turns a value in unit from into unit to,
// and whether the two units measure the same kind of thing.
func convert(from, to string) (float64, bool) {
	if from == to {
		return 1, true
	}
	// 个 counts anything a classifier counts: 25家 企业 answers 25个.
	if from == "个" && isClassifier(to) || to == "个" && isClassifier(from) {
		return 1, true
	}
	f, ok1 := unitFactors[from]
	t, ok2 := unitFactors[to]
	if !ok1 || !ok2 || f.base != t.base {
		return 0, false
	}
	return f.factor / t.factor, true
}

// isClassifier reports whether unit is a measure word for discrete things.
func isClassifier(unit string) bool {
	switch unit {
	case "个", "家", "所", "项", "件", "座", "处", "台", "套", "张", "种", "支", "批", "宗", "栋", "幢", "间":
		return true
	}
	return false
}

// forms are the names under which a mention can be compared: its
// indicator, and for a count whose noun follows the number the whole noun
// phrase (5万农村人口的饮水安全问题 → 农村人口饮水安全问题); a bare
// verb (新开工, 基本建成) takes its object from the clause or mention before.
func forms(res *extract.Result, m extract.Mention) []string {
	out := []string{m.Indicator}
	i := indexOf(res, m)
	if i < 0 {
		return out
	}
	if j := strings.Index(m.Indicator, "和"); j > 0 && strings.Contains(res.Text[m.End:m.Clause.End], m.Indicator) {
		// 3所高校和1所医院…: the figure counts the first noun.
		out = append(out, m.Indicator[:j])
	}
	right := res.Text[m.End:m.Clause.End]
	if m.Indicator != "" && strings.HasPrefix(right, m.Indicator) {
		phrase := strings.ReplaceAll(nounPhrase(right), "的", "")
		if phrase != m.Indicator && utf8.RuneCountInString(phrase) <= 16 {
			out = append(out, phrase)
		}
	}
	if n := normalise(m.Indicator); utf8.RuneCountInString(n) <= 1 || isBareVerb(m.Indicator) || isShareOfPlan(res, m) {
		// The object: a figure before it in the sentence, or the clause before.
		if i > 0 && res.Mentions[i-1].Sentence == m.Sentence && res.Mentions[i-1].Indicator != m.Indicator {
			out = append(out, m.Indicator+core(res.Mentions[i-1].Indicator))
		} else if m.Clause.Start > m.Sentence.Start {
			before := strings.TrimRight(res.Text[m.Sentence.Start:m.Clause.Start], "，,；;：: ")
			if j := strings.LastIndexAny(before, "，,；;"); j >= 0 {
				before = before[j+1:]
			}
			before = strings.TrimPrefix(strings.TrimPrefix(before, "加大"), "加快")
			before = strings.TrimSuffix(strings.TrimSuffix(before, "力度"), "建设")
			if utf8.RuneCountInString(before) <= 16 {
				out = append(out, m.Indicator+before)
			}
		}
	}
	return out
}

// planShares introduce a figure stated as a share of the year's target
// (招商引资到位资金52亿元，完成年度任务的104%).
var planShares = []string{"完成年度目标的", "完成年度任务的", "完成年度计划的", "完成全年目标的", "完成全年任务的", "完成目标任务的",
	"完成目标的", "完成计划的", "完成任务的", "占年度目标的", "为年度目标的"}

// isShareOfPlan reports whether m states how much of the year's target was
// done (完成年度任务的104%).
func isShareOfPlan(res *extract.Result, m extract.Mention) bool {
	if !isShare(m.Unit) {
		return false
	}
	left := res.Text[m.Clause.Start:m.Start]
	for _, w := range planShares {
		if strings.HasSuffix(left, w) {
			return true
		}
	}
	return false
}

// bareVerbs name an action without its object.
var bareVerbs = []string{"新开工", "开工", "建成", "基本建成", "竣工", "完成", "改造", "新建", "实施", "开工建设", "投入使用", "拟安排", "安排"}

func isBareVerb(s string) bool {
	for _, v := range bareVerbs {
		if s == v {
			return true
		}
	}
	return false
}

// nounPhrase reads the noun phrase at the start of s, up to a verb that
// follows it (得到解决, 实现, 纳入) or the end.
func nounPhrase(s string) string {
	end := len(s)
	for _, stop := range []string{"得到", "实现", "纳入", "获得", "达到", "全部", "问题得到", "以上", "左右", "等"} {
		if i := strings.Index(s, stop); i >= 0 && i < end {
			end = i
		}
	}
	return s[:end]
}

// stageWords name the stage of a project a count refers to; figures of
// different stages (新开工 against 基本建成) answer different targets.
var stageWords = [][]string{{"开工"}, {"建成", "竣工", "完工", "投入使用", "交付"}, {"签约"}, {"开业", "投产"}}

func stageOf(clause string) int {
	for i, g := range stageWords {
		if containsAny(clause, g) {
			return i
		}
	}
	return -1
}

// candidate is an achievement that could answer a target, with the figure
// to compare in the target's terms.
type candidate struct {
	m          *extract.Mention
	achieved   float64
	score      float64
	note       string
	comparable bool
}

// target is a target with what the matcher needs beside the mention.
type target struct {
	m      extract.Mention
	forms  []string
	change string // the direction, stated or implied by a rate word (涨幅)
	stage  int
	clause string
}

// judge finds the best answer for target t and gives the verdict.
func (r *review) judge(prev *extract.Result, t extract.Mention, baselines []extract.Mention) Match {
	tg := r.targetOf(prev, t)
	kind := kindOf(prev, t, tg.change, baselines)
	match := Match{Target: t, Kind: kind, Verdict: NotMentioned}
	var cands []candidate
	for i := range r.achievements {
		if c, ok := r.compare(tg, i, baselines); ok && c.score >= weakScore {
			cands = append(cands, c)
		}
	}
	sort.SliceStable(cands, func(i, j int) bool {
		if cands[i].comparable != cands[j].comparable {
			return cands[i].comparable
		}
		return cands[i].score > cands[j].score
	})
	if len(cands) > 0 && cands[0].comparable && cands[0].score >= strongScore {
		best := cands[0]
		match.Achievement = best.m
		match.Score = best.score
		match.Verdict = progress.Judge(goalOf(t, kind), best.achieved, progress.Bands{})
		match.Achieved = decimalOf(best.achieved)
		match.Note = best.note
		if kind == progress.KindMultiYear && match.Verdict == Missed {
			// Due in a later year: a year's figure below it is no verdict yet.
			match.Verdict, match.Achievement = Uncertain, nil
			match.Candidates = []Candidate{{Achievement: *best.m, Score: best.score, Comparable: true}}
			match.Note = strings.TrimSpace(fmt.Sprintf("due in %d; %s", t.Period, best.note))
			return match
		}
		// The report itself says the target was missed (经济增长…未完成年度
		// 预期目标): its word stands over a figure within the band.
		if s, ok := r.statementFor(tg); ok && s.verdict == Missed && match.Verdict != Missed {
			match.Verdict, match.Statement = Missed, &s.span
			match.Note = strings.TrimSpace(match.Note + " " + s.text)
		}
		return match
	}
	if s, ok := r.statementFor(tg); ok {
		match.Verdict, match.Statement, match.Note = s.verdict, &s.span, s.text
		return match
	}
	if r.blanket != nil && inList(prev, t) {
		match.Verdict, match.Statement, match.Note = r.blanket.verdict, &r.blanket.span, r.blanket.text
		return match
	}
	strong := false
	for _, c := range cands {
		strong = strong || c.score >= strongScore
	}
	if len(cands) > 0 && (strong || cands[0].comparable) {
		match.Verdict = Uncertain
		seen := map[string]bool{}
		for _, c := range cands {
			key := c.m.Quantity + "\x00" + c.m.Indicator
			if seen[key] || len(match.Candidates) == 3 {
				continue
			}
			seen[key] = true
			match.Candidates = append(match.Candidates, Candidate{Achievement: *c.m, Score: c.score, Comparable: c.comparable})
		}
		match.Score = cands[0].score
	}
	return match
}

// targetOf prepares target t of prev for matching.
func (r *review) targetOf(prev *extract.Result, t extract.Mention) target {
	tg := target{m: t, forms: forms(prev, t), change: string(t.Change), clause: prev.Text[t.Clause.Start:t.Clause.End]}
	if _, ch := rateOf(t.Indicator); ch != "" && tg.change == "" {
		tg.change = ch
	}
	tg.stage = stageOf(prev.Text[t.Clause.Start:t.Start])
	return tg
}

func indexOf(res *extract.Result, m extract.Mention) int {
	i := sort.Search(len(res.Mentions), func(i int) bool { return res.Mentions[i].Start >= m.Start })
	if i < len(res.Mentions) && res.Mentions[i].Start == m.Start {
		return i
	}
	return -1
}

// compare puts achievement i of the review in the terms of target t.
func (r *review) compare(t target, i int, baselines []extract.Mention) (candidate, bool) {
	a := &r.achievements[i]
	aForms := forms(r.res, *a)
	score, run := 0.0, 0
	for _, f := range t.forms {
		for _, g := range aForms {
			if s := similarity(f, g); s > score {
				score, run = s, commonRun(normalise(f), normalise(g))
			}
		}
	}
	// A weak match must at least share a word of three characters.
	if score < weakScore || score < strongScore && run < 3 {
		return candidate{}, false
	}
	if s := stageOf(r.res.Text[a.Clause.Start:a.Start]); t.stage >= 0 && s >= 0 && s != t.stage {
		return candidate{}, false
	}
	aChange := string(a.Change)
	if _, ch := rateOf(a.Indicator); ch != "" && aChange == "" {
		aChange = ch
	}
	v := a.Value.Float()
	incomparable := candidate{m: a, score: score}
	if isShareOfPlan(r.res, *a) && !isShareUnit(t.m.Unit) {
		// 完成年度任务的104% of 50亿元 is 52亿元.
		done := t.m.Value.Float() * v / 100
		return candidate{a, done, score, fmt.Sprintf("%g%% of %s", v, t.m.Quantity), true}, true
	}
	switch {
	case isShare(t.m.Unit) && t.change == "" && a.Unit == "个百分点" && aChange != "":
		// 森林覆盖率提高到38.5% answered by 提高0.6个百分点: add the change
		// to the level reported the year before.
		base, ok := baselineOf(t.m, baselines)
		if !ok {
			return incomparable, true
		}
		delta := v
		if aChange == "decrease" {
			delta = -v
		}
		level := base.Value.Float() + delta
		return candidate{a, level, score, fmt.Sprintf("%s%% %+g个百分点 = %g%%", base.Value, delta, level), true}, true
	case t.change != aChange:
		if t.change != "" && aChange != "" && t.m.Unit == a.Unit {
			// Promised a rise, reported a fall (or the other way round).
			return candidate{a, -v, score, "reported change in the opposite direction", true}, true
		}
		return incomparable, true
	}
	f, ok := convert(a.Unit, t.m.Unit)
	if !ok && (a.Unit == "" || t.m.Unit == "") && !isShareUnit(a.Unit) && !isShareUnit(t.m.Unit) && score >= strongScore {
		// A bare number (城镇新增就业人数1260万) counts in the unit of the
		// indicator it answers.
		f, ok = 1, true
	}
	if !ok {
		return incomparable, true
	}
	note := ""
	if f != 1 {
		note = fmt.Sprintf("%s%s = %g%s", a.Value, a.Unit, v*f, t.m.Unit)
	}
	return candidate{a, v * f, score, note, true}, true
}

// statementFor finds a statement of the review that names target t's
// indicator and says it was completed (更新老旧柴油货车任务超额完成).
func (r *review) statementFor(t target) (statement, bool) {
	cores := map[string]bool{}
	for _, f := range t.forms {
		if c := core(f); utf8.RuneCountInString(c) >= 2 && !genericCores[c] {
			cores[c] = true
		}
		// Any name of its synonym group: 经济增长 for 地区生产总值.
		if g, pure := groupOf(f); g >= 0 && pure {
			for _, w := range synonyms[g] {
				if utf8.RuneCountInString(w) >= 3 {
					cores[w] = true
				}
			}
		}
	}
	for _, start := range r.order {
		s := r.statements[start]
		if s.blanket {
			continue
		}
		for c := range cores {
			i := strings.Index(s.text, c)
			if i < 0 {
				continue
			}
			// A two-character name (钢铁) must be the statement's subject or
			// an item of its list, not a word inside another task
			// (受损学校修缮任务全面完成 is not about 新建学校).
			if utf8.RuneCountInString(c) == 2 && i > 0 && !strings.Contains(s.text[i:], "等") {
				continue
			}
			return s, true
		}
	}
	return statement{}, false
}

// genericCores name no task of their own: a statement that 项目 or 任务
// were completed answers no particular target.
var genericCores = map[string]bool{"项目": true, "任务": true, "工作": true, "工程": true, "企业": true, "目标": true, "指标": true,
	"重点项目": true, "年度任务": true, "目标任务": true, "改革任务": true}

// core is an indicator without its action verbs and scope: 压减粗钢 → 粗钢.
func core(ind string) string {
	s, _ := rateOf(ind)
	s = normalise(s)
	for changed := true; changed; {
		changed = false
		for _, v := range []string{"淘汰", "取消", "下放", "开展", "推进", "实施", "解决", "减少", "降低", "压减", "新开工", "开工"} {
			if rest, ok := strings.CutPrefix(s, v); ok && utf8.RuneCountInString(rest) >= 2 {
				s, changed = rest, true
			}
		}
	}
	return s
}

func isShare(unit string) bool { return unit == "%" || unit == "％" }

func isShareUnit(unit string) bool {
	return isShare(unit) || strings.Contains(unit, "百分点") || unit == "‰"
}

// baselineOf finds the level of t's indicator reported in year N's review.
func baselineOf(t extract.Mention, baselines []extract.Mention) (extract.Mention, bool) {
	best, bestScore := -1, strongScore
	for i, b := range baselines {
		if b.Unit != "%" || b.Change != "" {
			continue
		}
		if s := similarity(t.Indicator, b.Indicator); s >= bestScore {
			best, bestScore = i, s
		}
	}
	if best < 0 {
		return extract.Mention{}, false
	}
	return baselines[best], true
}

// kindOf infers what target t of prev means (progress.Infer).
func kindOf(prev *extract.Result, t extract.Mention, change string, baselines []extract.Mention) progress.Kind {
	years := 1
	if y := prev.Structure.ReportYear; y != 0 && t.Period > y {
		years = t.Period - y + 1
	}
	_, hasBase := baselineOf(t, baselines)
	return progress.Infer(progress.Spec{
		HasValue: true, Unit: t.Unit, Comparator: t.Comparator, Change: change, Indicator: t.Indicator,
		Text: prev.Text[t.Clause.Start:t.Clause.End], HasBaseline: hasBase, Years: years,
	})
}

// goalOf is target t as the target model reads it.
func goalOf(t extract.Mention, kind progress.Kind) progress.Goal {
	g := progress.Goal{Kind: kind, Comparator: t.Comparator, Value: t.Value.Float(), Unit: t.Unit}
	if t.High != nil {
		g.High, g.HasHigh = t.High.Float(), true
	}
	return g
}

// decimalOf turns a computed figure back into a decimal for output.
func decimalOf(f float64) extract.Decimal {
	var d extract.Decimal
	d.UnmarshalJSON([]byte(fmt.Sprintf("%.6f", f)))
	return d
}
