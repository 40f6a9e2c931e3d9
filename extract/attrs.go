package extract

import (
	"strings"
	"unicode/utf8"
)

// isClauseDelim reports whether r ends a clause (，；。：！？).
func isClauseDelim(r rune) bool {
	switch r {
	case '，', ',', '；', ';', '。', '！', '？', '!', '?', '：', ':':
		return true
	}
	return false
}

// isSentenceDelim reports whether r ends a sentence (。！？).
func isSentenceDelim(r rune) bool {
	switch r {
	case '。', '！', '？', '!', '?':
		return true
	}
	return false
}

// boundsAround returns the span around [start, end) within [lo, hi) that is
// delimited by runes for which delim is true.
func boundsAround(text string, lo, hi, start, end int, delim func(rune) bool) Span {
	s := start
	for s > lo {
		r, size := decodeLastFast(text[:s], s)
		if s-size < lo {
			break
		}
		if delim(r) {
			break
		}
		s -= size
	}
	e := end
	for e < hi {
		if b := text[e]; !mayBeDelim(b) {
			e += seqLen(b)
			continue
		}
		r, size := decodeFast(text[:hi], e)
		if delim(r) {
			break
		}
		e += size
	}
	return Span{s, min(e, hi)}
}

// context is what attribute rules read around one mention.
type context struct {
	text     string
	m        *Mention
	clause   Span
	sentence Span
	left     string // clause text before the mention
	right    string // clause text after the mention
	part     Part
	st       *Structure
	prevEnd  int // end of the previous mention in the same clause, or -1
	fiveYear int // inside a five-year section (今后五年, “十四五”时期): the year its targets fall due
	// The indicator of the previous mention in the same sentence, for a
	// rate that follows its figure: 地区生产总值386.5亿元，增长5.8%.
	prevIndicator string
	prev          *Mention // the previous mention in the same sentence, nil if none
	// Indicators of the mentions of the previous clause of the sentence,
	// and of all its clauses before this one.
	prevClauseIndicators, earlierIndicators []string
}

// annotate fills comparator, change, kind, period, indicator and qualifier.
func annotate(c *context) {
	m := c.m
	m.Kind = kindOf(c)
	if m.Comparator == "" {
		m.Comparator = comparatorOf(c)
	}
	if m.High != nil {
		m.Comparator = Ge
	}
	m.Change = changeOf(c)
	m.Period = periodOf(c)
	m.Indicator = indicatorOf(c)
	if m.Indicator == "" && c.prevIndicator == "" && c.clause.Start > c.sentence.Start && strings.TrimSpace(c.left) != "" {
		// 继续推进荒山造林，今年安排2万亩: a figure whose clause
		// names only the action counts the object of the clause before.
		m.Indicator = objectBefore(c.text[c.sentence.Start:c.clause.Start])
	}
	if m.Indicator == "" {
		m.Indicator = c.prevIndicator
		// 增长7%，力争达到8%: a rate that only restates the one before
		// changes the same way.
		if p := c.prev; p != nil && m.Change == "" && p.Change != "" && p.Unit == m.Unit && m.Indicator != "" {
			m.Change = p.Change
		}
	}
	if m.Kind == Target {
		m.Qualifier = qualifierOf(c)
	}
}

var targetCues = []string{"力争", "确保", "计划", "预计", "目标", "争取", "预期", "拟"}

func kindOf(c *context) string {
	switch c.part {
	case PartReview:
		return Achievement
	case PartPlan:
		if pastInPlan(c.left, c.st.ReviewYear) || underReviewChapter(c.st, c.m.Paragraph) {
			return Achievement
		}
		return Target
	}
	sentLeft := c.text[c.sentence.Start:c.m.Start]
	for _, w := range targetCues {
		if strings.Contains(sentLeft, w) {
			return Target
		}
	}
	return Achievement
}

