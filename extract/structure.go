package extract

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Part says which part of a report a piece of text belongs to.
type Part int

const (
	PartNone   Part = iota // before the review, or a report without parts
	PartReview             // the review of last year: achievements
	PartPlan               // the outlook: targets
)

func (p Part) String() string {
	switch p {
	case PartReview:
		return "review"
	case PartPlan:
		return "plan"
	}
	return "none"
}

// Span is a byte range [Start, End) of the text layer.
type Span struct {
	Start int `json:"start"`
	End   int `json:"end"`
}

// Heading is a section heading line, or the lead phrase of a numbered
// paragraph such as "（一）着力扩大国内需求。".
type Heading struct {
	Span
	Text   string `json:"text"`
	Level  int    `json:"level"`
	Style  string `json:"style"`  // "一、", "（一）", "1.", "（1）", "第一", "plain"
	Parent int    `json:"parent"` // index of the enclosing heading, -1 at top
	Part   Part   `json:"-"`
}

// Paragraph is one line of body text.
type Paragraph struct {
	Span
	Lead     Span `json:"lead"`      // the lead phrase (项目建设深入推进。), empty if none
	Section  int  `json:"section"`   // innermost heading, -1 if none
	Part     Part `json:"-"`         // review, plan or none
	Heading  bool `json:"heading"`   // the line is a heading
	ListItem bool `json:"list_item"` // a numbered item of a list (1.新增学位…；)
}

// Structure is the outline of a report.
type Structure struct {
	Title      Span
	DateLine   Span
	Review     Span // the review part, empty if not found
	Plan       Span // the plan part, empty if not found
	Headings   []Heading
	Paragraphs []Paragraph
	// Years and region as stated in the text (0 or "" when not found).
	ReportYear int
	ReviewYear int
	Region     string
}

// SectionPath returns the heading texts from the top down to heading h.
func (s *Structure) SectionPath(h int) []string {
	var path []string
	for h >= 0 && h < len(s.Headings) {
		path = append(path, s.Headings[h].Text)
		h = s.Headings[h].Parent
	}
	for i, j := 0, len(path)-1; i < j; i, j = i+1, j-1 {
		path[i], path[j] = path[j], path[i]
	}
	return path
}

const maxHeadingRunes = 40

