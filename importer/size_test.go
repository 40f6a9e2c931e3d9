package importer

import (
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"ducha/document"
)

// TestReportSizeCheckedFirst: a file over the limit is refused from its
// size, with extract's message, before any of it is read.
func TestReportSizeCheckedFirst(t *testing.T) {
	path := filepath.Join(t.TempDir(), "big.txt")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Truncate(40 << 20); err != nil { // sparse: costs no disk
		t.Fatal(err)
	}
	f.Close()
	_, want := document.ReadFile(path, document.Options{})
	if want == nil {
		t.Fatal("extract's reader accepted a 40 MiB file")
	}
	im := &Importer{}
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	p := im.readReport(path, ReportOptions{})
	runtime.ReadMemStats(&after)
	if p.err == nil || p.err.Error() != want.Error() {
		t.Fatalf("import: %v\nextract: %v", p.err, want)
	}
	if got := after.TotalAlloc - before.TotalAlloc; got > 1<<20 {
		t.Errorf("refusing the file allocated %d bytes: it was read", got)
	}
	// A limit of its own (--max-size) is honoured the same way.
	im.MaxBytes = 1 << 20
	small := filepath.Join(t.TempDir(), "two.txt")
	os.WriteFile(small, make([]byte, 2<<20), 0o644)
	_, want = document.ReadFile(small, document.Options{MaxBytes: 1 << 20})
	if p := im.readReport(small, ReportOptions{}); p.err == nil || p.err.Error() != want.Error() {
		t.Fatalf("--max-size: import %v, extract %v", p.err, want)
	}
}
