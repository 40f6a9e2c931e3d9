package postgres

import (
	"embed"

	"ducha/store/sqlstore"
)

//go:embed migrations/*.sql
var migrationFiles embed.FS

// schema is the migrations of the first schema of the search path, one
// migration at a time.
var schema = sqlstore.NewSchema(migrationFiles, "TIMESTAMPTZ NOT NULL DEFAULT now()",
	`SELECT to_regclass('schema_migrations') IS NOT NULL`,
	`SELECT pg_advisory_xact_lock(hashtext('ducha migrate ' || current_schema()))`)

// LatestVersion is the schema version this build of the store migrates to.
func LatestVersion() int { return schema.Latest() }

func (*dialect) Schema() sqlstore.Schema { return schema }
