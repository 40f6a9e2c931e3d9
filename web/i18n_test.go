package web

import (
	"io/fs"
	"regexp"
	"testing"
)

// TestTemplatesTranslated checks that every literal string the templates
// pass to T has a Chinese translation: a missing one would show English
// on a Chinese page.
func TestTemplatesTranslated(t *testing.T) {
	names, err := fs.Glob(assets, "templates/*.html")
	if err != nil {
		t.Fatal(err)
	}
	lit := regexp.MustCompile(`\.T "([^"]+)"`)
	n := 0
	for _, name := range names {
		src, err := fs.ReadFile(assets, name)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range lit.FindAllStringSubmatch(string(src), -1) {
			n++
			if _, ok := zh[m[1]]; !ok {
				t.Errorf("%s: no Chinese for %q", name, m[1])
			}
		}
	}
	if n < 100 {
		t.Fatalf("found only %d translated strings in %d templates", n, len(names))
	}
}
