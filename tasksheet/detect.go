package tasksheet

import (
	"archive/zip"
	"bytes"
	"io"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/encoding/simplifiedchinese"
	xunicode "golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"
)

// MaxSize is the largest sheet file Parse reads.
const MaxSize = 16 << 20

// Messages for files that are not a sheet Parse can read.
const (
	msgTooLarge  = "文件超过16MB上限"
	msgEmpty     = "文件为空"
	msgMacro     = "文件含有宏（.xlsm），请另存为不含宏的 .xlsx 后再导入"
	msgEncrypted = "文件已设置密码保护，请取消密码后再导入"
	msgXLS       = "这是旧版 .xls 文件，请另存为 .xlsx 或 .csv 后再导入"
	msgODS       = "这是 OpenDocument 表格（.ods），请另存为 .xlsx 或 .csv 后再导入"
	msgNotExcel  = "不是 Excel 表格文件"
	msgUnknown   = "无法识别的文件类型"
	msgBroken    = "Excel 文件已损坏，无法读取"
)

// fileKind is what detect found.
type fileKind int

const (
	kindXLSX fileKind = iota + 1
	kindCSV
)

var (
	zipMagic = []byte("PK\x03\x04")
	oleMagic = []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}
	// encryptedPackage is the stream name of an encrypted OOXML file
	// inside its OLE container, in UTF-16LE.
	encryptedPackage = utf16le("EncryptedPackage")
)

// detect tells an xlsx workbook from a CSV text by content. For CSV it
// returns the decoded text. msg is set when the file cannot be read.
func detect(data []byte) (kind fileKind, text string, msg string) {
	switch {
	case len(data) == 0:
		return 0, "", msgEmpty
	case len(data) > MaxSize:
		return 0, "", msgTooLarge
	case bytes.HasPrefix(data, zipMagic):
		return detectZip(data)
	case bytes.HasPrefix(data, oleMagic[:4]):
		if bytes.Contains(data, encryptedPackage) {
			return 0, "", msgEncrypted
		}
		return 0, "", msgXLS
	}
	if s, ok := decodeText(data); ok {
		return kindCSV, s, ""
	}
	return 0, "", msgUnknown
}

// detectZip tells an Excel workbook from other zip files (DOCX, ODS, …)
// by the package's content types.
func detectZip(data []byte) (fileKind, string, string) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return 0, "", msgBroken
	}
	types, ok := zipEntry(zr, "[Content_Types].xml")
	if !ok {
		if mt, ok := zipEntry(zr, "mimetype"); ok && strings.Contains(string(mt), "opendocument.spreadsheet") {
			return 0, "", msgODS
		}
		return 0, "", msgNotExcel
	}
	lower := strings.ToLower(string(types))
	switch {
	case strings.Contains(lower, "macroenabled"):
		return 0, "", msgMacro
	case strings.Contains(lower, "spreadsheetml"):
		return kindXLSX, "", ""
	}
	return 0, "", msgNotExcel
}

// zipEntry reads a small member of a zip (at most 1 MiB).
func zipEntry(zr *zip.Reader, name string) ([]byte, bool) {
	for _, f := range zr.File {
		if f.Name != name {
			continue
		}
		rc, err := f.Open()
		if err != nil {
			return nil, false
		}
		defer rc.Close()
		b, err := io.ReadAll(io.LimitReader(rc, 1<<20))
		return b, err == nil
	}
	return nil, false
}

// decodeText decodes a text file: UTF-8 with or without BOM, UTF-16 with
// BOM (Excel's "Unicode text"), else GB18030. ok is false for anything that
// does not read as text.
func decodeText(data []byte) (string, bool) {
	var s string
	switch {
	case bytes.HasPrefix(data, []byte{0xEF, 0xBB, 0xBF}):
		if !utf8.Valid(data[3:]) {
			return "", false
		}
		s = string(data[3:])
	case bytes.HasPrefix(data, []byte{0xFF, 0xFE}), bytes.HasPrefix(data, []byte{0xFE, 0xFF}):
		dec := xunicode.UTF16(xunicode.LittleEndian, xunicode.ExpectBOM).NewDecoder()
		b, _, err := transform.Bytes(dec, data)
		if err != nil {
			return "", false
		}
		s = string(b)
	case utf8.Valid(data):
		s = string(data)
	default:
		b, _, err := transform.Bytes(simplifiedchinese.GB18030.NewDecoder(), data)
		if err != nil {
			return "", false
		}
		s = string(b)
	}
	return s, isText(s)
}

// isText rejects decoded bytes that hold control characters or
// undecodable sequences: binary, not a sheet.
func isText(s string) bool {
	for _, r := range s {
		switch {
		case r == '\t' || r == '\n' || r == '\r':
		case r == utf8.RuneError, unicode.IsControl(r):
			return false
		}
	}
	return true
}

func utf16le(s string) []byte {
	var b []byte
	for _, r := range s {
		b = append(b, byte(r), byte(r>>8))
	}
	return b
}
