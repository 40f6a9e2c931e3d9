package supervise_test

import (
	"testing"

	"ducha/ledger"
	"ducha/supervise"
)

func TestRepeatOf(t *testing.T) {
	const june = "完成老旧小区改造12个，惠及居民3200户，同步加装电梯15部"
	reps := []ledger.ProgressReport{
		{ID: 1, Period: "2024-05", Narrative: "完成老旧小区改造8个，惠及居民2100户，正在加装电梯"},
		{ID: 2, Period: "2024-06", Narrative: june},
		{ID: 3, Period: "2024-08", Narrative: "短"},
	}
	tests := []struct {
		name, period, narrative string
		want                    string // the period repeated, "" for none
	}{
		{"the same words", "2024-07", june, "2024-06"},
		{"one figure changed", "2024-07", "完成老旧小区改造12个，惠及居民3300户，同步加装电梯15部", "2024-06"},
		{"only the figures changed", "2024-07", "完成老旧小区改造17个，惠及居民4,520户，同步加装电梯21部", "2024-06"},
		{"new progress", "2024-07", "完成老旧小区改造15个，惠及居民4100户，加装电梯全部通过验收", ""},
		{"too short to judge", "2024-07", "按计划推进", ""},
		{"compared with the latest earlier period only", "2024-07", reps[0].Narrative, ""},
		{"the latest earlier period too short", "2024-09", june, ""},
		{"no earlier period", "2024-04", june, ""},
		{"its own period is not earlier", "2024-06", june, ""},
	}
	for _, tt := range tests {
		got, ok := supervise.RepeatOf(reps, tt.period, tt.narrative)
		if ok != (tt.want != "") || got.Period != tt.want {
			t.Errorf("%s: %+v, %v; want %q", tt.name, got, ok, tt.want)
		}
		if ok && (got.Similarity < 0.9 || got.Percent() < 90 || got.Percent() > 100) {
			t.Errorf("%s: similarity %v (%d%%)", tt.name, got.Similarity, got.Percent())
		}
	}
	reps = append(reps, ledger.ProgressReport{ID: 4, Period: "2024-07", Narrative: june + "。"})
	if got := supervise.Repeats(reps); len(got) != 1 || got[4].Period != "2024-06" {
		t.Errorf("Repeats: %+v", got)
	}
}
