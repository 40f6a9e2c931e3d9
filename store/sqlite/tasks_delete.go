package sqlite

import (
	"context"
	"database/sql"
	"errors"

	"ducha/ledger"
	"ducha/store/internal/shared"
)

// DeleteTasks removes sub-tasks of a report by code, with their targets,
// assignments and milestones, and appends the audit entries, in one
// transaction. A code that is no sub-task of the report, one the workflow
// touched (dispatched, reports, 督办单, comments) or one with sub-tasks of
// its own not deleted with it is refused, and nothing changes.
func (d *DB) DeleteTasks(ctx context.Context, reportID int64, codes []string, audit []ledger.AuditEntry) error {
	tx, err := d.beginWrite(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	gone := map[string]bool{}
	for _, c := range codes {
		gone[c] = true
	}
	for _, code := range codes {
		var id int64
		var parent string
		err := tx.QueryRowContext(ctx, `SELECT id, parent_code FROM commitments WHERE report_id = ? AND code = ?`, reportID, code).Scan(&id, &parent)
		if errors.Is(err, sql.ErrNoRows) {
			return ledger.Errorf(ledger.ENotFound, "%s 不存在于台账中", code)
		} else if err != nil {
			return wrap("delete tasks", err)
		}
		if parent == "" {
			return ledger.Errorf(ledger.EInvalid, "%s 不是子任务，不能删除", code)
		}
		var used int
		if err := tx.QueryRowContext(ctx, `SELECT
			(SELECT count(*) FROM commitment_states WHERE commitment_id = ? AND state <> 'new') +
			(SELECT count(*) FROM progress_reports WHERE commitment_id = ?) +
			(SELECT count(*) FROM supervision_orders WHERE commitment_id = ?) +
			(SELECT count(*) FROM comments WHERE commitment_id = ?)`, id, id, id, id).Scan(&used); err != nil {
			return wrap("delete tasks", err)
		}
		if used > 0 {
			return ledger.Errorf(ledger.EConflict, "%s 已交办或已有进展、督办单、意见，不能删除", code)
		}
		child, err := firstChild(ctx, tx.Tx, reportID, code, gone)
		if err != nil {
			return err
		}
		if child != "" {
			return ledger.Errorf(ledger.EConflict, "%s 还有子任务 %s，不能删除", code, child)
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM commitments WHERE id = ?`, id); err != nil {
			return wrap("delete tasks", err)
		}
	}
	for _, e := range audit {
		if e, err = shared.CheckAudit(e, d.now()); err != nil {
			return err
		}
		if err := appendAudit(ctx, tx.Tx, e); err != nil {
			return err
		}
	}
	return wrap("delete tasks", tx.Commit())
}

// firstChild returns the code of a sub-task of code not in gone, or "".
func firstChild(ctx context.Context, tx *sql.Tx, reportID int64, code string, gone map[string]bool) (string, error) {
	rows, err := tx.QueryContext(ctx, `SELECT code FROM commitments WHERE report_id = ? AND parent_code = ? ORDER BY code`, reportID, code)
	if err != nil {
		return "", wrap("delete tasks", err)
	}
	defer rows.Close()
	for rows.Next() {
		var child string
		if err := rows.Scan(&child); err != nil {
			return "", wrap("delete tasks", err)
		}
		if !gone[child] {
			return child, nil
		}
	}
	return "", wrap("delete tasks", rows.Err())
}
