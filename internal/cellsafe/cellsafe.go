// Package cellsafe is the one place where ducha writes spreadsheet cells:
// every CSV and xlsx file the project produces goes through it, so that
// no cell is ever run as a formula (CSV / formula injection) and no cell
// is ever cut short.
//
// The rule: a text cell that starts with = + - @, a tab or a carriage
// return (or the full-width ＝ ＋ － ＠, which spreadsheets in Chinese
// locales also accept) gets a leading apostrophe, as a person typing it in
// Excel would; a genuine number such as -5 or +3.5 stays as it is. A cell
// that already starts with an apostrophe followed by one of those
// characters or another apostrophe gets one more, so that Unescape gives
// back exactly what was written and an untouched export re-imports
// unchanged.
package cellsafe

import (
	"encoding/csv"
	"fmt"
	"io"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"ducha/ledger"
)

// MaxChars is the most characters (UTF-16 code units) an Excel cell holds.
const MaxChars = 32767

// risky reports whether a spreadsheet could read a cell starting with r as
// a formula.
func risky(r rune) bool {
	switch r {
	case '=', '+', '-', '@', '\t', '\r', '＝', '＋', '－', '＠':
		return true
	}
	return false
}

// Risky reports whether s, written as text, needs the leading apostrophe.
func Risky(s string) bool {
	r, n := utf8.DecodeRuneInString(s)
	switch {
	case s == "" || s == "-":
		return false // empty, or the placeholder dash: nothing to run
	case risky(r):
		return !IsNumber(s)
	case r == '\'':
		next, _ := utf8.DecodeRuneInString(s[n:])
		return next == '\'' || risky(next)
	}
	return false
}

// Text returns s as it is safe to write in a cell.
func Text(s string) string {
	if Risky(s) {
		return "'" + s
	}
	return s
}

// Unescape undoes Text: it drops the apostrophe Text put in front. Readers
// of the sheets ducha exports call it on every cell.
func Unescape(s string) string {
	if len(s) < 2 || s[0] != '\'' {
		return s
	}
	next, _ := utf8.DecodeRuneInString(s[1:])
	if next == '\'' || risky(next) {
		return s[1:]
	}
	return s
}

// IsNumber reports whether s is a plain decimal number with an optional
// sign and percent sign (-5, +3.5, 12%): a value, never a formula.
func IsNumber(s string) bool {
	i := 0
	if i < len(s) && (s[i] == '-' || s[i] == '+') {
		i++
	}
	digits, dot := 0, false
	for ; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= '0' && c <= '9':
			digits++
		case c == '.' && !dot && digits > 0:
			dot = true
		case c == '%' && i == len(s)-1 && digits > 0:
		default:
			return false
		}
	}
	return digits > 0 && s[len(s)-1] != '.'
}

// TooLongError is a cell longer than Excel holds: the export is refused
// rather than cut.
type TooLongError struct {
	Where string // the cell, e.g. 工作表「任务分解表」单元格 L5
	Chars int    // its length in UTF-16 code units
}

func (e *TooLongError) Error() string {
	return fmt.Sprintf("%s 的内容有%d个字符，超过 Excel 单元格上限%d个字符；为避免截断，未导出（cell holds %d characters, more than Excel's %d: not exported rather than cut）",
		e.Where, e.Chars, MaxChars, e.Chars, MaxChars)
}

// Unwrap makes the error bad input for ledger.ErrorCode.
func (e *TooLongError) Unwrap() error {
	return &ledger.Error{Code: ledger.EInvalid, Message: e.Error()}
}

// checkLength refuses a cell Excel would cut.
func checkLength(where, s string) error {
	if len(s) <= MaxChars {
		return nil
	}
	if n := len(utf16.Encode([]rune(s))); n > MaxChars {
		return &TooLongError{Where: where, Chars: n}
	}
	return nil
}

// SetCell writes v to a workbook cell: strings as safe text (never a
// formula, never cut: too long a string is an error), numbers as numbers.
// Empty strings leave the cell blank.
func SetCell(f *excelize.File, sheet, ref string, v any) error {
	switch x := v.(type) {
	case string:
		return SetText(f, sheet, ref, x)
	case int:
		return f.SetCellInt(sheet, ref, int64(x))
	case int64:
		return f.SetCellInt(sheet, ref, x)
	case float64:
		return f.SetCellFloat(sheet, ref, x, -1, 64)
	case nil:
		return nil
	}
	return fmt.Errorf("cellsafe: unsupported cell value %T at %s", v, ref)
}

// SetText writes s as a text cell, made safe by Text.
func SetText(f *excelize.File, sheet, ref, s string) error {
	if s == "" {
		return nil
	}
	s = Text(s)
	if err := checkLength(fmt.Sprintf("工作表「%s」单元格 %s", sheet, ref), s); err != nil {
		return err
	}
	return f.SetCellStr(sheet, ref, s)
}

// CSV writes records with every field made safe by Text. A CSV file holds
// any length, so nothing is cut.
type CSV struct {
	w *csv.Writer
}

// NewCSV returns a CSV writer on w. bom writes the UTF-8 byte-order mark
// first, so that Excel opens the file as UTF-8; crlf ends lines with CRLF.
func NewCSV(w io.Writer, bom, crlf bool) (*CSV, error) {
	if bom {
		if _, err := io.WriteString(w, "\uFEFF"); err != nil {
			return nil, err
		}
	}
	cw := csv.NewWriter(w)
	cw.UseCRLF = crlf
	return &CSV{w: cw}, nil
}

// Write writes one record; it does not change rec.
func (c *CSV) Write(rec []string) error {
	out := make([]string, len(rec))
	for i, s := range rec {
		out[i] = Text(s)
	}
	return c.w.Write(out)
}

// Flush writes any buffered data and returns the first error of any write.
func (c *CSV) Flush() error {
	c.w.Flush()
	return c.w.Error()
}
