package cellsafe

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

func TestText(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", ""},
		{"示例区教育局", "示例区教育局"},
		{"=1+2局", "'=1+2局"},
		{"+1+2", "'+1+2"},
		{"-1+2", "'-1+2"},
		{"@SUM(A1)", "'@SUM(A1)"},
		{"\t=1", "'\t=1"},
		{"\r=1", "'\r=1"},
		{"＝1+2", "'＝1+2"},
		{"＋1", "'＋1"},
		{"－1", "'－1"},
		{"＠x", "'＠x"},
		{"-5", "-5"},
		{"+3.5", "+3.5"},
		{"-12%", "-12%"},
		{"-", "-"},
		{"-.5", "'-.5"},
		{"-5.", "'-5."},
		{"--5", "'--5"},
		{"'=x", "''=x"},
		{"''", "'''"},
		{"'abc", "'abc"},
		{"a=1", "a=1"},
	}
	for _, tc := range tests {
		if got := Text(tc.in); got != tc.want {
			t.Errorf("Text(%q) = %q, want %q", tc.in, got, tc.want)
		}
		if got := Unescape(Text(tc.in)); got != tc.in {
			t.Errorf("Unescape(Text(%q)) = %q", tc.in, got)
		}
	}
}

func FuzzRoundTrip(f *testing.F) {
	for _, s := range []string{"=1", "'=1", "''", "'", "-5", "＝x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		e := Text(s)
		if Unescape(e) != s {
			t.Fatalf("Unescape(Text(%q)) = %q", s, Unescape(e))
		}
		if r := []rune(e); len(r) > 0 && risky(r[0]) && !IsNumber(e) && e != "-" {
			t.Fatalf("Text(%q) = %q starts with a formula character", s, e)
		}
	})
}

func TestCSV(t *testing.T) {
	var buf bytes.Buffer
	w, err := NewCSV(&buf, true, true)
	if err != nil {
		t.Fatal(err)
	}
	rec := []string{"=1+2局", "-5", "ok"}
	if err := w.Write(rec); err != nil {
		t.Fatal(err)
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	if want := "\uFEFF'=1+2局,-5,ok\r\n"; buf.String() != want {
		t.Fatalf("csv = %q, want %q", buf.String(), want)
	}
	if rec[0] != "=1+2局" {
		t.Fatal("Write changed its argument")
	}
}

func TestSetCellRefusesTooLong(t *testing.T) {
	f := excelize.NewFile()
	defer f.Close()
	if err := SetCell(f, "Sheet1", "A1", strings.Repeat("责", MaxChars)); err != nil {
		t.Fatalf("a cell of exactly %d characters: %v", MaxChars, err)
	}
	err := SetCell(f, "Sheet1", "B2", strings.Repeat("责", MaxChars+1))
	var tl *TooLongError
	if !errors.As(err, &tl) || tl.Chars != MaxChars+1 || !strings.Contains(err.Error(), "单元格 B2") {
		t.Fatalf("err = %v, want a TooLongError naming B2", err)
	}
	// The apostrophe counts: 32767 characters starting with = no longer fit.
	if err := SetCell(f, "Sheet1", "C3", "="+strings.Repeat("x", MaxChars-1)); !errors.As(err, &tl) {
		t.Fatalf("escaped cell over the limit: err = %v", err)
	}
	if err := SetCell(f, "Sheet1", "D4", "=1+2局"); err != nil {
		t.Fatal(err)
	}
	if v, _ := f.GetCellValue("Sheet1", "D4"); v != "'=1+2局" {
		t.Fatalf("D4 = %q", v)
	}
	if err := SetCell(f, "Sheet1", "E5", 3.5); err != nil {
		t.Fatal(err)
	}
	if typ, _ := f.GetCellType("Sheet1", "E5"); typ == excelize.CellTypeSharedString || typ == excelize.CellTypeInlineString {
		t.Fatalf("a number written as text (%v)", typ)
	}
}
