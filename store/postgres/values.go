package postgres

import (
	"context"
	"errors"
	"fmt"
	"time"

	"ducha/ledger"
	"ducha/store/internal/shared"

	"github.com/jackc/pgx/v5"
)

// stampArg is a timestamp as stored: to the second, NULL for the zero
// time.
func stampArg(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return shared.Stamp(t)
}

// jsonArg is JSON text as stored in a JSON column: NULL for "".
func jsonArg(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// timeDest scans a nullable timestamp (or, with day, a date) column, NULL
// giving the zero time.
type timeDest struct {
	t   *time.Time
	day bool
}

func (d timeDest) Scan(v any) error {
	switch v := v.(type) {
	case nil:
		*d.t = time.Time{}
	case time.Time:
		if d.day {
			*d.t = shared.Day(v)
		} else {
			*d.t = v.UTC()
		}
	default:
		return fmt.Errorf("time column holds %T", v)
	}
	return nil
}

func stampDest(t *time.Time) timeDest { return timeDest{t: t} }
func dateDest(t *time.Time) timeDest  { return timeDest{t: t, day: true} }

// scanRows runs a query and calls f after scanning each row into dest.
func scanRows(ctx context.Context, q querier, what, query string, args []any, dest []any, f func() error) error {
	rows, err := q.Query(ctx, query, args...)
	if err != nil {
		return wrap(what, err)
	}
	_, err = pgx.ForEachRow(rows, dest, f)
	return wrap(what, err)
}

// unitRef returns the id of the unit named name, nil for no name; an
// unknown name is an EInvalid error.
func unitRef(ctx context.Context, q queryRower, name string) (*int64, error) {
	if name == "" {
		return nil, nil
	}
	var id int64
	err := q.QueryRow(ctx, `SELECT id FROM units WHERE name = $1`, name).Scan(&id)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, shared.NoUnit(name)
	}
	if err != nil {
		return nil, wrap("units", err)
	}
	return &id, nil
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