// objectBefore names the object of the last clause of s: 继续推进荒山造林，
// → 荒山造林; "" when it is long or holds a figure.
func objectBefore(s string) string {
	s = strings.TrimRightFunc(s, func(r rune) bool { return isClauseDelim(r) || r == ' ' })
	for i := len(s); i > 0; {
		r, size := utf8.DecodeLastRuneInString(s[:i])
		if isClauseDelim(r) {
			s = s[i:]
			break
		}
		i -= size
	}
	for _, r := range s {
		if _, ok := arabicDigit(r); ok {
			return ""
		}
	}
	s = strings.TrimPrefix(trimIndicator(s), "继续")
	s = dropLeadingVerbs(s)
	if n := utf8.RuneCountInString(s); n < 2 || n > 12 {
		return ""
	}
	return s
}

// underReviewChapter reports whether paragraph pi, read as part of the
// plan, stands under a chapter that reviews the past (a page that holds the
// report twice: the second 一、过去五年工作回顾 comes after the first plan).
func underReviewChapter(st *Structure, pi int) bool {
	h := ChapterOf(st, pi)
	if h < 0 || st.Headings[h].Part != PartPlan {
		return false
	}
	text := st.Headings[h].Text
	for _, w := range []string{"回顾", "过去一年", "过去五年", "过去的一年", "过去的五年"} {
		if strings.Contains(text, w) {
			return true
		}
	}
	return false
}

// pastInPlan reports whether a clause of the plan that opens with left
// states what was done last year (去年我区新增就业1.1万人, 2023年全区完成投资
// 80亿元): an achievement, not a target. 在去年基础上 and 比去年 compare
// with last year; they open no such clause.
func pastInPlan(left string, reviewYear int) bool {
	s := strings.TrimSpace(left)
	s = strings.TrimPrefix(s, "其中")
	rest := ""
	switch {
	case strings.HasPrefix(s, "去年"):
		rest = s[len("去年"):]
	case strings.HasPrefix(s, "上年"):
		rest = s[len("上年"):]
	case strings.HasPrefix(s, "过去一年"):
		rest = s[len("过去一年"):]
	case reviewYear != 0 && len(s) >= 4 && yearIn(s[:4]) == reviewYear && digitsAt(s, 0) == 4 && strings.HasPrefix(s[4:], "年"):
		rest = s[4+len("年"):]
	default:
		return false
	}
	for _, w := range []string{"基础", "的基础", "同期", "水平", "底", "末"} {
		if strings.HasPrefix(rest, w) {
			return false
		}
	}
	for _, w := range targetCues {
		if strings.Contains(rest, w) {
			return false
		}
	}
	return rest != ""
}

// comparator words: right after the number, then right before it.
var (
	rightComparators = []struct{ word, cmp string }{
		{"以上", Ge}, {"以内", Le}, {"以下", Le}, {"左右", Approx}, {"上下", Approx},
	}
	leftComparators = []struct{ word, cmp string }{
		{"不低于", Ge}, {"不少于", Ge}, {"超过", Ge}, {"突破", Ge}, {"至少", Ge}, {"多于", Ge}, {"高于", Ge}, {"逾", Ge}, {"超", Ge},
		{"不超过", Le}, {"不高于", Le}, {"控制在", Le}, {"压缩至", Le}, {"压缩到", Le}, {"压减至", Le}, {"压减到", Le},
		{"缩短至", Le}, {"缩短到", Le}, {"不足", Le}, {"不到", Le}, {"降至", Le}, {"降低至", Le}, {"下降至", Le}, {"低于", Le}, {"少于", Le}, {"减少至", Le},
		{"大约", Approx}, {"接近", Approx}, {"将近", Approx}, {"约", Approx}, {"近", Approx},
		{"达到", "reach"}, {"达", "reach"}, {"提高到", "reach"}, {"提高至", "reach"}, {"提升到", "reach"},
		{"提升至", "reach"}, {"增加到", "reach"}, {"增加至", "reach"}, {"增长到", "reach"}, {"增长至", "reach"},
		{"扩大到", "reach"}, {"扩大至", "reach"}, {"上升到", "reach"}, {"上升至", "reach"},
	}
)

