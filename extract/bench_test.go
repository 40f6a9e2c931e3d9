package extract

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// benchReports reads the shipped sample reports and, where present, the
// real corpus report.
func benchReports(b *testing.B) []string {
	var reports []string
	for _, p := range []string{
		"../samples/shili-2024.txt",
		"../samples/shili-2025.txt",
		filepath.Join(sharedDir, "corpus", "chengguan-2020.txt"),
	} {
		if t, err := os.ReadFile(p); err == nil {
			reports = append(reports, string(t))
		}
	}
	if len(reports) == 0 {
		b.Fatal("no report text to benchmark: samples/ is missing")
	}
	return reports
}

// largeReport builds one report of about 16 MiB with the proportions of a
// real one: the review parts of the reports, repeated, then their plan
// parts, repeated.
func largeReport(b *testing.B) string {
	var review, plan strings.Builder
	for _, r := range benchReports(b) {
		st := parseStructure(r)
		review.WriteString(r[:st.Plan.Start])
		review.WriteString("\n")
		plan.WriteString(r[st.Plan.Start:])
		plan.WriteString("\n")
	}
	n := 16<<20/(review.Len()+plan.Len()) + 1
	return strings.Repeat(review.String(), n) + strings.Repeat(plan.String(), n)
}

// BenchmarkExtract measures the whole extractor (structure, mentions,
// commitments) over a large report, in bytes of text per second.
func BenchmarkExtract(b *testing.B) {
	text := largeReport(b)
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	for b.Loop() {
		Extract(text, Options{})
	}
}

// BenchmarkExtractAllPlan is the worst case: whole reports concatenated, so
// that everything after the first plan heading is read as plan and split
// into commitments.
func BenchmarkExtractAllPlan(b *testing.B) {
	one := strings.Join(benchReports(b), "\n")
	text := strings.Repeat(one+"\n", 16<<20/len(one)+1)
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	for b.Loop() {
		Extract(text, Options{})
	}
}

// BenchmarkExtractReport measures one ordinary report (the 2024 sample).
func BenchmarkExtractReport(b *testing.B) {
	text := benchReports(b)[0]
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	for b.Loop() {
		Extract(text, Options{})
	}
}

// BenchmarkMentions measures quantity finding alone over the large report.
func BenchmarkMentions(b *testing.B) {
	text := largeReport(b)
	st := parseStructure(text)
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	for b.Loop() {
		mentionsOf(text, st)
	}
}
