package tasksheet

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"ducha/internal/cellsafe"
	"ducha/ledger"
)

// TestFieldLimits: every imported text column has a limit, reported by
// row and column without echoing the text.
func TestFieldLimits(t *testing.T) {
	data := exportBytes(t, fixtureRows(), ExportOptions{Format: "csv"})
	huge := strings.Repeat("李", 1000000)
	edited := bytes.Replace(data, []byte("李四"), []byte(huge), 1)
	_, err := Parse(bytes.NewReader(edited), "任务分解表.csv", year, fixtures(), testDir())
	se := sheetErr(t, err)
	if len(se.Errors) != 1 || se.Errors[0].String() != "第2行 责任人 超过100个字符上限（现有1000000个字符）" {
		t.Fatalf("errors = %.300q", se.Errors)
	}
	if len(err.Error()) > 500 {
		t.Errorf("the error echoes the text: %d bytes", len(err.Error()))
	}

	tests := []struct {
		col string
		max int
	}{
		{colTitle, 2000}, {colCategory, 100}, {colIndicator, 200}, {colTarget, 100}, {colUnit, 50},
		{colLead, 100}, {colCooperating, 2000}, {colLeader, 100}, {colPerson, 100},
		{colDeadline, 100}, {colMilestones, 4000}, {colWeight, 50}, {colParent, 64},
	}
	for _, tc := range tests {
		t.Run(tc.col, func(t *testing.T) {
			code := "2024-03-02-1"
			e := editXLSX(t, exportBytes(t, fixtureRows(), ExportOptions{}))
			e.set(code, tc.col, strings.Repeat("字", tc.max+1))
			_, err := parseBytes(e.bytes())
			want := tc.col + " 超过" + itoa(tc.max) + "个字符上限（现有" + itoa(tc.max+1) + "个字符）"
			if err == nil || !hasLine(err.Error(), "第2行 "+want) {
				t.Fatalf("err = %.400v, want 第2行 %s", err, want)
			}
			// At the limit the length is not what is reported.
			e = editXLSX(t, exportBytes(t, fixtureRows(), ExportOptions{}))
			e.set(code, tc.col, strings.Repeat("字", tc.max))
			if _, err := parseBytes(e.bytes()); err != nil && strings.Contains(err.Error(), "个字符上限") {
				t.Fatalf("at the limit: %v", err)
			}
		})
	}
	t.Run(colCode, func(t *testing.T) {
		e := editXLSX(t, exportBytes(t, fixtureRows(), ExportOptions{}))
		long := "2024-03-02-1." + strings.Repeat("1", 60)
		e.set(long, colCode, long).set(long, colParent, "2024-03-02-1").set(long, colTitle, "新任务")
		_, err := parseBytes(e.bytes())
		if err == nil || !hasLine(err.Error(), "编码 超过64个字符上限（现有73个字符）") || strings.Contains(err.Error(), "不能为空") {
			t.Fatalf("err = %v", err)
		}
	})
}

// TestExportNeverCuts: a stored value longer than an Excel cell refuses
// the xlsx export, naming the task and column; the CSV holds it whole and
// imports back as no change; values at the import limits round-trip.
func TestExportNeverCuts(t *testing.T) {
	rows := fixtureRows()
	rows[0].Commitment.Assignment.Person = strings.Repeat("李", 40000)
	err := Export(&bytes.Buffer{}, rows, ExportOptions{})
	var tl *cellsafe.TooLongError
	if !errors.As(err, &tl) || tl.Chars != 40000 || !strings.Contains(err.Error(), "编码 2024-03-02-1 的责任人") || ledger.ErrorCode(err) != ledger.EInvalid {
		t.Fatalf("err = %v", err)
	}
	data := exportBytes(t, rows, ExportOptions{Format: "csv"})
	if !bytes.Contains(data, []byte(rows[0].Commitment.Assignment.Person)) {
		t.Fatal("the CSV cut the value")
	}
	ex := commitmentsOf(rows)
	if cs, err := Parse(bytes.NewReader(data), "x.csv", year, ex, testDir()); err != nil || len(cs) != 0 {
		t.Fatalf("untouched CSV: %d changes, %v", len(cs), err)
	}

	rows = fixtureRows()
	c := &rows[0].Commitment
	c.Title = "=" + strings.Repeat("题", ledger.MaxTitleLen-1)
	c.Assignment.Person = strings.Repeat("人", ledger.MaxPersonLen)
	c.Category = "@" + strings.Repeat("类", ledger.MaxCategoryLen-1)
	ex = commitmentsOf(rows)
	for _, format := range []string{"xlsx", "csv"} {
		data := exportBytes(t, rows, ExportOptions{Format: format})
		if cs, err := Parse(bytes.NewReader(data), "x."+format, year, ex, testDir()); err != nil || len(cs) != 0 {
			t.Errorf("%s at the limits: %d changes, %v", format, len(cs), err)
		}
	}
}
