package ledger

import (
	"math"
	"testing"
)

func TestRollUp(t *testing.T) {
	tests := []struct {
		name     string
		children []Progress
		want     float64
	}{
		{"equal shares", []Progress{{Done: 1}, {Done: 0}}, 0.5},
		{"weights summing to 100", []Progress{{Weight: 30, Done: 1}, {Weight: 30, Done: 1}, {Weight: 40, Done: 0}}, 0.6},
		{"weights not summing to 1", []Progress{{Weight: 0.2, Done: 1}, {Weight: 0.2, Done: 0}}, 0.5},
		{"weights summing over 1", []Progress{{Weight: 0.7, Done: 1}, {Weight: 0.7, Done: 1}}, 1},
		{"some unweighted get the average", []Progress{{Weight: 2, Done: 1}, {Done: 0}}, 0.5},
		{"done is clamped", []Progress{{Done: 1.7}, {Done: -1}}, 0.5},
		{"none", nil, 0},
	}
	for _, tt := range tests {
		if got := RollUp(tt.children); math.Abs(got-tt.want) > 1e-12 {
			t.Errorf("%s: RollUp = %v, want %v", tt.name, got, tt.want)
		}
		if len(tt.children) > 0 {
			var sum float64
			for _, w := range NormalisedWeights(tt.children) {
				sum += w
			}
			if math.Abs(sum-1) > 1e-12 {
				t.Errorf("%s: normalised weights sum to %v", tt.name, sum)
			}
		}
	}
}
