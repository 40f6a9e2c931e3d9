// Package shared holds what the SQLite and PostgreSQL stores do alike, so
// that both behave the same: validation of what is written, the natural
// order of commitment codes, the normalisation of dates and times, the
// JSON form of string lists and the loading of numbered migrations.
package shared
