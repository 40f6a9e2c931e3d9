package postgres

// Helpers of the areas moved to store/sqlstore that the files not moved
// yet still use; they go with those files.

import (
	"context"
	"errors"
	"time"

	"ducha/ledger"
	"ducha/store/internal/shared"
	"ducha/store/sqlstore"

	"github.com/jackc/pgx/v5"
)

type queryRower interface {
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
}

type querier interface {
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
}

// unitIDs maps every unit's full name to its id.
func unitIDs(ctx context.Context, tx pgx.Tx) (shared.UnitIDs, error) {
	rows, err := tx.Query(ctx, `SELECT id, name FROM units`)
	if err != nil {
		return nil, wrap("units", err)
	}
	m := shared.UnitIDs{}
	var id int64
	var name string
	_, err = pgx.ForEachRow(rows, []any{&id, &name}, func() error {
		m[name] = id
		return nil
	})
	return m, wrap("units", err)
}

// readDetails fills in the cooperating units and the milestones of the
// commitments c meeting a condition on c, given by id.
func readDetails(ctx context.Context, tx pgx.Tx, where string, arg any, byID map[int64]*ledger.Commitment) error {
	var id int64
	var name string
	err := each(ctx, tx, `SELECT o.commitment_id, u.name FROM assignment_cooperators o
		JOIN commitments c ON c.id = o.commitment_id JOIN units u ON u.id = o.unit_id
		WHERE `+where+` ORDER BY o.commitment_id, o.position`, arg,
		[]any{&id, &name},
		func() {
			if c := byID[id]; c != nil {
				c.Assignment.Cooperating = append(c.Assignment.Cooperating, name)
			}
		})
	if err != nil {
		return err
	}
	var m ledger.Milestone
	var due time.Time
	return each(ctx, tx, `SELECT m.commitment_id, m.due, m.expected, m.description FROM milestones m
		JOIN commitments c ON c.id = m.commitment_id WHERE `+where+` ORDER BY m.commitment_id, m.position`, arg,
		[]any{&id, &due, &m.Expected, &m.Description},
		func() {
			if c := byID[id]; c != nil {
				m.Due = shared.Day(due)
				c.Milestones = append(c.Milestones, m)
			}
		})
}

// each runs a query and calls f after scanning each row into dest.
func each(ctx context.Context, tx pgx.Tx, query string, arg any, dest []any, f func()) error {
	rows, err := tx.Query(ctx, query, arg)
	if err != nil {
		return wrap("commitments", err)
	}
	_, err = pgx.ForEachRow(rows, dest, func() error {
		f()
		return nil
	})
	return wrap("commitments", err)
}

// writeExclusions stores the exclusions the commitments ids carry (a
// re-imported report keeping the office's decisions).
func writeExclusions(ctx context.Context, tx pgx.Tx, ids []int64, cs []ledger.Commitment) error {
	b := &pgx.Batch{}
	for i := range cs {
		if e := cs[i].Excluded; e != nil {
			b.Queue(`UPDATE commitments SET excluded_at = $1, excluded_by = $2, excluded_reason = $3 WHERE id = $4`,
				stampArg(e.At), e.By, e.Reason, ids[i])
		}
	}
	if b.Len() == 0 {
		return nil
	}
	return wrap("save report", tx.SendBatch(ctx, b).Close())
}

// targetKinds returns the kinds the office set on the targets of a
// report's commitments, by commitment id.
func targetKinds(ctx context.Context, tx pgx.Tx, reportID int64) (map[int64]string, error) {
	kinds := map[int64]string{}
	var id int64
	var kind string
	err := scanRows(ctx, tx, "apply tasks", `SELECT t.commitment_id, t.kind FROM targets t
		JOIN commitments c ON c.id = t.commitment_id WHERE c.report_id = $1 AND t.kind <> ''`, []any{reportID},
		[]any{&id, &kind}, func() error {
			kinds[id] = kind
			return nil
		})
	return kinds, err
}

// stampArg is a timestamp as stored: to the second, NULL for the zero
// time.
func stampArg(t time.Time) any { return (*dialect)(nil).Stamp(t) }

// jsonArg is JSON text as stored in a JSON column: NULL for "".
func jsonArg(s string) any { return (*dialect)(nil).JSONArg(s) }

func stampDest(t *time.Time) any { return sqlstore.StampDest(t) }

// scanRows runs a query and calls f after scanning each row into dest.
func scanRows(ctx context.Context, q querier, what, query string, args []any, dest []any, f func() error) error {
	rows, err := q.Query(ctx, query, args...)
	if err != nil {
		return wrap(what, err)
	}
	_, err = pgx.ForEachRow(rows, dest, f)
	return wrap(what, err)
}

// commitmentLead returns the lead unit of commitment id ("" if none), or
// not_found.
func commitmentLead(ctx context.Context, q queryRower, id int64) (string, error) {
	var lead string
	err := q.QueryRow(ctx, `SELECT coalesce(u.name, '') FROM commitments c
		LEFT JOIN assignments a ON a.commitment_id = c.id LEFT JOIN units u ON u.id = a.lead_unit_id
		WHERE c.id = $1`, id).Scan(&lead)
	if errors.Is(err, pgx.ErrNoRows) {
		return "", shared.NoCommitment(id)
	}
	return lead, wrap("commitment", err)
}

const insertAudit = `INSERT INTO audit_log (at, actor, action, entity, ref, before, after) VALUES ($1, $2, $3, $4, $5, $6, $7)`

// auditArgs are the values of insertAudit for e.
func auditArgs(e ledger.AuditEntry) []any {
	return []any{e.At, e.Actor, e.Action, e.Entity, e.Ref, jsonArg(e.Before), jsonArg(e.After)}
}

// appendAudit appends an entry to the audit log.
func appendAudit(ctx context.Context, tx pgx.Tx, e ledger.AuditEntry) error {
	_, err := tx.Exec(ctx, insertAudit, auditArgs(e)...)
	return wrap("audit", err)
}

// write runs f in a transaction and commits.
func (d *DB) write(ctx context.Context, what string, f func(tx pgx.Tx) error) error {
	tx, err := d.pool.Begin(ctx)
	if err != nil {
		return wrap(what, err)
	}
	defer tx.Rollback(ctx)
	if err := f(tx); err != nil {
		return wrap(what, err)
	}
	return wrap(what, tx.Commit(ctx))
}

// read runs f in a read-only transaction: one snapshot for all its
// queries.
func (d *DB) read(ctx context.Context, what string, f func(tx pgx.Tx) error) error {
	tx, err := d.pool.BeginTx(ctx, readOnly)
	if err != nil {
		return wrap(what, err)
	}
	defer tx.Rollback(ctx)
	if err := f(tx); err != nil {
		return wrap(what, err)
	}
	return wrap(what, tx.Commit(ctx))
}
