package reconcile

import (
	"regexp"
	"strings"
	"unicode/utf8"

	"ducha/extract"
)

// review is what the report of year N+1 says of year N: its single-year
// figures and its statements that a task was completed.
type review struct {
	res          *extract.Result
	achievements []extract.Mention
	statements   map[int]statement // by clause start
	order        []int             // statement starts in text order
	// blanket is the first statement that a whole list of projects was
	// completed (10件民生实事全部办结), nil if none.
	blanket *statement
}

// statement is a clause saying a task was completed, without a figure
// that answers a target of its own.
type statement struct {
	span    extract.Span
	text    string
	verdict Verdict
	list    bool // the clause names a list (粗钢、水泥熟料等…): it answers each item
	blanket bool // the clause completes a list of projects (民生实事全部办结)
}

// multiYearMarkers mark a figure that sums several years (“十四五”以来累计
// 改造老旧小区156个): it cannot answer a single year's target.
var multiYearMarkers = []string{"以来", "累计", "五年来", "过去五年", "过去的五年", "近五年", "近年来", "十四五", "十三五", "历年",
	"五年间", "五年累计", "本届政府", "年均", "平均每年", "两年平均", "三年平均"}

// fiveYearOpeners open a paragraph about several years (这五年，我们…).
var fiveYearOpeners = []string{"这五年", "过去五年", "过去的五年", "五年来", "五年间", "近五年", "“十四五”以来", "十四五以来",
	"“十三五”以来", "十三五以来", "“十三五”时期", "“十四五”时期"}

// oneYearOpeners open a paragraph about the year under review.
var oneYearOpeners = []string{"一年来", "过去一年", "过去的一年", "刚刚过去的", "去年", "上年", "这一年", "今年以来"}

// salutations open a paragraph before its subject: 各位代表！过去五年，….
var salutations = []string{"各位代表！", "各位代表，", "各位代表:", "各位代表："}

// listWords name a list of projects promised together (10件民生实事).
var listWords = []string{"民生实事", "为民实事", "为民办实事", "民生工程", "实事项目", "民生项目", "惠民实事", "惠民工程", "民心工程"}

// countedList matches a counted list of projects: 10件实事, 十项惠民实事.
var countedList = regexp.MustCompile(`[0-9一二三四五六七八九十两]+(件|项|个)[^，。；]{0,4}实事`)

// completionWords say a task was completed, strongest first.
var completionWords = []struct {
	word    string
	verdict Verdict
}{
	{"超额完成", Exceeded}, {"超额实现", Exceeded}, {"超目标完成", Exceeded},
	{"全部办结", Met}, {"全部完成", Met}, {"全面完成", Met}, {"如期完成", Met}, {"圆满完成", Met}, {"顺利完成", Met},
	{"提前完成", Met}, {"按期完成", Met}, {"提前实现", Met}, {"目标实现", Met}, {"任务完成", Met}, {"全部落实", Met},
	{"全部建成", Met}, {"完成年度任务", Met}, {"完成年度目标", Met}, {"完成目标任务", Met},
}

// shortfallWords say a target was not reached.
var shortfallWords = []string{"未完成", "没有完成", "未能完成", "未实现", "未达到预期", "未达预期", "低于预期", "与预期存在差距", "与目标存在差距", "未达到目标"}

// negations before a completion word turn it into a shortfall.
var negations = []string{"未", "没有", "尚未", "未能", "没能"}

func newReview(next *extract.Result) *review {
	r := &review{res: next, statements: map[int]statement{}}
	multi := fiveYearParagraphs(next)
	for _, m := range next.MentionsOfKind(extract.Achievement) {
		if multi[m.Paragraph] {
			continue
		}
		clause := next.Text[m.Clause.Start:m.Clause.End]
		if containsAny(clause, multiYearMarkers) {
			continue
		}
		r.achievements = append(r.achievements, m)
	}
	st := next.Structure
	for pi, p := range st.Paragraphs {
		if p.Part == extract.PartPlan || multi[pi] {
			continue
		}
		for _, c := range clauses(next.Text, p.Start, p.End) {
			text := next.Text[c.Start:c.End]
			v, ok := completionOf(text)
			if !ok {
				continue
			}
			s := statement{span: c, text: text, verdict: v, list: strings.Contains(text, "等")}
			s.blanket = v != Missed && (containsAny(text, listWords) || countedList.MatchString(text))
			r.statements[c.Start] = s
			r.order = append(r.order, c.Start)
			if s.blanket && r.blanket == nil {
				r.blanket = &s
			}
		}
	}
	return r
}

