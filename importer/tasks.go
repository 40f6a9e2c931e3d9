package importer

import (
	"bytes"
	"context"
	"io"
	"strconv"

	"ducha/ledger"
	"ducha/tasksheet"
)

// reportOf finds the report of a government for a year.
func (im *Importer) reportOf(ctx context.Context, gov string, year int) (ledger.Report, error) {
	g, err := im.Store.Government(ctx, gov)
	if err != nil {
		return ledger.Report{}, err
	}
	return im.Store.Report(ctx, g.ID, year)
}

// ExportTasks writes the 任务分解表 of a report: its target commitments
// with sub-tasks, assignments, deadlines and milestones. It returns the
// number of rows.
func (im *Importer) ExportTasks(ctx context.Context, w io.Writer, gov string, year int, opt tasksheet.ExportOptions) (int, error) {
	r, err := im.reportOf(ctx, gov, year)
	if err != nil {
		return 0, err
	}
	cs, err := im.Store.Commitments(ctx, r.ID)
	if err != nil {
		return 0, err
	}
	var rows []tasksheet.Row
	for _, c := range cs {
		if c.Kind == ledger.KindTarget {
			rows = append(rows, tasksheet.Row{Commitment: c})
		}
	}
	if opt.Title == "" {
		opt.Title = gov + strconv.Itoa(year) + "年政府工作报告任务分解表"
	}
	return len(rows), tasksheet.Export(w, rows, opt)
}

// ImportTasks applies an edited 任务分解表 to a report, all or nothing, and
// returns how many tasks changed.
func (im *Importer) ImportTasks(ctx context.Context, path, gov string, year int) (int, error) {
	r, err := im.reportOf(ctx, gov, year)
	if err != nil {
		return 0, err
	}
	raw, err := readLimited(path, 16<<20)
	if err != nil {
		return 0, err
	}
	existing, err := im.Store.Commitments(ctx, r.ID)
	if err != nil {
		return 0, err
	}
	units, err := im.Store.Units(ctx)
	if err != nil {
		return 0, err
	}
	changed, err := tasksheet.Parse(bytes.NewReader(raw), path, r.Year, existing, ledger.NewDirectory(units))
	if err != nil {
		return 0, err
	}
	if len(changed) == 0 {
		return 0, nil
	}
	return len(changed), im.Store.ApplyTasks(ctx, r.ID, changed)
}
