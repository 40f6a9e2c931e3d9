package tasksheet

import (
	"bytes"
	"strings"
	"testing"

	"ducha/ledger"
)

// TestTargetCellScale: the 目标值 column reads as a person writes the target:
// with the report's word of scale and the unit (≥200亿元, not
// ≥20000000000), plain figures as before.
func TestTargetCellScale(t *testing.T) {
	cases := []struct {
		name   string
		target ledger.Target
		want   string
	}{
		{"investment of 200亿元以上", ledger.Target{Quantity: "200亿元", Unit: "元", Comparator: "ge", Value: "20000000000"}, "≥200亿元"},
		{"1.2万个 places", ledger.Target{Quantity: "1.2万个", Unit: "个", Comparator: "eq", Value: "12000"}, "1.2万个"},
		{"about 3000万元", ledger.Target{Quantity: "3000万元", Unit: "元", Comparator: "approx", Value: "30000000"}, "约3000万元"},
		{"a range of 5-8亿元", ledger.Target{Quantity: "5-8亿元", Unit: "元", Comparator: "eq", Value: "500000000", High: "800000000"}, "5–8亿元"},
		{"超亿元: 亿元 alone", ledger.Target{Quantity: "亿元", Unit: "元", Comparator: "ge", Value: "100000000"}, "≥1亿元"},
		{"1.5万亿元", ledger.Target{Quantity: "1.5万亿元", Unit: "元", Comparator: "ge", Value: "1500000000000"}, "≥1.5万亿元"},
		{"6000个以上, no scale", ledger.Target{Quantity: "6000个以上", Unit: "个", Comparator: "ge", Value: "6000"}, "≥6000"},
		{"a rate range", ledger.Target{Quantity: "6.5%—7%", Unit: "%", Comparator: "eq", Value: "6.5", High: "7"}, "6.5–7"},
		{"万人 as the unit itself", ledger.Target{Quantity: "3万人次", Unit: "万人次", Comparator: "eq", Value: "3"}, "3"},
	}
	for _, c := range cases {
		if got := formatTarget(&c.target); got != c.want {
			t.Errorf("%s: %q, want %q", c.name, got, c.want)
		}
	}
}

// TestParseScaledTarget: a 目标值 typed with a word of scale is read as
// the figure it says.
func TestParseScaledTarget(t *testing.T) {
	cases := []struct {
		cell, unit       string
		cmp, value, high string
	}{
		{"≥250亿元", "元", "ge", "25000000000", ""},
		{"200亿元以上", "元", "ge", "20000000000", ""},
		{"1.2万", "个", "eq", "12000", ""},
		{"6.5–7亿", "元", "eq", "650000000", "700000000"},
		{"约0.5万元", "元", "approx", "5000", ""},
		{"6000", "个", "eq", "6000", ""},
	}
	for _, c := range cases {
		cmp, lo, hi, ok := parseTarget(c.cell, c.unit)
		if !ok || cmp != c.cmp || lo != c.value || hi != c.high {
			t.Errorf("%q: %s %s–%s (ok %v), want %s %s–%s", c.cell, cmp, lo, hi, ok, c.cmp, c.value, c.high)
		}
	}
	if _, _, _, ok := parseTarget("很多亿", "元"); ok {
		t.Error("很多亿 read as a target")
	}
}

// TestDeadlineCell: 完成时限 shows the report's phrase, else the date, else
// — for an annual target of the 2024 report without either — 2024-12-31,
// the day it is judged against; nothing for a commitment of no year.
func TestDeadlineCell(t *testing.T) {
	cases := []struct {
		name string
		c    ledger.Commitment
		want string
	}{
		{"phrase", ledger.Commitment{Period: 2024, DeadlineText: "6月底前", Deadline: dayPtr(2024, 6, 30)}, "6月底前"},
		{"date set by the office", ledger.Commitment{Period: 2024, Deadline: dayPtr(2024, 9, 30)}, "2024-09-30"},
		{"annual target, no deadline in the report", ledger.Commitment{Period: 2024}, "2024-12-31"},
		{"no year, no deadline", ledger.Commitment{}, ""},
	}
	for _, c := range cases {
		if got := cellText(colDeadline, &c.c); got != c.want {
			t.Errorf("%s: %q, want %q", c.name, got, c.want)
		}
	}
}

// TestScaledRoundTrip: a sheet of a 200亿元 target without a deadline,
// exported and read back untouched, changes nothing; 250亿元 typed in its
// 目标值 changes the figure to 25000000000 and nothing else.
func TestScaledRoundTrip(t *testing.T) {
	c := ledger.Commitment{ID: 21, ReportID: 7, Code: "2024-02-02-1", Kind: ledger.KindTarget, Period: 2024,
		Title: "固定资产投资200亿元以上", Category: "（一）推动高质量发展",
		Target: &ledger.Target{Indicator: "固定资产投资", Quantity: "200亿元", Unit: "元", Comparator: "ge", Value: "20000000000"}}
	existing := []ledger.Commitment{c}
	for _, format := range []string{"csv", "xlsx"} {
		data := exportBytes(t, []Row{{Commitment: c, Progress: "尚未填报", Status: "未启动"}}, ExportOptions{Format: format})
		if format == "csv" && !strings.Contains(string(data), "≥200亿元") || format == "csv" && !strings.Contains(string(data), "2024-12-31") {
			t.Errorf("csv lacks ≥200亿元 or 2024-12-31:\n%s", data)
		}
		changed, err := Parse(bytes.NewReader(data), "任务分解表."+format, year, existing, testDir())
		if err != nil || len(changed) != 0 {
			t.Errorf("%s untouched: %d changes, %v", format, len(changed), err)
		}
	}
	data := editXLSX(t, exportBytes(t, []Row{{Commitment: c}}, ExportOptions{})).set(c.Code, colTarget, "≥250亿元").bytes()
	changed, err := Parse(bytes.NewReader(data), "任务分解表.xlsx", year, existing, testDir())
	if err != nil || len(changed) != 1 {
		t.Fatalf("edited: %d changes, %v", len(changed), err)
	}
	got := changed[0]
	if got.Target.Value != "25000000000" || got.Target.Comparator != "ge" || got.Target.Unit != "元" || got.Deadline != nil {
		t.Errorf("edited target: %+v, deadline %v", *got.Target, got.Deadline)
	}
}
