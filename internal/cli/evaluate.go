package cli

import (
	"context"
	"fmt"
	"io"
	"os"
	"time"

	"ducha/evaluate"
	"ducha/internal/evalsheet"
	"ducha/store"
	"ducha/supervise"
)

func init() {
	register("evaluate", "the year-end evaluation (年终考核) of the lead units: ranking table, xlsx 考核表 or csv", runEvaluate)
}

func runEvaluate(env *Env, args []string) error {
	fs := newFlags(env, "evaluate", "")
	rf := addReportFlags(fs, dbFlag(fs))
	atFlag := fs.String("at", "", "evaluation date YYYY-MM-DD, counted to the end of the day (default: 31 December of --year, or today if earlier)")
	format := fs.String("format", "table", "table, xlsx or csv")
	out := fs.String("o", "", "output file (default: standard output)")
	formulaFile := fs.String("formula", "", "the evaluation formula as JSON (default: the built-in formula; fields left out keep their defaults)")
	rest, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(rest) != 0 {
		return usageError("evaluate: unexpected argument %q", rest[0])
	}
	if err := rf.check("evaluate"); err != nil {
		return err
	}
	if *format != "table" && *format != "xlsx" && *format != "csv" {
		return usageError("evaluate: --format %q: use table, xlsx or csv", *format)
	}
	at, err := evaluationDate(*atFlag, *rf.year, time.Now())
	if err != nil {
		return err
	}
	f := evaluate.DefaultFormula()
	if *formulaFile != "" {
		raw, err := os.ReadFile(*formulaFile)
		if err != nil {
			return err
		}
		if f, err = evaluate.ParseFormula(raw); err != nil {
			return fmt.Errorf("%s: %w", *formulaFile, err)
		}
	}

	ctx := context.Background()
	// Read only: like export, refuse a schema older or newer than the
	// binary rather than migrate it.
	st, err := store.Open(ctx, *rf.db, store.Options{})
	if err != nil {
		return fmt.Errorf("%s: %w", shownDSN(*rf.db), err)
	}
	defer st.Close()
	g, err := st.Government(ctx, *rf.gov)
	if err != nil {
		return err
	}
	r, err := st.Report(ctx, g.ID, *rf.year)
	if err != nil {
		return err
	}
	svc := &supervise.Service{Store: st}
	scores, err := svc.Evaluation(ctx, r.ID, at, f)
	if err != nil {
		return err
	}
	sheet := evalsheet.Sheet{
		Title:  fmt.Sprintf("%s%d年政府工作报告任务落实年终考核表", *rf.gov, *rf.year),
		At:     at,
		Scores: scores,
		F:      f,
	}

	var w io.Writer = env.Stdout
	if *out != "" {
		file, err := os.Create(*out)
		if err != nil {
			return err
		}
		defer file.Close()
		w = file
	}
	switch *format {
	case "xlsx":
		err = sheet.WriteXLSX(w)
	case "csv":
		err = sheet.WriteCSV(w)
	default:
		err = sheet.WriteTable(w)
	}
	if err != nil {
		return err
	}
	if *out != "" {
		ranked := 0
		for _, s := range scores {
			if s.Ranked {
				ranked++
			}
		}
		fmt.Fprintf(env.Stdout, "%s: %d units, %d ranked\n", *out, len(scores), ranked)
	}
	return nil
}

// evaluationDate returns the end of the evaluation day: --at, or 31
// December of year, or today when that is earlier (an evaluation during
// the year must not count periods still to come as missed). Days are UTC,
// as the supervision workflow counts them.
func evaluationDate(at string, year int, now time.Time) (time.Time, error) {
	var d time.Time
	if at != "" {
		var err error
		if d, err = time.Parse(time.DateOnly, at); err != nil {
			return d, usageError("evaluate: --at %q: give a date such as %d-12-31", at, year)
		}
	} else {
		d = time.Date(year, time.December, 31, 0, 0, 0, 0, time.UTC)
		if today := now.UTC(); today.Before(d) {
			d = time.Date(today.Year(), today.Month(), today.Day(), 0, 0, 0, 0, time.UTC)
		}
	}
	return d.AddDate(0, 0, 1).Add(-time.Nanosecond), nil
}
