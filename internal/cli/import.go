package cli

import (
	"context"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"ducha/document"
	"ducha/extract"
	"ducha/importer"
	"ducha/ledger"
)

func init() {
	register("import", "import reports, the units directory or an edited task sheet into the ledger", runImport)
}

func runImport(env *Env, args []string) error {
	if len(args) == 0 {
		return usageError("import: say what to import: report, units, tasks, projects or proposals")
	}
	switch args[0] {
	case "report", "reports":
		return importReports(env, args[1:])
	case "units":
		return importUnits(env, args[1:])
	case "tasks":
		return importTasks(env, args[1:])
	case "proposals":
		return importProposals(env, args[1:])
	case "projects":
		return importProjects(env, args[1:])
	}
	return usageError("import: unknown kind %q: use report, units, tasks, projects or proposals", args[0])
}

func importReports(env *Env, args []string) error {
	fs := newFlags(env, "import report", "FILE...")
	db := dbFlag(fs)
	gov := fs.String("government", "", "government whose report it is, e.g. 城关区 (default: inferred)")
	level := fs.String("level", "", "level of the government: 国家, 省, 市, 县区 or 乡镇")
	parent := fs.String("parent", "", "parent government, e.g. 兰州市")
	year := fs.Int("year", 0, "the year the report plans for (default: inferred)")
	grainName := fs.String("grain", "clause", "grain of the commitments: clause, sentence (a task's clauses as one commitment) or paragraph")
	actorName := actorFlag(fs)
	maxSize := byteSize(document.DefaultMaxBytes)
	fs.Var(&maxSize, "max-size", "largest input file accepted")
	files, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(files) == 0 {
		return usageError("import report: give at least one FILE")
	}
	grain, err := extract.ParseGrain(*grainName)
	if err != nil {
		return usageError("import report: --grain: %v", err)
	}
	if *level != "" && !ledger.ValidLevel(ledger.Level(*level)) {
		return usageError("import report: --level %q: use 国家, 省, 市, 县区 or 乡镇", *level)
	}
	ctx := context.Background()
	st, err := openSupervision(ctx, *db)
	if err != nil {
		return fmt.Errorf("%s: %w", shownDSN(*db), err)
	}
	defer st.Close()
	actor := actorNamed(ctx, st, *actorName)
	im := &importer.Importer{Store: st, MaxBytes: int64(maxSize)}
	opt := importer.ReportOptions{Government: *gov, Level: ledger.Level(*level), Parent: *parent, Year: *year, Grain: grain}
	jobs := make([]importer.ReportFile, len(files))
	for i, f := range files {
		jobs[i] = importer.ReportFile{Path: f, Options: opt}
	}
	bar := newProgress(env.Stderr, len(files))
	failed := 0
	results, err := im.ImportReports(ctx, jobs, func(_ int, r importer.FileResult) {
		bar.step(r.File)
		if r.Err != nil {
			failed++
			if len(files) > 1 {
				bar.printf(env.Stderr, "ducha: %v\n", r.Err)
			}
			return
		}
		bar.printf(env.Stdout, "%s\n", summary(r.ReportResult))
	})
	bar.done()
	if err != nil {
		return err
	}
	// Every file imported, found unchanged or refused is in the audit log
	// (after its own transaction: the store saves a report and appends
	// to the log separately).
	for _, r := range results {
		if aerr := st.AppendAudit(ctx, reportImportAudit(actor, r, time.Now())); aerr != nil {
			return fmt.Errorf("%s: imported, but the audit entry was not written: %w", r.File, aerr)
		}
	}
	if hint := unitsHint(ctx, st, results); hint != "" {
		fmt.Fprintln(env.Stderr, hint)
	}
	if len(files) == 1 && results[0].Err != nil {
		return results[0].Err
	}
	if failed > 0 {
		return &exitError{Code: 1, Err: fmt.Errorf("%d of %d files could not be imported", failed, len(files))}
	}
	return nil
}

// unitsHint says, when reports were imported into a database without a
// units directory, that lead units are suggested from it: import it first.
func unitsHint(ctx context.Context, st ledger.Store, results []importer.FileResult) string {
	imported := false
	for _, r := range results {
		imported = imported || (r.Err == nil && !r.Unchanged)
	}
	if !imported {
		return ""
	}
	if units, err := st.Units(ctx); err != nil || len(units) > 0 {
		return ""
	}
	return "ducha: 尚未导入单位名录，未能建议牵头单位：请先用 ducha import units FILE 导入单位名录，再导入报告；已导入的报告可在任务分解表或承诺事项页面填写牵头单位 " +
		"(no units directory yet, so no lead unit was suggested: run 'ducha import units FILE' before importing reports)"
}

// summary is the line printed for an imported report.
func summary(r importer.ReportResult) string {
	if r.Unchanged {
		return fmt.Sprintf("%s: already imported (report %d, %d): nothing changed", r.File, r.ReportID, r.Year)
	}
	verb := "imported"
	if r.Replaced {
		verb = "replaced"
	}
	s := fmt.Sprintf("%s: %s %s %d年: %d commitments (%d with targets), %d achievements, %d lead units suggested",
		r.File, verb, r.Government, r.Year, r.Commitments, r.Quantified, r.Achievements, r.Suggested)
	if r.Replaced {
		s += fmt.Sprintf(", manual work kept on %d", r.Kept)
	}
	return s
}

func importUnits(env *Env, args []string) error {
	fs := newFlags(env, "import units", "FILE.xlsx|FILE.csv")
	db := dbFlag(fs)
	actorName := actorFlag(fs)
	files, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(files) != 1 {
		return usageError("import units: give one FILE (.xlsx or .csv with name, short_name, aliases, parent)")
	}
	ctx := context.Background()
	st, err := openSupervision(ctx, *db)
	if err != nil {
		return fmt.Errorf("%s: %w", shownDSN(*db), err)
	}
	defer st.Close()
	created, updated, err := (&importer.Importer{Store: st}).ImportUnits(ctx, files[0])
	if err != nil {
		return err
	}
	if err := st.AppendAudit(ctx, unitsImportAudit(actorNamed(ctx, st, *actorName), files[0], created, updated, time.Now())); err != nil {
		return fmt.Errorf("%s: imported, but the audit entry was not written: %w", files[0], err)
	}
	fmt.Fprintf(env.Stdout, "%s: %d units added, %d updated\n", files[0], created, updated)
	return nil
}

// progress prints one line per file and, on a terminal, a bar.
type progress struct {
	w     io.Writer
	n, i  int
	isTTY bool
}

func newProgress(w io.Writer, n int) *progress {
	p := &progress{w: w, n: n}
	if f, ok := w.(*os.File); ok && n > 1 {
		if fi, err := f.Stat(); err == nil && fi.Mode()&os.ModeCharDevice != 0 {
			p.isTTY = true
		}
	}
	return p
}

func (p *progress) step(name string) {
	p.i++
	if p.isTTY {
		const width = 30
		done := width * p.i / p.n
		fmt.Fprintf(p.w, "\r[%s%s] %d/%d %s\x1b[K", strings.Repeat("#", done), strings.Repeat(".", width-done), p.i, p.n, name)
	}
}

// printf clears the bar and prints a line to w.
func (p *progress) printf(w io.Writer, format string, a ...any) {
	if p.isTTY {
		fmt.Fprint(p.w, "\r\x1b[K")
	}
	fmt.Fprintf(w, format, a...)
}

func (p *progress) done() {
	if p.isTTY {
		fmt.Fprint(p.w, "\r\x1b[K")
	}
}
