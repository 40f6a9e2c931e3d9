package shared

import (
	"slices"
	"testing"
	"testing/fstest"
	"time"

	"ducha/ledger"
)

func TestCompareCodes(t *testing.T) {
	for _, tt := range []struct {
		a, b string
		want int
	}{
		{"2020-03-07-2", "2020-03-07-10", -1},
		{"2020-03-07-2", "2020-03-07-2.1", -1},
		{"2020-03-07-2.1", "2020-03-07-3", -1},
		{"2020-03-07-2.1", "2020-03-07-2.10", -1},
		{"2020-03-07-2.9", "2020-03-07-2.10", -1},
		{"2020-03-07-2.1.1", "2020-03-07-2.2", -1},
		{"2020-03-07-10", "2020-03-08-1", -1},
		{"2019-R03-1", "2019-03-07-1", 1}, // digits before letters
		{"2020-03-07-2", "2020-03-07-2", 0},
		{"2020-3-7-2", "2020-03-07-2", 1}, // equal as numbers: plain order
		{"99999999999999999999-1", "100000000000000000000-1", -1},
		{"", "1", -1},
	} {
		if got := CompareCodes(tt.a, tt.b); got != tt.want {
			t.Errorf("CompareCodes(%q, %q) = %d, want %d", tt.a, tt.b, got, tt.want)
		}
		if got := CompareCodes(tt.b, tt.a); got != -tt.want {
			t.Errorf("CompareCodes(%q, %q) = %d, want %d", tt.b, tt.a, got, -tt.want)
		}
	}
	want := []string{"2020-03-07-1", "2020-03-07-2", "2020-03-07-2.1", "2020-03-07-2.2", "2020-03-07-2.10",
		"2020-03-07-3", "2020-03-07-10", "2020-03-07-11"}
	got := slices.Clone(want)
	slices.Reverse(got)
	slices.SortFunc(got, CompareCodes)
	if !slices.Equal(got, want) {
		t.Errorf("sorted: %q", got)
	}
}

func TestVersionError(t *testing.T) {
	for _, tt := range []struct {
		have, want int
		msg        string
	}{
		{1, 2, "database schema is at version 1, this ducha expects 2: run 'ducha migrate'"},
		{0, 2, "database schema is at version 0, this ducha expects 2: run 'ducha migrate'"},
		{3, 2, "database schema version 3 is newer than this ducha (2): upgrade ducha"},
	} {
		if err := VersionError(tt.have, tt.want); err == nil || err.Error() != tt.msg {
			t.Errorf("VersionError(%d, %d) = %v, want %q", tt.have, tt.want, err, tt.msg)
		}
	}
	if err := VersionError(2, 2); err != nil {
		t.Errorf("VersionError(2, 2) = %v", err)
	}
}

