package cli

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"ducha/ledger"
	"ducha/store"
	"ducha/supervise"
	"ducha/tasksheet"
)

func init() {
	register("export", "export the 任务分解表 of a report as xlsx or csv", runExport)
}

// reportFlags are the flags that name a report in the ledger.
type reportFlags struct {
	db, gov *string
	year    *int
}

func addReportFlags(fsReport interface {
	String(name, value, usage string) *string
	Int(name string, value int, usage string) *int
}, db *string) reportFlags {
	return reportFlags{
		db:   db,
		gov:  fsReport.String("government", "", "government whose report it is, e.g. 城关区 (default: the only one in the database)"),
		year: fsReport.Int("year", 0, "the year the report plans for (default: the only report's year)"),
	}
}

func (rf reportFlags) check(cmd string) error {
	if *rf.gov == "" || *rf.year == 0 {
		return usageError("%s: give --government and --year", cmd)
	}
	return nil
}

// reportLister is what resolve reads: the governments and their reports.
type reportLister interface {
	Governments(ctx context.Context) ([]ledger.Government, error)
	Reports(ctx context.Context, governmentID int64) ([]ledger.Report, error)
}

// resolve finds the report the flags name. Either flag left out is taken
// from the reports in the database: the only report (of the government,
// or of the year, when one of them is given). Several reports to choose
// from is a usage error listing them; none says to import one.
func (rf reportFlags) resolve(ctx context.Context, st reportLister, cmd string) (ledger.Government, ledger.Report, error) {
	govs, err := st.Governments(ctx)
	if err != nil {
		return ledger.Government{}, ledger.Report{}, err
	}
	type found struct {
		g ledger.Government
		r ledger.Report
	}
	var matches []found
	knownGov := false
	for _, g := range govs {
		if *rf.gov != "" && g.Name != *rf.gov {
			continue
		}
		knownGov = true
		reps, err := st.Reports(ctx, g.ID)
		if err != nil {
			return ledger.Government{}, ledger.Report{}, err
		}
		for _, r := range reps {
			if *rf.year == 0 || r.Year == *rf.year {
				matches = append(matches, found{g, r})
			}
		}
	}
	switch {
	case len(matches) == 1:
		return matches[0].g, matches[0].r, nil
	case *rf.gov != "" && !knownGov:
		return ledger.Government{}, ledger.Report{}, ledger.Errorf(ledger.ENotFound, "%s: 数据库中没有政府 %q 的报告 (no government %q)", cmd, *rf.gov, *rf.gov)
	case len(matches) == 0 && *rf.gov == "" && *rf.year == 0:
		return ledger.Government{}, ledger.Report{}, ledger.Errorf(ledger.ENotFound, "%s: 数据库中还没有报告：先用 ducha import report FILE 导入 (no report in the database yet: run 'ducha import report FILE')", cmd)
	case len(matches) == 0:
		what := strings.TrimSpace(*rf.gov + " " + yearText(*rf.year))
		return ledger.Government{}, ledger.Report{}, ledger.Errorf(ledger.ENotFound, "%s: 数据库中没有 %s 的报告 (no such report)", cmd, what)
	}
	names := make([]string, len(matches))
	for i, m := range matches {
		names[i] = m.g.Name + " " + strconv.Itoa(m.r.Year)
	}
	return ledger.Government{}, ledger.Report{}, usageError("%s: the database holds %d reports (%s): give --government and --year", cmd, len(matches), strings.Join(names, ", "))
}

func yearText(y int) string {
	if y == 0 {
		return ""
	}
	return strconv.Itoa(y) + "年"
}

// defaultSheetName is where `export tasks` writes without -o:
// 示例区-2024-任务分解表.xlsx in the working directory.
func defaultSheetName(gov string, year int, format string) string {
	name := strings.Map(func(r rune) rune {
		if strings.ContainsRune(`/\:*?"<>|`, r) || r < ' ' {
			return '_'
		}
		return r
	}, gov)
	return name + "-" + strconv.Itoa(year) + "-任务分解表." + format
}

