package extract

import "strings"

// Options override what the extractor infers from the text.
type Options struct {
	Region     string // government region, e.g. 城关区
	ReportYear int    // the year the report plans for
	ReviewYear int    // the year the report reviews
	// Grain of the commitments: GrainClause when empty.
	Grain Grain
}

// Result is everything extracted from one report.
type Result struct {
	Text        string
	Structure   *Structure
	Mentions    []Mention
	Commitments []Commitment
}

// Extract reads the structure, the quantity mentions and the candidate
// commitments of a report's text layer. It is deterministic and never
// fails: text it cannot make sense of simply yields fewer findings.
func Extract(text string, opt Options) *Result {
	st := parseStructure(text)
	if opt.Region != "" {
		st.Region = opt.Region
	}
	if opt.ReportYear != 0 {
		st.ReportYear = opt.ReportYear
		if opt.ReviewYear == 0 {
			st.ReviewYear = opt.ReportYear - 1
		}
	}
	if opt.ReviewYear != 0 {
		st.ReviewYear = opt.ReviewYear
		if opt.ReportYear == 0 && st.ReportYear == 0 {
			st.ReportYear = opt.ReviewYear + 1
		}
	}
	res := &Result{Text: text, Structure: st}
	res.Mentions = mentionsOf(text, st)
	res.Commitments = commitmentsOf(text, st, res.Mentions, opt.Grain, nil)
	return res
}

// mentionsOf finds and annotates the quantities of every paragraph.
func mentionsOf(text string, st *Structure) []Mention {
	all := make([]Mention, 0, len(text)/96+8)
	// Sections of the plan for five years (今后五年, “十四五”时期主要目标):
	// their targets fall due at the end, fiveYear[section].
	fiveYear := map[int]int{}
	for h := range st.Headings {
		for _, s := range st.SectionPath(h) {
			if strings.Contains(s, "今后五年") || strings.Contains(s, "未来五年") {
				fiveYear[h] = st.ReportYear + 4
			} else if end := planNamed(s); end > 0 && yearIn(s) == 0 && !strings.Contains(s, "回顾") &&
				(strings.Contains(s, "时期") || strings.Contains(s, "规划") || strings.Contains(s, "期间")) {
				fiveYear[h] = end
			}
		}
	}
	for pi, p := range st.Paragraphs {
		from := len(all)
		all = findMentions(text, p.Start, p.End, all)
		prevEnd, prevClause, sentence := -1, Span{-1, -1}, Span{-1, -1}
		// Indicators of the sentence's mentions so far; the current clause's
		// begin at clauseFrom, the previous clause's at prevFrom.
		var sentInd []string
		prevFrom, clauseFrom := 0, 0
		for k := from; k < len(all); k++ {
			m := &all[k]
			m.Paragraph = pi
			clause := prevClause
			if m.Start >= clause.End || m.End > clause.End { // a figure may hold a comma (1,234)
				clause = boundsAround(text, p.Start, p.End, m.Start, m.End, isClauseDelim)
			}
			if clause != prevClause {
				prevEnd = -1
				prevFrom, clauseFrom = clauseFrom, len(sentInd)
			}
			prevIndicator := ""
			var prev *Mention // the previous mention of the sentence
			if m.Start >= sentence.End || m.End > sentence.End {
				sentInd, prevFrom, clauseFrom = sentInd[:0], 0, 0
				sentence = boundsAround(text, p.Start, p.End, m.Start, m.End, isSentenceDelim)
			} else if k > from {
				prevIndicator, prev = all[k-1].Indicator, &all[k-1]
			}
			c := &context{
				text: text, m: m, clause: clause,
				sentence: sentence,
				left:     text[clause.Start:m.Start], right: text[m.End:clause.End],
				part: p.Part, st: st, prevEnd: prevEnd, fiveYear: fiveYear[p.Section], prevIndicator: prevIndicator, prev: prev,
				prevClauseIndicators: sentInd[prevFrom:clauseFrom:clauseFrom], earlierIndicators: sentInd[:clauseFrom:clauseFrom],
			}
			m.Clause, m.Sentence = c.clause, c.sentence
			annotate(c)
			sentInd = append(sentInd, m.Indicator)
			prevEnd, prevClause = m.End, clause
		}
	}
	return all
}

// MentionsOfKind returns the mentions of one kind (Achievement or Target),
// in text order.
func (r *Result) MentionsOfKind(kind string) []Mention {
	var out []Mention
	for _, m := range r.Mentions {
		if m.Kind == kind {
			out = append(out, m)
		}
	}
	return out
}
