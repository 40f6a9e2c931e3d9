package extract

import (
	"sort"
	"strings"
	"sync"
	"unicode/utf8"
)

// Words trimmed from the front of an indicator: adverbs, scope and
// framing that do not name what is counted.
var indicatorLeadTrim = []string{
	"预计", "预期", "同口径", "其中", "全年", "累计", "先后", "共计", "总计", "合计", "同比", "年均", "平均", "全区", "全市", "全县", "全省",
	"全国", "我区", "我市", "我县", "我省", "积极", "着力", "大力", "全力", "努力", "力争", "确保", "持续", "深入",
	"进一步", "争取", "全面", "基本", "加快推进", "加快", "推进", "推动", "实现", "共", "新年", "今年", "当年",
	"以上", "分别", "已", "再", "又", "并", "和", "及", "与", "将", "要", "、", "的", "转为",
	"去年", "上年", "过去一年", "计划", "在去年基础上", "在上年基础上", "把", "但", "拟安排", "拟",
}

// Words trimmed from the end: comparators, change verbs and particles.
var indicatorTailTrim = []string{
	"的", "了", "达到", "达", "为", "是", "约", "近", "超过", "超", "突破", "逾", "增长", "提高", "下降", "降低", "减少",
	"增加", "提升", "上升", "同比", "比上年", "较上年", "分别", "至", "到", "控制在", "压缩至", "压缩到", "保持在",
	"不低于", "不少于", "不超过", "累计", "共", "总", "计", "大约", "接近", "将近", "至少", "年均", "平均",
	"完成", "稳定在", "保持", "保持在", "提高到", "提升到", "提高至", "提升至", "增加到", "增加至", "上升到", "下降到",
	"每人每月", "每人每年", "每月", "每年", "每人", "力争", "确保", "实现", "约占", "占", "回升", "回落", "缩短", "缩减",
	"同口径", "连续", "下调至", "下调到", "上调至", "上调到", "调整为", "调整到", "调整至",
	"每吨", "每立方米", "每平方米", "每亩", "每千瓦时", "每户", "由", "从", "上年的", "上年",
	"都要", "要再", "预期", "拟", "定在", "上涨", "扩大到", "扩大至", "人均", "从去年的", "从去年", "由去年的", "从上年的", "由上年",
}

// Action verbs that may be dropped from the front of a long indicator
// (组建市区级项目团队 → 市区级项目团队) when three or more characters remain.
var indicatorVerbs = []string{
	"新建改建", "改扩建", "新建", "改建", "改造", "建成", "建设", "打造", "组建", "引进", "培育", "扶持", "实施",
	"开展", "启动", "完成", "实现", "投入", "发放", "救助", "举办", "承办", "吸引", "招引", "签订", "培训", "取缔",
	"拆除", "治理", "整治", "清理", "征收", "征迁", "拆迁", "审计", "核减", "办理", "办结", "回复", "公开", "查处", "打掉", "破获", "栽植",
	"摆放", "增设", "增加", "提供", "落实", "安置", "帮助", "带动", "吸纳", "选拔", "招聘", "接待", "服务", "惠及",
	"覆盖", "解决", "化解", "建立", "设立", "成立", "创建", "认定", "申报", "获批", "荣获", "获得", "入选", "出台",
	"制定", "印发", "编制", "组织", "检视", "悬挂", "分配", "回收", "移交", "提升", "新培育", "创成", "评选", "建起",
}

// leadTrimIndex and tailTrimIndex index the trim words by their first and
// last rune, longest first.
var (
	leadTrimIndex = sync.OnceValue(func() map[rune][]string { return indexWords(indicatorLeadTrim, false) })
	tailTrimIndex = sync.OnceValue(func() map[rune][]string { return indexWords(indicatorTailTrim, true) })
	verbTrimIndex = sync.OnceValue(func() map[rune][]string { return indexWords(indicatorVerbs, false) })
)

func indexWords(words []string, byLast bool) map[rune][]string {
	m := map[rune][]string{}
	for _, w := range words {
		r, _ := utf8.DecodeRuneInString(w)
		if byLast {
			r, _ = utf8.DecodeLastRuneInString(w)
		}
		m[r] = append(m[r], w)
	}
	for _, list := range m {
		sort.SliceStable(list, func(i, j int) bool { return len(list[i]) > len(list[j]) })
	}
	return m
}

