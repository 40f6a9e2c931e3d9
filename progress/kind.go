package progress

import (
	"strings"
)

// Kind is what a numeric target means: what the unit's reports carry and
// how a figure is judged against the target. It is inferred at import from
// the extraction (Infer) and can be changed by the office.
type Kind string

// The kinds of target.
const (
	// KindCount is a count or amount added within the period (新增学位6000个,
	// 培训1万人次, 完成投资150亿元): reports carry the total added so far,
	// which grows from 0 to the target on the plan's path.
	KindCount Kind = "count"
	// KindLevel is a level to reach (覆盖率达到90%, 提高到…): reports carry
	// the level, which moves from last year's figure (the baseline) to the
	// target on the plan's path.
	KindLevel Kind = "level"
	// KindRate is a rate to hold (增长7%左右, 增速6%): reports carry the
	// year-to-date rate; it is on track while it holds the target within
	// its band; there is no path to walk.
	KindRate Kind = "rate"
	// KindCeiling is a figure to keep at or below (控制在5.5%以内, 不超过,
	// a price rise of 3%左右): on track while at or below it.
	KindCeiling Kind = "ceiling"
	// KindReduction is a fall to achieve (下降3.4%, 压减13%): reports carry
	// the size of the fall so far, judged like a rate toward the target.
	KindReduction Kind = "reduction"
	// KindMultiYear is a target due over several years (力争3年内…):
	// reports carry the total since the start of the period; what is due by
	// a moment is the share of the whole period passed.
	KindMultiYear Kind = "multiyear"
	// KindMilestone is a task without a figure (开工, 建成投用): stages
	// reached, or the unit's own estimate.
	KindMilestone Kind = "milestone"
)

// Kinds lists every Kind in the order the office chooses from.
var Kinds = []Kind{KindCount, KindLevel, KindRate, KindCeiling, KindReduction, KindMultiYear, KindMilestone}

var kindLabels = map[Kind][2]string{
	KindCount:     {"新增量（累计完成数）", "Count added"},
	KindLevel:     {"达到水平", "Level to reach"},
	KindRate:      {"增速（保持）", "Rate to hold"},
	KindCeiling:   {"上限（控制在以内）", "Ceiling"},
	KindReduction: {"降幅", "Reduction"},
	KindMultiYear: {"多年目标", "Multi-year"},
	KindMilestone: {"节点或定性任务", "Milestone or qualitative"},
}

// Valid reports whether k is one of Kinds.
func (k Kind) Valid() bool {
	_, ok := kindLabels[k]
	return ok
}

// Label names k for people, in Chinese or English as Status.Label.
func (k Kind) Label(lang string) string {
	l, ok := kindLabels[k]
	if !ok {
		return string(k)
	}
	return l[langIndex(lang)]
}

// holds reports whether the kind is judged by the figure itself against a
// band (rates, ceilings, reductions) rather than by a path through time.
func (k Kind) holds() bool {
	return k == KindRate || k == KindCeiling || k == KindReduction
}

// Spec is what the extraction says of a target, for Infer.
type Spec struct {
	HasValue   bool   // the target carries a figure
	Unit       string // %, 个百分点, 个, 亿元 …
	Comparator string // eq, ge, le, approx
	Change     string // increase, decrease or "" (rates of change only)
	Indicator  string // 社会消费品零售总额, 城镇调查失业率 …
	Text       string // the clause, for its verbs (达到, 提高到, 控制在 …)
	// HasBaseline is set when last year's figure of the indicator is known
	// in the target's unit.
	HasBaseline bool
	// Years is the length of the period the target is due over: 1 for the
	// plan year, 3 for 力争3年内; 0 counts as 1.
	Years int
}

// ceilingWords name indicators where less is better — prices, jobless
// rates, deficits, energy use, accidents — whose 左右 target is a ceiling
// (居民消费价格涨幅3%左右, 城镇调查失业率5.5%左右: a lower figure meets it).
var ceilingWords = []string{"价格", "物价", "CPI", "涨幅", "失业率", "赤字率", "负债率", "发生率", "死亡率", "能耗", "排放"}

// ceilingIndicators are shares a government keeps low whatever the
// comparator says.
var ceilingIndicators = []string{"失业率", "赤字率"}

// ceilingVerbs bound a figure from above whatever its comparator says.
var ceilingVerbs = []string{"控制在", "不超过", "不高于"}

// rateWords name an indicator that is itself a rate of change (增速6%).
var rateWords = []string{"增速", "增长率", "增幅", "增长速度"}

// levelVerbs introduce a level to reach rather than an amount to add.
var levelVerbs = []string{"达到", "达", "提高到", "提高至", "提升到", "提升至", "增加到", "增加至", "增至", "升至",
	"扩大到", "扩大至", "保持在", "稳定在", "突破", "降低到", "降低至", "下降到", "下降至", "降至", "减少到", "减少至"}

// Infer says what kind of target the extraction describes. The rules, in
// order: no figure is a milestone; a target due over several years is
// multi-year; a bound from above (控制在…以内, 不超过, also 控制在…左右) is a
// ceiling, and so is a figure (about or exactly) of something best kept low
// (a price rise, a jobless rate, a deficit ratio); a fall stated as a rate (下降3.4%, 压减13%,
// 下降1个百分点) is a reduction; a rise stated as a rate (增长7%, 提高2个百分点)
// or an indicator that is a rate (增速6%) is a rate to hold; a share or
// another figure the clause says to reach (达到, 提高到) from a known
// baseline, or any bare share (覆盖率90%), is a level; everything else is a
// count added within the period.
func Infer(s Spec) Kind {
	if !s.HasValue {
		return KindMilestone
	}
	if s.Years > 1 {
		return KindMultiYear
	}
	share := isShareUnit(s.Unit)
	switch {
	case s.Comparator == "le":
		return KindCeiling
	case s.Comparator == "eq" && share && s.Change == "" && s.HasBaseline && containsAny(s.Text, levelVerbs):
		// 贫困发生率降低到3.5%: a level to reach from last year's figure.
		return KindLevel
	case s.Change == "" && share && containsAny(s.Indicator, ceilingIndicators):
		// 城镇调查失业率5.5%左右: a rate kept low.
		return KindCeiling
	case s.Change == "" && containsAny(s.Text, ceilingVerbs):
		// 城镇调查失业率控制在5.5%左右: about a figure, but bounded from above.
		return KindCeiling
	case (s.Comparator == "approx" || s.Comparator == "eq") && share && s.Change == "" && containsAny(s.Indicator, ceilingWords),
		s.Comparator == "approx" && share && s.Change == "increase" && containsAny(s.Indicator, ceilingWords[:4]):
		return KindCeiling
	case s.Change == "decrease":
		return KindReduction
	case s.Change == "increase":
		return KindRate
	case share && containsAny(s.Indicator, rateWords):
		return KindRate
	case strings.Contains(s.Unit, "百分点"):
		// A change in points without a stated direction reads as a rise.
		return KindRate
	case share:
		return KindLevel
	case s.HasBaseline && containsAny(s.Text, levelVerbs):
		return KindLevel
	}
	return KindCount
}

// isShareUnit reports whether a unit is a share or rate (%, ‰, 个百分点).
func isShareUnit(unit string) bool {
	u := strings.TrimSpace(unit)
	return u == "%" || u == "％" || u == "‰" || strings.HasSuffix(u, "百分点")
}

func containsAny(s string, words []string) bool {
	for _, w := range words {
		if strings.Contains(s, w) {
			return true
		}
	}
	return false
}
