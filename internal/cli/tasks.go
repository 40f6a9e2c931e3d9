package cli

import (
	"context"
	"fmt"
	"os"
	"os/user"
	"path/filepath"

	"ducha/access"
	"ducha/supervise"

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
		return fmt.Errorf("%s: %w", shownDSN(*rf.db), err)
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
	g, err := st.Government(ctx, *rf.gov)
	if err != nil {
		return err
	}
	rep, err := st.Report(ctx, g.ID, *rf.year)
	if err != nil {
		return err
	}
	// The same apply as the web upload, audited as the person at the
	// terminal.
	plan, err := (&supervise.Service{Store: st}).ApplyTaskSheet(ctx, cliActor(), rep.ID, filepath.Base(files[0]), raw, "")
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "%s: %d tasks changed\n", files[0], len(plan.Changes))
	return nil
}

// cliActor is who the audit log names for a change made from the command
// line: the operating system's user.
func cliActor() supervise.Actor {
	name := os.Getenv("USER")
	if u, err := user.Current(); err == nil && u.Username != "" {
		name = u.Username
	}
	if name == "" {
		name = "unknown"
	}
	return supervise.Actor{Login: "cli:" + name, Name: "命令行 " + name, Role: access.Admin}
}
