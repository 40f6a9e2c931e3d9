package extract

import (
	"fmt"
	"regexp"
	"strings"
	"unicode/utf8"
)

// Commitment is a candidate commitment of the plan part: one clause that
// states an action, or one item of a list such as the 10件实事.
type Commitment struct {
	Code       string    `json:"code"` // year-section-paragraph-item, sub-items .1 .2 …
	Parent     string    `json:"parent,omitempty"`
	Start      int       `json:"start"`
	End        int       `json:"end"`
	Text       string    `json:"text"`
	Sentence   Span      `json:"sentence"`
	Section    []string  `json:"section"`
	Lead       string    `json:"lead,omitempty"`
	Verb       string    `json:"verb,omitempty"` // the action verb found, e.g. 新增
	Kind       string    `json:"kind"`
	Period     int       `json:"period"`
	Deadline   string    `json:"deadline,omitempty"` // a phrase such as 6月底前 or 年内
	Qualifier  string    `json:"qualifier,omitempty"`
	ListItem   bool      `json:"list_item,omitempty"`
	Items      int       `json:"items,omitempty"` // number of list items under this one
	Quantities []Mention `json:"quantities"`
}

// actionVerbs mark a clause as stating an action.
var actionVerbs = []string{
	"新增", "新建", "改建", "改扩建", "建成", "完成", "启动", "推进", "实施", "打造", "开工", "竣工", "建设",
	"改造", "引进", "培育", "举办", "开展", "实现", "提升", "提高", "加快", "推动", "扩大", "增加", "出台",
	"制定", "编制", "创建", "成立", "组建", "开通", "投用", "建立", "健全", "完善", "落实", "整治", "治理",
	"清理", "发放", "增设", "设立", "培训", "招引", "签约", "争创", "办好", "办结", "修缮", "栽植", "消除",
	"解决", "化解", "保障", "加大", "强化", "深化", "优化", "加强", "拓展", "扶持", "支持", "引导", "发展",
	"促进", "降低", "减少", "控制", "达到", "确保", "力争", "启用", "运行", "覆盖", "普及", "配合", "摆放",
}

var deadlineRe = regexp.MustCompile(`(?:20\d\d年(?:底前|底|前|内|上半年|下半年)?|(?:[1-9]|1[0-2]|[一二三四五六七八九十]|十[一二])月(?:底前|底|末前|末|份前|中旬前|上旬前|下旬前|前)|[一二三四1-4]季度(?:末前|末|底前|底|前)?|年内|年底前|年底|上半年|下半年|年中|[1-9一二三四五]年内)`)

