package extract

import (
	"strconv"
	"strings"
	"sync"
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
	// Measures are the clauses of a commitment grouped at the grain of a
	// sentence or paragraph (具体措施); empty at the grain of clauses.
	Measures []Measure `json:"measures,omitempty"`

	Paragraph int `json:"-"` // index in Structure.Paragraphs
}

// Measure is one clause of a grouped commitment: a 具体措施.
type Measure struct {
	Span
	Text     string `json:"text"`
	Verb     string `json:"verb,omitempty"`
	Deadline string `json:"deadline,omitempty"`
}

// actionVerbs mark a clause as stating an action.
var actionVerbs = []string{
	"新增", "新建", "改建", "改扩建", "建成", "完成", "启动", "推进", "实施", "打造", "开工", "竣工", "建设",
	"改造", "引进", "培育", "举办", "开展", "实现", "提升", "提高", "加快", "推动", "扩大", "增加", "出台",
	"制定", "编制", "创建", "成立", "组建", "开通", "投用", "建立", "健全", "完善", "落实", "整治", "治理",
	"清理", "发放", "增设", "设立", "培训", "招引", "签约", "争创", "办好", "办结", "修缮", "栽植", "消除",
	"解决", "化解", "保障", "加大", "强化", "深化", "优化", "加强", "拓展", "扶持", "支持", "引导", "发展",
	"促进", "降低", "减少", "控制", "达到", "确保", "力争", "启用", "运行", "覆盖", "普及", "配合", "摆放",
	"同步", "谋划", "储备", "打好", "打赢", "推广", "做好", "办理", "保护", "补齐", "做强", "做大", "改善", "实行",
	"绘制", "执行", "整合", "整改", "严打", "打击", "提供", "鼓励", "盘活", "扩充", "减轻", "探索", "压缩", "压减",
	"明确", "巩固", "取消", "简化", "改为", "纳入", "公开", "扩展", "研究", "理顺", "推行", "发行", "攻克", "承接",
	"抓好", "构建", "畅通", "对接", "吸引", "争取", "筹办", "组织", "壮大", "孵化", "放权", "开拓",
	// More verbs of government work, by kind: building and works,
	"推出", "迁建", "搬迁", "拆除", "征收", "疏浚", "清淤", "造林", "绿化", "铺设", "安装", "加装", "配备", "购置",
	"建好", "管好", "做实", "延伸", "接入", "联通", "贯通", "打通", "更新", "修复", "布局",
	// services, money and people,
	"维护", "救助", "资助", "补贴", "减免", "兑现", "拨付", "筹集", "申报", "招聘", "选派", "安置", "培养", "扩容",
	"提质", "扩面", "升级", "改进", "攻关", "开发", "推介", "承办", "参加", "召开", "印发", "发布", "修订",
	"拓宽", "振兴", "放开", "界定",
	// regulation and enforcement.
	"清除", "查处", "防治", "处置", "整顿", "排查", "督查", "考核", "评估", "监管", "监测", "管控", "淘汰",
	"关停", "重组", "下放", "精简", "削减",
}

// verbs finds the action verbs of a clause.
var verbs = sync.OnceValue(func() *wordSet { return newWordSet(actionVerbs...) })

// clauseRole says where a candidate clause of the plan sits.
type clauseRole string

const (
	roleClause clauseRole = "clause" // a clause of a sentence
	roleHead   clauseRole = "head"   // the head of a list (…如下：A；B；C) that no clause of it commits
	roleItem   clauseRole = "item"   // an item of a list
)

// commitmentsOf splits the plan part into candidate commitments, one per
// clause that commits (see commits), then groups them to the grain asked.
// trace, when not nil, sees every candidate clause and the verdict on it.
func commitmentsOf(text string, st *Structure, ms []Mention, grain Grain, trace func(role clauseRole, s Span, keep bool)) []Commitment {
	out := clauseCommitments(text, st, ms, trace)
	switch grain {
	case GrainSentence, GrainParagraph:
		return group(text, out, grain)
	}
	return out
}

