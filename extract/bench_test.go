package extract

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// benchText builds a large report text (about 16 MiB) by repeating the
// shipped sample reports and, where present, the real corpus report.
func benchText(b *testing.B) string {
	var parts []string
	for _, p := range []string{
		"../samples/shili-2024.txt",
		"../samples/shili-2025.txt",
		filepath.Join(sharedDir, "corpus", "chengguan-2020.txt"),
	} {
		if t, err := os.ReadFile(p); err == nil {
			parts = append(parts, string(t))
		}
	}
	if len(parts) == 0 {
		b.Fatal("no report text to benchmark: samples/ is missing")
	}
	one := strings.Join(parts, "\n")
	return strings.Repeat(one+"\n", 16<<20/len(one)+1)
}

// BenchmarkExtract measures the whole extractor (structure, mentions,
// commitments) in bytes of text per second on one goroutine.
func BenchmarkExtract(b *testing.B) {
	text := benchText(b)
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		Extract(text, Options{})
	}
}

// BenchmarkMentions measures quantity finding alone over the same text.
func BenchmarkMentions(b *testing.B) {
	text := benchText(b)
	st := parseStructure(text)
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		mentionsOf(text, st)
	}
}
