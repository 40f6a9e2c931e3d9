package postgres

import (
	"context"
	"errors"

	"github.com/jackc/pgx/v5"

	"ducha/ledger"
	"ducha/store/internal/shared"
)

// DeleteTasks removes sub-tasks of a report by code, with their targets,
// assignments and milestones, and appends the audit entries, in one
// transaction. A code that is no sub-task of the report, one the workflow
// touched (dispatched, reports, 督办单, comments) or one with sub-tasks of
// its own not deleted with it is refused, and nothing changes.
func (d *DB) DeleteTasks(ctx context.Context, reportID int64, codes []string, audit []ledger.AuditEntry) error {
	tx, err := d.pool.Begin(ctx)
	if err != nil {
		return wrap("delete tasks", err)
	}
	defer tx.Rollback(ctx)
	gone := map[string]bool{}
	for _, c := range codes {
		gone[c] = true
	}
	for _, code := range codes {
		var id int64
		var parent string
		err := tx.QueryRow(ctx, `SELECT id, parent_code FROM commitments WHERE report_id = $1 AND code = $2 FOR UPDATE`, reportID, code).Scan(&id, &parent)
		if errors.Is(err, pgx.ErrNoRows) {
			return ledger.Errorf(ledger.ENotFound, "%s 不存在于台账中", code)
		} else if err != nil {
			return wrap("delete tasks", err)
		}
		if parent == "" {
			return ledger.Errorf(ledger.EInvalid, "%s 不是子任务，不能删除", code)
		}
		var used int
		if err := tx.QueryRow(ctx, `SELECT
			(SELECT count(*) FROM commitment_states WHERE commitment_id = $1 AND state <> 'new') +
			(SELECT count(*) FROM progress_reports WHERE commitment_id = $1) +
			(SELECT count(*) FROM supervision_orders WHERE commitment_id = $1) +
			(SELECT count(*) FROM comments WHERE commitment_id = $1)`, id).Scan(&used); err != nil {
			return wrap("delete tasks", err)
		}
		if used > 0 {
			return ledger.Errorf(ledger.EConflict, "%s 已交办或已有进展、督办单、意见，不能删除", code)
		}
		rows, err := tx.Query(ctx, `SELECT code FROM commitments WHERE report_id = $1 AND parent_code = $2 ORDER BY code`, reportID, code)
		if err != nil {
			return wrap("delete tasks", err)
		}
		children, err := pgx.CollectRows(rows, pgx.RowTo[string])
		if err != nil {
			return wrap("delete tasks", err)
		}
		for _, child := range children {
			if !gone[child] {
				return ledger.Errorf(ledger.EConflict, "%s 还有子任务 %s，不能删除", code, child)
			}
		}
		if _, err := tx.Exec(ctx, `DELETE FROM commitments WHERE id = $1`, id); err != nil {
			return wrap("delete tasks", err)
		}
	}
	for _, e := range audit {
		if e, err = shared.CheckAudit(e, d.now()); err != nil {
			return err
		}
		if err := appendAudit(ctx, tx, e); err != nil {
			return err
		}
	}
	return wrap("delete tasks", tx.Commit(ctx))
}
