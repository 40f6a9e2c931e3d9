package postgres

import (
	"embed"

	"ducha/store/internal/shared"
	"ducha/store/sqlstore"
)

//go:embed migrations/*.sql
var migrationFiles embed.FS

// schema is the migrations of the first schema of the search path.
var schema = sqlstore.Schema{
	Migrations: shared.MustLoadMigrations(migrationFiles, "migrations"),
	Create: `CREATE TABLE IF NOT EXISTS schema_migrations (
		version    INTEGER PRIMARY KEY,
		name       TEXT NOT NULL,
		applied_at TIMESTAMPTZ NOT NULL DEFAULT now()
	)`,
	Exists: `SELECT to_regclass('schema_migrations') IS NOT NULL`,
	Lock:   `SELECT pg_advisory_xact_lock(hashtext('ducha migrate ' || current_schema()))`,
}

// LatestVersion is the schema version this build of the store migrates to.
func LatestVersion() int { return len(schema.Migrations) }

func (*dialect) Schema() sqlstore.Schema { return schema }