// commitmentsOf splits the plan part into candidate commitments.
func commitmentsOf(text string, st *Structure, ms []Mention) []Commitment {
	var out []Commitment
	sectionSeq := map[int]int{} // heading → ordinal within the plan
	paraSeq := map[int]int{}    // heading → paragraphs seen
	mi := 0
	var listHead string // code of the commitment whose sentence ended in ：
	listN := 0
	for pi, p := range st.Paragraphs {
		for mi < len(ms) && ms[mi].Start < p.Start {
			mi++
		}
		if p.Part != PartPlan || p.Heading {
			if p.Heading {
				listHead = ""
			}
			continue
		}
		if _, ok := sectionSeq[p.Section]; !ok {
			sectionSeq[p.Section] = len(sectionSeq) + 1
		}
		paraSeq[p.Section]++
		base := fmt.Sprintf("%d-%02d-%02d", st.ReportYear, sectionSeq[p.Section], paraSeq[p.Section])
		path := st.SectionPath(p.Section)
		lead := ""
		bodyStart := p.Start
		if p.Lead.End > p.Lead.Start {
			lead = text[p.Lead.Start:p.Lead.End]
			bodyStart = p.Lead.End
		}
		mk := func(s Span, sent Span, item bool) Commitment {
			c := Commitment{
				Start: s.Start, End: s.End, Text: text[s.Start:s.End], Sentence: sent,
				Section: path, Lead: lead, Kind: Target, Period: st.ReportYear, ListItem: item,
			}
			c.Verb = firstVerb(c.Text)
			c.Deadline = deadlineRe.FindString(c.Text)
			for k := mi; k < len(ms) && ms[k].Start < p.End; k++ {
				if ms[k].Start >= s.Start && ms[k].End <= s.End {
					c.Quantities = append(c.Quantities, ms[k])
					if ms[k].Period > c.Period {
						c.Period = ms[k].Period
					}
					if ms[k].Qualifier != "" && c.Qualifier == "" {
						c.Qualifier = string(ms[k].Qualifier)
					}
				}
			}
			if c.Qualifier == "" {
				for _, w := range []string{"力争", "确保"} {
					if strings.Contains(c.Text, w) {
						c.Qualifier = w
						break
					}
				}
			}
			return c
		}
		if p.ListItem && listHead != "" {
			// A numbered line of a list: the whole line is one item.
			listN++
			s := Span{p.Start, p.End}
			s.Start += numberPrefixLen(text[p.Start:p.End])
			s = trimClause(text, s)
			c := mk(s, Span{p.Start, p.End}, true)
			c.Code, c.Parent = fmt.Sprintf("%s.%d", listHead, listN), listHead
			out = append(out, c)
			bumpItems(out, listHead)
			continue
		}
		listHead, listN = "", 0
		item := 0
		for _, sent := range splitSpans(text, Span{bodyStart, p.End}, sentenceDelims) {
			head, items := splitList(text, sent)
			for _, cl := range splitSpans(text, head, "，,；;：:") {
				cl = trimClause(text, cl)
				if cl.End <= cl.Start {
					continue
				}
				c := mk(cl, sent, false)
				if c.Verb == "" && len(c.Quantities) == 0 {
					continue
				}
				item++
				c.Code = fmt.Sprintf("%s-%d", base, item)
				out = append(out, c)
			}
			if len(items) == 0 {
				if strings.HasSuffix(text[sent.Start:sent.End], "：") && item > 0 {
					listHead = out[len(out)-1].Code
				}
				continue
			}
			parent := ""
			if item > 0 {
				parent = out[len(out)-1].Code
			} else {
				item++
				parent = fmt.Sprintf("%s-%d", base, item)
			}
			for k, it := range items {
				c := mk(trimClause(text, it), sent, true)
				c.Code, c.Parent = fmt.Sprintf("%s.%d", parent, k+1), parent
				out = append(out, c)
				bumpItems(out, parent)
			}
		}
		_ = pi
	}
	return out
}

// bumpItems counts one more list item under the commitment with code.
func bumpItems(out []Commitment, code string) {
	for k := len(out) - 1; k >= 0; k-- {
		if out[k].Code == code {
			out[k].Items++
			return
		}
	}
}

// splitList splits "…办好10件实事：A；B；C。" into its head and items when at
// least three items follow the colon.
func splitList(text string, sent Span) (Span, []Span) {
	s := text[sent.Start:sent.End]
	i := strings.Index(s, "：")
	w := len("：")
	if i < 0 {
		i, w = strings.Index(s, ":"), 1
	}
	if i < 0 {
		return sent, nil
	}
	body := Span{sent.Start + i + w, sent.End}
	items := splitSpans(text, body, "；;")
	if len(items) < 3 {
		return sent, nil
	}
	return Span{sent.Start, sent.Start + i}, items
}

// splitSpans cuts span at every rune of delims (the delimiter is dropped).
func splitSpans(text string, s Span, delims string) []Span {
	var out []Span
	start := s.Start
	for i := s.Start; i < s.End; {
		r, size := utf8.DecodeRuneInString(text[i:s.End])
		if strings.ContainsRune(delims, r) {
			if i > start {
				out = append(out, Span{start, i})
			}
			start = i + size
		}
		i += size
	}
	if start < s.End {
		out = append(out, Span{start, s.End})
	}
	return out
}

// trimClause drops spaces and trailing punctuation from a clause.
func trimClause(text string, s Span) Span {
	s.Start, s.End = trimSpan(text, s.Start, s.End)
	for s.End > s.Start {
		r, size := utf8.DecodeLastRuneInString(text[s.Start:s.End])
		if !strings.ContainsRune("。；;，,：:、！？!?", r) {
			break
		}
		s.End -= size
	}
	return s
}

// numberPrefixLen is the length of a list number such as "1." or "（2）".
func numberPrefixLen(line string) int {
	if style, off := numberingStyle(line); style != "" {
		return off
	}
	return 0
}

// firstVerb returns the first action verb in s.
func firstVerb(s string) string {
	best, at := "", len(s)+1
	for _, v := range actionVerbs {
		if i := strings.Index(s, v); i >= 0 && i < at {
			best, at = v, i
		}
	}
	return best
}
