package extract

import (
	"strings"
	"unicode/utf8"
)

// Promises returns the targets of the report that promise something: the
// mentions of kind Target less those that only state a fact (14亿中国人,
// 高校毕业生将达52万人), define a category (20万元以上的村, 超百亿元产业集群),
// count the words of a slogan (“五个1万亩”), count the points of the speech
// (就三个方面作说明), restate a budget figure as its
// change on last year (比上年增加30亿元), state the level a target starts
// from (由600元提高到650元), count what exists already (已建成的12个园区), or
// repeat, word for word, a sentence already seen (a page that holds the
// report twice).
func (r *Result) Promises() []Mention {
	var out []Mention
	seen := map[string]bool{}
	for i := range r.Mentions {
		m := &r.Mentions[i]
		if m.Kind != Target {
			continue
		}
		key := r.Text[m.Sentence.Start:m.Sentence.End] + "\x00" + r.Text[m.Sentence.Start:m.Start]
		if seen[key] {
			continue
		}
		seen[key] = true
		if !r.promises(i) {
			continue
		}
		out = append(out, *m)
	}
	return out
}

// classNouns are things a sum of money classifies (亿元企业, 千万元项目).
var classNouns = []string{"企业", "项目", "工程", "集群", "园区", "产业", "村", "大项目", "龙头企业", "市场主体", "级"}

// populationNouns name people counted as a fact about a place.
var populationNouns = []string{"中国人", "人民", "群众", "人口", "百姓", "农民", "居民", "毕业生", "劳动力"}

// nationNouns name the whole people: a count of them is a fact (14亿中国人).
var nationNouns = []string{"中国人", "各族人民", "人民", "中华儿女", "同胞"}

// discourseNouns are what a speech counts about itself (两个目标, 三个方面).
var discourseNouns = []string{"目标加以", "方面", "条原则", "项原则"}

