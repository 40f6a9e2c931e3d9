package importer

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"

	"ducha/ledger"
)

// unitColumns maps the accepted header names of a units directory sheet to
// fields, in English or Chinese.
var unitColumns = map[string]string{
	"name": "name", "单位名称": "name", "名称": "name", "单位": "name",
	"short_name": "short", "简称": "short",
	"aliases": "aliases", "别名": "aliases",
	"parent": "parent", "上级单位": "parent", "上级": "parent",
	"contact": "contact", "联系方式": "contact", "联系人": "contact",
}

// ImportUnits reads a units directory (xlsx or csv: name, short_name,
// aliases separated by |, parent) and saves it, all or nothing.
func (im *Importer) ImportUnits(ctx context.Context, path string) (created, updated int, err error) {
	raw, err := readLimited(path, im.MaxBytes)
	if err != nil {
		return 0, 0, err
	}
	return im.ImportUnitsData(ctx, path, raw)
}

// ImportUnitsData imports a units directory read by the caller.
func (im *Importer) ImportUnitsData(ctx context.Context, name string, raw []byte) (created, updated int, err error) {
	units, err := ParseUnits(name, raw)
	if err != nil {
		return 0, 0, err
	}
	return im.Store.SaveUnits(ctx, units)
}

// ParseUnits reads the rows of a units directory file, reporting every bad
// row by file, row and column.
func ParseUnits(name string, raw []byte) ([]ledger.Unit, error) {
	rows, err := readRows(name, raw)
	if err != nil {
		return nil, err
	}
	if len(rows) == 0 {
		return nil, ledger.Errorf(ledger.EInvalid, "%s: the units directory is empty", name)
	}
	cols := map[string]int{}
	for i, h := range rows[0] {
		h = strings.TrimSpace(strings.TrimPrefix(h, "\ufeff"))
		f, ok := unitColumns[strings.ToLower(h)]
		if !ok {
			if h == "" {
				continue
			}
			return nil, ledger.Errorf(ledger.EInvalid, "%s: row 1: unknown column %q (use name, short_name, aliases, parent, contact)", name, h)
		}
		cols[f] = i
	}
	if _, ok := cols["name"]; !ok {
		return nil, ledger.Errorf(ledger.EInvalid, "%s: row 1: no name column (单位名称)", name)
	}
	cell := func(row []string, f string) string {
		if i, ok := cols[f]; ok && i < len(row) {
			return strings.TrimSpace(row[i])
		}
		return ""
	}
	var units []ledger.Unit
	var problems []string
	seen := map[string]int{}
	for n, row := range rows[1:] {
		line := n + 2
		u := ledger.Unit{Name: cell(row, "name"), ShortName: cell(row, "short"), Parent: cell(row, "parent"), Contact: cell(row, "contact")}
		if u.Name == "" {
			if strings.Join(row, "") != "" {
				problems = append(problems, fmt.Sprintf("%s: row %d: name is empty", name, line))
			}
			continue
		}
		if prev, dup := seen[u.Name]; dup {
			problems = append(problems, fmt.Sprintf("%s: row %d: %q is already on row %d", name, line, u.Name, prev))
			continue
		}
		seen[u.Name] = line
		for _, a := range strings.FieldsFunc(cell(row, "aliases"), func(r rune) bool { return r == '|' || r == '、' || r == '；' || r == ';' }) {
			if a = strings.TrimSpace(a); a != "" {
				u.Aliases = append(u.Aliases, a)
			}
		}
		if p := unitTooLong(u); p != "" {
			problems = append(problems, fmt.Sprintf("%s: 第%d行 %s", name, line, p))
			continue
		}
		units = append(units, u)
	}
	if len(problems) > 0 {
		return nil, ledger.Errorf(ledger.EInvalid, "%s", strings.Join(problems, "\n"))
	}
	return units, nil
}

// unitTooLong says which field of u is longer than ledger's limits
// (简称 超过100个字符上限（现有101个字符）), or "".
func unitTooLong(u ledger.Unit) string {
	for _, f := range []struct {
		col, v string
		max    int
	}{
		{"单位名称", u.Name, ledger.MaxUnitNameLen}, {"简称", u.ShortName, ledger.MaxUnitNameLen},
		{"上级单位", u.Parent, ledger.MaxUnitNameLen}, {"联系方式", u.Contact, ledger.MaxContactLen},
	} {
		if msg := ledger.TooLong(f.v, f.max); msg != "" {
			return f.col + " " + msg
		}
	}
	if len(u.Aliases) > ledger.MaxAliasesPerUnit {
		return fmt.Sprintf("别名 超过%d个上限（现有%d个）", ledger.MaxAliasesPerUnit, len(u.Aliases))
	}
	for _, a := range u.Aliases {
		if msg := ledger.TooLong(a, ledger.MaxUnitNameLen); msg != "" {
			return "别名 " + msg
		}
	}
	return ""
}

// readRows reads the first sheet of an xlsx file or a CSV (UTF-8 or GBK).
func readRows(name string, raw []byte) ([][]string, error) {
	if bytes.HasPrefix(raw, []byte("PK\x03\x04")) {
		f, err := excelize.OpenReader(bytes.NewReader(raw))
		if err != nil {
			return nil, ledger.Errorf(ledger.EInvalid, "%s: not a readable xlsx file: %v", name, err)
		}
		defer f.Close()
		sheets := f.GetSheetList()
		if len(sheets) == 0 {
			return nil, ledger.Errorf(ledger.EInvalid, "%s: the workbook has no sheet", name)
		}
		rows, err := f.GetRows(sheets[0])
		if err != nil {
			return nil, ledger.Errorf(ledger.EInvalid, "%s: %v", name, err)
		}
		return rows, nil
	}
	if bytes.HasPrefix(raw, []byte{0xD0, 0xCF, 0x11, 0xE0}) {
		return nil, ledger.Errorf(ledger.EInvalid, "%s: an old .xls or password-protected file: save it as .xlsx or .csv", name)
	}
	text := raw
	if !utf8.Valid(raw) {
		dec, err := simplifiedchinese.GB18030.NewDecoder().Bytes(raw)
		if err != nil {
			return nil, ledger.Errorf(ledger.EInvalid, "%s: neither UTF-8 nor GB18030 text", name)
		}
		text = dec
	}
	if bytes.IndexByte(text, 0) >= 0 {
		return nil, ledger.Errorf(ledger.EInvalid, "%s: binary data, not a CSV or xlsx file", name)
	}
	r := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(text, []byte("\xef\xbb\xbf"))))
	r.FieldsPerRecord = -1
	var rows [][]string
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, ledger.Errorf(ledger.EInvalid, "%s: %v", name, err)
		}
		rows = append(rows, rec)
	}
	return rows, nil
}
