package importer

import (
	"bytes"
	"context"

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
