package extract

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strconv"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

// TestGolden extracts the shipped sample reports and the rule fixtures in
// testdata and compares mentions and commitments with the reviewed golden
// files. Run 'go test ./extract -run Golden -update' after an intended
// change and review the diff.
func TestGolden(t *testing.T) {
	inputs, _ := filepath.Glob("../samples/*.txt")
	fixtures, _ := filepath.Glob("testdata/*.txt")
	inputs = append(inputs, fixtures...)
	if len(inputs) < 3 {
		t.Fatalf("expected the sample reports and fixtures, found %v", inputs)
	}
	for _, in := range inputs {
		name := filepath.Base(in)
		t.Run(name, func(t *testing.T) {
			text, err := os.ReadFile(in)
			if err != nil {
				t.Fatal(err)
			}
			res := Extract(string(text), Options{})
			for _, kind := range []string{"mentions", "commitments"} {
				var got bytes.Buffer
				if err := res.WriteJSONL(&got, res.Header(name), kind == "commitments"); err != nil {
					t.Fatal(err)
				}
				golden := filepath.Join("testdata", "golden", name+"."+kind+".jsonl")
				if *update {
					if err := os.MkdirAll(filepath.Dir(golden), 0o755); err != nil {
						t.Fatal(err)
					}
					if err := os.WriteFile(golden, got.Bytes(), 0o644); err != nil {
						t.Fatal(err)
					}
					continue
				}
				want, err := os.ReadFile(golden)
				if err != nil {
					t.Fatalf("%v (run with -update to create it)", err)
				}
				if !bytes.Equal(got.Bytes(), want) {
					t.Errorf("%s differs from %s:\n%s", name, golden, firstDiff(got.Bytes(), want))
				}
			}
		})
	}
}

// firstDiff shows the first line where got and want differ.
func firstDiff(got, want []byte) string {
	g, w := bytes.Split(got, []byte("\n")), bytes.Split(want, []byte("\n"))
	for i := 0; i < len(g) || i < len(w); i++ {
		var gl, wl []byte
		if i < len(g) {
			gl = g[i]
		}
		if i < len(w) {
			wl = w[i]
		}
		if !bytes.Equal(gl, wl) {
			return "line " + itoa(i+1) + "\n got: " + string(gl) + "\nwant: " + string(wl)
		}
	}
	return ""
}

func itoa(n int) string { return strconv.Itoa(n) }