// Words inside an indicator that only widen its scope.
var indicatorFiller = []string{"各类", "各项", "各种", "各级", "全部", "所有"}

// Verbs and particles at which a noun that follows the number stops
// (17种抗癌药品纳入医保 → 抗癌药品).
var rightStops = []string{"实现", "达到", "全部", "纳入", "得到", "获得", "入选", "成为", "被", "的", "以上", "以内", "左右", "等",
	"加快"}

// indicatorOf names what a mention counts: the phrase before the number
// within its clause, or the noun after it (211项国家和省市级奖项).
func indicatorOf(c *context) string {
	left := c.left
	if c.prevEnd >= c.clause.Start && c.prevEnd <= c.m.Start {
		left = c.text[c.prevEnd:c.m.Start]
	}
	// A list: take what follows its last 等 or 、 (等地 is "such places");
	// a time frame (“十四五”以来, 五年来) is not part of the indicator.
	for _, sep := range []string{"以来", "年来", "等地", "等", "、"} {
		if i := strings.LastIndex(left, sep); i >= 0 {
			left = left[i+len(sep):]
		}
	}
	if items := respectively(c); items != "" {
		return items
	}
	// "……分别达到45320元、19860元，分别增长4.6%、6.8%": the k-th rate
	// after a bare 分别 belongs to the k-th figure of the previous clause.
	// When the previous clause has fewer figures than follow 分别, they
	// are the last figures of the clauses before: 城镇居民…52360元，农村
	// 居民…28610元，分别增长4.8%和6.9%.
	if i := strings.Index(c.left, "分别"); i >= 0 && trimIndicator(c.left[:i]) == "" && len(c.prevClauseIndicators) > 0 {
		k := countNumerals(c.left[i:])
		// This figure and those after it; a bare magnitude (近百个) is not
		// a numeral on its own, but this one is a figure.
		n := k + max(1, countNumerals(c.text[c.m.Start:c.clause.End]))
		switch {
		case n > len(c.prevClauseIndicators) && n <= len(c.earlierIndicators):
			return c.earlierIndicators[len(c.earlierIndicators)-n+k]
		case k < len(c.prevClauseIndicators):
			return c.prevClauseIndicators[k]
		}
	}
	left = trimIndicator(left)
	right := rightNoun(c.right)
	if left == "" && right == "" && (c.m.Unit == "" || c.m.Unit == "%") {
		// A share of what follows: 三分之一的社区, 95%以上的行政村.
		for _, p := range []string{"以上的", "以下的", "的"} {
			if rest, ok := strings.CutPrefix(c.right, p); ok {
				right = rightNoun(rest)
				break
			}
		}
	}
	switch {
	case utf8.RuneCountInString(right) == 1 && utf8.RuneCountInString(left) >= 4 && !isShortVerbPhrase(left):
		// 综合改革试点扩大到300个县: a one-character noun after
		// the number only repeats the measure; the phrase before names it.
		return dropLeadingVerbs(left)
	case right != "" && (left == "" || isShortVerbPhrase(left) || isClassifier(c.m.Unit)):
		return right
	case left != "":
		return dropLeadingVerbs(left)
	}
	return right
}

