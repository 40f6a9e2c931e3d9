package cli

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"ducha/store"
)

// TestImportInfersOnlyPlausibleGovernments: the government of a report
// imported without --government is a region's name or nothing at all.
func TestImportInfersOnlyPlausibleGovernments(t *testing.T) {
	sample, err := os.ReadFile("../../samples/shili-2024.txt")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	db := filepath.Join(dir, "x.db")
	// The session line names 试点1区; before, the import created 较好完成了区.
	renamed := writeFile(t, "shidian-2024.txt", []byte(strings.ReplaceAll(string(sample), "示例区", "试点1区")))
	if code, out, errOut := run(t, "", "import", "report", "--db", db, renamed); code != 0 {
		t.Fatalf("exit %d: %s %s", code, out, errOut)
	}
	// The heading cut off, and no 区 name in the text: nothing to go by
	// but 较好完成了区三届人大, which names no government.
	body := string(sample)
	body = body[strings.Index(body, "各位代表"):]
	body = strings.ReplaceAll(body, "示例区", "本地")
	anon := writeFile(t, "anon-2024.txt", []byte(body))
	code, _, errOut := run(t, "", "import", "report", "--db", db, "--year", "2024", anon)
	if code != 1 || !strings.Contains(errOut, "give --government") || strings.Count(errOut, "\n") != 1 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	st, err := store.Open(context.Background(), db, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	govs, err := st.Governments(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, g := range govs {
		names = append(names, g.Name)
	}
	if strings.Join(names, ",") != "试点1区" {
		t.Fatalf("governments %v, want only 试点1区", names)
	}
}