// clauseCommitments is commitmentsOf at the grain of clauses.
func clauseCommitments(text string, st *Structure, ms []Mention, trace func(role clauseRole, s Span, keep bool)) []Commitment {
	// Roughly one commitment per quantity or sentence of the plan.
	plan := text[st.Plan.Start:st.Plan.End]
	out := make([]Commitment, 0, len(ms)+strings.Count(plan, "。")+8)
	sectionSeq := map[int]int{} // heading → ordinal within the plan
	paraSeq := map[int]int{}    // heading → paragraphs seen
	paths := map[int][]string{} // heading → its section path
	mi := 0
	var listHead string // code of the commitment whose sentence ended in ：
	listHeadAt := -1    // its position in out
	listN := 0
	// principles is set within the paragraph of the guiding principles,
	// after its lead-in (今年政府工作的总体要求是：…): what follows there
	// states the guiding thought and the aims, not tasks.
	principles := false
	places := placeNames(st.Region)
	judge := func(role clauseRole, s Span, verb string, qs []Mention) bool {
		clause := text[s.Start:s.End]
		keep := !principles && commits(clause, verb, qs, role == roleItem, places)
		if !keep && opensPrinciples(clause) {
			principles = true
		}
		if trace != nil {
			trace(role, s, keep)
		}
		return keep
	}
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
		base := codeBase(st.ReportYear, sectionSeq[p.Section], paraSeq[p.Section])
		path, ok := paths[p.Section]
		if !ok {
			path = st.SectionPath(p.Section)
			paths[p.Section] = path
		}
		lead := ""
		bodyStart := p.Start
		if p.Lead.End > p.Lead.Start {
			lead = text[p.Lead.Start:p.Lead.End]
			bodyStart = p.Lead.End
		}
		// targetsIn returns the target mentions of span s, which are
		// contiguous in ms, less the thresholds that only define a category
		// (超过50万元的村); mi never passes s.
		targetsIn := func(s Span) []Mention {
			a := mi
			for a < len(ms) && ms[a].Start < s.Start {
				a++
			}
			b := a
			for b < len(ms) && ms[b].End <= s.End {
				b++
			}
			qs := ms[a:b:b]
			for k := range qs {
				if isThreshold(text, s, qs[k]) {
					kept := make([]Mention, 0, len(qs))
					for _, m := range qs {
						if !isThreshold(text, s, m) {
							kept = append(kept, m)
						}
					}
					return kept
				}
			}
			if len(qs) == 0 {
				return nil
			}
			return qs
		}
		mk := func(s Span, sent Span, item bool, verb string, qs []Mention) Commitment {
			c := Commitment{
				Start: s.Start, End: s.End, Text: text[s.Start:s.End], Sentence: sent,
				Section: path, Lead: lead, Kind: Target, Period: st.ReportYear, ListItem: item,
				Paragraph: pi,
			}
			c.Verb = verb
			c.Deadline = findDeadline(c.Text)
			for _, m := range qs {
				if m.Period > c.Period {
					c.Period = m.Period
				}
				if m.Qualifier != "" && c.Qualifier == "" {
					c.Qualifier = string(m.Qualifier)
				}
			}
			c.Quantities = qs
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
		principles = false
		if p.ListItem && listHead != "" {
			// A numbered line of a list: the whole line is one item.
			listN++
			s := Span{p.Start, p.End}
			s.Start += numberPrefixLen(text[p.Start:p.End])
			s = trimClause(text, s)
			verb, qs := firstVerb(text[s.Start:s.End]), targetsIn(s)
			if !judge(roleItem, s, verb, qs) {
				continue
			}
			c := mk(s, Span{p.Start, p.End}, true, verb, qs)
			c.Code, c.Parent = subCode(listHead, '.', listN), listHead
			out = append(out, c)
			out[listHeadAt].Items++
			continue
		}
		listHead, listN = "", 0
		item := 0
		hasList := strings.Contains(text[bodyStart:p.End], "：") || strings.Contains(text[bodyStart:p.End], ":")
		eachSpan(text, Span{bodyStart, p.End}, isSentenceDelim, func(sent Span) {
			before := item // commitments of the paragraph before this sentence
			head, items := sent, []Span(nil)
			if hasList {
				head, items = splitList(text, sent)
			}
			eachSpan(text, head, isClauseDelim, func(cl Span) {
				cl = trimClause(text, cl)
				if cl.End <= cl.Start {
					return
				}
				for mi < len(ms) && ms[mi].End <= cl.Start {
					mi++
				}
				verb, qs := firstVerb(text[cl.Start:cl.End]), targetsIn(cl)
				if !judge(roleClause, cl, verb, qs) {
					return
				}
				c := mk(cl, sent, false, verb, qs)
				item++
				c.Code = subCode(base, '-', item)
				out = append(out, c)
			})
			if len(items) == 0 {
				if strings.HasSuffix(text[sent.Start:sent.End], "：") && item > before {
					listHead, listHeadAt = out[len(out)-1].Code, len(out)-1
				}
				return
			}
			// The items' parent: the head's last commitment. A head that
			// commits to nothing on its own (今年的主要预期目标是：…；…；…)
			// only lends its number to the items' codes: they have no parent.
			parent, parentAt := "", -1
			if item > before {
				parent, parentAt = out[len(out)-1].Code, len(out)-1
			} else {
				if h := trimClause(text, head); h.End > h.Start && trace != nil {
					trace(roleHead, h, false)
				}
				item++
			}
			prefix := subCode(base, '-', item)
			for k, it := range items {
				it = trimClause(text, it)
				if it.End <= it.Start {
					continue
				}
				verb, qs := firstVerb(text[it.Start:it.End]), targetsIn(it)
				if !judge(roleItem, it, verb, qs) {
					continue
				}
				c := mk(it, sent, true, verb, qs)
				c.Code, c.Parent = subCode(prefix, '.', k+1), parent
				out = append(out, c)
				if parentAt >= 0 {
					out[parentAt].Items++
				}
			}
		})
	}
	return out
}

