package cli

import (
	"context"
	"fmt"
	"io"
	"os"

	"ducha/project"
	"ducha/projectsheet"
)

// maxProjectSheet bounds the plan sheet read by 'ducha import projects'.
const maxProjectSheet = 20 << 20

// importProjects is 'ducha import projects [--db DSN] --year N FILE': a
// 重点项目计划表 (xlsx or CSV) into the project ledger, all or nothing.
func importProjects(env *Env, args []string) error {
	fs := newFlags(env, "import projects", "FILE.xlsx|FILE.csv")
	db := dbFlag(fs)
	year := fs.Int("year", 0, "the plan year of the sheet (required)")
	files, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(files) != 1 {
		return usageError("import projects: give one FILE (.xlsx or .csv, a 重点项目计划表)")
	}
	if *year < 2000 || *year > 2100 {
		return usageError("import projects: give the plan year with --year, e.g. --year 2024")
	}
	f, err := os.Open(files[0])
	if err != nil {
		return err
	}
	raw, err := io.ReadAll(io.LimitReader(f, maxProjectSheet+1))
	f.Close()
	if err != nil {
		return fmt.Errorf("%s: %w", files[0], err)
	}
	if len(raw) > maxProjectSheet {
		return fmt.Errorf("%s: larger than %d MiB", files[0], maxProjectSheet>>20)
	}
	ps, err := projectsheet.Parse(raw, files[0], *year)
	if err != nil {
		return err
	}
	ctx := context.Background()
	st, err := openStore(ctx, *db, true)
	if err != nil {
		return fmt.Errorf("%s: %w", *db, err)
	}
	defer st.Close()
	pst, ok := st.(project.Store)
	if !ok {
		return fmt.Errorf("%s: this store keeps no projects", *db)
	}
	created, updated, err := pst.ImportProjects(ctx, ps, cliActor().Login)
	if err != nil {
		return fmt.Errorf("%s: %w", files[0], err)
	}
	fmt.Fprintf(env.Stdout, "%s: %d projects added, %d updated\n", files[0], created, updated)
	return nil
}
