// Package textable prints rows as aligned columns for a terminal,
// measuring East Asian characters as two columns wide.
package textable

import (
	"io"
	"strings"

	"github.com/mattn/go-runewidth"
)

// Write prints rows (the first is usually the header) as aligned columns.
func Write(w io.Writer, rows [][]string) error {
	if len(rows) == 0 {
		return nil
	}
	widths := make([]int, len(rows[0]))
	for _, r := range rows {
		for i, c := range r {
			if i < len(widths) {
				widths[i] = max(widths[i], runewidth.StringWidth(c))
			}
		}
	}
	for _, r := range rows {
		var b strings.Builder
		for i, c := range r {
			b.WriteString(c)
			if i < len(r)-1 && i < len(widths) {
				b.WriteString(strings.Repeat(" ", max(widths[i]-runewidth.StringWidth(c), 0)+2))
			}
		}
		b.WriteByte('\n')
		if _, err := io.WriteString(w, b.String()); err != nil {
			return err
		}
	}
	return nil
}