// parseStructure finds title, date line, parts, headings and paragraphs.
func parseStructure(text string) *Structure {
	st := &Structure{}
	styleLevel := map[string]int{}
	var stack []int // open headings by level
	part := PartNone
	reviewHeadingYear, planHeadingYear := 0, 0
	reviewStyle := "" // numbering of the heading that opened the review
	lineNo := 0
	prevEndsColon := false
	for pos := 0; pos < len(text); {
		end := strings.IndexByte(text[pos:], '\n')
		if end < 0 {
			end = len(text)
		} else {
			end += pos
		}
		start, stop := trimSpan(text, pos, end)
		pos = end + 1
		if start == stop {
			continue
		}
		lineNo++
		line := text[start:stop]
		runes := utf8.RuneCountInString(line)
		if lineNo == 1 && runes <= 60 && !strings.Contains(line, "。") {
			st.Title = Span{start, stop}
			continue
		}
		if lineNo <= 4 && st.DateLine.End == 0 && runes <= 60 && looksLikeDateLine(line) {
			st.DateLine = Span{start, stop}
			continue
		}
		if runes <= 80 && isFurniture(line) {
			continue
		}
		style, bodyOff := numberingStyle(line)
		// The speaker's line under the title (示例区人民政府区长　王明远) is
		// no heading: the parts begin below it.
		if style == "" && part == PartNone && len(st.Headings) == 0 && lineNo <= 6 && runes <= 30 && isByline(line) {
			continue
		}
		p := Paragraph{Span: Span{start, stop}, Section: -1}
		isHeading := false
		headText := line
		switch {
		case style == "1." && prevEndsColon:
			p.ListItem = true
		case style != "" && isHeadingLine(line[bodyOff:], runes):
			isHeading = true
		case style != "":
			// A numbered paragraph: its first sentence is a heading when short.
			if lead := leadSentence(line[bodyOff:]); lead > 0 && utf8.RuneCountInString(line[bodyOff:bodyOff+lead]) <= 30 {
				if style == "1." && strings.HasSuffix(line, "；") {
					p.ListItem = true
					break
				}
				headText = line[:bodyOff+lead]
				isHeading = true
			} else {
				p.ListItem = style == "1." || style == "（1）"
			}
		case isHeadingLine(line, runes) && lineNo > 1:
			isHeading, style = true, "plain"
		}
		if isHeading {
			np := partOfHeading(headText)
			// Before any part, a chapter heading (一、) naming the year
			// before the title's opens the review: 砥砺奋进的2023年.
			if np == PartNone && part == PartNone && (style == "一、" || style == "第一") {
				if hy, ty := yearIn(headText), yearIn(text[st.Title.Start:st.Title.End]); hy != 0 && hy == ty-1 {
					np = PartReview
				}
			}
			// A heading of the review's rank, or about work, naming a later
			// year opens the plan: 乘势而上的2024年 after 砥砺奋进的2023年.
			if np == PartNone && part == PartReview && reviewHeadingYear != 0 && yearIn(headText) > reviewHeadingYear &&
				(strings.Contains(headText, "工作") || style == reviewStyle && style != "") {
				np = PartPlan
			}
			if np == PartReview && part == PartNone {
				part = PartReview
				st.Review.Start = start
				reviewHeadingYear, reviewStyle = yearIn(headText), style
			} else if np == PartPlan && part != PartPlan {
				if part == PartReview {
					st.Review.End = start
				}
				part = PartPlan
				st.Plan.Start = start
				planHeadingYear = yearIn(headText)
			}
			lvl, ok := styleLevel[style]
			if !ok {
				lvl = len(styleLevel) + 1
				styleLevel[style] = lvl
			}
			for len(stack) > 0 && st.Headings[stack[len(stack)-1]].Level >= lvl {
				stack = stack[:len(stack)-1]
			}
			parent := -1
			if len(stack) > 0 {
				parent = stack[len(stack)-1]
			}
			st.Headings = append(st.Headings, Heading{
				Span: Span{start, start + len(headText)}, Text: strings.TrimSpace(headText),
				Level: lvl, Style: style, Parent: parent, Part: part,
			})
			stack = append(stack, len(st.Headings)-1)
			p.Heading = len(headText) == len(line)
		}
		if len(stack) > 0 {
			p.Section = stack[len(stack)-1]
		}
		p.Part = part
		if !p.Heading {
			if lead := leadSentence(line); lead > 0 && utf8.RuneCountInString(line[:lead]) <= 24 && lead < len(line) {
				p.Lead = Span{start, start + lead}
			}
		}
		st.Paragraphs = append(st.Paragraphs, p)
		prevEndsColon = strings.HasSuffix(line, "：") || strings.HasSuffix(line, ":") || (p.ListItem && prevEndsColon)
	}
	switch part {
	case PartReview:
		st.Review.End = len(text)
	case PartPlan:
		st.Plan.End = len(text)
		if st.Review.End == 0 && st.Review.Start > 0 {
			st.Review.End = st.Plan.Start
		}
		if st.Review.End == 0 {
			// No review heading: what comes before the plan reviews the past.
			for i := range st.Paragraphs {
				p := &st.Paragraphs[i]
				if p.Part != PartNone {
					break
				}
				if st.Review.End == 0 {
					st.Review.Start = p.Start
				}
				p.Part = PartReview
				st.Review.End = p.End
			}
			for i := range st.Headings {
				if st.Headings[i].Part == PartNone {
					st.Headings[i].Part = PartReview
				}
			}
		}
	}
	st.inferYears(text, reviewHeadingYear, planHeadingYear)
	if st.Plan.End == 0 {
		st.planFromParagraphs(text)
	}
	st.Region = inferRegion(text, st.Title)
	return st
}

// trimSpan trims spaces (including U+3000 and a trailing CR) from a line.
func trimSpan(text string, start, end int) (int, int) {
	for start < end {
		r, size := utf8.DecodeRuneInString(text[start:end])
		if !unicode.IsSpace(r) && r != '\ufeff' {
			break
		}
		start += size
	}
	for end > start {
		r, size := utf8.DecodeLastRuneInString(text[start:end])
		if !unicode.IsSpace(r) {
			break
		}
		end -= size
	}
	return start, end
}

// isHeadingLine: a short line without sentence punctuation at its end.
func isHeadingLine(line string, runes int) bool {
	if runes > maxHeadingRunes || strings.Contains(line, "。") {
		return false
	}
	last, _ := utf8.DecodeLastRuneInString(line)
	switch last {
	case '，', '；', '：', ',', ';', ':', '、', '？', '！':
		return false
	}
	return true
}