// trimIndicator removes framing words from both ends and scope fillers.
func trimIndicator(s string) string {
	for _, f := range indicatorFiller {
		if strings.Contains(s, f) {
			s = strings.ReplaceAll(s, f, "")
		}
	}
	for changed := true; changed && s != ""; {
		changed = false
		s = strings.TrimSpace(s)
		first, _ := utf8.DecodeRuneInString(s)
		for _, w := range leadTrimIndex()[first] {
			if strings.HasPrefix(s, w) {
				s, changed = s[len(w):], true
				break
			}
		}
		// 完成 before another verb frames it (完成征收 → 征收); before a
		// noun it names the measure (完成投资).
		if rest, ok := strings.CutPrefix(s, "完成"); ok && startsWithVerb(rest) {
			s, changed = rest, true
		}
		last, _ := utf8.DecodeLastRuneInString(s)
		for _, w := range tailTrimIndex()[last] {
			if strings.HasSuffix(s, w) {
				s, changed = s[:len(s)-len(w)], true
				break
			}
		}
		// 能耗强度要下降: the modal 要 frames the figure; 重要, 主要
		// and 需要 are words of their own.
		if rest, ok := strings.CutSuffix(s, "要"); ok && rest != "" && !changed {
			if r, _ := utf8.DecodeLastRuneInString(rest); !strings.ContainsRune("重主需必纲摘概简只想", r) {
				s, changed = rest, true
			}
		}
	}
	// Drop a list number (1.), a deadline (6月底前, 三季度末前) or a date
	// (11月, 到2027年) that only frames the figure; what then opens the
	// indicator is trimmed again (2023年全区完成投资 → 完成投资).
	framed := s
	if style, off := numberingStyle(s); style != "" {
		s = s[off:]
	}
	s = cutEnumerator(s)
	if d := findDeadline(s); d != "" && strings.HasPrefix(s, d) {
		s = s[len(d):]
	}
	for _, p := range []string{"到", "至"} {
		if strings.HasPrefix(s, p) && yearIn(s[len(p):]) != 0 && strings.HasPrefix(s[len(p)+4:], "年") {
			s = s[len(p)+4+len("年"):]
		}
	}
	if isYears(s) {
		return "" // 两年平均增长6.2%: a span of years frames a rate
	}
	s = cutComparedYear(s)
	for {
		r, _ := utf8.DecodeRuneInString(s)
		if _, ok := arabicDigit(r); !ok {
			break
		}
		k := 0
		for k < len(s) && s[k] >= '0' && s[k] <= '9' {
			k++
		}
		rest := s[k:]
		if strings.HasPrefix(rest, "年") || strings.HasPrefix(rest, "月") {
			s = rest[len("年"):]
			continue
		}
		break
	}
	if s != framed && s != "" {
		return trimIndicator(s)
	}
	return s
}

// startsWithVerb reports whether s opens with an action verb.
func startsWithVerb(s string) bool {
	first, _ := utf8.DecodeRuneInString(s)
	for _, v := range verbTrimIndex()[first] {
		if strings.HasPrefix(s, v) {
			return true
		}
	}
	return false
}

// cutEnumerator cuts the word that numbers an item of a run-on list
// (一是, 十二是) from the front of s.
func cutEnumerator(s string) string {
	i := 0
	for _, r := range s {
		if !strings.ContainsRune("一二三四五六七八九十", r) {
			break
		}
		i += utf8.RuneLen(r)
	}
	if i > 0 && i <= 3*len("十") && strings.HasPrefix(s[i:], "是") {
		return s[i+len("是"):]
	}
	return s
}

// isShortVerbPhrase: a left context that is only a verb (签订, 妥善解决),
// so the noun after the number is what is counted.
func isShortVerbPhrase(s string) bool {
	n := utf8.RuneCountInString(s)
	if n > 4 {
		return false
	}
	for _, v := range indicatorVerbs {
		if strings.HasSuffix(s, v) {
			return true
		}
	}
	return n <= 2
}

// dropLeadingVerbs removes up to two action verbs from the front while
// three or more characters remain.
func dropLeadingVerbs(s string) string {
	for k := 0; k < 2; k++ {
		dropped := false
		first, _ := utf8.DecodeRuneInString(s)
		for _, v := range verbTrimIndex()[first] {
			if strings.HasPrefix(s, v) && utf8.RuneCountInString(s[len(v):]) >= 3 &&
				!(v == "建成" && isBuiltUpArea(s[len(v):])) {

				s, dropped = s[len(v):], true
				break
			}
		}
		if !dropped {
			break
		}
	}
	return s
}

// cutComparedYear cuts the year a figure is compared with from the end of
// s: 地区生产总值较2015年 → 地区生产总值, 比2010年 → "".
func cutComparedYear(s string) string {
	for _, pre := range []string{"比", "较", "与", "同"} {
		i := strings.LastIndex(s, pre+"20")
		if i < 0 {
			continue
		}
		rest := s[i+len(pre):]
		if yearIn(rest[:min(len(rest), 4)]) != 0 && digitsAt(rest, 0) == 4 &&
			(rest[4:] == "年" || rest[4:] == "年同期" || rest[4:] == "年相比") {
			return s[:i]
		}
	}
	return s
}