// completionOf reads the verdict a clause states, if it states one.
func completionOf(clause string) (Verdict, bool) {
	for _, w := range completionWords {
		i := strings.Index(clause, w.word)
		if i < 0 {
			continue
		}
		for _, n := range negations {
			if strings.HasSuffix(clause[:i], n) {
				return Missed, true
			}
		}
		return w.verdict, true
	}
	if containsAny(clause, shortfallWords) {
		return Missed, true
	}
	return "", false
}

// fiveYearParagraphs marks the paragraphs of the review that speak of
// several years: under a chapter about them (一、过去五年工作回顾,
// “十四五”时期工作回顾), or opened by 这五年/过去五年, until a paragraph
// opens on the last year (刚刚过去的2022年, 一年来) — the state a chapter
// sets holds through its sub-sections.
func fiveYearParagraphs(res *extract.Result) map[int]bool {
	st := res.Structure
	out := map[int]bool{}
	chapter, state := -2, false
	for pi, p := range st.Paragraphs {
		top := extract.ChapterOf(st, pi)
		if top != chapter {
			chapter, state = top, top >= 0 && isFiveYearHeading(st.Headings[top].Text)
		}
		open := strings.TrimSpace(res.Text[p.Start:p.End])
		for _, s := range salutations {
			open = strings.TrimPrefix(open, s)
		}
		switch {
		case hasAnyPrefix(open, fiveYearOpeners):
			state = true
		case hasAnyPrefix(open, oneYearOpeners) || opensOnYear(open, st.ReviewYear):
			state = false
		}
		out[pi] = state
	}
	return out
}

func isFiveYearHeading(h string) bool {
	return strings.Contains(h, "五年") || strings.Contains(h, "十四五") || strings.Contains(h, "十三五") || strings.Contains(h, "以来")
}

// opensOnYear reports whether s opens with the year under review (2022年，…).
func opensOnYear(s string, year int) bool {
	if year == 0 || len(s) < 4+len("年") {
		return false
	}
	return s[:4] == itoa(year) && strings.HasPrefix(s[4:], "年")
}

func itoa(n int) string {
	b := make([]byte, 0, 4)
	for n > 0 {
		b = append([]byte{byte('0' + n%10)}, b...)
		n /= 10
	}
	return string(b)
}

func hasAnyPrefix(s string, prefixes []string) bool {
	for _, p := range prefixes {
		if strings.HasPrefix(s, p) {
			return true
		}
	}
	return false
}

// clauses splits [start, end) of text at clause delimiters.
func clauses(text string, start, end int) []extract.Span {
	var out []extract.Span
	from := start
	for i := start; i < end; {
		r, size := utf8.DecodeRuneInString(text[i:end])
		switch r {
		case '，', '；', '。', '！', '？', '：', ',', ';', '!', '?':
			if i > from {
				out = append(out, extract.Span{Start: from, End: i})
			}
			from = i + size
		}
		i += size
	}
	if from < end {
		out = append(out, extract.Span{Start: from, End: end})
	}
	return out
}

// inList reports whether target t of res is an item of a list of projects
// (民生实事): the heading of its section names one, or the paragraph that
// opens its list (今年办好10件民生实事：), or its own sentence before it.
func inList(res *extract.Result, t extract.Mention) bool {
	st := res.Structure
	p := st.Paragraphs[t.Paragraph]
	for h := extract.SectionOf(st, t.Paragraph); h >= 0; h = st.Headings[h].Parent {
		if containsAny(st.Headings[h].Text, listWords) {
			return true
		}
	}
	if s := res.Text[t.Sentence.Start:t.Start]; containsAny(s, listWords) {
		return true
	}
	for i := t.Paragraph - 1; i >= 0 && i >= t.Paragraph-20; i-- {
		q := st.Paragraphs[i]
		if q.Section != p.Section || q.Heading {
			break
		}
		text := strings.TrimSpace(res.Text[q.Start:q.End])
		if strings.HasSuffix(text, "：") || strings.HasSuffix(text, ":") {
			return containsAny(text, listWords) || countedList.MatchString(text)
		}
		if !q.ListItem {
			break
		}
	}
	return false
}
