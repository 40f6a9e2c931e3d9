package importer

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"ducha/ledger"
)

const (
	samplePath    = "../samples/shili-2024.txt"
	chengguanPath = "../../shared/corpus/chengguan-2020.txt"
)

// loadSample imports the units directory and the 2024 sample report.
func loadSample(t *testing.T, st ledger.Store) (*Importer, ReportResult) {
	t.Helper()
	ctx := context.Background()
	im := &Importer{Store: st}
	if _, _, err := im.ImportUnits(ctx, "../samples/units.csv"); err != nil {
		t.Fatal(err)
	}
	res, err := im.ImportReport(ctx, samplePath, ReportOptions{Level: ledger.LevelCounty, Parent: "示例市"})
	if err != nil {
		t.Fatal(err)
	}
	return im, res
}

// TestImportReports: the sample and the real 城关区 report import into a
// fresh database; every target links back to its sentence; the 10件实事
// become ten commitments; a second import changes nothing.
func TestImportReports(t *testing.T) {
	for _, b := range backends(t) {
		t.Run(b.name, func(t *testing.T) {
			ctx := context.Background()
			st, _ := b.open(t)
			im, res := loadSample(t, st)
			if res.Government != "示例区" || res.Year != 2024 || res.Commitments < 80 || res.Achievements < 100 || res.Suggested < 40 {
				t.Errorf("sample import: %+v", res)
			}
			cg, err := im.ImportReport(ctx, chengguanPath, ReportOptions{Government: "城关区", Level: ledger.LevelCounty, Parent: "兰州市"})
			if err != nil {
				t.Fatal(err)
			}
			for _, r := range []ReportResult{res, cg} {
				g, err := st.Government(ctx, r.Government)
				if err != nil {
					t.Fatal(err)
				}
				if g.Level != ledger.LevelCounty {
					t.Errorf("%s level %q", g.Name, g.Level)
				}
				rep, err := st.Report(ctx, g.ID, r.Year)
				if err != nil {
					t.Fatal(err)
				}
				cs, err := st.Commitments(ctx, rep.ID)
				if err != nil {
					t.Fatal(err)
				}
				for _, c := range cs {
					if c.Kind != ledger.KindTarget || c.Target == nil {
						continue
					}
					q := rep.Text[c.Start:c.End]
					if !strings.Contains(c.Sentence, q) || !strings.Contains(rep.Text, c.Sentence) {
						t.Errorf("%s %s: %q is not linked to its sentence %q", r.Government, c.Code, q, c.Sentence)
					}
				}
				if r.Government == "城关区" {
					var head string
					for _, c := range cs {
						if c.Target != nil && c.Target.Quantity == "10件" {
							head = c.Code
						}
					}
					n := 0
					for _, c := range cs {
						if head != "" && c.ParentCode == head {
							n++
						}
					}
					if n != 10 {
						t.Errorf("城关区 10件实事: %d commitments under %q", n, head)
					}
				}
			}
			again, err := im.ImportReport(ctx, samplePath, ReportOptions{})
			if err != nil || !again.Unchanged {
				t.Errorf("second import: %+v %v", again, err)
			}
		})
	}
}

// TestReimportKeepsManualWork: an edited report replaces the old one and
// keeps the assignments of commitments that still match.
func TestReimportKeepsManualWork(t *testing.T) {
	for _, b := range backends(t) {
		t.Run(b.name, func(t *testing.T) {
			ctx := context.Background()
			st, _ := b.open(t)
			im, res := loadSample(t, st)
			cs, err := st.Commitments(ctx, res.ReportID)
			if err != nil {
				t.Fatal(err)
			}
			var school ledger.Commitment
			for _, c := range cs {
				if c.Target != nil && c.Kind == ledger.KindTarget && c.Target.Indicator == "新增学位" {
					school = c
				}
			}
			if school.Code == "" {
				t.Fatal("no 新增学位 target in the sample")
			}
			school.Assignment.Lead = "示例区教育局"
			school.Assignment.Cooperating = []string{"示例区财政局"}
			school.Assignment.Leader = "张副区长"
			if err := st.ApplyTasks(ctx, res.ReportID, []ledger.Commitment{school}); err != nil {
				t.Fatal(err)
			}
			// The office receives a corrected version: a figure changed and a
			// sentence added at the start of the plan part.
			raw, _ := os.ReadFile(samplePath)
			text := strings.Replace(string(raw), "一般公共预算收入增长5%以上", "一般公共预算收入增长5.5%以上", 1)
			text = strings.Replace(text, "（八）用心用情办好民生实事\n", "（八）用心用情办好民生实事\n坚持尽力而为、量力而行，推进基本公共服务均等化。\n", 1)
			edited := filepath.Join(t.TempDir(), "shili-2024-v2.txt")
			os.WriteFile(edited, []byte(text), 0o644)
			again, err := im.ImportReport(ctx, edited, ReportOptions{})
			if err != nil {
				t.Fatal(err)
			}
			if !again.Replaced || again.Kept < 1 || again.ReportID == 0 {
				t.Fatalf("re-import: %+v", again)
			}
			cs, err = st.Commitments(ctx, again.ReportID)
			if err != nil {
				t.Fatal(err)
			}
			found := false
			for _, c := range cs {
				if c.Target != nil && c.Target.Indicator == "新增学位" && c.Kind == ledger.KindTarget {
					found = true
					a := c.Assignment
					if a.Lead != "示例区教育局" || a.Leader != "张副区长" || len(a.Cooperating) != 1 {
						t.Errorf("assignment not kept: %+v", a)
					}
				}
			}
			if !found {
				t.Error("新增学位 gone after re-import")
			}
		})
	}
}

