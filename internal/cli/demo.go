package cli

import (
	"context"
	"fmt"
	"os"
	"strings"
	"time"

	"ducha/demo"

	"ducha/ledger"
	"ducha/supervise"
	"ducha/tasksheet"
)

func init() {
	register("demo", "build a demo ledger from the shipped sample reports and export its 任务分解表", runDemo)
}

func runDemo(env *Env, args []string) error {
	fs := newFlags(env, "demo", "")
	db := fs.String("db", "ducha-demo.db", "demo database (an SQLite file, rebuilt from scratch)")
	out := fs.String("tasks", "ducha-demo-tasks.xlsx", "where to write the 2024 任务分解表")
	rest, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(rest) != 0 {
		return usageError("demo: takes no arguments")
	}
	if err := removeSQLite(*db); err != nil {
		return err
	}
	ctx := context.Background()
	st, err := openSupervision(ctx, *db)
	if err != nil {
		return fmt.Errorf("%s: %w", shownDSN(*db), err)
	}
	defer st.Close()
	res, err := demo.Build(ctx, st, env.Stdout)
	if err != nil {
		return err
	}
	f, err := os.Create(*out)
	if err != nil {
		return err
	}
	n, err := (&supervise.Service{Store: st, Now: func() time.Time { return demo.AsOf }}).ExportTasks(ctx, cliActor(), res.ReportID, f, tasksheet.ExportOptions{Format: "xlsx"})
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "任务分解表: %s (%d tasks)\n\n", *out, n)
	if err := printLedger(env, st, res.ReportID); err != nil {
		return err
	}
	printAccounts(env, res)
	fmt.Fprintf(env.Stdout, "\nserve it: ducha serve --db %s\n", shownDSN(*db))
	return nil
}

// printLedger shows the 民生实事 of the demo report with their lead units.
func printLedger(env *Env, st ledger.Store, reportID int64) error {
	cs, err := st.Commitments(context.Background(), reportID)
	if err != nil {
		return err
	}
	rows := [][]string{{"编码", "任务内容", "目标值", "完成时限", "牵头单位"}}
	for _, c := range cs {
		if c.Kind != ledger.KindTarget || c.Target == nil || !strings.Contains(strings.Join(c.Section, " "), "民生实事") {
			continue
		}
		deadline := c.DeadlineText
		if deadline == "" && c.Deadline != nil {
			deadline = c.Deadline.Format("2006-01-02")
		}
		rows = append(rows, []string{c.Code, clip(c.Title, 24), c.Target.Quantity, orDash(deadline), orDash(c.Assignment.Lead)})
	}
	return writeRows(env.Stdout, rows)
}
