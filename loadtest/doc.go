// Package loadtest holds the web load benchmark of ducha: TestLoad seeds a
// database of 10,000 commitments and 100,000 progress reports, starts the
// real server on loopback and drives it with concurrent signed-in clients
// for a fixed time, reporting latency percentiles per endpoint and
// requests per second. It runs only with DUCHA_LOAD=1 (see load_test.go
// and BENCHMARKS.md); there is no non-test code here.
package loadtest
