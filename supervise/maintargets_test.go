package supervise_test

import (
	"context"
	"strings"
	"testing"

	"ducha/progress"
)

// TestDemoMainTargets: the status of every 主要预期目标 of the 2024 sample in
// the demo ledger, on its clock (15 September 2024), written by hand from
// the figure the unit last had approved — what a supervisor reading the
// figure would say, not what a rule computes:
//   - GDP 6%左右 at 6.0% year to date: on track;
//   - 一般公共预算收入 5%以上 at 5.1%: on track (a tenth above, within the band);
//   - 固定资产投资 8%以上 at 8.1%: on track;
//   - 社会消费品零售总额 7%左右 at 3.2%: 3.3 points under the 6.5% floor of
//     its band, seriously lagging (red) — a growth rate, not 46% of a path;
//   - 城镇调查失业率 5.5%以内 and 居民人均可支配收入 6%-7% are not yet
//     dispatched: not started (yellow), never lagging;
//   - 单位地区生产总值能耗 下降完成市下达任务 has no figure: the unit's own 54%
//     against 70.6% of the year passed is lagging (yellow).
//
// If the demo's history changes, work the expectations out again by hand.
func TestDemoMainTargets(t *testing.T) {
	svc, _, res, _ := setUp(t)
	items, err := svc.Items(context.Background(), res.ReportID)
	if err != nil {
		t.Fatal(err)
	}
	want := []struct {
		title  string // how the item's title begins
		kind   progress.Kind
		figure string // the approved figure, "" if none
		status progress.Status
		light  progress.Light
	}{
		{"地区生产总值增长6%左右", progress.KindRate, "6.0", progress.OnTrack, progress.Green},
		{"一般公共预算收入增长5%以上", progress.KindRate, "5.1", progress.OnTrack, progress.Green},
		{"固定资产投资增长8%以上", progress.KindRate, "8.1", progress.OnTrack, progress.Green},
		{"社会消费品零售总额增长7%左右", progress.KindRate, "3.2", progress.SeriouslyLagging, progress.Red},
		{"城镇调查失业率控制在5.5%以内", progress.KindCeiling, "", progress.NotStarted, progress.Yellow},
		{"居民人均可支配收入增长6%-7%", progress.KindRate, "", progress.NotStarted, progress.Yellow},
		{"单位地区生产总值能耗下降完成市下达任务", progress.KindMilestone, "", progress.Lagging, progress.Yellow},
	}
	for _, w := range want {
		found := false
		for _, it := range items {
			if !strings.HasPrefix(it.Title, w.title) {
				continue
			}
			found = true
			figure := ""
			if it.LatestApproved != nil {
				figure = it.LatestApproved.Value
			}
			if it.Result.Kind != w.kind || figure != w.figure || it.Result.Status != w.status || it.Result.Light != w.light {
				t.Errorf("%s: kind %s, figure %q, %s %s; want %s, %q, %s %s (%s)", w.title, it.Result.Kind, figure,
					it.Result.Status, it.Result.Light, w.kind, w.figure, w.status, w.light, it.Result.Reason)
			}
		}
		if !found {
			t.Errorf("no commitment %s in the demo", w.title)
		}
	}
}