func runExport(env *Env, args []string) error {
	if len(args) == 0 || args[0] != "tasks" {
		return usageError("export: only 'ducha export tasks' exists")
	}
	fs := newFlags(env, "export tasks", "")
	rf := addReportFlags(fs, dbFlag(fs))
	format := fs.String("format", "xlsx", "xlsx or csv")
	out := fs.String("o", "", "output file, - for standard output (default: GOVERNMENT-YEAR-任务分解表.xlsx in the working directory)")
	perSection := fs.Bool("sheet-per-section", false, "one sheet per report section instead of a section column")
	actorName := actorFlag(fs)
	rest, err := parseFlags(fs, args[1:])
	if err != nil {
		return err
	}
	if len(rest) != 0 {
		return usageError("export tasks: unexpected argument %q", rest[0])
	}
	if *format != "xlsx" && *format != "csv" {
		return usageError("export tasks: --format %q: use xlsx or csv", *format)
	}
	ctx := context.Background()
	// Read only: refuse a schema older or newer than the binary rather
	// than migrate it.
	st, err := store.Open(ctx, *rf.db, store.Options{})
	if err != nil {
		return fmt.Errorf("%s: %w", shownDSN(*rf.db), err)
	}
	defer st.Close()
	g, rep, err := rf.resolve(ctx, st, "export tasks")
	if err != nil {
		return err
	}
	path, toDefault := *out, false
	if path == "" {
		path, toDefault = defaultSheetName(g.Name, rep.Year, *format), true
		if _, err := os.Stat(path); err == nil {
			return fmt.Errorf("export tasks: %s already exists: give -o %s to replace it, or another -o FILE", path, path)
		} else if !errors.Is(err, os.ErrNotExist) {
			return err
		}
	}
	// The statuses and progress of the sheet are the service's judgment,
	// as on the pages.
	svc := &supervise.Service{Store: st}
	actor := actorNamed(ctx, st, *actorName)
	opt := tasksheet.ExportOptions{Format: *format, SheetPerSection: *perSection}
	var n int
	if path == "-" {
		n, err = svc.ExportTasks(ctx, actor, rep.ID, env.Stdout, opt)
		return err
	}
	// A refused export leaves no file behind.
	err = writeFileAtomic(path, func(f *os.File) error {
		n, err = svc.ExportTasks(ctx, actor, rep.ID, f, opt)
		return err
	})
	if err != nil {
		return err
	}
	where := path
	if abs, err := filepath.Abs(path); err == nil && toDefault {
		where = abs
	}
	fmt.Fprintf(env.Stdout, "%s %d年任务分解表: %d tasks written to %s\n", g.Name, rep.Year, n, where)
	return nil
}

func importTasks(env *Env, args []string) error {
	fs := newFlags(env, "import tasks", "FILE.xlsx|FILE.csv")
	rf := addReportFlags(fs, dbFlag(fs))
	actorName := actorFlag(fs)
	files, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(files) != 1 {
		return usageError("import tasks: give one FILE")
	}
	if fi, err := os.Stat(files[0]); err != nil {
		return err
	} else if fi.Size() > tasksheet.MaxSize {
		return fmt.Errorf("%s: 文件超过 %d MB 的上限", files[0], tasksheet.MaxSize>>20)
	}
	raw, err := os.ReadFile(files[0])
	if err != nil {
		return err
	}
	ctx := context.Background()
	st, err := openSupervision(ctx, *rf.db)
	if err != nil {
		return fmt.Errorf("%s: %w", shownDSN(*rf.db), err)
	}
	defer st.Close()
	_, rep, err := rf.resolve(ctx, st, "import tasks")
	if err != nil {
		return err
	}
	units, err := st.Units(ctx)
	if err != nil {
		return err
	}
	// The same apply as the web upload, audited as the person at the
	// terminal.
	plan, err := (&supervise.Service{Store: st}).ApplyTaskSheet(ctx, actorNamed(ctx, st, *actorName), rep.ID, filepath.Base(files[0]), raw, "")
	if err != nil {
		if len(units) == 0 {
			return fmt.Errorf("%w\n%s", err, noUnitsHint)
		}
		return err
	}
	fmt.Fprintf(env.Stdout, "%s: %d tasks changed\n", files[0], len(plan.Changes))
	if len(units) == 0 {
		fmt.Fprintln(env.Stderr, noUnitsHint)
	}
	return nil
}

// noUnitsHint is said when a task sheet is imported into a database
// without a units directory: its 牵头单位 and 配合单位 are looked up there,
// and a commitment is dispatched (交办) to a unit of it.
const noUnitsHint = "ducha: 尚未导入单位名录：牵头单位、配合单位按单位名录核对，交办也需要单位名录，请先用 ducha import units FILE 导入 " +
	"(no units directory yet: run 'ducha import units FILE' first)"
