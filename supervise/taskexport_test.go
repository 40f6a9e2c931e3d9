package supervise_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"ducha/access"
	"ducha/importer"
	"ducha/ledger"
	"ducha/progress"
	"ducha/store"
	"ducha/supervise"
)

// TestTaskSheetRows: the 任务分解表's 状态 and 当前进度 are what the pages
// say of each commitment. Eight 口袋公园 in 2024, 2 reported by June: on
// 1 July half the year is gone (50%) and a quarter done (25%), 严重滞后;
// a commitment not yet dispatched is 未启动; one marked 不列入 says so; an
// achievement of the review part is not a row.
func TestTaskSheetRows(t *testing.T) {
	at := time.Date(2024, 7, 1, 0, 0, 0, 0, time.UTC)
	th := progress.DefaultThresholds()
	parks := ledger.CommitmentView{
		Commitment: ledger.Commitment{ID: 1, Code: "2024-01-01-1", Kind: ledger.KindTarget, Period: 2024, Title: "建成口袋公园8个",
			Target:     &ledger.Target{Indicator: "建成口袋公园", Quantity: "8个", Unit: "个", Comparator: "eq", Value: "8"},
			Assignment: ledger.Assignment{Lead: "示例区住房和城乡建设局"}},
		State: ledger.StateInProgress, StateChangedAt: time.Date(2024, 1, 20, 0, 0, 0, 0, time.UTC),
		LatestApproved: &ledger.ProgressReport{Period: "2024-06", Value: "2", Percent: -1, Status: ledger.ReportApproved,
			SubmittedAt: time.Date(2024, 6, 28, 0, 0, 0, 0, time.UTC), ReviewedAt: time.Date(2024, 6, 30, 0, 0, 0, 0, time.UTC)},
		LastReportAt: time.Date(2024, 6, 28, 0, 0, 0, 0, time.UTC),
	}
	fresh := ledger.CommitmentView{Commitment: ledger.Commitment{ID: 2, Code: "2024-01-01-2", Kind: ledger.KindTarget, Period: 2024,
		Title: "新增学位6000个", Target: &ledger.Target{Indicator: "新增学位", Quantity: "6000个", Unit: "个", Comparator: "eq", Value: "6000"}},
		State: ledger.StateNew}
	excluded := ledger.CommitmentView{Commitment: ledger.Commitment{ID: 3, Code: "2024-01-01-3", Kind: ledger.KindTarget, Period: 2024,
		Title: "持续优化营商环境", Excluded: &ledger.Exclusion{Reason: "不是可考核的事项"}}}
	review := ledger.CommitmentView{Commitment: ledger.Commitment{ID: 4, Code: "2023-01-01-1", Kind: ledger.KindAchievement, Period: 2023,
		Title: "新增就业4000人"}}
	var items []supervise.Item
	for _, v := range []ledger.CommitmentView{parks, fresh, excluded, review} {
		v := v
		items = append(items, supervise.Item{CommitmentView: &v, Result: supervise.Evaluate(v, at, progress.Month, th)})
	}
	rows := supervise.TaskSheetRows(items)
	want := []struct{ code, progress, status string }{
		{"2024-01-01-1", "计划进度50%，实际进度25%", "严重滞后"},
		{"2024-01-01-2", "计划进度50%，实际进度0%", "未启动"},
		{"2024-01-01-3", "", "不列入"},
	}
	if len(rows) != len(want) {
		t.Fatalf("%d rows, want %d", len(rows), len(want))
	}
	for i, w := range want {
		r := rows[i]
		if r.Commitment.Code != w.code || r.Progress != w.progress || r.Status != w.status {
			t.Errorf("row %d: %s %q %q, want %s %q %q", i, r.Commitment.Code, r.Progress, r.Status, w.code, w.progress, w.status)
		}
	}
}

// TestDispatchWithoutUnits: 交办 of a commitment without a lead unit, in a
// database without a units directory, says to import the units first.
func TestDispatchWithoutUnits(t *testing.T) {
	ctx := context.Background()
	st, err := store.Open(ctx, filepath.Join(t.TempDir(), "ducha.db"), store.Options{Migrate: true})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	path := filepath.Join(t.TempDir(), "report.txt")
	os.WriteFile(path, []byte("测试县2099年政府工作报告\n\n二、2099年工作安排\n\n全年新增学位1.2万个。\n"), 0o600)
	res, err := (&importer.Importer{Store: st}).ImportReports(ctx, []importer.ReportFile{{Path: path,
		Options: importer.ReportOptions{Government: "测试县", Year: 2099}}}, nil)
	if err != nil || res[0].Err != nil {
		t.Fatalf("import: %v %v", err, res)
	}
	cs, err := st.Commitments(ctx, res[0].ReportID)
	if err != nil || len(cs) == 0 {
		t.Fatalf("commitments: %d, %v", len(cs), err)
	}
	svc := &supervise.Service{Store: st}
	err = svc.Dispatch(ctx, supervise.Actor{Login: "ducha", Name: "王督查", Role: access.Supervisor}, cs[0].ID)
	if err == nil || !strings.Contains(err.Error(), "尚未确定牵头单位") || !strings.Contains(err.Error(), "ducha import units") {
		t.Errorf("dispatch without units: %v", err)
	}
}