// isContext recognises a clause of the plan that sets the scene rather
// than commits to anything: the year's significance (2024年是…周年, 今年是…),
// or the problems faced (面临…, 仍存在…问题, …短板).
func isContext(clause string) bool {
	// 2024年是…: the fifth and sixth characters.
	var c [6]rune
	n := 0
	for _, r := range clause {
		if n == len(c) {
			break
		}
		c[n] = r
		n++
	}
	if n == len(c) && c[4] == '年' && c[5] == '是' || strings.HasPrefix(clause, "今年是") || strings.HasPrefix(clause, "明年是") ||
		strings.HasPrefix(clause, "是") || strings.HasPrefix(clause, "也是") {
		return true
	}
	// 今年的主要预期目标是：… introduces the targets that follow.
	if strings.HasSuffix(clause, "是") && (strings.Contains(clause, "目标") || strings.Contains(clause, "要求") ||
		strings.Contains(clause, "思路")) {
		return true
	}
	if strings.Contains(clause, "面临") || strings.Contains(clause, "存在") && (strings.HasSuffix(clause, "问题") || strings.HasSuffix(clause, "不足")) {
		return true
	}
	for _, w := range []string{"问题", "短板", "弱项", "困难", "挑战", "压力"} {
		if strings.HasSuffix(clause, w) && !strings.Contains(clause, "解决") && !strings.Contains(clause, "破解") && !opensWithAction(clause) {
			return true
		}
	}
	return false
}

// codeBase formats year-section-paragraph, e.g. 2020-03-07.
func codeBase(year, section, para int) string {
	b := strconv.AppendInt(make([]byte, 0, 16), int64(year), 10)
	b = append(b, '-')
	if section < 10 {
		b = append(b, '0')
	}
	b = strconv.AppendInt(b, int64(section), 10)
	b = append(b, '-')
	if para < 10 {
		b = append(b, '0')
	}
	b = strconv.AppendInt(b, int64(para), 10)
	return string(b)
}

// subCode appends a separator and a number to a code: 2020-03-07-2, …-2.1.
func subCode(base string, sep byte, n int) string {
	b := append(make([]byte, 0, len(base)+4), base...)
	b = append(b, sep)
	return string(strconv.AppendInt(b, int64(n), 10))
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
	items := splitSpans(text, body, func(r rune) bool { return r == '；' || r == ';' })
	if len(items) < 3 {
		return sent, nil
	}
	return Span{sent.Start, sent.Start + i}, items
}

// splitSpans cuts span at every rune for which delim is true (the
// delimiter is dropped).
func splitSpans(text string, s Span, delim func(rune) bool) []Span {
	var out []Span
	start := s.Start
	for i := s.Start; i < s.End; {
		r, size := decodeFast(text[:s.End], i)
		if delim(r) {
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
func firstVerb(s string) string { return verbs().find(s) }