// isYears reports whether s is only a span of years: 两年, 近三年, 5年.
func isYears(s string) bool {
	s = strings.TrimPrefix(strings.TrimPrefix(s, "近"), "过去")
	rest, ok := strings.CutSuffix(s, "年")
	if !ok || rest == "" {
		return false
	}
	for _, r := range rest {
		if _, ok := arabicDigit(r); !ok && !strings.ContainsRune("一二两三四五六七八九十", r) {
			return false
		}
	}
	return true
}

// isBuiltUpArea reports whether s, after 建成, continues 建成区 (the
// built-up area: 建成区绿化覆盖率), not 建成 + 区级/区域 (建成区级体育馆).
func isBuiltUpArea(s string) bool {
	return strings.HasPrefix(s, "区") && !strings.HasPrefix(s, "区级") && !strings.HasPrefix(s, "区域")
}

// rightNoun reads the noun after a quantity, up to the clause end, another
// number or a stop word, at most 12 characters.
func rightNoun(s string) string {
	for _, c := range []string{"和", "及", "与", "或"} {
		if strings.HasPrefix(s, c) {
			return ""
		}
	}
	end := 0
	for n := 0; end < len(s) && n < 12; n++ {
		r, size := utf8.DecodeRuneInString(s[end:])
		if r == '、' || r == '（' || r == '(' {
			break
		}
		// Another quantity ends the noun; a numeral inside a word (三甲医院) does not.
		if isNumeralStart(r) && !(r == '一' || r == '十') {
			if n, ok := parseNumeral(s, end); ok && !n.bad && matchUnit(s[n.end:min(len(s), n.end+16)]) != "" {
				break
			}
		}
		if _, ok := arabicDigit(r); ok {
			break
		}
		stop := false
		for _, w := range rightStops {
			if strings.HasPrefix(s[end:], w) {
				stop = true
				break
			}
		}
		if stop {
			break
		}
		if r == '了' && end > 0 {
			// 行政村通了硬化路: the noun ends before the verb 了 follows
			// (one character, or two that are a known verb: 完成了).
			_, v1 := utf8.DecodeLastRuneInString(s[:end])
			end -= v1
			if end > 0 {
				_, v2 := utf8.DecodeLastRuneInString(s[:end])
				if w := s[end-v2 : end+v1]; verbs().find(w) == w {
					end -= v2
				}
			}
			break
		}
		end += size
	}
	return strings.TrimSpace(s[:end])
}

// isClassifier reports whether unit is a measure word that classifies a
// following noun (38条措施, 211项奖项), unlike money, areas or shares.
func isClassifier(unit string) bool {
	switch unit {
	case "个", "家", "所", "项", "件", "条", "座", "部", "处", "台", "套", "张", "名", "位", "种", "组", "支", "辆", "艘", "间", "栋", "幢", "批", "宗", "笔", "户":
		return true
	}
	return false
}

// respectively handles "A、B分别减少46%和30%": the i-th quantity after 分别
// counts the i-th item before it.
func respectively(c *context) string {
	i := strings.Index(c.left, "分别")
	if i < 0 {
		return ""
	}
	subject := trimIndicator(c.left[:i])
	var items []string
	for _, part := range strings.Split(strings.ReplaceAll(subject, "和", "、"), "、") {
		if part = strings.TrimSpace(part); part != "" {
			items = append(items, part)
		}
	}
	if len(items) < 2 {
		return ""
	}
	// 城镇、农村居民人均可支配收入: a short item shares the head of the last
	// one (城镇居民人均可支配收入).
	last := []rune(items[len(items)-1])
	for i := range items[:len(items)-1] {
		r := []rune(items[i])
		if len(r) <= 3 && len(last) > len(r)+2 {
			items[i] = items[i] + string(last[len(r):])
		}
	}
	k := countNumerals(c.left[i:])
	if k >= len(items) {
		return ""
	}
	return items[k]
}

// countNumerals counts the numbers in s (the quantities between 分别 and
// the current one).
func countNumerals(s string) int {
	k := 0
	for j := 0; j < len(s); {
		if n, ok := parseNumeral(s, j); ok && !n.bad {
			k++
			j = max(n.end, j+1)
			continue
		}
		_, size := utf8.DecodeRuneInString(s[j:])
		j += size
	}
	return k
}