func comparatorOf(c *context) string {
	for _, rc := range rightComparators {
		if strings.HasPrefix(c.right, rc.word) {
			return rc.cmp
		}
	}
	left := strings.TrimSuffix(c.left, "了")
	for _, lc := range leftComparators {
		if strings.HasSuffix(left, lc.word) {
			if lc.word == "近" && (strings.HasSuffix(left, "最近") || strings.HasSuffix(left, "附近")) {
				continue
			}
			if lc.cmp == "reach" {
				if c.m.Kind == Target {
					return Ge
				}
				return Eq
			}
			return lc.cmp
		}
	}
	return Eq
}

var (
	increaseVerbs = []string{"增长", "提高", "上升", "增加", "提升", "上涨", "扩大", "回升", "增幅", "增速", "增"}
	decreaseVerbs = []string{"下降", "降低", "减少", "回落", "缩小", "缩短", "下滑", "压减", "缩减", "降幅", "减", "降"}
)

// changeOf: a rate of change (增长30%, 下降1.5个百分点) names its direction.
func changeOf(c *context) NullString {
	switch c.m.Unit {
	case "%", "个百分点", "倍", "成":
	default:
		return ""
	}
	// The verb stands at most ten characters before the number (同比增长,
	// 分别减少46%和): look only at the end of the clause.
	left := c.left
	if len(left) > 48 {
		cut := len(left) - 48
		for cut < len(left) && !utf8.RuneStart(left[cut]) {
			cut++
		}
		left = left[cut:]
	}
	bestPos, best := -1, NullString("")
	for _, set := range []struct {
		verbs []string
		dir   NullString
	}{{increaseVerbs, "increase"}, {decreaseVerbs, "decrease"}} {
		for _, v := range set.verbs {
			if i := strings.LastIndex(left, v); i >= 0 && i+len(v) > bestPos {
				after := left[i+len(v):]
				if strings.HasPrefix(after, "到") || strings.HasPrefix(after, "至") || strings.HasPrefix(after, "为") {
					continue
				}
				if utf8.RuneCountInString(after) > 10 {
					continue
				}
				bestPos, best = i+len(v), set.dir
			}
		}
	}
	return best
}

// periodOf: the review year for achievements, the report year for targets,
// moved by 力争3年内 or 到2025年.
func periodOf(c *context) int {
	if c.m.Kind == Achievement {
		left := c.left
		if c.prevEnd >= c.clause.Start && c.prevEnd <= c.m.Start {
			left = c.text[c.prevEnd:c.m.Start]
		}
		if y := tiedYear(left, c.st.ReviewYear); y != 0 {
			return y
		}
		return c.st.ReviewYear
	}
	y := c.st.ReportYear
	if c.fiveYear > y {
		y = c.fiveYear
	} else if s := strings.TrimSpace(c.text[c.sentence.Start:c.m.Start]); strings.HasPrefix(s, "今后五年") ||
		strings.HasPrefix(s, "未来五年") {
		y += 4
	}
	left := c.left
	if !strings.Contains(left, "年") {
		// A time frame that opens the sentence (到2025年，……) holds for
		// each of its clauses.
		if yy := openingYear(c.text[c.sentence.Start:c.clause.Start]); yy > y && yy < y+16 {
			return yy
		}
		if yy := planEnd(c.text[c.sentence.Start:c.m.Start]); yy > y && yy < y+6 {
			return yy
		}
		return y
	}
	if i := strings.LastIndex(left, "年内"); i > 0 {
		head := left[:i]
		r, _ := utf8.DecodeLastRuneInString(head)
		if d, ok := arabicDigit(r); ok && d > 1 && d < 10 {
			return y + int(d) - 1
		}
		if d, ok := chineseDigit(r); ok && d > 1 {
			return y + int(d) - 1
		}
	}
	for _, pre := range []string{"到", "至", "在"} {
		if i := strings.LastIndex(left, pre+"20"); i >= 0 {
			if yy := yearIn(left[i+len(pre):]); yy > y && yy < y+16 && strings.HasPrefix(left[i+len(pre)+4:], "年") {
				return yy
			}
		}
	}
	return y
}