// sheetEdit is one cell to change in an exported sheet: row by code.
type sheetEdit struct{ code, column, value string }

// editSheet opens an exported workbook, applies edits and appends rows.
func editSheet(t *testing.T, xlsx []byte, edits []sheetEdit, newRows [][2][]string) []byte {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(xlsx))
	if err != nil {
		t.Fatal(err)
	}
	sheet := f.GetSheetList()[0]
	rows, err := f.GetRows(sheet)
	if err != nil {
		t.Fatal(err)
	}
	header, col := -1, map[string]int{}
	for i, r := range rows {
		for j, c := range r {
			if c == "编码" {
				header = i
			}
			if header == i {
				col[c] = j
			}
		}
		if header >= 0 {
			break
		}
	}
	if header < 0 {
		t.Fatal("no header row")
	}
	rowOf := map[string]int{}
	for i := header + 1; i < len(rows); i++ {
		if len(rows[i]) > col["编码"] {
			rowOf[rows[i][col["编码"]]] = i + 1
		}
	}
	set := func(row int, column, value string) {
		j, ok := col[column]
		if !ok {
			t.Fatalf("no column %s", column)
		}
		name, _ := excelize.CoordinatesToCellName(j+1, row)
		if err := f.SetCellStr(sheet, name, value); err != nil {
			t.Fatal(err)
		}
	}
	for _, e := range edits {
		r, ok := rowOf[e.code]
		if !ok {
			t.Fatalf("no row for %s", e.code)
		}
		set(r, e.column, e.value)
	}
	next := len(rows) + 1
	for _, nr := range newRows {
		for k, column := range nr[0] {
			set(next, column, nr[1][k])
		}
		next++
	}
	var out bytes.Buffer
	if err := f.Write(&out); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

// TestTaskSheetRoundTrip: export → edit the sheet → import → the database
// holds the edits; a bad sheet changes nothing and reports every error.
func TestTaskSheetRoundTrip(t *testing.T) {
	for _, b := range backends(t) {
		t.Run(b.name, func(t *testing.T) {
			ctx := context.Background()
			st, _ := b.open(t)
			im, res := loadSample(t, st)
			var xlsx bytes.Buffer
			n, err := exportSheet(ctx, st, im, &xlsx)
			if err != nil || n < 80 {
				t.Fatalf("export: %d rows, %v", n, err)
			}
			before, _ := st.Commitments(ctx, res.ReportID)
			var jobs, beds string
			for _, c := range before {
				if c.Kind != ledger.KindTarget || c.Target == nil {
					continue
				}
				switch c.Target.Indicator {
				case "新增城镇就业":
					jobs = c.Code
				case "新增养老床位":
					beds = c.Code
				}
			}
			if jobs == "" || beds == "" {
				t.Fatalf("sample lacks 新增城镇就业 or 新增养老床位 targets")
			}
			edited := editSheet(t, xlsx.Bytes(), []sheetEdit{
				{jobs, "牵头单位", "区人社局"},
				{jobs, "配合单位", "示例区财政局、示例区教育局"},
				{jobs, "责任领导", "李副区长"},
				{jobs, "完成时限", "9月底前"},
				{jobs, "时间节点", "2024-06-30：6000；2024-09-30：12000"},
				{jobs, "权重", "2"},
			}, [][2][]string{{
				{"编码", "上级编码", "任务内容", "牵头单位", "完成时限"},
				{jobs + ".1", jobs, "高校毕业生就业见习岗位", "示例区人力资源和社会保障局", "6月底前"},
			}})
			path := filepath.Join(t.TempDir(), "任务分解表.xlsx")
			os.WriteFile(path, edited, 0o644)
			changed, err := im.ImportTasks(ctx, path, "示例区", 2024)
			if err != nil {
				t.Fatal(err)
			}
			if changed != 2 {
				t.Errorf("%d tasks changed, want 2", changed)
			}
			after, _ := st.Commitments(ctx, res.ReportID)
			got := map[string]ledger.Commitment{}
			for _, c := range after {
				got[c.Code] = c
			}
			j := got[jobs]
			if j.Assignment.Lead != "示例区人力资源和社会保障局" || strings.Join(j.Assignment.Cooperating, ",") != "示例区财政局,示例区教育局" ||
				j.Assignment.Leader != "李副区长" || j.DeadlineText != "9月底前" || j.Deadline == nil || j.Deadline.Format("2006-01-02") != "2024-09-30" ||
				len(j.Milestones) != 2 || j.Milestones[1].Expected != "12000" || j.Weight != 2 {
				t.Errorf("edited task: %+v", j)
			}
			sub, ok := got[jobs+".1"]
			if !ok || sub.ParentCode != jobs || sub.Title != "高校毕业生就业见习岗位" || sub.Deadline == nil || sub.Deadline.Format("01-02") != "06-30" {
				t.Errorf("new sub-task: %+v (present %v)", sub, ok)
			}

			// A bad sheet: every error is listed, nothing changes.
			var again bytes.Buffer
			if _, err := exportSheet(ctx, st, im, &again); err != nil {
				t.Fatal(err)
			}
			bad := editSheet(t, again.Bytes(), []sheetEdit{
				{beds, "牵头单位", "城关区民政局"},
				{beds, "完成时限", "明年某时"},
				{jobs, "权重", "很多"},
				{jobs, "牵头单位", "示例区教育局"},
			}, [][2][]string{{{"编码", "任务内容"}, {"2024-99-99-9", "不存在的任务"}}})
			os.WriteFile(path, bad, 0o644)
			snapshot, _ := st.Commitments(ctx, res.ReportID)
			_, err = im.ImportTasks(ctx, path, "示例区", 2024)
			if err == nil {
				t.Fatal("bad sheet imported")
			}
			msg := err.Error()
			for _, want := range []string{"牵头单位", "城关区民政局", "完成时限", "明年某时", "权重", "很多", "2024-99-99-9"} {
				if !strings.Contains(msg, want) {
					t.Errorf("error does not mention %q:\n%s", want, msg)
				}
			}
			unchanged, _ := st.Commitments(ctx, res.ReportID)
			if !reflect.DeepEqual(snapshot, unchanged) {
				t.Error("a bad sheet changed the ledger")
			}
		})
	}
}

