package sqlite

// Helpers of the areas moved to store/sqlstore that the files not moved
// yet still use; they go with those files.

import (
	"context"
	"database/sql"

	"ducha/store/internal/shared"
)

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
