package importer

import (
	"strings"
	"testing"
)

// TestUnitsFieldLimits: every text of a units directory row has a limit,
// reported by file, row and column, and nothing of the file is taken.
func TestUnitsFieldLimits(t *testing.T) {
	long := strings.Repeat("局", 101)
	tests := []struct{ name, csv, want string }{
		{"name", "单位名称,简称\n示例区教育局,区教育局\n" + long + ",x\n", "units.csv: 第3行 单位名称 超过100个字符上限（现有101个字符）"},
		{"short", "单位名称,简称\n示例区教育局," + long + "\n", "units.csv: 第2行 简称 超过100个字符上限（现有101个字符）"},
		{"alias", "单位名称,别名\n示例区教育局,教体局|" + long + "\n", "units.csv: 第2行 别名 超过100个字符上限（现有101个字符）"},
		{"aliases", "单位名称,别名\n示例区教育局," + strings.Repeat("a|", 51) + "\n", "units.csv: 第2行 别名 超过50个上限（现有51个）"},
		{"parent", "单位名称,上级单位\n示例区教育局," + long + "\n", "units.csv: 第2行 上级单位 超过100个字符上限（现有101个字符）"},
		{"contact", "单位名称,联系方式\n示例区教育局," + strings.Repeat("电", 1000000) + "\n", "units.csv: 第2行 联系方式 超过500个字符上限（现有1000000个字符）"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			units, err := ParseUnits("units.csv", []byte(tc.csv))
			if err == nil || err.Error() != tc.want {
				t.Fatalf("ParseUnits = %d units, %.200v; want %s", len(units), err, tc.want)
			}
		})
	}
	if _, err := ParseUnits("units.csv", []byte("单位名称,简称\n"+strings.Repeat("局", 100)+",区局\n")); err != nil {
		t.Fatalf("at the limit: %v", err)
	}
}