// TestImportUnitsAllOrNothing: a directory with a bad row stores nothing.
func TestImportUnitsAllOrNothing(t *testing.T) {
	for _, b := range backends(t) {
		t.Run(b.name, func(t *testing.T) {
			ctx := context.Background()
			st, _ := b.open(t)
			im := &Importer{Store: st}
			p := filepath.Join(t.TempDir(), "units.csv")
			os.WriteFile(p, []byte("name,short_name,aliases,parent\n示例区教育局,区教育局,区教体局,\n示例区第一中学,,,示例区教育厅\n"), 0o644)
			if _, _, err := im.ImportUnits(ctx, p); err == nil {
				t.Fatal("unknown parent accepted")
			}
			units, _ := st.Units(ctx)
			if len(units) != 0 {
				t.Errorf("a bad directory stored %d units", len(units))
			}
			os.WriteFile(p, []byte("单位名称,简称,别名,上级单位\n,,,\n示例区教育局,区教育局,区教体局|教体局,\n示例区教育局,,,\n"), 0o644)
			_, _, err := im.ImportUnits(ctx, p)
			if err == nil || !strings.Contains(err.Error(), "row 4") {
				t.Errorf("duplicate row: %v", err)
			}
		})
	}
}

// BenchmarkImport1000 imports 1,000 generated report files into a fresh
// database per iteration, on SQLite and (when configured) PostgreSQL.
func BenchmarkImport1000(b *testing.B) { benchBackends(b, false) }

// BenchmarkImportWithUnits1000 is BenchmarkImport1000 with the sample
// units directory loaded: lead units are suggested and stored.
func BenchmarkImportWithUnits1000(b *testing.B) { benchBackends(b, true) }

func benchBackends(b *testing.B, units bool) {
	b.Run("sqlite", func(b *testing.B) {
		benchImport(b, units, func(b *testing.B) benchDB {
			st, dsn := openSQLite(b)
			return benchDB{st, func() (int64, int64) {
				var size int64
				for _, s := range []string{"", "-wal", "-shm"} {
					if fi, err := os.Stat(dsn + s); err == nil {
						size += fi.Size()
					}
				}
				return size, sqliteRows(b, dsn)
			}}
		})
	})
	if os.Getenv("DUCHA_TEST_POSTGRES") == "" {
		b.Log("DUCHA_TEST_POSTGRES not set: PostgreSQL benchmark skipped")
		return
	}
	b.Run("postgres", func(b *testing.B) {
		benchImport(b, units, func(b *testing.B) benchDB {
			st, dsn := openPostgres(b)
			return benchDB{st, func() (int64, int64) { return postgresSize(b, dsn), postgresRows(b, dsn) }}
		})
	})
}
