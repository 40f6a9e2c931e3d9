package projectsheet

import (
	"bytes"
	"encoding/csv"
	"strings"
	"testing"
	"time"

	"ducha/project"
	"ducha/tasksheet"
)

func csvOf(t *testing.T, rows [][]string) []byte {
	t.Helper()
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	if err := w.WriteAll(rows); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestParseSample(t *testing.T) {
	rows := Sample(100, 2024)
	x, err := XLSX(rows)
	if err != nil {
		t.Fatal(err)
	}
	for name, data := range map[string][]byte{"plan.xlsx": x, "plan.csv": csvOf(t, rows)} {
		ps, err := Parse(data, name, 2024)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if len(ps) != 100 {
			t.Fatalf("%s: %d projects, want 100", name, len(ps))
		}
		// Row 1 of the sample: 续建, total 2000+7919 = 9919, annual
		// 9919/4/12*12 = 2472, 206 a month, 竣工 planned 2024-07-30.
		p := ps[0]
		if p.Code != "XM2024-001" || p.Category != project.Continuing || p.Total != 9919 || p.AnnualPlan != 2472 ||
			p.MonthlyPlan[5] != 206 || p.OwnerUnit != "示例区工业和信息化局" || p.Leader != "乙副区长" {
			t.Errorf("%s: first project %+v", name, p)
		}
		if got := p.Stages[p.StageIndex("竣工")].Planned; !got.Equal(time.Date(2024, 7, 30, 0, 0, 0, 0, time.UTC)) {
			t.Errorf("%s: 竣工 planned %v, want 2024-07-30", name, got)
		}
	}
}

func TestParseErrors(t *testing.T) {
	head := []string{"序号", "项目名称", "项目编号", "类别", "责任单位", "总投资", "年度计划投资", "计划开工时间", "计划封顶时间"}
	ok := []string{"1", "示例园区", "A-1", "新建", "示例区发展和改革局", "1000", "120", "2024年5月", ""}
	tests := []struct {
		name string
		rows [][]string
		want []string // lines of the error, in order
	}{
		{"bad stage column", [][]string{head, ok},
			[]string{`第1行 计划封顶时间 不是建设阶段（签约、前期手续、开工、主体施工、竣工、投用）`}},
		{"missing column", [][]string{{"项目名称", "类别"}, {"x", "新建"}},
			[]string{"第1行 项目编号 缺少必填列", "第1行 责任单位 缺少必填列"}},
		{"bad cells", [][]string{head[:8], ok[:8],
			{"2", "示例二", "A-1", "改建", "", "一千", "120", "五月"},
			{"3", "示例三", "A-3", "续建", "示例区发展和改革局", "100", "200", ""}},
			[]string{`第3行 类别 "改建" 类别应为新建、续建、储备或前期`, `第3行 总投资 "一千" 应为金额（万元）`,
				`第3行 计划开工时间 "五月" 应为日期，如2024-05-31或2024年5月`, "第3行 责任单位 不能为空",
				`第3行 项目编号 "A-1" 项目编号与第2行重复`,
				"第4行 年度计划投资 200 加以前年度完成 0 超过总投资 100"}},
		{"no header", [][]string{{"a", "b"}}, []string{"找不到表头：没有“项目名称”列"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ps, err := Parse(csvOf(t, tt.rows), "plan.csv", 2024)
			if ps != nil {
				t.Errorf("projects returned with errors: %d", len(ps))
			}
			se, isSheet := err.(*tasksheet.SheetError)
			if !isSheet {
				t.Fatalf("error %v (%T), want a sheet error", err, err)
			}
			var got []string
			for _, e := range se.Errors {
				got = append(got, e.String())
			}
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("errors:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
		})
	}
}

func TestParseDay(t *testing.T) {
	for _, c := range []struct {
		in   string
		want string
	}{{"2024-05-31", "2024-05-31"}, {"2024/5/3", "2024-05-03"}, {"2024年5月31日", "2024-05-31"},
		{"2024年2月", "2024-02-29"}, {"2024-06", "2024-06-30"}, {"45443", "2024-05-31"}, {"2024-02-30", ""}, {"五月", ""}} {
		got, ok := parseDay(c.in)
		s := ""
		if ok {
			s = got.Format(time.DateOnly)
		}
		if s != c.want {
			t.Errorf("parseDay(%q) = %q, want %q", c.in, s, c.want)
		}
	}
}

func FuzzParse(f *testing.F) {
	f.Add([]byte("项目名称,项目编号,类别,责任单位\n示例,A,新建,某局\n"))
	f.Add([]byte("PK\x03\x04garbage"))
	f.Fuzz(func(t *testing.T, data []byte) {
		ps, err := Parse(data, "f.csv", 2024)
		if err == nil {
			for _, p := range ps {
				if p.Validate() != nil {
					t.Fatalf("an invalid project passed: %+v", p)
				}
			}
		}
	})
}
