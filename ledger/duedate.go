package ledger

import "time"

// DueDate is the day commitment c must be done by: its deadline when one
// is set (from the report's phrase or by the office), else 31 December of
// the year it is due (Period) — an annual target of the 2024 report is due
// on 2024-12-31. false when neither is known. The status engine's window
// (supervise.PlanOf), the task sheet's 完成时限 and dispatch all read it,
// so what the sheet shows is what a commitment is judged against.
func DueDate(c Commitment) (time.Time, bool) {
	if c.Deadline != nil {
		return *c.Deadline, true
	}
	if c.Period > 0 {
		return time.Date(c.Period, time.December, 31, 0, 0, 0, 0, time.UTC), true
	}
	return time.Time{}, false
}
