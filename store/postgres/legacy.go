package postgres

// Helpers of the areas moved to store/sqlstore that the files not moved
// yet still use; they go with those files.

import (
	"context"

	"ducha/store/internal/shared"

	"github.com/jackc/pgx/v5"
)

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
