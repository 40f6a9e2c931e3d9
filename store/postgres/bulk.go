package postgres

import (
	"context"
	"time"

	"ducha/store/internal/shared"

	"github.com/jackc/pgx/v5"
)

// newTables returns tables for PostgreSQL: dates as time.Time for DATE.
func newTables(units shared.UnitIDs) *shared.Tables {
	return &shared.Tables{Units: units, Date: func(t time.Time) any { return t }}
}

// writeTables copies the gathered rows in, parents before children.
func writeTables(ctx context.Context, tx pgx.Tx, t *shared.Tables) error {
	for _, w := range []struct {
		table string
		cols  []string
		rows  []any
	}{
		{"commitments", shared.CommitmentColumns, t.Commitments},
		{"targets", shared.TargetColumns, t.Targets},
		{"assignments", shared.AssignmentColumns, t.Assignments},
		{"assignment_cooperators", shared.CooperatorColumns, t.Cooperators},
		{"milestones", shared.MilestoneColumns, t.Milestones},
	} {
		if len(w.rows) == 0 {
			continue
		}
		if _, err := tx.CopyFrom(ctx, pgx.Identifier{w.table}, w.cols, &flatRows{values: w.rows, n: len(w.cols)}); err != nil {
			return wrap("save "+w.table, err)
		}
	}
	return nil
}

// flatRows is a pgx.CopyFromSource over the values of one row after
// another.
type flatRows struct {
	values []any
	n      int // values a row
	row    []any
}

func (r *flatRows) Next() bool {
	if len(r.values) < r.n {
		return false
	}
	r.row, r.values = r.values[:r.n], r.values[r.n:]
	return true
}

func (r *flatRows) Values() ([]any, error) { return r.row, nil }

func (r *flatRows) Err() error { return nil }

// commitmentIDs takes n ids from the sequence of commitments.
func commitmentIDs(ctx context.Context, tx pgx.Tx, n int) ([]int64, error) {
	if n == 0 {
		return nil, nil
	}
	rows, err := tx.Query(ctx, `SELECT nextval(pg_get_serial_sequence('commitments', 'id')) FROM generate_series(1, $1)`, n)
	if err != nil {
		return nil, wrap("commitment ids", err)
	}
	ids, err := pgx.CollectRows(rows, pgx.RowTo[int64])
	return ids, wrap("commitment ids", err)
}
