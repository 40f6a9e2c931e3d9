package cli

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestReconcileFiles(t *testing.T) {
	code, out, errOut := run(t, "", "reconcile", "--format", "jsonl", "../../samples/shili-2024.txt", "../../samples/shili-2025.txt")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	verdicts := map[string]int{}
	for _, l := range strings.Split(strings.TrimSpace(out), "\n") {
		var m struct {
			Target      map[string]any   `json:"target"`
			Verdict     string           `json:"verdict"`
			Achievement *map[string]any  `json:"achievement"`
			Statement   *map[string]any  `json:"statement"`
			Candidates  []map[string]any `json:"candidates"`
		}
		if err := json.Unmarshal([]byte(l), &m); err != nil {
			t.Fatal(err)
		}
		for _, k := range []string{"start", "end", "quantity", "indicator", "value", "unit", "comparator", "kind"} {
			if _, ok := m.Target[k]; !ok {
				t.Fatalf("target lacks %s: %s", k, l)
			}
		}
		// A verdict stands on a figure or on a statement of the next
		// report; an uncertain one lists its candidates; silence has none.
		answered := m.Achievement != nil || m.Statement != nil
		switch m.Verdict {
		case "not_mentioned":
			if answered || len(m.Candidates) > 0 {
				t.Errorf("not_mentioned with an answer: %s", l)
			}
		case "uncertain":
			if m.Achievement != nil || len(m.Candidates) == 0 {
				t.Errorf("uncertain without candidates: %s", l)
			}
		default:
			if !answered {
				t.Errorf("verdict %s without an achievement or statement: %s", m.Verdict, l)
			}
		}
		if m.Statement != nil && (*m.Statement)["text"] == "" {
			t.Errorf("statement without its text: %s", l)
		}
		verdicts[m.Verdict]++
	}
	for _, v := range []string{"exceeded", "met", "missed", "not_mentioned"} {
		if verdicts[v] == 0 {
			t.Errorf("no %s line", v)
		}
	}
	code, out, _ = run(t, "", "reconcile", "../../samples/shili-2024.txt", "../../samples/shili-2025.txt")
	if code != 0 || !strings.Contains(out, "超额完成") || !strings.Contains(out, "未提及") {
		t.Errorf("table: exit %d\n%s", code, out)
	}
}