// tiedYear returns the earlier year an achievement's figure belongs to
// when the text before it in its clause ties it there: 由上年的3.8%,
// 由上年下降2.3%转为…, 2019年底贫困发生率为0.5%; 0 otherwise. A year it is
// compared with (比上年, 较2015年, 与2019年相比) or counted from (2018年以来)
// does not tie it.
func tiedYear(left string, review int) int {
	compared := func(before string) bool {
		for _, w := range []string{"比", "较", "与", "同", "自", "从", "于"} {
			if strings.HasSuffix(before, w) {
				return true
			}
		}
		return false
	}
	if i := strings.LastIndex(left, "上年"); i >= 0 {
		before, after := left[:i], left[i+len("上年"):]
		if !compared(before) && (strings.HasSuffix(before, "由") || strings.HasPrefix(after, "的") ||
			strings.HasPrefix(after, "为") || strings.HasPrefix(after, "末") || strings.HasPrefix(after, "底")) {
			return review - 1
		}
	}
	for i := strings.LastIndex(left, "年"); i >= 4; i = strings.LastIndex(left[:i], "年") {
		y := yearIn(left[i-4 : i])
		if y == 0 || y >= review || y < review-10 || digitsAt(left, i-4) != 4 || i > 4 && digitsAt(left, i-5) > 0 {
			continue
		}
		before, after := left[:i-4], left[i+len("年"):]
		if compared(before) || strings.HasSuffix(before, "由") {
			return 0
		}
		for _, w := range []string{"以来", "起", "至", "到", "以前", "前", "—", "-", "～"} {
			if strings.HasPrefix(after, w) {
				return 0
			}
		}
		return y
	}
	return 0
}

// fiveYearPlans are the five-year plans by the year they end.
var fiveYearPlans = map[string]int{"十三五": 2020, "十四五": 2025, "十五五": 2030, "十六五": 2035}

// planNamed returns the last year of the five-year plan s names, 0 if none.
func planNamed(s string) int {
	for name, end := range fiveYearPlans {
		if strings.Contains(s, name) {
			return end
		}
	}
	return 0
}

// planEnd returns the last year of a five-year plan whose end the text
// names (到“十四五”末, 十四五期末, “十四五”时期末), 0 if none.
func planEnd(s string) int {
	for name, end := range fiveYearPlans {
		i := strings.LastIndex(s, name)
		if i < 0 {
			continue
		}
		after := strings.TrimLeft(s[i+len(name):], "”\"」")
		for _, w := range []string{"末", "期末", "时期末", "规划期末"} {
			if strings.HasPrefix(after, w) {
				return end
			}
		}
	}
	return 0
}

// openingYear returns the year of a time frame that opens s, the part of
// a sentence before a clause: 到2025年，力争到2027年，2025年前; 0 when s
// opens otherwise or names this year (今年, 年内) after it.
func openingYear(s string) int {
	s = strings.TrimSpace(s)
	for _, w := range []string{"力争", "争取", "预计", "计划"} {
		s = strings.TrimPrefix(s, w)
	}
	for _, pre := range []string{"到", "至", ""} {
		rest, ok := strings.CutPrefix(s, pre)
		if !ok || !strings.HasPrefix(rest, "20") {
			continue
		}
		yy := yearIn(rest[:min(len(rest), 4)])
		if yy == 0 || !strings.HasPrefix(rest[4:], "年") {
			return 0
		}
		after := rest[4+len("年"):]
		if pre == "" && !strings.HasPrefix(after, "前") && !strings.HasPrefix(after, "底前") {
			return 0 // 2024年，… is a year of the review or this year, not a time frame
		}
		for _, w := range []string{"今年", "全年", "年内", "当年", "本年"} {
			if strings.Contains(after, w) {
				return 0
			}
		}
		return yy
	}
	return 0
}

// qualifierOf: a target hedged or stressed by 力争, 确保, 基本, 全面.
func qualifierOf(c *context) NullString {
	for _, w := range []string{"力争", "确保"} {
		if strings.Contains(c.left, w) {
			return NullString(w)
		}
	}
	for _, w := range []string{"基本", "全面"} {
		if strings.HasPrefix(c.left, w) {
			return NullString(w)
		}
	}
	return ""
}