// leadSentence returns the byte length of the first sentence of a line,
// including its 。, or 0 when the line has no 。.
func leadSentence(line string) int {
	i := strings.Index(line, "。")
	if i < 0 {
		return 0
	}
	head := line[:i]
	if strings.ContainsAny(head, "，；：,;") {
		return 0
	}
	// A short sentence holding a figure (力争3年内建成体育馆1座。) is a
	// commitment, not a lead phrase.
	if len(findMentions(head, 0, len(head), nil)) > 0 {
		return 0
	}
	return i + len("。")
}

// numberingStyle recognises heading numbers: 一、 （一） 1. （1） 第一部分.
// It returns the style and the byte offset where the heading text starts.
func numberingStyle(line string) (string, int) {
	if strings.HasPrefix(line, "（") || strings.HasPrefix(line, "(") {
		open := len("（")
		if line[0] == '(' {
			open = 1
		}
		j := open
		kind := ""
		for j < len(line) {
			r, size := utf8.DecodeRuneInString(line[j:])
			if _, ok := chineseDigit(r); ok || r == '十' {
				if kind == "1" {
					return "", 0
				}
				kind = "一"
			} else if _, ok := arabicDigit(r); ok {
				if kind == "一" {
					return "", 0
				}
				kind = "1"
			} else {
				break
			}
			j += size
		}
		if kind == "" || j-open > 9 {
			return "", 0
		}
		if strings.HasPrefix(line[j:], "）") {
			j += len("）")
		} else if strings.HasPrefix(line[j:], ")") {
			j++
		} else {
			return "", 0
		}
		if kind == "一" {
			return "（一）", j
		}
		return "（1）", j
	}
	if strings.HasPrefix(line, "第") {
		j := len("第")
		k := j
		for k < len(line) {
			r, size := utf8.DecodeRuneInString(line[k:])
			if _, ok := chineseDigit(r); !ok && r != '十' {
				break
			}
			k += size
		}
		for _, w := range []string{"部分", "章", "节", "篇"} {
			if k > j && strings.HasPrefix(line[k:], w) {
				return "第一", k + len(w)
			}
		}
		return "", 0
	}
	j := 0
	kind := ""
	for j < len(line) && j < 12 {
		r, size := utf8.DecodeRuneInString(line[j:])
		if _, ok := chineseDigit(r); (ok && r != '两' && r != '〇' && r != '零') || r == '十' {
			if kind == "1" {
				return "", 0
			}
			kind = "一"
		} else if _, ok := arabicDigit(r); ok {
			if kind == "一" {
				return "", 0
			}
			kind = "1"
		} else {
			break
		}
		j += size
	}
	if kind == "" {
		return "", 0
	}
	rest := line[j:]
	switch {
	case kind == "一" && strings.HasPrefix(rest, "、"):
		return "一、", j + len("、")
	case kind == "1" && (strings.HasPrefix(rest, "、") || strings.HasPrefix(rest, "．")):
		if digitsAt(rest, len("、")) > 0 {
			return "", 0
		}
		return "1.", j + len("、")
	case kind == "1" && strings.HasPrefix(rest, "."):
		if digitsAt(rest, 1) > 0 {
			return "", 0
		}
		return "1.", j + 1
	}
	return "", 0
}

// partOfHeading says whether a heading opens the review or the plan.
func partOfHeading(h string) Part {
	for _, w := range []string{"回顾", "过去一年", "过去五年", "过去的一年", "过去的五年", "工作总结", "主要工作", "取得的成绩", "工作成效"} {
		if strings.Contains(h, w) {
			return PartReview
		}
	}
	for _, w := range []string{"展望", "工作安排", "工作任务", "总体要求", "预期目标", "主要目标", "重点工作", "工作部署", "主要任务", "工作思路", "今后五年", "今年工作", "政府工作的建议"} {
		if strings.Contains(h, w) {
			return PartPlan
		}
	}
	return PartNone
}

// yearIn returns the first four-digit year 1990–2099 in s, or 0.
func yearIn(s string) int {
	for i := 0; i+4 <= len(s); i++ {
		if digitsAt(s, i) >= 4 && (i == 0 || digitsAt(s, i-1) == 0) {
			y := int(s[i]-'0')*1000 + int(s[i+1]-'0')*100 + int(s[i+2]-'0')*10 + int(s[i+3]-'0')
			if y >= 1990 && y <= 2099 && digitsAt(s, i) == 4 {
				return y
			}
		}
	}
	return 0
}

