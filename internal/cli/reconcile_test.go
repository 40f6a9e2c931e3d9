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
			Target      map[string]any  `json:"target"`
			Verdict     string          `json:"verdict"`
			Achievement *map[string]any `json:"achievement"`
		}
		if err := json.Unmarshal([]byte(l), &m); err != nil {
			t.Fatal(err)
		}
		for _, k := range []string{"start", "end", "quantity", "indicator", "value", "unit", "comparator"} {
			if _, ok := m.Target[k]; !ok {
				t.Fatalf("target lacks %s: %s", k, l)
			}
		}
		if (m.Verdict == "not_mentioned") != (m.Achievement == nil) {
			t.Errorf("verdict %s with achievement %v", m.Verdict, m.Achievement)
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
