// Package supervise is the supervision workflow as a service: who may do
// what to a commitment (package access), in which order (ledger's
// workflow rules), where every commitment stands (package progress), and
// which reminders and warnings go out (package notify). The web pages, the
// JSON API and the scheduler all call it, so that a rule is written once.
//
// It imports no HTTP and no SQL: it works on a Store (the ledger and the
// supervision records) and an Outbox (durable notifications).
package supervise
