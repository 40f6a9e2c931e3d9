package progress_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"ducha/document"
	"ducha/extract"
	"ducha/progress"
)

// TestInferOnRealReports: the kind of every 主要预期目标 (and a few other
// targets) of the real reports in ../shared/corpus/dev, labelled by hand:
// a growth rate is held, a price rise or jobless rate is a ceiling, an
// energy-intensity cut is a reduction, jobs and housing are counts.
func TestInferOnRealReports(t *testing.T) {
	dir := filepath.Join("..", "..", "shared", "corpus", "dev")
	if _, err := os.Stat(dir); err != nil {
		t.Skipf("the real reports are not beside the repository (%v)", err)
	}
	type label struct {
		indicator string // a word of the indicator
		quantity  string // as written
		kind      progress.Kind
	}
	for _, tc := range []struct {
		file   string
		labels []label
	}{
		{"national-2014.gbk.txt", []label{
			{"国内生产总值", "7.5%", progress.KindRate},
			{"居民消费价格", "3.5%", progress.KindCeiling},
			{"城镇新增就业", "1000万人", progress.KindCount},
			{"城镇登记失业率", "4.6%", progress.KindCeiling},
			{"赤字率", "2.1%", progress.KindCeiling},
			{"M2", "13%", progress.KindRate},
			{"能源消耗强度", "3.9%", progress.KindReduction},
			{"化学需氧量", "2%", progress.KindReduction},
			{"棚户区", "470万套", progress.KindCount},
			{"黄标车", "600万辆", progress.KindCount},
		}},
		{"national-2015.gbk.txt", []label{
			{"国内生产总值", "7%", progress.KindRate},
			{"居民消费价格", "3%", progress.KindCeiling},
			{"城镇新增就业", "1000万人", progress.KindCount},
			{"城镇登记失业率", "4.5%", progress.KindCeiling},
			{"能耗强度", "3.1%", progress.KindReduction},
		}},
		{"hebei-2023.txt", []label{
			{"地区生产总值", "6%", progress.KindRate},
			{"一般公共预算收入", "6%", progress.KindRate},
			{"固定资产投资", "6.5%", progress.KindRate},
			{"社会消费品零售总额", "6%", progress.KindRate},
			{"居民人均可支配收入", "6.5%", progress.KindRate},
			{"居民消费价格", "3%", progress.KindCeiling},
			{"城镇调查失业率", "5.5%", progress.KindCeiling},
			{"能耗", "2%", progress.KindReduction},
			{"完成投资", "2000亿元", progress.KindCount},
		}},
		{"hebei-2024.txt", []label{
			{"地区生产总值", "5.5%", progress.KindRate},
			{"居民消费价格", "3%", progress.KindCeiling},
			{"城镇调查失业率", "5.5%", progress.KindCeiling},
			{"完成投资", "2000亿元", progress.KindCount},
		}},
	} {
		doc, err := document.ReadFile(filepath.Join(dir, tc.file), document.Options{})
		if err != nil {
			t.Fatal(err)
		}
		res := extract.Extract(doc.Text, extract.Options{})
		for _, l := range tc.labels {
			found := false
			for _, m := range res.MentionsOfKind(extract.Target) {
				if m.Quantity != l.quantity || !strings.Contains(m.Indicator+doc.Text[m.Clause.Start:m.Clause.End], l.indicator) {
					continue
				}
				found = true
				k := progress.Infer(progress.Spec{HasValue: true, Unit: m.Unit, Comparator: string(m.Comparator),
					Change: string(m.Change), Indicator: m.Indicator, Text: doc.Text[m.Clause.Start:m.Clause.End]})
				if k != l.kind {
					t.Errorf("%s: %s %s (%s %s %s) is %s, want %s", tc.file, l.indicator, l.quantity, m.Indicator, m.Comparator, m.Change, k, l.kind)
				}
				break
			}
			if !found {
				t.Errorf("%s: no target %s %s", tc.file, l.indicator, l.quantity)
			}
		}
	}
}
