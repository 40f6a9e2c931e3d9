package importer

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"ducha/ledger"
)

// generateReports writes n variations of the 2024 sample report into dir:
// each is the report of a different district (示例1区 …), with its figures
// changed so that no two files are alike.
func generateReports(tb testing.TB, dir string, n int) []string {
	tb.Helper()
	base, err := os.ReadFile("../samples/shili-2024.txt")
	if err != nil {
		tb.Fatal(err)
	}
	var files []string
	for i := 1; i <= n; i++ {
		text := strings.ReplaceAll(string(base), "示例区", fmt.Sprintf("示例%d区", i))
		text = strings.Replace(text, "新增学位6000个以上", fmt.Sprintf("新增学位%d个以上", 5000+i), 1)
		text = strings.Replace(text, "新增城镇就业", fmt.Sprintf("新增城镇就业%d人，", 1000+i)+"新增城镇就业", 1)
		p := filepath.Join(dir, fmt.Sprintf("report-%04d.txt", i))
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			tb.Fatal(err)
		}
		files = append(files, p)
	}
	return files
}

// benchImport imports 1,000 generated reports into a fresh store per
// iteration and reports reports/s, rows and database size.
func benchImport(b *testing.B, open func(b *testing.B) (ledger.Store, func() int64)) {
	files := generateReports(b, b.TempDir(), 1000)
	ctx := context.Background()
	var rows, size int64
	var elapsed time.Duration
	for b.Loop() {
		st, sizeOf := open(b)
		im := &Importer{Store: st}
		start := time.Now()
		rows = 0
		for i, f := range files {
			res, err := im.ImportReport(ctx, f, ReportOptions{Government: fmt.Sprintf("示例%d区", i+1), Level: ledger.LevelCounty, Parent: "示例市"})
			if err != nil {
				b.Fatal(err)
			}
			rows += int64(res.Commitments + res.Achievements)
		}
		elapsed += time.Since(start)
		size = sizeOf()
		st.Close()
	}
	b.ReportMetric(float64(b.N*len(files))/elapsed.Seconds(), "reports/s")
	b.ReportMetric(float64(rows), "commitments")
	b.ReportMetric(float64(size)/(1<<20), "MiB")
}
