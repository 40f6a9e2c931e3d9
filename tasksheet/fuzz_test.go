package tasksheet

import (
	"bytes"
	"errors"
	"testing"
)

// FuzzParse: arbitrary bytes never panic, and Parse returns either
// commitments with codes or an error.
func FuzzParse(f *testing.F) {
	t := &testing.T{}
	rows := fixtureRows()
	f.Add(exportBytes(t, rows, ExportOptions{}))
	f.Add(exportBytes(t, rows, ExportOptions{Format: "csv"}))
	f.Add([]byte("编码,任务内容,牵头单位,完成时限,时间节点,目标值,权重\n2024-03-02-1,新增学位,区教育局,6月底前,2024-06-30：3000,≥6000,30\n2024-03-02-1.9,新,区甲局,某天,x,六千,-1\n"))
	f.Add([]byte("\xb1\xe0\xc2\xeb,\xc8\xce\xce\xf1\xc4\xda\xc8\xdd\r\n2024-03-02-1,\xd0\xc2\r\n")) // GBK
	f.Add(ole(utf16le("EncryptedPackage")))
	f.Add([]byte("PK\x03\x04garbage"))
	f.Add([]byte{0xD0, 0xCF, 0x11, 0xE0})
	f.Fuzz(func(t *testing.T, data []byte) {
		cs, err := Parse(bytes.NewReader(data), "fuzz", year, fixtures(), testDir())
		if err != nil {
			var se *SheetError
			if !errors.As(err, &se) || len(se.Errors) == 0 || cs != nil {
				t.Fatalf("err = %v (%T), %d commitments", err, err, len(cs))
			}
			_ = err.Error()
			return
		}
		for _, c := range cs {
			if c.Code == "" {
				t.Fatalf("commitment without code: %+v", c)
			}
		}
	})
}
