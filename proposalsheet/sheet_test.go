package proposalsheet

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"time"

	"ducha/proposal"
	"ducha/tasksheet"

	"github.com/google/go-cmp/cmp"
	"github.com/xuri/excelize/v2"
)

// TestSample175RoundTrip: the invented list of 76 建议 and 99 提案 reads
// back exactly from xlsx and from CSV.
func TestSample175RoundTrip(t *testing.T) {
	items := SampleItems(76, 99, "十五届三次会议")
	if len(items) != 175 || items[75].Kind != proposal.KindSuggestion || items[76].Kind != proposal.KindProposal ||
		items[76].Number != "第0001号" || items[174].Number != "第0099号" {
		t.Fatalf("sample: %d items, [75]=%s %s, [76]=%s %s", len(items), items[75].Kind, items[75].Number, items[76].Kind, items[76].Number)
	}
	for name, write := range map[string]func(*bytes.Buffer) error{
		"list.xlsx": func(b *bytes.Buffer) error { return WriteListXLSX(b, items) },
		"list.csv":  func(b *bytes.Buffer) error { return WriteListCSV(b, items) },
	} {
		var b bytes.Buffer
		if err := write(&b); err != nil {
			t.Fatal(err)
		}
		got, err := Parse(b.Bytes(), name, Options{})
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if d := cmp.Diff(items, got); d != "" {
			t.Errorf("%s round trip (-want +got):\n%s", name, d)
		}
	}
}

// TestParseCSV reads a list as the 政协 might type it: no 类型 column,
// aliases, bare numbers, separators of every kind.
func TestParseCSV(t *testing.T) {
	csv := "序号,提案号,案由,提案人,联名人,分类,承办单位,会办单位\n" +
		"1,12,关于加强社区食堂建设的提案,王五,\"赵六、钱七，孙八\",社会事业,示例区民政局,示例区财政局;示例区卫生健康局\n" +
		"2,第0013号,关于保护古树名木的提案,李四,,生态环境,示例区林业局,\n"
	got, err := Parse([]byte(csv), "政协.csv", Options{Kind: proposal.KindProposal, Session: "十五届三次会议"})
	if err != nil {
		t.Fatal(err)
	}
	want := []proposal.Item{
		{Number: "第0012号", Kind: proposal.KindProposal, Session: "十五届三次会议", Title: "关于加强社区食堂建设的提案",
			Lead:      proposal.Person{Name: "王五"},
			CoSigners: []proposal.Person{{Name: "赵六"}, {Name: "钱七"}, {Name: "孙八"}}, Category: "社会事业",
			LeadUnit: "示例区民政局", CoUnits: []string{"示例区财政局", "示例区卫生健康局"}},
		{Number: "第0013号", Kind: proposal.KindProposal, Session: "十五届三次会议", Title: "关于保护古树名木的提案",
			Lead: proposal.Person{Name: "李四"}, Category: "生态环境", LeadUnit: "示例区林业局"},
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("(-want +got):\n%s", d)
	}
}

// TestParseErrors: every problem by row, column and value, nothing read.
func TestParseErrors(t *testing.T) {
	csv := "编号,类型,标题,领衔人,附议人,类别,主办单位,协办单位,收到日期,是否公开\n" +
		"1,建议,关于甲的建议,张三,,城建,示例区教育局,,2024-01-05,是\n" +
		"2,意见,,张三,,城建,示例区教育局,,2024-13-40,也许\n" +
		",提案,关于乙的提案,,,城建,示例区教育局,,,\n" +
		"1,建议,关于丙的建议,李四,,城建,示例区教育局,,,\n"
	_, err := Parse([]byte(csv), "list.csv", Options{})
	var se *tasksheet.SheetError
	if !errors.As(err, &se) {
		t.Fatalf("err = %v", err)
	}
	var got []string
	for _, e := range se.Errors {
		got = append(got, e.String())
	}
	want := []string{
		`第3行 类型 "意见" 须为建议或提案`,
		`第3行 收到日期 "2024-13-40" 日期格式应为 2024-01-15`,
		`第3行 是否公开 "也许" 应填是或否`,
		`第3行 标题 标题不能为空`,
		`第4行 编号 编号不能为空`,
		`第4行 领衔人 领衔人不能为空`,
		`第5行 编号 "第0001号" 与第2行重复`,
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("(-want +got):\n%s", d)
	}
	if !strings.Contains(err.Error(), "list.csv 有7处问题，未导入任何修改") {
		t.Errorf("message: %s", err)
	}
}