func TestLoadMigrations(t *testing.T) {
	file := func(s string) *fstest.MapFile { return &fstest.MapFile{Data: []byte(s)} }
	ms, err := LoadMigrations(fstest.MapFS{
		"m/0002_more.sql": file("B"), "m/0001_init.sql": file("A"), "m/README": file("x"),
	}, "m")
	if err != nil || len(ms) != 2 || ms[0].Version != 1 || ms[0].SQL != "A" || ms[1].Name != "0002_more.sql" {
		t.Fatalf("LoadMigrations = %+v, %v", ms, err)
	}
	for name, fsys := range map[string]fstest.MapFS{
		"gap":       {"m/0001_init.sql": file("A"), "m/0003_x.sql": file("C")},
		"no number": {"m/init.sql": file("A")},
		"twice":     {"m/0001_init.sql": file("A"), "m/1_again.sql": file("B")},
	} {
		if _, err := LoadMigrations(fsys, "m"); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}

func TestValidDecimal(t *testing.T) {
	for s, want := range map[string]bool{
		"0": true, "6000": true, "-3": true, "41900.50": true, "0.333333333333": true, "007": true,
		"": false, "-": false, ".": false, "1.": false, ".5": false, "1e3": false, "1,500": false, " 1": false,
		"+1": false, "1.2.3": false, "--1": false, "１２": false, "约2000": false,
	} {
		if got := ValidDecimal(s); got != want {
			t.Errorf("ValidDecimal(%q) = %v", s, got)
		}
	}
}

func TestValidPeriod(t *testing.T) {
	for s, want := range map[string]bool{
		"2024-01": true, "2024-12": true, "2024-Q1": true, "2024-Q4": true,
		"2024-00": false, "2024-13": false, "2024-Q0": false, "2024-Q5": false, "2024-q1": false, "2024": false,
		"2024-1": false, "24-01": false, "2024-01 ": false, "2024-H1": false,
	} {
		if got := ValidPeriod(s); got != want {
			t.Errorf("ValidPeriod(%q) = %v", s, got)
		}
	}
}

func TestSupervisedError(t *testing.T) {
	if err := (Supervised{}).Error(2024); err != nil {
		t.Fatalf("no records: %v", err)
	}
	err := Supervised{Reports: 3, Comments: 1}.Error(2024)
	want := "2024年度报告已有督办记录（进展填报3条、评论1条），不能整体替换；请通过任务分解表修改事项"
	if ledger.ErrorCode(err) != ledger.EConflict || err.Error() != want {
		t.Fatalf("Error = %v, want %q", err, want)
	}
}

func TestPlanReports(t *testing.T) {
	now := time.Date(2024, 7, 1, 8, 0, 0, 0, time.UTC)
	earlier := time.Date(2024, 4, 1, 8, 0, 0, 0, time.UTC)
	look := ReportLookup{
		Leads: map[int64]string{1: "教育局", 2: ""},
		Stored: map[ReportKey]ledger.ProgressReport{
			{1, "2024-Q1"}: {ID: 10, CommitmentID: 1, Period: "2024-Q1", Status: ledger.ReportReturned,
				SubmittedBy: "a", SubmittedAt: earlier, ReturnReason: "补充材料", ReviewedBy: "b", ReviewedAt: earlier},
		},
		Units: UnitIDs{"教育局": 7, "财政局": 8},
	}
	rs := []ledger.ProgressReport{
		// Resubmitted with the time as read: now.
		{CommitmentID: 1, Period: "2024-Q1", Status: ledger.ReportSubmitted, SubmittedBy: "a", SubmittedAt: earlier,
			ReviewedBy: "forged"},
		{CommitmentID: 2, Period: "2024-06", Unit: "财政局"},
		{CommitmentID: 2, Period: "2024-06", Status: ledger.ReportSubmitted},
	}
	plan, err := PlanReports(rs, look, now, "u", true)
	if err != nil {
		t.Fatal(err)
	}
	p := plan[0]
	if p.Report.ID != 10 || !p.Report.SubmittedAt.Equal(now) || p.Report.SubmittedBy != "u" || p.Report.ReviewedBy != "b" ||
		p.Report.ReturnReason != "补充材料" || p.UnitID != 7 || p.Report.Unit != "教育局" || p.Before == nil || p.Before.ID != 10 {
		t.Fatalf("resubmission: %+v", p)
	}
	if plan[1].UnitID != 8 || plan[1].Before != nil || plan[1].Report.Status != ledger.ReportDraft {
		t.Fatalf("new draft: %+v", plan[1])
	}
	if plan[2].Before != &plan[1].Report || plan[2].UnitID != 0 || plan[2].Report.SubmittedBy != "u" {
		t.Fatalf("second save of a period: %+v", plan[2])
	}
	// A third save of the now submitted period is refused, by position.
	rs = append(rs, ledger.ProgressReport{CommitmentID: 2, Period: "2024-06"})
	_, err = PlanReports(rs, look, now, "u", true)
	if ledger.ErrorCode(err) != ledger.EConflict || err.Error() != "第4条进展填报：本期进展已提交，不能修改（2024-06，已提交）" {
		t.Fatalf("third save: %v", err)
	}
}
