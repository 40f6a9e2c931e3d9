package progress

import (
	"testing"
	"time"
)

func TestEvaluateStale(t *testing.T) {
	linear := year2024(0, 6000, 1)
	march := Plan{Start: day(2024, 3, 1), Deadline: day(2024, 12, 31), Target: 6000, Direction: 1}
	// The last nanosecond of a month; with 10 days' grace a unit that owes
	// June's report turns stale after 2024-07-10 23:59:59.999999999.
	endOf := func(y int, m time.Month) time.Time { return day(y, m+1, 1).Add(-time.Nanosecond) }
	june, july := endOf(2024, time.June), endOf(2024, time.July)
	jun5, jul3, jul12 := day(2024, 6, 5), day(2024, 7, 3), day(2024, 7, 12)
	noGrace := DefaultThresholds()
	noGrace.StaleAfter = 0

	runEvalCases(t, []evalCase{
		// Jan 1 → Jul 12 is 182+11 = 193 days; 0.5 × 366/193 = 183/193 ≈ 0.948.
		{name: "stale: no report since June", p: linear, latest: figure(3000), last: jun5, periodEnd: june, at: jul12,
			status: OnTrack, light: Red, expected: 193.0 / 366, actual: 0.5, ratio: 183.0 / 193, stale: true,
			reason: "; stale: no report for the period ending 2024-06-30, last report 2024-06-05"},
		// Day 191.5; ratio 183/191.5 ≈ 0.956. Still within the 10 days.
		{name: "within the grace", p: linear, latest: figure(3000), last: jun5, periodEnd: june, at: clock(2024, 7, 10, 12, 0),
			status: OnTrack, light: Green, expected: 191.5 / 366, actual: 0.5, ratio: 183.0 / 191.5},
		// Day 192; ratio 183/192. The first instant after the grace.
		{name: "first moment after the grace", p: linear, latest: figure(3000), last: jun5, periodEnd: june, at: day(2024, 7, 11),
			status: OnTrack, light: Red, expected: 192.0 / 366, actual: 0.5, ratio: 183.0 / 192, stale: true},
		{name: "reported after the period ended", p: linear, latest: figure(3000), last: jul3, periodEnd: june, at: jul12,
			status: OnTrack, light: Green, expected: 193.0 / 366, actual: 0.5, ratio: 183.0 / 193},
		{name: "zero period end disables the check", p: linear, latest: figure(3000), last: jun5, at: jul12,
			status: OnTrack, light: Green, expected: 193.0 / 366, actual: 0.5, ratio: 183.0 / 193},
		{name: "never reported", p: linear, periodEnd: june, at: jul12,
			status: SeriouslyLagging, light: Red, expected: 193.0 / 366, stale: true,
			reason: "no report for the period ending 2024-06-30"},
		{name: "completed is never stale", p: linear, latest: figure(6000), last: jun5, periodEnd: june, at: jul12,
			status: Completed, light: Green, expected: 193.0 / 366, actual: 1, ratio: 366.0 / 193},
		// February ended before the work started on 1 March: nothing owed.
		// Mar 1 → Mar 12 is 11 of 306 days ≈ 0.036 < 0.05.
		{name: "period before the start", p: march, periodEnd: endOf(2024, time.February), at: day(2024, 3, 12),
			status: NotStarted, light: Yellow, expected: 11.0 / 306},
		// StaleAfter 0: stale from the first instant after the period.
		{name: "no grace", p: linear, latest: figure(3000), last: jun5, periodEnd: june, at: day(2024, 7, 1), th: noGrace,
			status: OnTrack, light: Red, expected: 182.0 / 366, actual: 0.5, ratio: 183.0 / 182, stale: true},
		// A zero lastReportAt falls back to the latest report's date.
		{name: "latest.At after the period", p: linear, latest: &Report{At: jul3, Value: 3000, HasValue: true, Percent: -1},
			periodEnd: june, at: jul12,
			status: OnTrack, light: Green, expected: 193.0 / 366, actual: 0.5, ratio: 183.0 / 193},
		{name: "latest.At before the period end", p: linear, latest: figure(3000), periodEnd: june, at: jul12,
			status: OnTrack, light: Red, expected: 193.0 / 366, actual: 0.5, ratio: 183.0 / 193, stale: true,
			reason: "last report 2024-06-28"},
		// On 20 August, quarterly: the last quarter ended 30 June and the
		// 3 July report covers it. Jan 1 → Aug 20 is 182+31+19 = 232 days;
		// 0.5 × 366/232 = 183/232 ≈ 0.789.
		{name: "quarterly, reported", p: linear, latest: figure(3000), last: jul3, periodEnd: june, at: day(2024, 8, 20),
			status: Lagging, light: Yellow, expected: 232.0 / 366, actual: 0.5, ratio: 183.0 / 232},
		// Monthly: July ended, and 20 August is past 10 August.
		{name: "monthly, July not reported", p: linear, latest: figure(3000), last: jul3, periodEnd: july, at: day(2024, 8, 20),
			status: Lagging, light: Red, expected: 232.0 / 366, actual: 0.5, ratio: 183.0 / 232, stale: true},
		// Overdue and stale at once; 5000/6000 = 5/6.
		{name: "overdue and stale", p: linear, latest: figure(5000), last: day(2024, 11, 20), periodEnd: endOf(2024, time.December), at: day(2025, 1, 15),
			status: Overdue, light: Red, expected: 1, actual: 5.0 / 6, ratio: 5.0 / 6, stale: true},
	})
}
