package ledger

import (
	"strconv"
	"strings"

	"ducha/extract"
)

// FromExtract turns an extraction into ledger commitments: one target
// commitment per candidate commitment of the plan part (a commitment with
// several quantities gets one sub-task per quantity, so that each carries
// one target), and one achievement per quantity of the review part. Each
// target gets as baseline the review figure of the most similar indicator
// with the same unit.
func FromExtract(res *extract.Result) []Commitment {
	st := res.Structure
	achievements := res.MentionsOfKind(extract.Achievement)
	var out []Commitment
	for _, ec := range res.Commitments {
		c := Commitment{
			Code: ec.Code, ParentCode: ec.Parent, Kind: KindTarget,
			Title: ec.Text, Text: ec.Text, Sentence: span(res.Text, ec.Sentence),
			Start: ec.Start, End: ec.End, Section: ec.Section, Category: categoryOf(res, ec.Section),
			Lead: strings.TrimSuffix(ec.Lead, "。"), Period: ec.Period, DeadlineText: ec.Deadline,
		}
		if ec.Deadline != "" {
			if d, ok := ParseDeadline(ec.Deadline, st.ReportYear); ok {
				c.Deadline = &d
			}
		}
		binding := bindingOf(c.Sentence)
		switch {
		case len(ec.Quantities) == 0:
			out = append(out, c)
		case len(ec.Quantities) == 1 || ec.Items > 0:
			// A list head (办好10件实事：…) keeps its summary count; its
			// items are the sub-tasks.
			c.Target = targetOf(ec.Quantities[0], binding, achievements)
			out = append(out, c)
		default:
			out = append(out, c)
			for k, m := range ec.Quantities {
				sub := c
				sub.Code = c.Code + "." + strconv.Itoa(k+1)
				// Sub-tasks of list items already use .N: go one level down.
				sub.ParentCode = c.Code
				sub.Title = clauseAround(res.Text, ec.Start, ec.End, m)
				sub.Text = sub.Title
				sub.Start, sub.End = m.Start, m.End
				sub.Target = targetOf(m, binding, achievements)
				out = append(out, sub)
			}
		}
	}
	out = append(out, achievementCommitments(res, achievements)...)
	return out
}

// achievementCommitments records each reported achievement, coded
// YEAR-R-PARAGRAPH-N so that codes never collide with the plan's.
func achievementCommitments(res *extract.Result, ms []extract.Mention) []Commitment {
	var out []Commitment
	n, para := 0, -1
	for _, m := range ms {
		if m.Paragraph != para {
			para, n = m.Paragraph, 0
		}
		n++
		p := res.Structure.Paragraphs[m.Paragraph]
		section := res.Structure.SectionPath(p.Section)
		text := clauseAround(res.Text, p.Start, p.End, m)
		out = append(out, Commitment{
			Code: strconv.Itoa(m.Period) + "-R" + pad2(m.Paragraph+1) + "-" + strconv.Itoa(n),
			Kind: KindAchievement, Title: text, Text: text, Sentence: span(res.Text, extract.Span(m.Sentence)),
			Start: m.Start, End: m.End, Section: section, Category: categoryOf(res, section), Period: m.Period,
			Target: targetOf(m, "", nil),
		})
	}
	return out
}

func pad2(n int) string {
	if n < 10 {
		return "0" + strconv.Itoa(n)
	}
	return strconv.Itoa(n)
}

func span(text string, s extract.Span) string {
	if s.Start < 0 || s.End > len(text) || s.Start > s.End {
		return ""
	}
	return text[s.Start:s.End]
}

// clauseAround returns the clause holding mention m, within [lo, hi).
func clauseAround(text string, lo, hi int, m extract.Mention) string {
	c := m.Clause
	c.Start, c.End = max(c.Start, lo), min(c.End, hi)
	if c.End <= c.Start || m.Start < c.Start || m.End > c.End {
		return m.Quantity
	}
	return strings.TrimSpace(text[c.Start:c.End])
}

// targetOf turns a mention into a target, with the most similar review
// figure of the same unit as baseline.
func targetOf(m extract.Mention, binding string, achievements []extract.Mention) *Target {
	t := &Target{
		Indicator: m.Indicator, Quantity: m.Quantity, Unit: m.Unit, Comparator: m.Comparator,
		Value: m.Value.String(), Change: string(m.Change), Binding: binding,
	}
	if m.High != nil {
		t.High = m.High.String()
	}
	best, bestScore := -1, 0.0
	for i, a := range achievements {
		if a.Unit != m.Unit || a.Change != m.Change || a.Indicator == "" {
			continue
		}
		if s := similarity(a.Indicator, m.Indicator); s > bestScore {
			best, bestScore = i, s
		}
	}
	if best >= 0 && bestScore >= 0.6 {
		t.BaselineValue = achievements[best].Value.String()
		t.BaselineYear = achievements[best].Period
	}
	return t
}

// bindingOf finds 约束性 or 预期性 stated in the sentence.
func bindingOf(sentence string) string {
	for _, b := range []string{"约束性", "预期性"} {
		if strings.Contains(sentence, b) {
			return b
		}
	}
	return ""
}

// categoryOf is the first heading of the section path below the part
// heading (二、2024年工作安排 is the part, not a category).
func categoryOf(res *extract.Result, path []string) string {
	for _, h := range path {
		if isPartHeading(h) {
			continue
		}
		return h
	}
	return ""
}

func isPartHeading(h string) bool {
	for _, w := range []string{"回顾", "工作安排", "展望", "总体要求", "主要目标", "预期目标", "过去一年", "过去五年"} {
		if strings.Contains(h, w) {
			return true
		}
	}
	return false
}
