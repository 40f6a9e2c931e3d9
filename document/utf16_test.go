package document

import (
	"os"
	"strings"
	"testing"
	"unicode/utf16"
)

// TestUTF16WithoutBOM: a Chinese report in UTF-16 without a byte order
// mark is named as such, with the fix; with the mark it reads.
func TestUTF16WithoutBOM(t *testing.T) {
	text, err := os.ReadFile("../samples/shili-2024.txt")
	if err != nil {
		t.Fatal(err)
	}
	encode := func(bigEndian bool) []byte {
		var out []byte
		for _, u := range utf16.Encode([]rune(string(text))) {
			if bigEndian {
				out = append(out, byte(u>>8), byte(u))
			} else {
				out = append(out, byte(u), byte(u>>8))
			}
		}
		return out
	}
	for _, tc := range []struct {
		name      string
		bigEndian bool
		bom       string
		want      string // error, "" when it reads
	}{
		{"le", false, "", "looks like UTF-16 (little-endian) text without a byte order mark: save it as UTF-8, or as UTF-16 with a byte order mark"},
		{"be", true, "", "looks like UTF-16 (big-endian) text without a byte order mark"},
		{"le with bom", false, "\xFF\xFE", ""},
		{"be with bom", true, "\xFE\xFF", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, _, err := Decode(append([]byte(tc.bom), encode(tc.bigEndian)...))
			switch {
			case tc.want == "" && (err != nil || got != string(text)):
				t.Fatalf("Decode: %v (%d bytes)", err, len(got))
			case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want) || strings.Contains(err.Error(), "binary")):
				t.Fatalf("err = %v, want %q", err, tc.want)
			}
		})
	}
	// Binary data with NUL bytes is still binary data.
	bin := make([]byte, 4096)
	for i := range bin {
		bin[i] = byte(i * 7 % 251)
	}
	if _, _, err := Decode(bin); err == nil || !strings.Contains(err.Error(), "binary data") {
		t.Fatalf("binary: %v", err)
	}
}
