package importer

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"ducha/ledger"
)

// TestReimportKeepsOfficeDecisions: a target's kind and 不列入, as the
// office set them, survive the import of a corrected version of the
// report, like the assignments.
func TestReimportKeepsOfficeDecisions(t *testing.T) {
	for _, b := range backends(t) {
		t.Run(b.name, func(t *testing.T) {
			ctx := context.Background()
			st, _ := b.open(t)
			office, ok := st.(interface {
				SetTargetKind(ctx context.Context, id int64, kind, actor string) error
				ExcludeCommitments(ctx context.Context, ids []int64, reason, actor string) error
			})
			if !ok {
				t.Fatalf("%T keeps no office decisions", st)
			}
			im, res := loadSample(t, st)
			cs, err := st.Commitments(ctx, res.ReportID)
			if err != nil {
				t.Fatal(err)
			}
			// The 2024 plan's 社会消费品零售总额增长7%左右 is a rate; the
			// office reads it as a level to reach, to test the carry-over.
			var retail, lead ledger.Commitment
			for _, c := range cs {
				if c.Kind != ledger.KindTarget || c.Period != 2024 {
					continue
				}
				if c.Target != nil && c.Target.Indicator == "社会消费品零售总额" {
					retail = c
				}
				// A proposal without a figure the office keeps out: the
				// first one of the plan (the extractor no longer proposes
				// the lead-in 主要预期目标是 itself).
				if lead.Code == "" && c.Target == nil && c.ParentCode == "" {
					lead = c
				}
			}
			if retail.Code == "" || lead.Code == "" {
				t.Fatalf("sample lacks the retail target (%q) or a proposal without a figure (%q)", retail.Code, lead.Code)
			}
			if err := office.SetTargetKind(ctx, retail.ID, "level", "duchashi"); err != nil {
				t.Fatal(err)
			}
			if err := office.ExcludeCommitments(ctx, []int64{lead.ID}, "表述性内容，不列为任务", "duchashi"); err != nil {
				t.Fatal(err)
			}
			raw, _ := os.ReadFile(samplePath)
			text := strings.Replace(string(raw), "一般公共预算收入增长5%以上", "一般公共预算收入增长5.5%以上", 1)
			edited := filepath.Join(t.TempDir(), "shili-2024-v2.txt")
			os.WriteFile(edited, []byte(text), 0o644)
			again, err := im.ImportReport(ctx, edited, ReportOptions{})
			if err != nil {
				t.Fatal(err)
			}
			if !again.Replaced {
				t.Fatalf("re-import: %+v", again)
			}
			cs, err = st.Commitments(ctx, again.ReportID)
			if err != nil {
				t.Fatal(err)
			}
			var gotKind string
			var gotExcl *ledger.Exclusion
			for _, c := range cs {
				if c.Code == retail.Code && c.Target != nil {
					gotKind = c.Target.Kind
				}
				if c.Code == lead.Code {
					gotExcl = c.Excluded
				}
				if c.Code != lead.Code && c.Excluded != nil {
					t.Errorf("%s excluded after re-import", c.Code)
				}
			}
			if gotKind != "level" {
				t.Errorf("kind of %s after re-import %q, want level", retail.Code, gotKind)
			}
			if gotExcl == nil || gotExcl.Reason != "表述性内容，不列为任务" || gotExcl.By != "duchashi" {
				t.Errorf("exclusion of %s after re-import: %+v", lead.Code, gotExcl)
			}
		})
	}
}