func looksLikeDateLine(line string) bool {
	if yearIn(line) == 0 {
		return false
	}
	return strings.Contains(line, "月") && strings.Contains(line, "日") ||
		strings.Contains(line, "会议") || strings.HasPrefix(line, "——") ||
		strings.Count(line, ".") >= 2 || strings.Count(line, "-") >= 2
}

// isByline recognises the speaker's line of a report: an office ending in
// 长 or 主席 followed by a name, without punctuation of a sentence.
func isByline(line string) bool {
	if strings.ContainsAny(line, "，。；：、") {
		return false
	}
	for _, t := range []string{"区长", "市长", "县长", "省长", "旗长", "州长", "镇长", "乡长", "主席", "盟长"} {
		i := strings.Index(line, t)
		if i > 0 && i+len(t) < len(line) {
			return true
		}
		// 市长 某某某: the office alone, then the name.
		if i == 0 {
			rest := line[len(t):]
			if name := strings.TrimLeft(rest, " \t　"); name != "" && len(name) < len(rest) {
				return true
			}
		}
	}
	return false
}

// isFurniture recognises page furniture near the top of scraped pages.
func isFurniture(line string) bool {
	return furnitureWords().find(line) != ""
}

var furnitureWords = lazyWords("原标题", "来源：", "来源:", "发布时间", "发布日期", "浏览次数", "点击数", "阅读数", "访问量", "字号",
	"【打印】", "【关闭】", "打印本页", "关闭窗口", "责任编辑", "上一篇", "下一篇", "分享到", "扫一扫", "版权所有", "ICP备",
	"主办单位", "联系我们", "网站地图", "当前位置", "您的位置", "字体：", "字体:", "【字体", "作者：", "编辑：",
	"访问次数", "阅读次数", "次浏览", "相关链接", "网站首页", "主办：", "承办：", "备案号", "邮编", "技术支持",
	"政务公开 >", "首页 >", "首页>", "首页 |", "首页|")

// inferYears sets ReportYear and ReviewYear from the part headings, the
// title and the date line.
func (st *Structure) inferYears(text string, reviewY, planY int) {
	switch {
	case planY != 0:
		st.ReportYear = planY
	case reviewY != 0:
		st.ReportYear = reviewY + 1
	case yearIn(text[st.Title.Start:st.Title.End]) != 0:
		st.ReportYear = yearIn(text[st.Title.Start:st.Title.End])
	case yearIn(text[st.DateLine.Start:st.DateLine.End]) != 0:
		st.ReportYear = yearIn(text[st.DateLine.Start:st.DateLine.End])
	}
	st.ReviewYear = reviewY
	if st.ReviewYear == 0 && st.ReportYear != 0 {
		st.ReviewYear = st.ReportYear - 1
	}
}

// planCues open the plan part of a report that has no plan heading: a
// paragraph that starts by announcing this year's work.
var planCues = []string{"今年", "新的一年", "展望", "主要预期目标", "总体要求", "做好今年", "做好全年"}

// planFromParagraphs finds where the plan starts in a report without part
// headings: the first paragraph, after at least one other, whose opening
// announces this year's work (今年…, 2024年是…, 主要预期目标是…). What comes
// before it is the review.
func (st *Structure) planFromParagraphs(text string) {
	yearCue := ""
	if st.ReportYear != 0 {
		yearCue = strconv.Itoa(st.ReportYear) + "年"
	}
	body := 0
	for i, p := range st.Paragraphs {
		if p.Heading {
			continue
		}
		body++
		if body < 2 {
			continue
		}
		head := text[p.Start:p.End]
		if len(head) > 90 {
			head = head[:90]
		}
		cue := false
		for _, w := range planCues {
			if strings.HasPrefix(head, w) || strings.Contains(head, "主要预期目标") {
				cue = true
			}
		}
		if yearCue != "" && (strings.HasPrefix(head, yearCue+"是") || strings.HasPrefix(head, yearCue+"，") || strings.HasPrefix(head, yearCue+",")) {
			cue = true
		}
		if !cue {
			continue
		}
		st.Plan = Span{p.Start, len(text)}
		first := -1
		for k := range st.Paragraphs {
			q := &st.Paragraphs[k]
			if k >= i {
				q.Part = PartPlan
			} else if !q.Heading || first >= 0 {
				if first < 0 {
					first = k
					st.Review.Start = q.Start
				}
				q.Part = PartReview
				st.Review.End = q.End
			}
		}
		for k := range st.Headings {
			if st.Headings[k].Start >= p.Start {
				st.Headings[k].Part = PartPlan
			}
		}
		return
	}
}
