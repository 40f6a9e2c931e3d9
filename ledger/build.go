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
	base := newBaselines(achievements)
	n := len(achievements)
	for _, ec := range res.Commitments {
		n++
		if len(ec.Quantities) > 1 && ec.Items == 0 {
			n += len(ec.Quantities)
		}
	}
	out := make([]Commitment, 0, n)
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
			c.Target = targetOf(ec.Quantities[0], binding, base)
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
				sub.Target = targetOf(m, binding, base)
				out = append(out, sub)
			}
		}
	}
	return appendAchievements(out, res, achievements)
}

// appendAchievements appends a commitment for each reported
// achievement, coded YEAR-R-PARAGRAPH-N so that codes never collide with
// the plan's.
func appendAchievements(out []Commitment, res *extract.Result, ms []extract.Mention) []Commitment {
	n, para := 0, -1
	// Achievements of one section share its path, as the commitments of
	// a paragraph do.
	sectionOf, section, category := -2, []string(nil), ""
	for _, m := range ms {
		if m.Paragraph != para {
			para, n = m.Paragraph, 0
		}
		n++
		p := res.Structure.Paragraphs[m.Paragraph]
		if p.Section != sectionOf {
			sectionOf, section = p.Section, res.Structure.SectionPath(p.Section)
			category = categoryOf(res, section)
		}
		text := clauseAround(res.Text, p.Start, p.End, m)
		out = append(out, Commitment{
			Code: strconv.Itoa(m.Period) + "-R" + pad2(m.Paragraph+1) + "-" + strconv.Itoa(n),
			Kind: KindAchievement, Title: text, Text: text, Sentence: span(res.Text, extract.Span(m.Sentence)),
			Start: m.Start, End: m.End, Section: section, Category: category, Period: m.Period,
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
// figure of the same unit as baseline (none when base is nil).
func targetOf(m extract.Mention, binding string, base *baselines) *Target {
	t := &Target{
		Indicator: m.Indicator, Quantity: m.Quantity, Unit: m.Unit, Comparator: m.Comparator,
		Value: m.Value.String(), Change: string(m.Change), Binding: binding,
	}
	if m.High != nil {
		t.High = m.High.String()
	}
	if a, ok := base.of(m); ok {
		t.BaselineValue = a.Value.String()
		t.BaselineYear = a.Period
	}
	return t
}

// baselines finds the review figure a target is measured against: the
// achievement of the same unit and change whose indicator is the most
// similar, at least 0.6 similar. The bigrams of each indicator are taken
// once per report, not once per target.
type baselines struct {
	achievements []extract.Mention
	bags         []bigramBag // of the indicators, when first needed
	buf          bigramBag
}

func newBaselines(achievements []extract.Mention) *baselines {
	return &baselines{achievements: achievements, bags: make([]bigramBag, len(achievements))}
}

// of returns the baseline of m, if there is one.
func (b *baselines) of(m extract.Mention) (extract.Mention, bool) {
	if b == nil {
		return extract.Mention{}, false
	}
	var mine bigramBag
	best, bestScore := -1, 0.0
	for i := range b.achievements {
		a := &b.achievements[i]
		if a.Unit != m.Unit || a.Change != m.Change || a.Indicator == "" {
			continue
		}
		var s float64
		if a.Indicator == m.Indicator {
			s = 1
		} else {
			if mine == nil {
				b.buf = bigrams(m.Indicator, b.buf)
				mine = b.buf
			}
			if b.bags[i] == nil {
				b.bags[i] = bigrams(a.Indicator, bigramBag{})
			}
			s = dice(b.bags[i], mine)
		}
		if s > bestScore {
			best, bestScore = i, s
		}
	}
	if best < 0 || bestScore < 0.6 {
		return extract.Mention{}, false
	}
	return b.achievements[best], true
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
