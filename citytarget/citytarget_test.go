package citytarget

import (
	"errors"
	"strings"
	"testing"
	"time"

	"ducha/ledger"

	"github.com/google/go-cmp/cmp"
)

const (
	chengguan = "示例市城关区"
	qilihe    = "示例市七里河区"
	anning    = "示例市安宁区"
)

func TestCheckShares(t *testing.T) {
	jobs := func(comparator string, shares ...Share) Dispatch {
		return Dispatch{Total: "7", Unit: "万人", Comparator: comparator, Shares: shares}
	}
	tests := []struct {
		name string
		d    Dispatch
		want string // "" valid, else part of the error
	}{
		{"4万 + 3万 make 7万", jobs("ge", Share{chengguan, "4"}, Share{qilihe, "3"}), ""},
		{"more than the total is fine for a target to reach", jobs("ge", Share{chengguan, "4.5"}, Share{qilihe, "3"}), ""},
		{"short of the total", jobs("ge", Share{chengguan, "4"}, Share{qilihe, "2.5"}), "各区县分解目标合计6.5万人，少于市定目标7万人"},
		{"exact decimals: 0.1 + 0.2 is 0.3", Dispatch{Total: "0.3", Unit: "亿元", Comparator: "eq",
			Shares: []Share{{chengguan, "0.1"}, {qilihe, "0.2"}}}, ""},
		{"eq must be exact", jobs("eq", Share{chengguan, "4"}, Share{qilihe, "3.01"}), "合计7.01万人，不等于市定目标7万人"},
		{"a ceiling may not be exceeded", Dispatch{Total: "100", Unit: "万吨", Comparator: "le",
			Shares: []Share{{chengguan, "60"}, {qilihe, "50"}}}, "合计110万吨，超过市定上限100万吨"},
		{"rates do not add up", Dispatch{Total: "5.5", Unit: "%", Comparator: "le",
			Shares: []Share{{chengguan, "5.5"}, {qilihe, "5.5"}}}, ""},
		{"no district", jobs("ge"), "须至少分解到一个区县"},
		{"a district twice", jobs("ge", Share{chengguan, "4"}, Share{chengguan, "3"}), "第2项：示例市城关区 重复"},
		{"not a number", jobs("ge", Share{chengguan, "四万"}, Share{qilihe, "3"}), `第1项：示例市城关区 的分解目标 "四万" 不是数字`},
		{"negative", jobs("ge", Share{chengguan, "-1"}, Share{qilihe, "8"}), "不能为负"},
		{"bad total", Dispatch{Total: "", Unit: "万人", Shares: []Share{{chengguan, "1"}}}, `市定目标值 "" 不是数字`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := CheckShares(tt.d)
			switch {
			case tt.want == "" && err != nil:
				t.Errorf("error %v, want none", err)
			case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)):
				t.Errorf("error %v, want one saying %q", err, tt.want)
			case err != nil && ledger.ErrorCode(err) != ledger.EInvalid:
				t.Errorf("code %s", ledger.ErrorCode(err))
			}
		})
	}
}

