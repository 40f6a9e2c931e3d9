package cli

import (
	"context"
	"fmt"
	"os"
	"strings"

	"ducha/importer"
	"ducha/ledger"
	"ducha/samples"
	"ducha/tasksheet"
)

func init() {
	register("demo", "build a demo ledger from the shipped sample reports and export its 任务分解表", runDemo)
}

// demoGovernment is the fictional district of the shipped samples.
const demoGovernment = "示例区"

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
	if strings.HasPrefix(*db, "postgres") {
		return usageError("demo: --db must be an SQLite file: the demo rebuilds it from scratch")
	}
	for _, suffix := range []string{"", "-wal", "-shm"} {
		if err := os.Remove(*db + suffix); err != nil && !os.IsNotExist(err) {
			return err
		}
	}
	ctx := context.Background()
	st, err := openStore(ctx, *db, true)
	if err != nil {
		return fmt.Errorf("%s: %w", *db, err)
	}
	defer st.Close()
	im := &importer.Importer{Store: st}

	raw, err := samples.FS.ReadFile(samples.Units)
	if err != nil {
		return err
	}
	created, _, err := im.ImportUnitsData(ctx, samples.Units, raw)
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "units directory: %d units\n", created)
	var last importer.ReportResult
	for _, name := range samples.Reports {
		raw, err := samples.FS.ReadFile(name)
		if err != nil {
			return err
		}
		res, err := im.ImportReportData(ctx, "samples/"+name, raw, importer.ReportOptions{
			Government: demoGovernment, Level: ledger.LevelCounty, Parent: "示例市",
		})
		if err != nil {
			return err
		}
		fmt.Fprintln(env.Stdout, summary(res))
		if last.Year == 0 {
			last = res
		}
	}
	// A supervision office confirms the suggested lead units first thing.
	cs, err := st.Commitments(ctx, last.ReportID)
	if err != nil {
		return err
	}
	var confirm []ledger.Commitment
	for _, c := range cs {
		if c.Kind == ledger.KindTarget && c.Assignment.Lead == "" && c.Assignment.SuggestedLead != "" {
			c.Assignment.Lead = c.Assignment.SuggestedLead
			confirm = append(confirm, c)
		}
	}
	if err := st.ApplyTasks(ctx, last.ReportID, confirm); err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "%s %d年: %d suggested lead units confirmed\n", demoGovernment, last.Year, len(confirm))
	f, err := os.Create(*out)
	if err != nil {
		return err
	}
	n, err := im.ExportTasks(ctx, f, demoGovernment, last.Year, tasksheet.ExportOptions{Format: "xlsx"})
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "任务分解表: %s (%d tasks)\n\n", *out, n)
	return printLedger(env, st, last.ReportID)
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
