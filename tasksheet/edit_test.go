package tasksheet

import (
	"reflect"
	"strings"
	"testing"
)

// TestEdit: a form's cells follow the sheet's rules, untouched cells
// change nothing, and problems name the column and value.
func TestEdit(t *testing.T) {
	c := fixtures()[0] // lead 示例区教育局, 年底前, milestone 2024-06-30：3000
	cases := []struct {
		name    string
		cells   map[string]string
		changes []FieldChange
		errs    []string // CellError.String of each problem
	}{
		{"untouched", map[string]string{ColLead: "示例区教育局", ColDeadline: "年底前", ColMilestones: "2024-06-30：3000", ColWeight: ""}, nil, nil},
		{"short name", map[string]string{ColLead: "区发改委"}, []FieldChange{{"牵头单位", "示例区教育局", "示例区发展和改革局"}}, nil},
		{"cooperating with spaces", map[string]string{ColCooperating: " 区财政局 、区住建局 "}, []FieldChange{{"配合单位", "", "示例区财政局、示例区住房和城乡建设局"}}, nil},
		{"deadline phrase", map[string]string{ColDeadline: "三季度末"}, []FieldChange{{"完成时限", "年底前", "三季度末"}}, nil},
		// A cleared deadline falls back to the end of the plan year, the
		// day the commitment is judged against.
		{"deadline cleared", map[string]string{ColDeadline: ""}, []FieldChange{{"完成时限", "年底前", "2024-12-31"}}, nil},
		{"milestones", map[string]string{ColMilestones: "2024-03-31：开工；2024-09-30：4500"}, []FieldChange{{"时间节点", "2024-06-30：3000", "2024-03-31：开工；2024-09-30：4500"}}, nil},
		{"people", map[string]string{ColLeader: "王五", ColPerson: ""}, []FieldChange{{"责任领导", "张三", "王五"}, {"责任人", "李四", ""}}, nil},
		{"weight", map[string]string{ColWeight: "40"}, []FieldChange{{"权重", "", "40"}}, nil},
		{"unknown unit", map[string]string{ColLead: "示例区教育厅"}, nil, []string{` 牵头单位 "示例区教育厅" 不在单位名录中，是否为 "示例区教育局"？`}},
		{"bad deadline", map[string]string{ColDeadline: "尽快"}, nil, []string{` 完成时限 "尽快" 无法识别的完成时限，应写作 6月底前、年内、三季度末 或 2024-06-30`}},
		{"bad weight", map[string]string{ColWeight: "很重"}, nil, []string{` 权重 "很重" 应为不小于0的数字`}},
		{"not editable", map[string]string{"编码": "x"}, nil, []string{" 编码 不能在此修改"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			orig := c
			out, errs := Edit(c, tc.cells, year, testDir())
			var got []string
			for _, e := range errs {
				got = append(got, e.String())
			}
			if !reflect.DeepEqual(got, tc.errs) {
				t.Errorf("problems %q, want %q", got, tc.errs)
			}
			if len(errs) > 0 {
				return
			}
			if ch := Diff(&c, out); !reflect.DeepEqual(ch, tc.changes) {
				t.Errorf("changes %+v, want %+v", ch, tc.changes)
			}
			if !same(c, orig) {
				t.Error("Edit changed its argument")
			}
		})
	}
}

// TestPrepare: the plan of an edited sheet lists each change, and the
// digest tells a sheet read against another ledger.
func TestPrepare(t *testing.T) {
	rows := fixtureRows()
	csv := string(exportBytes(t, rows, ExportOptions{Format: "csv"}))
	edited := []byte(strings.Replace(csv, "年底前", "10月底前", 1))
	p, err := Prepare(edited, "t.csv", year, fixtures(), testDir())
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Changes) != 1 || p.Changes[0].Code != "2024-03-02-1" || !reflect.DeepEqual(p.Changes[0].Fields, []FieldChange{{"完成时限", "年底前", "10月底前"}}) {
		t.Fatalf("changes %+v", p.Changes)
	}
	if len(p.Sum) != 64 || len(p.Digest) != 64 {
		t.Errorf("sum %q digest %q", p.Sum, p.Digest)
	}
	// The same file against a ledger whose deadline moved meanwhile.
	moved := fixtures()
	moved[0].DeadlineText = "11月底前"
	q, err := Prepare(edited, "t.csv", year, moved, testDir())
	if err != nil {
		t.Fatal(err)
	}
	if q.Sum != p.Sum || q.Digest == p.Digest {
		t.Errorf("same file: sum equal %v, digest equal %v", q.Sum == p.Sum, q.Digest == p.Digest)
	}
	// Unchanged sheet: nothing to do.
	if p, err := Prepare([]byte(csv), "t.csv", year, fixtures(), testDir()); err != nil || len(p.Changes) != 0 {
		t.Errorf("unchanged sheet: %v %+v", err, p)
	}
}

// FuzzEdit: any text in any editable cell never panics and gives either
// problems or a commitment whose cells read back as Diff says.
func FuzzEdit(f *testing.F) {
	f.Add("区发改委", "2024-06-30：3000；2024-09-30：开工", "6月底前", "30")
	f.Add("示例区教育厅、区财政局", "2024-13-01：5", "某天", "-1")
	f.Add("", "", "", "")
	f.Fuzz(func(t *testing.T, lead, ms, deadline, weight string) {
		c := fixtures()[0]
		out, errs := Edit(c, map[string]string{ColLead: lead, ColMilestones: ms, ColDeadline: deadline, ColWeight: weight}, year, testDir())
		for _, e := range errs {
			if e.Column == "" || e.Message == "" {
				t.Fatalf("problem without column or message: %+v", e)
			}
		}
		if len(errs) == 0 {
			for _, ch := range Diff(&c, out) {
				if ch.Before == ch.After {
					t.Fatalf("change that changes nothing: %+v", ch)
				}
			}
		}
	})
}
