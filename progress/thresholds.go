package progress

import (
	"errors"
	"fmt"
	"time"
)

// NotStartedGrace is the expected fraction below which a task without any
// report stays NotStarted (yellow) instead of SeriouslyLagging, so that the
// first days of the work are not flagged.
const NotStartedGrace = 0.05

// Thresholds are the settings of the supervision office that turn a ratio of
// actual to expected progress into a status.
type Thresholds struct {
	// AheadRatio: actual/expected at or above it is Ahead (default 1.10).
	AheadRatio float64
	// LaggingRatio: actual/expected below it is Lagging (default 0.90).
	LaggingRatio float64
	// SeriousRatio: actual/expected below it is SeriouslyLagging (default 0.60).
	SeriousRatio float64
	// StaleAfter: a unit that has not reported for a period this long after
	// the period ended is stale (default 10 days).
	StaleAfter time.Duration
	// Bands are the tolerances of targets judged by their figure (rates,
	// ceilings, reductions) and of verdicts; the zero Bands means
	// DefaultBands.
	Bands Bands
}

// DefaultThresholds returns the usual settings: 1.10, 0.90, 0.60 and 10 days.
func DefaultThresholds() Thresholds {
	return Thresholds{
		AheadRatio:   1.10,
		LaggingRatio: 0.90,
		SeriousRatio: 0.60,
		StaleAfter:   10 * 24 * time.Hour,
		Bands:        DefaultBands(),
	}
}

// Validate checks that 0 < SeriousRatio < LaggingRatio ≤ 1 ≤ AheadRatio and
// StaleAfter ≥ 0. The error names every field that is wrong.
func (t Thresholds) Validate() error {
	var errs []error
	if !(t.SeriousRatio > 0) {
		errs = append(errs, fmt.Errorf("progress: SeriousRatio must be greater than 0, got %v", t.SeriousRatio))
	}
	if !(t.LaggingRatio > t.SeriousRatio) {
		errs = append(errs, fmt.Errorf("progress: SeriousRatio (%v) must be less than LaggingRatio (%v)", t.SeriousRatio, t.LaggingRatio))
	}
	if !(t.LaggingRatio <= 1) {
		errs = append(errs, fmt.Errorf("progress: LaggingRatio must be at most 1, got %v", t.LaggingRatio))
	}
	if !(t.AheadRatio >= 1) {
		errs = append(errs, fmt.Errorf("progress: AheadRatio must be at least 1, got %v", t.AheadRatio))
	}
	if t.StaleAfter < 0 {
		errs = append(errs, fmt.Errorf("progress: StaleAfter must not be negative, got %v", t.StaleAfter))
	}
	if t.Bands != (Bands{}) {
		if err := t.Bands.Validate(); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// classify turns a ratio of actual to expected progress into a status.
func classify(ratio float64, th Thresholds) Status {
	switch {
	case ratio >= th.AheadRatio:
		return Ahead
	case ratio >= th.LaggingRatio:
		return OnTrack
	case ratio >= th.SeriousRatio:
		return Lagging
	default:
		return SeriouslyLagging
	}
}