func TestParseFileErrors(t *testing.T) {
	for _, tt := range []struct {
		name string
		data string
		opt  Options
		want string
	}{
		{"no header", "a,b\n1,2\n", Options{Kind: proposal.KindSuggestion}, "找不到表头"},
		{"missing columns", "编号,标题\n1,x\n", Options{Kind: proposal.KindSuggestion}, `第1行 领衔人 缺少此列`},
		{"no kind", "编号,标题,领衔人,附议人,类别,主办单位,协办单位\n1,x,y,,,,\n", Options{}, "须指定是建议还是提案"},
		{"empty", "编号,标题,领衔人,附议人,类别,主办单位,协办单位\n", Options{Kind: proposal.KindSuggestion}, "表中没有建议或提案"},
		{"binary", "PK\x03\x04garbage", Options{}, "无法读取此 xlsx 文件"},
	} {
		_, err := Parse([]byte(tt.data), "f", tt.opt)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: %v, want %q", tt.name, err, tt.want)
		}
	}
}

// TestExportStats: the figures of the statistics sheet, and a title
// that looks like a formula stays text.
func TestExportStats(t *testing.T) {
	day := func(m, d int) time.Time { return time.Date(2024, time.Month(m), d, 0, 0, 0, 0, time.UTC) }
	items := []proposal.Item{
		{Number: "第0001号", Kind: proposal.KindSuggestion, Title: "=HYPERLINK(\"http://x\")", LeadUnit: "示例区教育局",
			State: proposal.StateClosed, AssignedAt: day(3, 1), AckedAt: day(3, 2), Round: 1, Deadline: day(6, 1),
			Contacts: []proposal.Contact{{Round: 1, Date: day(3, 5), Way: proposal.WayFace}},
			Replies:  []proposal.Reply{{Round: 1, Class: proposal.ClassA, At: day(5, 1), Due: day(6, 1)}},
			Feedback: []proposal.Feedback{{Round: 1, Verdict: proposal.Satisfied}}},
		{Number: "第0002号", Kind: proposal.KindSuggestion, Title: "关于乙", LeadUnit: "示例区教育局",
			State: proposal.StateDispatched, AssignedAt: day(3, 1), Round: 1, Deadline: day(6, 1)},
	}
	var b bytes.Buffer
	if err := ExportStats(&b, items, day(7, 1)); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&b)
	if err != nil {
		t.Fatal(err)
	}
	rows, _ := f.GetRows("办理情况统计")
	want := [][]string{statsHeader,
		{"示例区教育局", "2", "1", "50.0%", "1", "50.0%", "1", "100.0%", "1", "100.0%", "1", "100.0%", "0", "0.0%", "0", "0.0%"},
		{"合计", "2", "1", "50.0%", "1", "50.0%", "1", "100.0%", "1", "100.0%", "1", "100.0%", "0", "0.0%", "0", "0.0%"}}
	if d := cmp.Diff(want, rows); d != "" {
		t.Errorf("统计 (-want +got):\n%s", d)
	}
	v, _ := f.GetCellValue("办理明细", "C2")
	formula, _ := f.GetCellFormula("办理明细", "C2")
	if v != "'=HYPERLINK(\"http://x\")" || formula != "" {
		t.Errorf("title cell = %q formula %q", v, formula)
	}
}

func FuzzParse(f *testing.F) {
	f.Add([]byte("编号,类型,标题,领衔人,附议人,类别,主办单位,协办单位\n1,建议,x,y,z,c,u,v\n"))
	f.Add([]byte("PK\x03\x04"))
	f.Fuzz(func(t *testing.T, data []byte) {
		items, err := Parse(data, "f", Options{Kind: proposal.KindProposal})
		if err == nil {
			for _, it := range items {
				if len(proposal.Check(it)) > 0 {
					t.Fatalf("accepted an invalid item %+v", it)
				}
			}
		}
	})
}
