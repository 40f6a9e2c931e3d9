package extract

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// sharedDir is the project's shared material, beside the repository.
const sharedDir = "../../shared"

// TestChengguanScore runs the extractor on the real 2020 report of 城关区
// and scores it against its gold labels with the project's scorer.
func TestChengguanScore(t *testing.T) {
	doc := filepath.Join(sharedDir, "corpus", "chengguan-2020.txt")
	gold := filepath.Join(sharedDir, "corpus", "chengguan-2020.gold.jsonl")
	scorer := filepath.Join(sharedDir, "eval", "score")
	text, err := os.ReadFile(doc)
	if err != nil {
		t.Fatalf("the shared corpus must sit beside the repository: %v", err)
	}
	res := Extract(string(text), Options{})
	var out bytes.Buffer
	if err := res.WriteJSONL(&out, res.Header("chengguan-2020.txt"), false); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("python3", scorer, gold, "-", "--min-strict-f1", "0.95", "--min-full-f1", "0.80", "--show-errors", "20")
	cmd.Stdin = &out
	report, err := cmd.CombinedOutput()
	t.Logf("scorer:\n%s", report)
	if err != nil {
		t.Fatalf("scorer failed the extractor: %v", err)
	}
	st := res.Structure
	if st.Region != "城关区" || st.ReportYear != 2020 || st.ReviewYear != 2019 {
		t.Errorf("inferred region %q, report year %d, review year %d; want 城关区 2020 2019", st.Region, st.ReportYear, st.ReviewYear)
	}
}

// TestChengguanCommitments checks the plan part's list of 10件实事 gives
// one commitment per item.
func TestChengguanCommitments(t *testing.T) {
	text, err := os.ReadFile(filepath.Join(sharedDir, "corpus", "chengguan-2020.txt"))
	if err != nil {
		t.Fatal(err)
	}
	res := Extract(string(text), Options{})
	var head *Commitment
	for i, c := range res.Commitments {
		for _, m := range c.Quantities {
			if m.Quantity == "10件" {
				head = &res.Commitments[i]
			}
		}
	}
	if head == nil {
		t.Fatal("no commitment holds 10件实事")
	}
	var items []string
	for _, c := range res.Commitments {
		if c.Parent == head.Code {
			items = append(items, c.Text)
		}
	}
	if len(items) != 10 || head.Items != 10 {
		t.Fatalf("10件实事 gave %d items (Items=%d): %q", len(items), head.Items, items)
	}
	if items[0] != "多渠道扩充教育资源,新增学位6000个以上" {
		t.Errorf("first item %q", items[0])
	}
	for _, c := range res.Commitments {
		if c.Start < res.Structure.Plan.Start || res.Text[c.Start:c.End] != c.Text {
			t.Errorf("commitment %s outside the plan or with wrong offsets", c.Code)
		}
	}
}
