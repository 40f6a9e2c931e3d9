package sqlite

import (
	"embed"

	"ducha/store/sqlstore"
)

//go:embed migrations/*.sql
var migrationFiles embed.FS

var schema = sqlstore.NewSchema(migrationFiles, "TEXT NOT NULL",
	`SELECT count(*) > 0 FROM sqlite_schema WHERE type = 'table' AND name = 'schema_migrations'`, "")

// LatestVersion is the schema version this build of the store migrates to.
func LatestVersion() int { return schema.Latest() }

func (dialect) Schema() sqlstore.Schema { return schema }
