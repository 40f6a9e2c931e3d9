// Package shared holds what the SQLite and PostgreSQL stores do alike, so
// that both behave the same: validation of what is written (the ledger,
// and the supervision workflow's users, states, progress reports, 督办单,
// comments, tokens, settings and outbox messages, with their Chinese
// messages), the planning of progress report saves, the audit records, the
// natural order of commitment codes, the normalisation of dates and times,
// the JSON form of string lists and the loading of numbered migrations.
package shared
