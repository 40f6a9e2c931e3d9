package tasksheet

import (
	"fmt"
	"strings"

	"ducha/ledger"
)

// CellError is one problem of an imported sheet.
type CellError struct {
	// Sheet is the worksheet name when the workbook holds more than one
	// task sheet, else "".
	Sheet   string
	Row     int    // 1-based sheet row as Excel shows it; 0 for the whole file
	Column  string // header name, e.g. 牵头单位; "" for the whole row or file
	Value   string // the offending text, "" when empty
	Message string // Chinese
}

// String renders the problem as one line:
// 第12行 牵头单位 "城关区教育局" 不在单位名录中，是否为 "示例区教育局"？
func (e CellError) String() string {
	var b strings.Builder
	if e.Sheet != "" {
		fmt.Fprintf(&b, "工作表「%s」", e.Sheet)
	}
	if e.Row > 0 {
		fmt.Fprintf(&b, "第%d行", e.Row)
	}
	col := e.Column
	if col == "" && e.Value != "" && e.Row > 0 {
		col = "列" // a header cell that names no column
	}
	if col != "" {
		b.WriteString(" " + col)
	}
	if e.Value != "" {
		b.WriteString(" " + quote(e.Value))
	}
	if b.Len() > 0 {
		b.WriteString(" ")
	}
	b.WriteString(e.Message)
	return b.String()
}

// SheetError lists every problem found in an imported sheet; nothing of
// the sheet is applied while there is one.
type SheetError struct {
	File   string
	Errors []CellError
}

// maxLines bounds the problems Error lists; Errors holds them all.
const maxLines = 100

func (e *SheetError) Error() string {
	var b strings.Builder
	name := e.File
	if name == "" {
		name = "任务分解表"
	}
	fmt.Fprintf(&b, "%s 有%d处问题，未导入任何修改：", name, len(e.Errors))
	for i, ce := range e.Errors {
		if i == maxLines {
			fmt.Fprintf(&b, "\n……另有%d处问题未列出", len(e.Errors)-maxLines)
			break
		}
		b.WriteString("\n" + ce.String())
	}
	return b.String()
}

// Unwrap makes a SheetError an invalid-input error for ledger.ErrorCode,
// so that commands and handlers map it like any other bad input.
func (e *SheetError) Unwrap() error {
	return &ledger.Error{Code: ledger.EInvalid, Message: e.Error()}
}

// quote puts s in straight double quotes, as people write it (no escapes).
func quote(s string) string { return "\"" + s + "\"" }

// fileError is a SheetError for a problem of the whole file.
func fileError(name, msg string) *SheetError {
	return &SheetError{File: name, Errors: []CellError{{Message: msg}}}
}