func TestRollUp(t *testing.T) {
	d := Dispatch{Total: "7", Unit: "万人", Comparator: "ge", Shares: []Share{{chengguan, "4"}, {qilihe, "3"}}}
	tests := []struct {
		name    string
		figures []Figure
		want    Rollup
		err     bool
	}{
		{"nothing approved", []Figure{{District: chengguan, Value: "2.1"}}, Rollup{Value: "0", Missing: []string{chengguan, qilihe}}, false},
		{"one approved", []Figure{{District: chengguan, Value: "2.1", Approved: true, Source: "api"}, {District: qilihe, Value: "1"}},
			Rollup{Value: "2.1", Reported: []string{chengguan}, Missing: []string{qilihe}}, false},
		{"both approved", []Figure{{District: qilihe, Value: "3.25", Approved: true}, {District: chengguan, Value: "4.1", Approved: true}},
			Rollup{Value: "7.35", Reported: []string{chengguan, qilihe}}, false},
		{"a district not dispatched to", []Figure{{District: anning, Value: "1", Approved: true}}, Rollup{}, true},
		{"not a number", []Figure{{District: chengguan, Value: "很多", Approved: true}}, Rollup{}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := RollUp(d, tt.figures)
			if (err != nil) != tt.err {
				t.Fatalf("error %v, want error %v", err, tt.err)
			}
			if d := cmp.Diff(tt.want, got); d != "" {
				t.Errorf("roll-up (-want +got):\n%s", d)
			}
		})
	}
	rate := Dispatch{Total: "5.5", Unit: "%", Shares: []Share{{chengguan, "5.5"}}}
	if r, _ := RollUp(rate, []Figure{{District: chengguan, Value: "5.1", Approved: true}}); r.Value != "" {
		t.Errorf("a rate summed: %q", r.Value)
	}
}

var header = []string{"序号", "目标任务", "市定目标", "计量单位", "责任区县", "分解目标", "完成时限", "市牵头部门"}

func TestParseSheet(t *testing.T) {
	good := [][]string{header,
		{"1", "新增城镇就业", "7", "万人", chengguan, "4", "2024-12-31", "市人社局"},
		{"1", "新增城镇就业", "7", "万人", qilihe, "3", "2024-12-31", "市人社局"},
		{"", "", "", "", "", "", "", ""},
		{"2", "城镇调查失业率", "5.5", "%", chengguan, "5.5", "2024-12-31", "'=市人社局"},
	}
	got, err := ParseSheet(good, chengguan)
	if err != nil {
		t.Fatal(err)
	}
	dec31 := time.Date(2024, 12, 31, 0, 0, 0, 0, time.UTC)
	want := []Target{
		{Row: 2, No: "1", Task: "新增城镇就业", Total: "7", Unit: "万人", Share: "4", Deadline: dec31, CityLead: "市人社局"},
		{Row: 5, No: "2", Task: "城镇调查失业率", Total: "5.5", Unit: "%", Share: "5.5", Deadline: dec31, CityLead: "=市人社局"},
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("targets (-want +got):\n%s", d)
	}

	bad := []struct {
		name string
		rows [][]string
		want []RowError
	}{
		{"a column missing", [][]string{header[:4]}, []RowError{{1, "责任区县", "缺少此列"}, {1, "分解目标", "缺少此列"}, {1, "完成时限", "缺少此列"}}},
		{"errors of every row, this district's or not", [][]string{header,
			{"1", "新增城镇就业", "7", "万人", chengguan, "四万", "2024-12-31", ""},
			{"1", "新增城镇就业", "7", "万人", qilihe, "3", "年底前", ""},
			{"2", "", "x", "个", "", "1", "2024-06-30", ""},
		}, []RowError{
			{2, "分解目标", `"四万" 不是数字`},
			{3, "完成时限", `"年底前" 不是日期（YYYY-MM-DD）`},
			{4, "目标任务", "不能为空"}, {4, "市定目标", `"x" 不是数字`}, {4, "责任区县", "不能为空"},
		}},
		{"shares short of the city's total", [][]string{header,
			{"1", "新增城镇就业", "7", "万人", chengguan, "4", "2024-12-31", ""},
			{"1", "新增城镇就业", "7", "万人", qilihe, "2", "2024-12-31", ""},
		}, []RowError{{2, "分解目标", "各区县分解目标合计6万人，少于市定目标7万人"}}},
		{"the same task with two totals", [][]string{header,
			{"1", "新增城镇就业", "7", "万人", chengguan, "4", "2024-12-31", ""},
			{"1", "新增城镇就业", "8", "万人", qilihe, "4", "2024-12-31", ""},
		}, []RowError{{3, "市定目标", "与第2行同一任务的市定目标或单位不一致"}}},
		{"nothing for the district", [][]string{header,
			{"1", "新增城镇就业", "3", "万人", qilihe, "3", "2024-12-31", ""},
		}, []RowError{{1, "责任区县", "表中没有分解给 示例市城关区 的目标任务"}}},
		{"empty", nil, []RowError{{1, "", "表格为空"}}},
	}
	for _, tt := range bad {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseSheet(tt.rows, chengguan)
			var se *SheetError
			if !errors.As(err, &se) {
				t.Fatalf("error %v, want a sheet error", err)
			}
			if got != nil {
				t.Errorf("targets returned with errors: %+v", got)
			}
			if d := cmp.Diff(tt.want, se.Rows); d != "" {
				t.Errorf("errors (-want +got):\n%s", d)
			}
			if ledger.ErrorCode(err) != ledger.EInvalid {
				t.Errorf("code %s", ledger.ErrorCode(err))
			}
		})
	}
}

