package supervise

import (
	"context"
	"fmt"
	"math"
	"strconv"
	"strings"

	"ducha/ledger"
	"ducha/progress"
)

// Draft is a first draft of the 回顾 part of next year's report, written
// from approved progress, for the office to edit.
type Draft struct {
	Title    string
	Sections []DraftSection
}

// DraftSection is one section of the plan with its sentences.
type DraftSection struct {
	Heading    string
	Paragraphs []string
}

// Text renders the draft as plain text.
func (d Draft) Text() string {
	var b strings.Builder
	b.WriteString(d.Title + "\n\n")
	for _, s := range d.Sections {
		b.WriteString(s.Heading + "\n")
		for _, p := range s.Paragraphs {
			b.WriteString("　　" + p + "\n")
		}
		b.WriteString("\n")
	}
	return b.String()
}

// DraftReview drafts the review of a report's year from the approved
// progress of its commitments: one paragraph per section of the plan, a
// clause per commitment ("新增学位10340个，完成年度目标的172%"). Commitments
// without approved progress are listed as 待补充, so nothing is silently
// left out.
func (s *Service) DraftReview(ctx context.Context, reportID int64) (Draft, error) {
	items, err := s.Items(ctx, reportID)
	if err != nil {
		return Draft{}, err
	}
	var d Draft
	years := map[int]int{}
	type acc struct {
		done, pending []string
	}
	secs := map[string]*acc{}
	var order []string
	for i := range items {
		it := &items[i]
		if it.Kind != ledger.KindTarget || it.Excluded != nil || hasChildren(items, i) {
			continue
		}
		years[it.Period]++
		h := sectionHeading(it.Commitment)
		a := secs[h]
		if a == nil {
			a = &acc{}
			secs[h] = a
			order = append(order, h)
		}
		if clause, ok := achievementClause(*it); ok {
			a.done = append(a.done, clause)
		} else {
			a.pending = append(a.pending, truncateRunes(it.Title, 30))
		}
	}
	year := 0 // the plan year: the period most commitments fall in
	for y, n := range years {
		if n > years[year] || n == years[year] && y < year {
			year = y
		}
	}
	d.Title = fmt.Sprintf("%d年工作回顾（初稿，据审核通过的进展生成）", year)
	for _, h := range order {
		a := secs[h]
		sec := DraftSection{Heading: h}
		if len(a.done) > 0 {
			sec.Paragraphs = append(sec.Paragraphs, strings.Join(a.done, "；")+"。")
		}
		if len(a.pending) > 0 {
			sec.Paragraphs = append(sec.Paragraphs, "【待补充】"+strings.Join(a.pending, "；")+"。")
		}
		d.Sections = append(d.Sections, sec)
	}
	return d, nil
}

// sectionHeading is the deepest heading above a commitment but its own
// paragraph: the section a review would group it under.
func sectionHeading(c ledger.Commitment) string {
	switch n := len(c.Section); {
	case n >= 2:
		return c.Section[1]
	case n == 1:
		return c.Section[0]
	}
	if c.Category != "" {
		return c.Category
	}
	return "其他"
}

// achievementClause writes what the approved progress says, judged by the
// target model: a count or level as the share of the target
// ("新增学位10340个，完成年度目标的172%"), a rate or fall against the target in
// points ("社会消费品零售总额增长8%，高于目标1个百分点"), a ceiling as held or
// passed ("城镇调查失业率3%，控制在5.5%以内").
func achievementClause(it Item) (string, bool) {
	a := it.LatestApproved
	if a == nil {
		return "", false
	}
	t := it.Target
	if v, ok := number(a.Value); ok && t != nil && t.Value != "" {
		if p := PlanOf(it.Commitment); p.Direction != 0 {
			return figureClause(it, p, v), true
		}
	}
	switch {
	case a.Done || it.State == ledger.StateClosed && it.Outcome == ledger.OutcomeCompleted:
		return truncateRunes(it.Title, 40) + "，已完成", true
	case a.Percent >= 0:
		return fmt.Sprintf("%s，完成%d%%", truncateRunes(it.Title, 40), a.Percent), true
	}
	return "", false
}

// figureClause is achievementClause for a figure v of plan p.
func figureClause(it Item, p progress.Plan, v float64) string {
	t := it.Target
	name := t.Indicator
	if name == "" {
		name = truncateRunes(it.Title, 20)
	}
	g := p.Goal()
	switch p.Kind {
	case progress.KindRate:
		verb := "增长"
		if v < 0 {
			verb = "下降"
		}
		return name + verb + formatAmount(math.Abs(v), t.Unit) + "，" + progress.Gap(g, v, "zh")
	case progress.KindReduction:
		if v < 0 {
			return name + "上升" + formatAmount(-v, t.Unit) + "，未实现下降" + g.Quantity() + "的目标"
		}
		return name + "下降" + formatAmount(v, t.Unit) + "，" + strings.Replace(progress.Gap(g, v, "zh"), "目标", "目标降幅", 1)
	case progress.KindCeiling:
		if progress.Judge(g, v, progress.Bands{}) == progress.Met {
			return name + formatAmount(v, t.Unit) + "，实现" + g.Quantity() + "的控制目标"
		}
		return name + formatAmount(v, t.Unit) + "，高于" + g.Quantity() + "的控制目标"
	case progress.KindMultiYear:
		return name + formatAmount(v, t.Unit) + "，" + strings.Replace(progress.Gap(g, v, "zh"), "年度目标", "目标", 1)
	}
	return name + formatAmount(v, t.Unit) + "，" + progress.Gap(g, v, "zh")
}

// FormatAmount writes a figure as stored (a decimal in the target's unit,
// without magnitudes) as a report would, with formatAmount; a value that
// is no number is returned as it is, followed by the unit.
func FormatAmount(value, unit string) string {
	if v, ok := number(value); ok {
		return formatAmount(v, unit)
	}
	return value + unit
}

// formatAmount writes a figure in the unit as a report would: 10340个,
// 5.3万人次, 12.6亿元, 65.2%.
func formatAmount(v float64, unit string) string {
	trim := func(f float64) string {
		s := strconv.FormatFloat(math.Round(f*100)/100, 'f', 2, 64)
		return strings.TrimRight(strings.TrimRight(s, "0"), ".")
	}
	switch {
	case isShare(unit):
		return trim(v) + unit
	case math.Abs(v) >= 1e8:
		return trim(v/1e8) + "亿" + unit
	case math.Abs(v) >= 1e5:
		return trim(v/1e4) + "万" + unit
	}
	return trim(v) + unit
}

func truncateRunes(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n]) + "…"
}
