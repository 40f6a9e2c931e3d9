package cli

import (
	"context"
	"fmt"

	"ducha/store"
)

func init() {
	register("migrate", "bring the database schema up to this version of ducha", runMigrate)
}

func runMigrate(env *Env, args []string) error {
	fs := newFlags(env, "migrate", "")
	db := dbFlag(fs)
	rest, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(rest) != 0 {
		return usageError("migrate: takes no arguments")
	}
	from, to, err := store.Migrate(context.Background(), *db)
	if err != nil {
		return fmt.Errorf("%s: %w", shownDSN(*db), err)
	}
	if from == to {
		fmt.Fprintf(env.Stdout, "%s: schema is up to date (version %d)\n", shownDSN(*db), to)
	} else {
		fmt.Fprintf(env.Stdout, "%s: schema migrated from version %d to %d\n", shownDSN(*db), from, to)
	}
	return nil
}
