package sqlite

import (
	"embed"

	"ducha/store/internal/shared"
	"ducha/store/sqlstore"
)

//go:embed migrations/*.sql
var migrationFiles embed.FS

var schema = sqlstore.Schema{
	Migrations: shared.MustLoadMigrations(migrationFiles, "migrations"),
	Create: `CREATE TABLE IF NOT EXISTS schema_migrations (
		version    INTEGER PRIMARY KEY,
		name       TEXT NOT NULL,
		applied_at TEXT NOT NULL
	)`,
	Exists: `SELECT count(*) > 0 FROM sqlite_schema WHERE type = 'table' AND name = 'schema_migrations'`,
}

// LatestVersion is the schema version this build of the store migrates to.
func LatestVersion() int { return len(schema.Migrations) }

func (dialect) Schema() sqlstore.Schema { return schema }
