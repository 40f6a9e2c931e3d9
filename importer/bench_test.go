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

// benchTables are the tables an import writes, for counting rows.
var benchTables = []string{"reports", "commitments", "targets", "assignments", "assignment_cooperators", "milestones"}

// benchDB is a fresh store for one iteration of benchImport. After the
// store is closed, stats returns the size of the database and the number
// of rows in benchTables.
type benchDB struct {
	store ledger.Store
	stats func() (size, rows int64)
}

// benchImport imports 1,000 generated reports into a fresh store per
// iteration, with ImportReports as 'ducha import report' does, and
// reports reports/s, the processor time per report (less disturbed by
// other work on a shared machine), the commitments and achievements, all
// rows written and the size of the database once closed. With units, the
// sample units directory is imported first (untimed), so that lead units
// are suggested and stored as assignments.
func benchImport(b *testing.B, units bool, open func(b *testing.B) benchDB) {
	files := generateReports(b, b.TempDir(), 1000)
	ctx := context.Background()
	var commitments, rows, size int64
	var elapsed, cpu time.Duration
	jobs := make([]ReportFile, len(files))
	for i, f := range files {
		jobs[i] = ReportFile{Path: f, Options: ReportOptions{Government: fmt.Sprintf("示例%d区", i+1), Level: ledger.LevelCounty, Parent: "示例市"}}
	}
	for b.Loop() {
		db := open(b)
		im := &Importer{Store: db.store}
		if units {
			if _, _, err := im.ImportUnits(ctx, "../samples/units.csv"); err != nil {
				b.Fatal(err)
			}
		}
		start, cpu0 := time.Now(), cpuTime()
		results, err := im.ImportReports(ctx, jobs, nil)
		if err != nil {
			b.Fatal(err)
		}
		elapsed += time.Since(start)
		cpu += cpuTime() - cpu0
		commitments = 0
		for _, res := range results {
			if res.Err != nil {
				b.Fatal(res.Err)
			}
			commitments += int64(res.Commitments + res.Achievements)
		}
		db.store.Close()
		size, rows = db.stats()
	}
	b.ReportMetric(float64(b.N*len(files))/elapsed.Seconds(), "reports/s")
	if cpu > 0 {
		b.ReportMetric(cpu.Seconds()*1e3/float64(b.N*len(files)), "cpu-ms/report")
	}
	b.ReportMetric(float64(commitments), "commitments")
	b.ReportMetric(float64(rows), "rows")
	b.ReportMetric(float64(size)/(1<<20), "MiB")
}
