package progress

import (
	"math"
	"strings"
	"testing"
	"time"
)

func TestThresholdsValidate(t *testing.T) {
	def := DefaultThresholds()
	with := func(f func(*Thresholds)) Thresholds {
		th := def
		f(&th)
		return th
	}
	tests := []struct {
		name   string
		th     Thresholds
		fields []string // named in the error; none means valid
	}{
		{"defaults", def, nil},
		{"lagging 1 and ahead 1 are allowed", with(func(t *Thresholds) { t.LaggingRatio, t.AheadRatio = 1, 1 }), nil},
		{"stale after 0 is allowed", with(func(t *Thresholds) { t.StaleAfter = 0 }), nil},
		{"serious 0", with(func(t *Thresholds) { t.SeriousRatio = 0 }), []string{"SeriousRatio"}},
		{"serious negative", with(func(t *Thresholds) { t.SeriousRatio = -0.1 }), []string{"SeriousRatio"}},
		{"serious NaN", with(func(t *Thresholds) { t.SeriousRatio = math.NaN() }), []string{"SeriousRatio"}},
		{"serious equals lagging", with(func(t *Thresholds) { t.SeriousRatio = 0.9 }), []string{"SeriousRatio", "LaggingRatio"}},
		{"lagging above 1", with(func(t *Thresholds) { t.LaggingRatio = 1.05 }), []string{"LaggingRatio must be at most 1"}},
		{"ahead below 1", with(func(t *Thresholds) { t.AheadRatio = 0.95 }), []string{"AheadRatio"}},
		{"ahead NaN", with(func(t *Thresholds) { t.AheadRatio = math.NaN() }), []string{"AheadRatio"}},
		{"stale negative", with(func(t *Thresholds) { t.StaleAfter = -time.Hour }), []string{"StaleAfter"}},
		{"zero value names every ratio", Thresholds{}, []string{"SeriousRatio", "LaggingRatio", "AheadRatio"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.th.Validate()
			if len(tt.fields) == 0 {
				if err != nil {
					t.Fatalf("Validate() = %v, want nil", err)
				}
				return
			}
			if err == nil {
				t.Fatalf("Validate() = nil, want an error naming %v", tt.fields)
			}
			for _, f := range tt.fields {
				if !strings.Contains(err.Error(), f) {
					t.Errorf("Validate() = %q, want it to name %q", err, f)
				}
			}
		})
	}
}

func TestDefaultThresholds(t *testing.T) {
	th := DefaultThresholds()
	if th.AheadRatio != 1.10 || th.LaggingRatio != 0.90 || th.SeriousRatio != 0.60 || th.StaleAfter != 240*time.Hour {
		t.Errorf("DefaultThresholds() = %+v", th)
	}
}

func TestClassify(t *testing.T) {
	th := DefaultThresholds()
	tests := []struct {
		ratio float64
		want  Status
	}{
		{1.2, Ahead},
		{1.1, Ahead}, // at AheadRatio
		{1.09, OnTrack},
		{0.9, OnTrack}, // at LaggingRatio
		{0.89, Lagging},
		{0.6, Lagging}, // at SeriousRatio
		{0.59, SeriouslyLagging},
		{0, SeriouslyLagging},
		{-1, SeriouslyLagging},
		{math.NaN(), SeriouslyLagging},
	}
	for _, tt := range tests {
		if got := classify(tt.ratio, th); got != tt.want {
			t.Errorf("classify(%v) = %s, want %s", tt.ratio, got, tt.want)
		}
	}
}
