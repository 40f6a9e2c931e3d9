package extract

// Options override what the extractor infers from the text.
type Options struct {
	Region     string // government region, e.g. 城关区
	ReportYear int    // the year the report plans for
	ReviewYear int    // the year the report reviews
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
	res.Commitments = commitmentsOf(text, st, res.Mentions)
	return res
}

// mentionsOf finds and annotates the quantities of every paragraph.
func mentionsOf(text string, st *Structure) []Mention {
	var all []Mention
	for pi, p := range st.Paragraphs {
		from := len(all)
		all = findMentions(text, p.Start, p.End, all)
		prevEnd, prevClause := -1, Span{-1, -1}
		for k := from; k < len(all); k++ {
			m := &all[k]
			m.Paragraph = pi
			clause := boundsAround(text, p.Start, p.End, m.Start, m.End, clauseDelims)
			if clause != prevClause {
				prevEnd = -1
			}
			c := &context{
				text: text, m: m, clause: clause,
				sentence: boundsAround(text, p.Start, p.End, m.Start, m.End, sentenceDelims),
				left:     text[clause.Start:m.Start], right: text[m.End:clause.End],
				part: p.Part, st: st, prevEnd: prevEnd,
			}
			m.Clause, m.Sentence = c.clause, c.sentence
			annotate(c)
			prevEnd, prevClause = m.End, clause
		}
	}
	return all
}
