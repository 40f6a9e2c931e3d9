package supervise

import (
	"context"
	"encoding/json"
	"io"
	"strconv"

	"ducha/access"
	"ducha/ledger"
	"ducha/tasksheet"
)

// ActionTasksExport is the audit action of an export of the 任务分解表.
const ActionTasksExport = "tasks.export"

// ExportTasks writes the 任务分解表 of report reportID — its target
// commitments in code order, with 当前进度 and 状态 as the service judges
// them (TaskSheetRows) — records the export in the audit log and returns
// the number of rows. The web download and `ducha export tasks` both
// write it.
func (s *Service) ExportTasks(ctx context.Context, a Actor, reportID int64, w io.Writer, opt tasksheet.ExportOptions) (int, error) {
	if !a.CanDo(access.Export) {
		return 0, denied()
	}
	rep, ok, err := s.Report(ctx, reportID)
	if err != nil {
		return 0, err
	}
	if !ok {
		return 0, ledger.Errorf(ledger.ENotFound, "报告 %d 不存在", reportID)
	}
	items, err := s.Items(ctx, reportID)
	if err != nil {
		return 0, err
	}
	rows := TaskSheetRows(items)
	if opt.Title == "" {
		opt.Title = rep.Government.Name + strconv.Itoa(rep.Year) + "年政府工作报告任务分解表"
	}
	if err := tasksheet.Export(w, rows, opt); err != nil {
		return 0, err
	}
	format := opt.Format
	if format == "" {
		format = "xlsx"
	}
	after, _ := json.Marshal(map[string]any{"by": a.Name, "format": format, "rows": len(rows)})
	err = s.Store.AppendAudit(ctx, ledger.AuditEntry{At: s.now(), Actor: a.Login, Action: ActionTasksExport,
		Entity: "report", Ref: itoa(reportID), After: string(after)})
	return len(rows), err
}

// TaskSheetRows are the rows of the 任务分解表 of items (Items of a
// report): every target commitment, its 当前进度 the standing people read
// on its page (Item.Standing) and its 状态 the status of the one judgment
// (Evaluate, a parent's rolled up from its sub-tasks); a commitment marked
// 不列入 says so instead.
func TaskSheetRows(items []Item) []tasksheet.Row {
	rows := make([]tasksheet.Row, 0, len(items))
	for i := range items {
		it := &items[i]
		if it.Kind != ledger.KindTarget {
			continue
		}
		r := tasksheet.Row{Commitment: it.Commitment}
		if it.Excluded != nil {
			r.Status = "不列入"
		} else {
			r.Progress = it.Standing("zh")
			r.Status = it.Result.Status.Label("zh")
		}
		rows = append(rows, r)
	}
	return rows
}
