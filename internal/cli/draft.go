package cli

import (
	"context"
	"fmt"
	"os"

	"ducha/internal/docx"
	"ducha/supervise"
	"ducha/web"
)

func init() {
	register("draft", "draft the 回顾 of a year from its approved progress (text or DOCX)", runDraft)
}

func runDraft(env *Env, args []string) error {
	fs := newFlags(env, "draft", "")
	db := dbFlag(fs)
	gov := fs.String("government", "", "government (required)")
	year := fs.Int("year", 0, "the year whose progress is reviewed (required)")
	format := fs.String("format", "text", "text or docx")
	out := fs.String("o", "", "output file (docx needs one; text goes to standard output without)")
	rest, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(rest) != 0 || *gov == "" || *year == 0 {
		return usageError("draft: give --government and --year")
	}
	if *format != "text" && *format != "docx" {
		return usageError("draft: --format %q: use text or docx", *format)
	}
	if *format == "docx" && *out == "" {
		return usageError("draft: --format docx needs -o FILE.docx")
	}
	ctx := context.Background()
	st, err := openSupervision(ctx, *db)
	if err != nil {
		return err
	}
	defer st.Close()
	g, err := st.Government(ctx, *gov)
	if err != nil {
		return err
	}
	rep, err := st.Report(ctx, g.ID, *year)
	if err != nil {
		return err
	}
	d, err := (&supervise.Service{Store: st}).DraftReview(ctx, rep.ID)
	if err != nil {
		return err
	}
	if *format == "text" {
		if *out == "" {
			_, err := fmt.Fprint(env.Stdout, d.Text())
			return err
		}
		return writeFileAtomic(*out, func(f *os.File) error { _, err := f.WriteString(d.Text()); return err })
	}
	if err := writeFileAtomic(*out, func(f *os.File) error { return docx.Write(f, d.Title, web.DraftBlocks(d)) }); err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "%s: %d sections\n", *out, len(d.Sections))
	return nil
}
