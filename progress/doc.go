// Package progress is the status engine of the supervision office (督查室):
// given what a commitment asks for (a Plan) and what its lead unit last
// reported (a Report), it says where the work stands — a Status, a traffic
// light (红黄绿) and a short reason. It is pure: no storage, no HTTP, no
// clock; the caller passes the moment of evaluation.
//
// # Dates
//
// Plan.Start, Plan.Deadline and Milestone.Due are calendar dates; their
// clock times are ignored. Work starts at the beginning of the Start day and
// must be finished by the end of the Deadline day (the first instant of the
// next day); a milestone is due by the end of its day. A zero Deadline means
// 31 December of Start's year; a zero Start means 1 January of Deadline's
// year.
//
// # Expected fraction
//
// ExpectedFraction says how far along the way from Baseline to Target the
// work should be at a moment, from 0 to 1. Without milestones it grows
// linearly from 0 at Start to 1 at the end of the Deadline day. When at least
// one milestone carries a value (and the plan is quantified, with Target ≠
// Baseline), the schedule is piecewise linear through (Start, 0), each
// milestone (Due, (Expected−Baseline)/(Target−Baseline)) and (Deadline, 1);
// a descriptive milestone is a checkpoint at the linear fraction of its due
// date. Milestone points are clamped to 0..1 and never fall below an earlier
// point; milestones due before Start, or on or after the Deadline day (which
// is already the point (Deadline, 1)), are ignored.
//
// # Actual fraction
//
// For a quantified plan (Direction ±1) the achieved fraction of a reported
// value is (value−Baseline)/(Target−Baseline); the formula serves falling
// indicators too, whose Target lies below Baseline. When Target equals
// Baseline (keep at, 控制在…以内), reaching the target counts as 1 and
// anything else as 0. For a descriptive plan (Direction 0), or a report
// without a figure, the fraction is 1 if the unit declared the task done and
// otherwise Percent/100 (0 when Percent is negative, meaning none).
//
// # Status rules
//
// Evaluate applies these rules in order:
//
//  1. Completed (green): the unit declared the task done (办结), or the
//     actual fraction is at least 1 (within 1e-9). Completed beats all.
//  2. Overdue (red): the end of the Deadline day has passed.
//  3. No report at all: NotStarted, green while no work is expected yet
//     (expected fraction 0, as before Start); NotStarted, yellow while the
//     expected fraction is below NotStartedGrace (the first days of the
//     work); otherwise the ratio is 0, which is SeriouslyLagging (red).
//  4. A report while nothing is expected yet (expected fraction 0): OnTrack
//     (green) if the actual fraction is not negative, Lagging (yellow) if the
//     value has moved away from the target.
//  5. Otherwise ratio = actual/expected: at least AheadRatio → Ahead (green);
//     at least LaggingRatio → OnTrack (green); at least SeriousRatio →
//     Lagging (yellow); below → SeriouslyLagging (red).
//
// # Staleness
//
// A unit that owes a report is stale: when periodEnd is not zero and not
// before Start, the task is not Completed, the last report came before
// periodEnd, and the moment of evaluation is later than periodEnd +
// StaleAfter, the Result has Stale set and a red light; the status itself is
// unchanged. PeriodEnd gives periodEnd for monthly or quarterly reporting.
//
// # Checking a submitted figure
//
// CheckValue checks a figure before it is saved: a percentage outside 0–100
// and a negative count block the submission; a cumulative figure below the
// previous report and a figure more than ten times the target are warnings.
package progress
