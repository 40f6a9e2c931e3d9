package cli

import (
	"context"
	"fmt"
	"os"

	"ducha/importer"
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
		gov:  fsReport.String("government", "", "government whose report it is, e.g. 城关区 (required)"),
		year: fsReport.Int("year", 0, "the year the report plans for (required)"),
	}
}

func (rf reportFlags) check(cmd string) error {
	if *rf.gov == "" || *rf.year == 0 {
		return usageError("%s: give --government and --year", cmd)
	}
	return nil
}

func runExport(env *Env, args []string) error {
	if len(args) == 0 || args[0] != "tasks" {
		return usageError("export: only 'ducha export tasks' exists")
	}
	fs := newFlags(env, "export tasks", "")
	rf := addReportFlags(fs, dbFlag(fs))
	format := fs.String("format", "xlsx", "xlsx or csv")
	out := fs.String("o", "", "output file (default: standard output)")
	perSection := fs.Bool("sheet-per-section", false, "one sheet per report section instead of a section column")
	rest, err := parseFlags(fs, args[1:])
	if err != nil {
		return err
	}
	if len(rest) != 0 {
		return usageError("export tasks: unexpected argument %q", rest[0])
	}
	if err := rf.check("export tasks"); err != nil {
		return err
	}
	if *format != "xlsx" && *format != "csv" {
		return usageError("export tasks: --format %q: use xlsx or csv", *format)
	}
	ctx := context.Background()
	st, err := openStore(ctx, *rf.db, false)
	if err != nil {
		return fmt.Errorf("%s: %w", *rf.db, err)
	}
	defer st.Close()
	im := &importer.Importer{Store: st}
	opt := tasksheet.ExportOptions{Format: *format, SheetPerSection: *perSection}
	var n int
	if *out == "" {
		n, err = im.ExportTasks(ctx, env.Stdout, *rf.gov, *rf.year, opt)
	} else { // a refused export leaves no file behind
		err = writeFileAtomic(*out, func(f *os.File) error {
			n, err = im.ExportTasks(ctx, f, *rf.gov, *rf.year, opt)
			return err
		})
	}
	if err != nil {
		return err
	}
	if *out != "" {
		fmt.Fprintf(env.Stdout, "%s: %d tasks\n", *out, n)
	}
	return nil
}

func importTasks(env *Env, args []string) error {
	fs := newFlags(env, "import tasks", "FILE.xlsx|FILE.csv")
	rf := addReportFlags(fs, dbFlag(fs))
	files, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(files) != 1 {
		return usageError("import tasks: give one FILE")
	}
	if err := rf.check("import tasks"); err != nil {
		return err
	}
	ctx := context.Background()
	st, err := openStore(ctx, *rf.db, false)
	if err != nil {
		return fmt.Errorf("%s: %w", *rf.db, err)
	}
	defer st.Close()
	n, err := (&importer.Importer{Store: st}).ImportTasks(ctx, files[0], *rf.gov, *rf.year)
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "%s: %d tasks changed\n", files[0], n)
	return nil
}
