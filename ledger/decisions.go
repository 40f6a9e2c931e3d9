package ledger

import "time"

// Exclusion records that the office marked a proposed commitment 不列入
// (not a commitment): who, when and why.
type Exclusion struct {
	At     time.Time
	By     string // login
	Reason string
}

// ReconcileReview is the office's word on one row of the reconciliation of
// a year-N report with year N+1's: the row (the target's span in the
// year-N text) confirmed as the system judged it, or its verdict
// overridden.
type ReconcileReview struct {
	ReportID   int64 // the year-N report
	Start, End int   // byte span of the target in its text
	// Override is the verdict the office gives (a progress.Verdict); ""
	// confirms the system's verdict.
	Override string
	Note     string
	By       string // login
	At       time.Time
}
