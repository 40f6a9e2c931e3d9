package sqlstore

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"time"

	"ducha/ledger"
	"ducha/store/internal/shared"
)

// timeDest scans a nullable timestamp (or, with day, a date) column as
// either database returns it — time.Time from PostgreSQL, RFC 3339 or
// 'YYYY-MM-DD' text from SQLite — NULL giving the zero time.
type timeDest struct {
	t   *time.Time
	day bool
}

func (d timeDest) Scan(v any) error {
	var s string
	switch v := v.(type) {
	case nil:
		*d.t = time.Time{}
		return nil
	case time.Time:
		if d.day {
			*d.t = shared.Day(v)
		} else {
			*d.t = v.UTC()
		}
		return nil
	case string:
		s = v
	case []byte:
		s = string(v)
	default:
		return fmt.Errorf("time column holds %T", v)
	}
	layout := time.RFC3339
	if d.day || len(s) == len(shared.DateLayout) {
		layout = shared.DateLayout
	}
	p, err := time.Parse(layout, s)
	if err != nil {
		return err
	}
	if d.day {
		p = shared.Day(p)
	}
	*d.t = p.UTC()
	return nil
}

// StampDest scans a timestamp column into t; DateDest a date column, as
// midnight UTC.
func StampDest(t *time.Time) any { return timeDest{t: t} }
func DateDest(t *time.Time) any  { return timeDest{t: t, day: true} }

// jsonArg is JSON text as stored in a JSON column: NULL for "".
func jsonArg(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// auditColumns are the columns of an audit entry, in the order of
// auditValues.
var auditColumns = []string{"at", "actor", "action", "entity", "ref", "before", "after"}

func (s *Store) auditValues(e ledger.AuditEntry) []any {
	return []any{s.d.Stamp(e.At), e.Actor, e.Action, e.Entity, e.Ref, s.d.JSONArg(e.Before), s.d.JSONArg(e.After)}
}

// appendAudit appends entries to the audit log: many at once with Copy.
func (s *Store) appendAudit(ctx context.Context, tx Querier, es ...ledger.AuditEntry) error {
	for i := range es {
		if es[i].At.IsZero() {
			es[i].At = s.Now()
		}
	}
	if len(es) < 8 {
		for _, e := range es {
			if _, err := tx.Exec(ctx, `INSERT INTO audit_log (at, actor, action, entity, ref, before, after)
				VALUES (?, ?, ?, ?, ?, ?, ?)`, s.auditValues(e)...); err != nil {
				return err
			}
		}
		return nil
	}
	values := make([]any, 0, len(es)*len(auditColumns))
	for _, e := range es {
		values = append(values, s.auditValues(e)...)
	}
	return s.d.Copy(ctx, tx, "audit_log", auditColumns, values)
}

// commitmentLead returns the lead unit of commitment id ("" if none), or
// not_found.
func commitmentLead(ctx context.Context, q Querier, id int64) (string, error) {
	var lead string
	err := q.QueryRow(ctx, `SELECT coalesce(u.name, '') FROM commitments c
		LEFT JOIN assignments a ON a.commitment_id = c.id LEFT JOIN units u ON u.id = a.lead_unit_id
		WHERE c.id = ?`, id).Scan(&lead)
	if errors.Is(err, ErrNoRows) {
		return "", shared.NoCommitment(id)
	}
	return lead, err
}

// limit is the LIMIT clause of at most n rows, none for n <= 0.
func limit(n int) string {
	if n <= 0 {
		return ""
	}
	return " LIMIT " + strconv.Itoa(n)
}

// exec runs one write statement, committed at once.
func (s *Store) exec(ctx context.Context, what, query string, args ...any) error {
	_, err := s.d.Pool().Exec(ctx, query, args...)
	return s.wrap(what, err)
}

// collect runs a query and returns its rows, each scanned into dest and
// then read from v.
func collect[T any](ctx context.Context, q Querier, query string, args []any, v *T, dest ...any) ([]T, error) {
	var out []T
	err := scanRows(ctx, q, query, args, dest, func() error {
		out = append(out, *v)
		return nil
	})
	return out, err
}

// TimeTarget gives a dialect whose driver scans times natively where the
// time goes and whether it is a day (see store/postgres).
func (d timeDest) TimeTarget() (t *time.Time, day bool) { return d.t, d.day }