// promises reports whether target mention i states a promise.
func (r *Result) promises(i int) bool {
	m := &r.Mentions[i]
	left := r.Text[m.Clause.Start:m.Start]
	right := r.Text[m.End:m.Clause.End]
	// Nothing counted: 零部件.
	if strings.HasPrefix(m.Quantity, "零") {
		return false
	}
	// The level a target starts from: 由600元提高到650元, 从去年的6.5%提高到7%.
	if laterMention(r, i) && hasPrefixAny(strings.TrimSpace(right), raiseTo) {
		if containsAnyWord(lastRunes(left, 8), []string{"由", "从"}) {
			return false
		}
	}
	// A count of things that exist already: 已建成的12个园区, 已设立的基金.
	if strings.Contains(lastRunes(left, 5), "已") {
		return false
	}
	// A slogan's count before its figure: 两个10万人.
	if laterMention(r, i) && r.Mentions[i+1].Start == m.End {
		return false
	}
	if i > 0 && r.Mentions[i-1].End == m.Start && r.Mentions[i-1].Clause == m.Clause {
		return false
	}
	// A threshold that defines a category: 20万元以上村, 50万元以上的项目,
	// 超百亿元产业集群达到12个.
	for _, w := range []string{"以上的", "以下的", "及以上的", "以上", "以下", "及以上"} {
		if rest, ok := strings.CutPrefix(right, w); ok && rest != "" && startsWithNoun(rest) &&
			(strings.HasPrefix(w, "以上的") || strings.HasPrefix(w, "以下的") || strings.HasPrefix(w, "及以上的") || laterMention(r, i)) {
			return false
		}
	}
	if (strings.HasSuffix(left, "超") || strings.HasSuffix(left, "过")) && startsWithNoun(right) && laterMention(r, i) {
		return false
	}
	// An amount of money naming a class of things: 超亿元企业, 5000万元项目.
	if strings.HasSuffix(m.Unit, "元") && hasPrefixAny(right, classNouns) {
		return false
	}
	// A word holding a numeral read as money: 城乡二元结构.
	if m.Unit == "元" && m.Value.Float() < 10 && !strings.ContainsAny(m.Quantity, "0123456789") && startsWithNoun(right) {
		return false
	}
	// An ordinal or a round read as a count: 二轮土地延包, 第三代.
	if (m.Unit == "轮" || m.Unit == "届" || m.Unit == "代" || m.Unit == "期") && !strings.ContainsAny(m.Quantity, "0123456789") && startsWithNoun(right) {
		return false
	}
	// A slogan in quotation marks: “五个1万亩”.
	if q := strings.LastIndex(left, "“"); q >= 0 && !strings.Contains(left[q:], "”") {
		if e := strings.Index(right, "”"); e >= 0 && utf8.RuneCountInString(left[q:])+utf8.RuneCountInString(right[:e]) <= 8 {
			return false
		}
	}
	// The speech counting its own points: 就三个方面作说明, 对两个目标加以说明.
	for _, w := range discourseNouns {
		if strings.HasPrefix(right, w) {
			return false
		}
	}
	// A fact about the population: 14亿中国人, 高校毕业生将达52万人.
	trimmed := strings.TrimSpace(left)
	if hasPrefixAny(right, nationNouns) {
		return false
	}
	for _, w := range []string{"将达到", "将达", "将超过", "将有", "约有", "共有", "有"} {
		if strings.HasSuffix(trimmed, w) && (containsAnyWord(trimmed, populationNouns) || hasPrefixAny(right, populationNouns) || m.Unit == "人") {
			return false
		}
	}
	if strings.HasSuffix(trimmed, "毕业生") {
		return false // 今年全区高校毕业生1.2万人: how many there are
	}
	// A figure restated as its change on last year: 一般公共预算支出520亿元，
	// 比上年增加30亿元; 城中村改造3000套，增加500套.
	if m.Change == "" && !strings.HasSuffix(m.Unit, "%") && !strings.Contains(m.Unit, "百分点") && i > 0 {
		p := r.Mentions[i-1]
		for _, w := range []string{"比上年增加", "比上年减少", "较上年增加", "较上年减少", "比去年增加", "比去年减少", "增加", "减少", "多"} {
			if (trimmed == w || strings.HasSuffix(trimmed, "比上年"+w) || strings.HasSuffix(trimmed, "比去年"+w) || strings.HasSuffix(trimmed, "较上年"+w)) &&
				p.Sentence == m.Sentence && p.Unit == m.Unit && p.Kind == Target && p.Clause != m.Clause {
				return false
			}
			if strings.HasSuffix(trimmed, w) && strings.HasPrefix(w, "比") && p.Sentence == m.Sentence && p.Unit == m.Unit && p.Kind == Target {
				return false
			}
		}
	}
	return true
}

// raiseTo are the verbs from a starting level to a target (由600元提高到650元).
var raiseTo = []string{"提高到", "提高至", "增加到", "增加至", "提升到", "提升至", "扩大到", "扩大至", "降至", "降低到", "降低至",
	"下降到", "下降至", "减少到", "减少至", "上调到", "上调至", "增长到", "增长至"}

// lastRunes returns the last n runes of s.
func lastRunes(s string, n int) string {
	i := len(s)
	for k := 0; k < n && i > 0; k++ {
		_, size := utf8.DecodeLastRuneInString(s[:i])
		i -= size
	}
	return s[i:]
}

// laterMention reports whether another mention follows mention i in its
// clause.
func laterMention(r *Result, i int) bool {
	return i+1 < len(r.Mentions) && r.Mentions[i+1].Clause == r.Mentions[i].Clause
}

// startsWithNoun reports whether s opens with a Chinese character that is
// not a particle, verb of comparison or punctuation.
func startsWithNoun(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	if r < 0x4e00 || r > 0x9fff {
		return false
	}
	for _, w := range []string{"的", "和", "及", "与", "或", "等", "左右", "上下", "为", "是", "达", "以", "增", "降", "下", "提", "减", "占", "比", "较", "同", "年", "月", "日"} {
		if strings.HasPrefix(s, w) {
			return false
		}
	}
	return true
}

func hasPrefixAny(s string, words []string) bool {
	for _, w := range words {
		if strings.HasPrefix(s, w) {
			return true
		}
	}
	return false
}

func containsAnyWord(s string, words []string) bool {
	for _, w := range words {
		if strings.Contains(s, w) {
			return true
		}
	}
	return false
}
