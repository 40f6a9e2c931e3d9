package supervise_test

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"ducha/demo"
	"ducha/store"
	"ducha/supervise"
)

// BenchmarkTaskSheet: preview and apply of the demo report's whole task
// sheet (CSV) with one deadline edited, as the web upload runs them.
func BenchmarkTaskSheet(b *testing.B) {
	ctx := context.Background()
	st, err := store.Open(ctx, filepath.Join(b.TempDir(), "ducha.db"), store.Options{Migrate: true})
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	res, err := demo.Build(ctx, st, nil)
	if err != nil {
		b.Fatal(err)
	}
	svc := &supervise.Service{Store: st, Now: func() time.Time { return demo.AsOf }}
	c := newTargets(b, svc, res.ReportID, 1)[0]
	sheet := exportSheet(b, st, res.ReportID)
	lines := strings.Split(sheet, "\n")
	for i, l := range lines {
		if f := strings.Split(l, ","); len(f) > 1 && f[1] == c.Code {
			lines[i] = strings.Replace(l, "2024-12-31", "9月底前", 1)
		}
	}
	edited := []byte(strings.Join(lines, "\n"))
	b.Logf("%d rows, %d bytes", len(lines)-2, len(edited))
	b.Run("Preview", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := svc.PreviewTaskSheet(ctx, clerk, res.ReportID, "t.csv", edited); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("PreviewAndApply", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			p, err := svc.PreviewTaskSheet(ctx, clerk, res.ReportID, "t.csv", edited)
			if err != nil {
				b.Fatal(err)
			}
			if _, err := svc.ApplyTaskSheet(ctx, clerk, res.ReportID, "t.csv", edited, p.Digest); err != nil {
				b.Fatal(err)
			}
			// Undo the edit so that the next round applies it again.
			back := "2024-12-31"
			if _, err := svc.EditPlan(ctx, clerk, c.ID, planDeadline(back)); err != nil {
				b.Fatal(err)
			}
		}
	})
}
