package cli

import (
	"context"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"ducha/ledger"
	"ducha/proposal"
	"ducha/proposalsheet"
)

func init() {
	register("proposals", "建议提案: write the invented sample list, or the 办理情况统计表 (xlsx)", runProposals)
}

// importProposals is 'ducha import proposals [--db DSN] [--kind 建议|提案]
// [--session 届次] FILE': the list as the 人大 or 政协 send it (xlsx or CSV)
// into the ledger, all or nothing, audited as the CLI user.
func importProposals(env *Env, args []string) error {
	fs := newFlags(env, "import proposals", "FILE.xlsx|FILE.csv")
	db := dbFlag(fs)
	kindName := fs.String("kind", "", "建议 or 提案, when the list has no 类型 column")
	session := fs.String("session", "", "the session (届次), e.g. 十五届三次会议, when the list has no 届次 column")
	actorName := actorFlag(fs)
	files, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(files) != 1 {
		return usageError("import proposals: give one FILE (.xlsx or .csv: 编号, 标题, 领衔人, 附议人, 类别, 主办单位, 协办单位)")
	}
	var kind proposal.Kind
	if *kindName != "" {
		k, ok := proposal.ParseKind(*kindName)
		if !ok {
			return usageError("import proposals: --kind %q: use 建议 or 提案", *kindName)
		}
		kind = k
	}
	raw, err := readLimited(files[0], proposalsheet.MaxBytes)
	if err != nil {
		return err
	}
	items, err := proposalsheet.Parse(raw, files[0], proposalsheet.Options{Kind: kind, Session: strings.TrimSpace(*session)})
	if err != nil {
		return err
	}
	ctx := context.Background()
	st, err := openSupervision(ctx, *db)
	if err != nil {
		return fmt.Errorf("%s: %w", *db, err)
	}
	defer st.Close()
	actor := actorNamed(ctx, st, *actorName)
	added, err := st.ImportProposals(ctx, items, actor.Login)
	if err != nil {
		return fmt.Errorf("%s: %w", files[0], err)
	}
	n := map[proposal.Kind]int{}
	for _, it := range added {
		n[it.Kind]++
	}
	fmt.Fprintf(env.Stdout, "%s: %d items added (%d 建议, %d 提案)\n", files[0], len(added), n[proposal.KindSuggestion], n[proposal.KindProposal])
	return nil
}

func readLimited(path string, max int64) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	raw, err := io.ReadAll(io.LimitReader(f, max+1))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if int64(len(raw)) > max {
		return nil, fmt.Errorf("%s: larger than %d MiB", path, max>>20)
	}
	return raw, nil
}

func runProposals(env *Env, args []string) error {
	if len(args) == 0 {
		return usageError("proposals: say what to do: sample or stats")
	}
	switch args[0] {
	case "sample":
		return proposalsSample(env, args[1:])
	case "stats":
		return proposalsStats(env, args[1:])
	}
	return usageError("proposals: unknown action %q: use sample or stats", args[0])
}

// proposalsSample is 'ducha proposals sample [--suggestions N]
// [--proposals N] --out FILE': an invented list (xlsx or CSV by the
// name), for demos and tests.
func proposalsSample(env *Env, args []string) error {
	fs := newFlags(env, "proposals sample", "")
	ns := fs.Int("suggestions", 76, "number of 建议")
	np := fs.Int("proposals", 99, "number of 提案")
	session := fs.String("session", "十五届三次会议", "the session (届次)")
	out := fs.String("out", "", "the file to write, .xlsx or .csv (required)")
	if _, err := parseFlags(fs, args); err != nil {
		return err
	}
	if *out == "" || *ns < 0 || *np < 0 || *ns+*np > proposalsheet.MaxRows {
		return usageError("proposals sample: give --out FILE.xlsx or FILE.csv and at most %d items", proposalsheet.MaxRows)
	}
	items := proposalsheet.SampleItems(*ns, *np, *session)
	return writeFileAtomic(*out, func(f *os.File) error {
		if strings.HasSuffix(strings.ToLower(*out), ".csv") {
			return proposalsheet.WriteListCSV(f, items)
		}
		return proposalsheet.WriteListXLSX(f, items)
	})
}

// proposalsStats is 'ducha proposals stats [--db DSN] --out FILE.xlsx':
// the 办理情况统计表 as of today (or --on), audited as an export.
func proposalsStats(env *Env, args []string) error {
	fs := newFlags(env, "proposals stats", "")
	db := dbFlag(fs)
	out := fs.String("out", "", "the xlsx file to write (required)")
	on := fs.String("on", "", "the day the figures are as of, YYYY-MM-DD (default today)")
	actorName := actorFlag(fs)
	if _, err := parseFlags(fs, args); err != nil {
		return err
	}
	if *out == "" {
		return usageError("proposals stats: give --out FILE.xlsx")
	}
	now := time.Now()
	if *on != "" {
		d, err := time.Parse("2006-01-02", *on)
		if err != nil {
			return usageError("proposals stats: --on %q: use YYYY-MM-DD", *on)
		}
		now = d
	}
	ctx := context.Background()
	st, err := openSupervision(ctx, *db)
	if err != nil {
		return fmt.Errorf("%s: %w", *db, err)
	}
	defer st.Close()
	items, err := st.Proposals(ctx, proposal.Filter{})
	if err != nil {
		return err
	}
	if err := writeFileAtomic(*out, func(f *os.File) error { return proposalsheet.ExportStats(f, items, now) }); err != nil {
		return err
	}
	actor := actorNamed(ctx, st, *actorName)
	if err := st.AppendAudit(ctx, exportAudit(actor.Login, *out, len(items))); err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "%s: 办理情况统计表 of %d items\n", *out, len(items))
	return nil
}

// exportAudit is the audit entry of an export of the statistics.
func exportAudit(actor, file string, n int) ledger.AuditEntry {
	return ledger.AuditEntry{At: time.Now(), Actor: actor, Action: "proposal.export_stats", Entity: "proposal",
		After: fmt.Sprintf(`{"File":%q,"Items":%d}`, file, n)}
}
