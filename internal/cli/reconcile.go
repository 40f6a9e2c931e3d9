package cli

import (
	"encoding/json"
	"fmt"
	"math"
	"strings"

	"ducha/document"
	"ducha/extract"
	"ducha/reconcile"
)

func init() {
	register("reconcile", "check the targets of one year's report against the next year's reported achievements", runReconcile)
}

// side is one figure of a reconciliation line in JSON Lines output.
type side struct {
	Start      int             `json:"start"`
	End        int             `json:"end"`
	Quantity   string          `json:"quantity"`
	Indicator  string          `json:"indicator"`
	Value      extract.Decimal `json:"value"`
	Unit       string          `json:"unit"`
	Comparator string          `json:"comparator,omitempty"`
	Kind       string          `json:"kind,omitempty"` // the target's kind (progress.Kind)
}

// statementSide is a clause of year N+1 that answers a target without a
// figure of its own.
type statementSide struct {
	Start int    `json:"start"`
	End   int    `json:"end"`
	Text  string `json:"text"`
}

// candidateSide is a figure of year N+1 that might answer an uncertain target.
type candidateSide struct {
	side
	Score      float64 `json:"score"`
	Comparable bool    `json:"comparable"`
}

// line is one target of year N with its verdict.
type line struct {
	Target      side              `json:"target"`
	Verdict     reconcile.Verdict `json:"verdict"`
	Achievement *side             `json:"achievement"`
	Statement   *statementSide    `json:"statement,omitempty"`
	Candidates  []candidateSide   `json:"candidates,omitempty"`
	Score       float64           `json:"score,omitempty"` // how well the indicators match, 0–1
	Note        string            `json:"note,omitempty"`
}

func runReconcile(env *Env, args []string) error {
	fs := newFlags(env, "reconcile", "FILE_N FILE_N+1 | --government NAME --year N")
	format := fs.String("format", "table", "output format: table, jsonl or (with --government) xlsx")
	gov := fs.String("government", "", "reconcile the government's reports of --year and the year after, from the database")
	year := fs.Int("year", 0, "the year of the targets (with --government)")
	out := fs.String("o", "", "output file (xlsx needs one)")
	db := dbFlag(fs)
	maxSize := byteSize(document.DefaultMaxBytes)
	fs.Var(&maxSize, "max-size", "largest input file accepted")
	files, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if *gov != "" {
		if len(files) != 0 || *year == 0 {
			return usageError("reconcile: --government takes --year and no files")
		}
		return reconcileStored(env, *db, *gov, *year, *format, *out)
	}
	if len(files) != 2 {
		return usageError("reconcile: give the report of year N and the report of year N+1, or --government and --year")
	}
	if *format != "table" && *format != "jsonl" {
		return usageError("reconcile: --format %q: use table or jsonl", *format)
	}
	var res [2]*extract.Result
	for i, f := range files {
		doc, err := readDocument(env, f, int64(maxSize))
		if err != nil {
			return err
		}
		res[i] = extract.Extract(doc.Text, extract.Options{})
	}
	if y0, y1 := res[0].Structure.ReportYear, res[1].Structure.ReportYear; y0 != 0 && y1 != 0 && y1 != y0+1 {
		fmt.Fprintf(env.Stderr, "ducha: warning: %s plans for %d and %s for %d: not consecutive years\n", files[0], y0, files[1], y1)
	}
	return writeMatches(env, reconcile.Reconcile(res[0], res[1]), res[1].Text, *format)
}

// writeMatches prints matches as JSON Lines or a table with totals.
// nextText is the text layer of the report of year N+1, for the statements
// that answer a target without a figure.
func writeMatches(env *Env, matches []reconcile.Match, nextText string, format string) error {
	if format == "jsonl" {
		enc := json.NewEncoder(env.Stdout)
		enc.SetEscapeHTML(false)
		for _, m := range matches {
			l := line{Target: sideOf(m.Target, true), Verdict: m.Verdict, Note: m.Note, Score: math.Round(m.Score*100) / 100}
			l.Target.Kind = string(m.Kind)
			if m.Achievement != nil {
				a := sideOf(*m.Achievement, false)
				l.Achievement = &a
			}
			if s := m.Statement; s != nil && s.End <= len(nextText) {
				l.Statement = &statementSide{Start: s.Start, End: s.End, Text: nextText[s.Start:s.End]}
			}
			for _, c := range m.Candidates {
				l.Candidates = append(l.Candidates, candidateSide{side: sideOf(c.Achievement, false), Score: c.Score, Comparable: c.Comparable})
			}
			if err := enc.Encode(l); err != nil {
				return err
			}
		}
		return nil
	}
	rows := [][]string{{"指标", "目标", "年份", "实际", "结论", "说明"}}
	counts := map[reconcile.Verdict]int{}
	for _, m := range matches {
		counts[m.Verdict]++
		actual := "-"
		switch {
		case m.Achievement != nil:
			actual = m.Achievement.Quantity
		case m.Statement != nil:
			actual = "（表述）"
		case len(m.Candidates) > 0:
			var qs []string
			for _, c := range m.Candidates {
				qs = append(qs, c.Achievement.Quantity+"?")
			}
			actual = strings.Join(qs, " ")
		}
		rows = append(rows, []string{orDash(m.Target.Indicator), comparatorZH(m.Target.Comparator) + m.Target.Quantity,
			fmt.Sprint(m.Target.Period), actual, m.Verdict.Label("zh"), orDash(m.Note)})
	}
	if err := writeRows(env.Stdout, rows); err != nil {
		return err
	}
	_, err := fmt.Fprintf(env.Stdout, "\n%d 项目标: 超额完成 %d, 完成 %d, 未完成 %d, 待核实 %d, 未提及 %d\n", len(matches),
		counts[reconcile.Exceeded], counts[reconcile.Met], counts[reconcile.Missed], counts[reconcile.Uncertain], counts[reconcile.NotMentioned])
	return err
}

func sideOf(m extract.Mention, withComparator bool) side {
	s := side{Start: m.Start, End: m.End, Quantity: m.Quantity, Indicator: m.Indicator, Value: m.Value, Unit: m.Unit}
	if withComparator {
		s.Comparator = m.Comparator
	}
	return s
}

func comparatorZH(c string) string {
	switch c {
	case extract.Ge:
		return "≥"
	case extract.Le:
		return "≤"
	case extract.Approx:
		return "约"
	}
	return ""
}