// FuzzParseSheet: any sheet gives targets or a sheet error, never a
// panic, and never both.
func FuzzParseSheet(f *testing.F) {
	f.Add("1|新增城镇就业|7|万人|示例市城关区|4|2024-12-31|市人社局")
	f.Add("|||||||")
	f.Add("1|x|1e9999|%|示例市城关区|-0|2024-02-30|=1+1")
	f.Fuzz(func(t *testing.T, line string) {
		rows := [][]string{header}
		for _, l := range strings.Split(line, "\n") {
			rows = append(rows, strings.Split(l, "|"))
		}
		got, err := ParseSheet(rows, chengguan)
		if (err == nil) == (got == nil) {
			t.Fatalf("targets %v and error %v", got, err)
		}
	})
}

func TestReadSheet(t *testing.T) {
	csvData := "\xef\xbb\xbf序号,目标任务,市定目标,计量单位,责任区县,分解目标,完成时限,市牵头部门\n" +
		"1,新增城镇就业,7,万人,示例市城关区,4,2024-12-31,市人社局\n"
	rows, err := ReadSheet("分解表.csv", []byte(csvData))
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 2 || rows[0][0] != "序号" || rows[1][5] != "4" {
		t.Fatalf("rows %q", rows)
	}
	for name, data := range map[string]string{"x.xlsx": "not a zip", "x.csv": "\xff\xfe", "x.pdf": "%PDF"} {
		if _, err := ReadSheet(name, []byte(data)); ledger.ErrorCode(err) != ledger.EInvalid {
			t.Errorf("%s: %v, want invalid", name, err)
		}
	}
}

func TestCommitments(t *testing.T) {
	dec31 := time.Date(2024, 12, 31, 0, 0, 0, 0, time.UTC)
	cs := Commitments([]Target{
		{Row: 2, No: "1", Task: "新增城镇就业", Total: "7", Unit: "万人", Share: "4", Deadline: dec31},
		{Row: 5, Task: "城镇调查失业率", Total: "5.5", Unit: "%", Share: "5.5", Deadline: dec31},
	}, 2024)
	want := []ledger.Commitment{
		{Code: "SD-2024-1", Kind: ledger.KindTarget, Period: 2024, Title: "新增城镇就业4万人", Text: "新增城镇就业", Category: "市定目标任务",
			Deadline: &dec31, DeadlineText: "2024年12月31日前",
			Target: &ledger.Target{Indicator: "新增城镇就业", Quantity: "4万人", Unit: "万人", Comparator: "ge", Value: "4"}},
		{Code: "SD-2024-r5", Kind: ledger.KindTarget, Period: 2024, Title: "城镇调查失业率5.5%", Text: "城镇调查失业率", Category: "市定目标任务",
			Deadline: &dec31, DeadlineText: "2024年12月31日前",
			Target: &ledger.Target{Indicator: "城镇调查失业率", Quantity: "5.5%", Unit: "%", Comparator: "eq", Value: "5.5"}},
	}
	if d := cmp.Diff(want, cs); d != "" {
		t.Errorf("commitments (-want +got):\n%s", d)
	}
}
