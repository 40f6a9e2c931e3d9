package cli

import (
	"context"
	"fmt"

	"ducha/store"
)

func init() {
	register("backup", "write a backup of the ledger to a new file while it is in use", runBackup)
	register("restore", "replace the ledger with a backup", runRestore)
}

func runBackup(env *Env, args []string) error {
	fs := newFlags(env, "backup", "FILE")
	db := dbFlag(fs)
	rest, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(rest) != 1 {
		return usageError("backup: give the file to write, e.g. ducha backup ledger-2024-12-01.db")
	}
	if err := store.Backup(context.Background(), *db, rest[0]); err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "backup written to %s\n", rest[0])
	return nil
}

func runRestore(env *Env, args []string) error {
	fs := newFlags(env, "restore", "FILE")
	db := dbFlag(fs)
	force := fs.Bool("force", false, "replace an existing ledger (a SQLite one is kept beside it as DB.before-restore-TIME; a PostgreSQL one loses its public schema)")
	rest, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(rest) != 1 {
		return usageError("restore: give the backup file, e.g. ducha restore --db ducha.db ledger-2024-12-01.db")
	}
	kept, err := store.Restore(context.Background(), rest[0], *db, cliActor().Login, *force)
	if err != nil {
		return err
	}
	if kept != "" {
		fmt.Fprintf(env.Stdout, "the replaced ledger is kept as %s\n", kept)
	}
	fmt.Fprintf(env.Stdout, "ledger restored from %s\n", rest[0])
	return nil
}
