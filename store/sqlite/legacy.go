package sqlite

// Helpers of the areas moved to store/sqlstore that the files not moved
// yet still use; they go with those files.

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"time"

	"ducha/ledger"
	"ducha/store/internal/shared"
	"ducha/store/sqlstore"
)

type querier interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

type rowsQuerier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

// unitIDs maps every unit's full name to its id.
func unitIDs(ctx context.Context, tx *sql.Tx) (shared.UnitIDs, error) {
	rows, err := tx.QueryContext(ctx, `SELECT id, name FROM units`)
	if err != nil {
		return nil, wrap("units", err)
	}
	defer rows.Close()
	m := shared.UnitIDs{}
	for rows.Next() {
		var id int64
		var name string
		if err := rows.Scan(&id, &name); err != nil {
			return nil, wrap("units", err)
		}
		m[name] = id
	}
	return m, wrap("units", rows.Err())
}

// readDetails fills in the cooperating units and the milestones of the
// commitments c meeting a condition on c, given by id.
func readDetails(ctx context.Context, tx *sql.Tx, where string, arg any, byID map[int64]*ledger.Commitment) error {
	err := each(ctx, tx, `SELECT o.commitment_id, u.name FROM assignment_cooperators o
		JOIN commitments c ON c.id = o.commitment_id JOIN units u ON u.id = o.unit_id
		WHERE `+where+` ORDER BY o.commitment_id, o.position`, arg,
		func(rows *sql.Rows) error {
			var id int64
			var name string
			if err := rows.Scan(&id, &name); err != nil {
				return err
			}
			if c := byID[id]; c != nil {
				c.Assignment.Cooperating = append(c.Assignment.Cooperating, name)
			}
			return nil
		})
	if err != nil {
		return err
	}
	return each(ctx, tx, `SELECT m.commitment_id, m.due, m.expected, m.description FROM milestones m
		JOIN commitments c ON c.id = m.commitment_id WHERE `+where+` ORDER BY m.commitment_id, m.position`, arg,
		func(rows *sql.Rows) error {
			var id int64
			var m ledger.Milestone
			var due string
			if err := rows.Scan(&id, &due, &m.Expected, &m.Description); err != nil {
				return err
			}
			t, err := time.Parse(shared.DateLayout, due)
			if err != nil {
				return err
			}
			m.Due = t
			if c := byID[id]; c != nil {
				c.Milestones = append(c.Milestones, m)
			}
			return nil
		})
}

// each runs a query and calls f for every row.
func each(ctx context.Context, tx *sql.Tx, query string, arg any, f func(*sql.Rows) error) error {
	rows, err := tx.QueryContext(ctx, query, arg)
	if err != nil {
		return wrap("commitments", err)
	}
	defer rows.Close()
	for rows.Next() {
		if err := f(rows); err != nil {
			return wrap("commitments", err)
		}
	}
	return wrap("commitments", rows.Err())
}

// writeExclusions stores the exclusions the commitments ids carry (a
// re-imported report keeping the office's decisions).
func writeExclusions(ctx context.Context, tx *sql.Tx, ids []int64, cs []ledger.Commitment) error {
	for i := range cs {
		if e := cs[i].Excluded; e != nil {
			if _, err := tx.ExecContext(ctx, `UPDATE commitments SET excluded_at = ?, excluded_by = ?, excluded_reason = ?
				WHERE id = ?`, stampValue(e.At), e.By, e.Reason, ids[i]); err != nil {
				return wrap("save report", err)
			}
		}
	}
	return nil
}

// targetKinds returns the kinds the office set on the targets of a
// report's commitments, by commitment id.
func targetKinds(ctx context.Context, tx *sql.Tx, reportID int64) (map[int64]string, error) {
	kinds := map[int64]string{}
	err := scanRows(ctx, tx, "apply tasks", `SELECT t.commitment_id, t.kind FROM targets t
		JOIN commitments c ON c.id = t.commitment_id WHERE c.report_id = ? AND t.kind <> ''`, []any{reportID},
		func(rows *sql.Rows) error {
			var id int64
			var kind string
			err := rows.Scan(&id, &kind)
			kinds[id] = kind
			return err
		})
	return kinds, err
}

// stampValue is a timestamp as stored: RFC 3339 UTC to the second, NULL
// for the zero time.
func stampValue(t time.Time) any { return dialect{}.Stamp(t) }

// stampDest scans a timestamp column, NULL giving the zero time.
type stampDest struct{ t *time.Time }

func (d stampDest) Scan(v any) error { return sqlstore.StampDest(d.t).(sql.Scanner).Scan(v) }

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
