package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"ducha/ledger"
	"ducha/store/internal/shared"
)

// stampValue is a timestamp as stored: RFC 3339 UTC to the second, NULL
// for the zero time.
func stampValue(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return shared.Stamp(t).Format(time.RFC3339)
}

// dateValue is a day as stored: 'YYYY-MM-DD'.
func dateValue(t time.Time) string { return shared.Day(t).Format(shared.DateLayout) }

// stampDest scans a timestamp column, NULL giving the zero time.
type stampDest struct{ t *time.Time }

func (d stampDest) Scan(v any) error {
	return scanTime(v, time.RFC3339, d.t)
}

// dateDest scans a date column as midnight UTC, NULL giving the zero time.
type dateDest struct{ t *time.Time }

func (d dateDest) Scan(v any) error {
	return scanTime(v, shared.DateLayout, d.t)
}

func scanTime(v any, layout string, t *time.Time) error {
	var s string
	switch v := v.(type) {
	case nil:
		*t = time.Time{}
		return nil
	case string:
		s = v
	case []byte:
		s = string(v)
	default:
		return fmt.Errorf("time column holds %T", v)
	}
	p, err := time.Parse(layout, s)
	if err != nil {
		return err
	}
	*t = p.UTC()
	return nil
}

// idsJSON is a list of ids for json_each(?).
func idsJSON(ids []int64) string {
	b, err := json.Marshal(ids)
	if err != nil {
		panic(err)
	}
	if ids == nil {
		return "[]"
	}
	return string(b)
}

// scanRows runs a query and calls f for every row.
func scanRows(ctx context.Context, q rowsQuerier, what, query string, args []any, f func(*sql.Rows) error) error {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return wrap(what, err)
	}
	defer rows.Close()
	for rows.Next() {
		if err := f(rows); err != nil {
			return wrap(what, err)
		}
	}
	return wrap(what, rows.Err())
}

// unitRef returns the id of the unit named name, nil for no name; an
// unknown name is an EInvalid error.
func unitRef(ctx context.Context, q querier, name string) (any, error) {
	if name == "" {
		return nil, nil
	}
	var id int64
	err := q.QueryRowContext(ctx, `SELECT id FROM units WHERE name = ?`, name).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, shared.NoUnit(name)
	}
	if err != nil {
		return nil, wrap("units", err)
	}
	return id, nil
}

// commitmentLead returns the lead unit of commitment id ("" if none), or
// not_found.
func commitmentLead(ctx context.Context, q querier, id int64) (string, error) {
	var lead string
	err := q.QueryRowContext(ctx, `SELECT coalesce(u.name, '') FROM commitments c
		LEFT JOIN assignments a ON a.commitment_id = c.id LEFT JOIN units u ON u.id = a.lead_unit_id
		WHERE c.id = ?`, id).Scan(&lead)
	if errors.Is(err, sql.ErrNoRows) {
		return "", shared.NoCommitment(id)
	}
	return lead, wrap("commitment", err)
}

// appendAudit appends an entry to the audit log.
func appendAudit(ctx context.Context, tx *sql.Tx, e ledger.AuditEntry) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO audit_log (at, actor, action, entity, ref, before, after)
		VALUES (?, ?, ?, ?, ?, ?, ?)`, e.At.UTC().Format(time.RFC3339), e.Actor, e.Action, e.Entity, e.Ref, e.Before, e.After)
	return wrap("audit", err)
}

// write runs f in a write transaction and commits.
func (d *DB) write(ctx context.Context, what string, f func(tx *sql.Tx) error) error {
	tx, err := d.beginWrite(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := f(tx.Tx); err != nil {
		return wrap(what, err)
	}
	return wrap(what, tx.Commit())
}

// read runs f in a read-only transaction.
func (d *DB) read(ctx context.Context, what string, f func(tx *sql.Tx) error) error {
	tx, err := d.beginRead(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	return wrap(what, f(tx))
}
