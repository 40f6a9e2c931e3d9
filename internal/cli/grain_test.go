package cli

import (
	"encoding/json"
	"strings"
	"testing"
)

// TestExtractGrain: --grain sentence groups the sample's clauses without a
// figure into fewer commitments with measures; an unknown grain is a usage
// error naming the flag.
func TestExtractGrain(t *testing.T) {
	count := func(grain string) (rows, measures int) {
		code, out, errOut := run(t, "", "extract", "--commitments", "--grain", grain, "../../samples/shili-2024.txt")
		if code != 0 {
			t.Fatalf("--grain %s: exit %d: %s", grain, code, errOut)
		}
		lines := strings.Split(strings.TrimSpace(out), "\n")
		for _, l := range lines[1:] {
			var c struct {
				Measures []json.RawMessage `json:"measures"`
			}
			if err := json.Unmarshal([]byte(l), &c); err != nil {
				t.Fatal(err)
			}
			measures += len(c.Measures)
		}
		return len(lines) - 1, measures
	}
	clauseRows, clauseMeasures := count("clause")
	sentRows, sentMeasures := count("sentence")
	if clauseMeasures != 0 || sentMeasures == 0 || sentRows >= clauseRows {
		t.Errorf("clause grain: %d rows, %d measures; sentence grain: %d rows, %d measures", clauseRows, clauseMeasures, sentRows, sentMeasures)
	}
	code, _, errOut := run(t, "", "extract", "--commitments", "--grain", "word", "../../samples/shili-2024.txt")
	if code == 0 || !strings.Contains(errOut, "--grain") || !strings.Contains(errOut, "word") {
		t.Errorf("unknown grain: exit %d, %q", code, errOut)
	}
}
