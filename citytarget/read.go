package citytarget

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"path"
	"strconv"
	"strings"
	"unicode/utf8"

	"ducha/ledger"

	"github.com/xuri/excelize/v2"
)

// MaxSheetBytes is the largest 目标任务分解表 file read.
const MaxSheetBytes = 10 << 20

// ReadSheet reads the rows of the city's sheet from an xlsx or CSV file
// (UTF-8, with or without a BOM), by the file name's extension: the first
// worksheet of a workbook. The cells are as written; ParseSheet takes off
// the apostrophe added against formulas.
func ReadSheet(name string, data []byte) ([][]string, error) {
	if len(data) > MaxSheetBytes {
		return nil, ledger.Errorf(ledger.EInvalid, "%s 超过 %d MB 的上限", name, MaxSheetBytes>>20)
	}
	switch strings.ToLower(path.Ext(name)) {
	case ".xlsx":
		f, err := excelize.OpenReader(bytes.NewReader(data))
		if err != nil {
			return nil, ledger.Errorf(ledger.EInvalid, "%s 不是有效的 xlsx 文件：%v", name, err)
		}
		defer f.Close()
		sheets := f.GetSheetList()
		if len(sheets) == 0 {
			return nil, ledger.Errorf(ledger.EInvalid, "%s 没有工作表", name)
		}
		rows, err := f.GetRows(sheets[0])
		if err != nil {
			return nil, ledger.Errorf(ledger.EInvalid, "%s 无法读取：%v", name, err)
		}
		return rows, nil
	case ".csv":
		data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
		if !utf8.Valid(data) {
			return nil, ledger.Errorf(ledger.EInvalid, "%s 不是 UTF-8 编码的 CSV 文件", name)
		}
		r := csv.NewReader(bytes.NewReader(data))
		r.FieldsPerRecord = -1
		rows, err := r.ReadAll()
		if err != nil {
			return nil, ledger.Errorf(ledger.EInvalid, "%s：%v", name, err)
		}
		return rows, nil
	}
	return nil, ledger.Errorf(ledger.EInvalid, "%s：只能导入 xlsx 或 csv 文件", name)
}

// Category is the category of a district's 市定目标任务 in its ledger,
// which separates them from its own work (区定重点工作, 为民兴办实事).
const Category = "市定目标任务"

// Commitments turns a district's 市定目标任务 into commitments of its
// ledger for year: code SD-<year>-<the city's number, or the row>, the
// district's share as the target (at least the share, in the city's
// unit), the city's deadline, the category Category. The lead unit is
// left for the office to assign, as for any commitment.
func Commitments(ts []Target, year int) []ledger.Commitment {
	out := make([]ledger.Commitment, 0, len(ts))
	for _, t := range ts {
		no := t.No
		if no == "" {
			no = "r" + strconv.Itoa(t.Row)
		}
		deadline := t.Deadline
		comparator := "ge"
		if !Additive(t.Unit) {
			comparator = "eq"
		}
		out = append(out, ledger.Commitment{
			Code: fmt.Sprintf("SD-%d-%s", year, no), Kind: ledger.KindTarget, Period: year,
			Title: fmt.Sprintf("%s%s%s", t.Task, t.Share, t.Unit),
			Text:  t.Task, Category: Category, Deadline: &deadline, DeadlineText: deadline.Format("2006年1月2日前"),
			Target: &ledger.Target{Indicator: t.Task, Quantity: t.Share + t.Unit, Unit: t.Unit, Comparator: comparator,
				Value: t.Share},
		})
	}
	return out
}
