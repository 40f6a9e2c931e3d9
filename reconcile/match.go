package reconcile

import (
	"fmt"
	"math"
	"strings"

	"ducha/extract"
)

// genericWords name the action rather than the thing counted; they are
// dropped before indicators are compared (新建改建公厕 ~ 标准化公厕建设).
var genericWords = []string{
	"新建改建", "新改建", "改扩建", "新增", "新建", "改建", "改造", "完成", "建设", "建成", "实现", "标准化", "总数",
	"累计", "全年", "全区", "全市", "全县", "全省", "年度", "达到", "提高", "提升", "保持", "稳定在", "“", "”", "\"",
}

// synonyms are groups of names for the same indicator across reports and
// levels; a pair of indicators naming members of one group match fully.
var synonyms = [][]string{
	{"地区生产总值", "国内生产总值", "生产总值", "GDP", "经济增长"},
	{"一般公共预算收入", "地方一般公共预算收入", "财政收入"},
	{"城镇新增就业", "新增城镇就业", "新增就业", "城镇就业"},
	{"城镇调查失业率", "调查失业率"},
	{"城镇登记失业率", "登记失业率"},
	{"居民人均可支配收入", "人均可支配收入", "居民收入"},
	{"社会消费品零售总额", "社零总额"},
	{"公厕", "厕所", "公共厕所"},
	{"空气质量优良天数", "空气优良天数", "优良天数"},
	{"职业技能培训", "技能培训", "职业培训"},
	{"养老床位", "养老机构床位"},
	{"停车泊位", "停车位"},
	{"棚户区改造", "棚改"},
	{"高新技术企业", "高企"},
}

// normalise drops generic words from an indicator.
func normalise(s string) string {
	for _, w := range genericWords {
		s = strings.ReplaceAll(s, w, "")
	}
	return strings.TrimSpace(s)
}

// similarity of two indicators, 0–1: 1 for synonyms, else the character
// F1 of their normalised forms (the measure the project's scorer uses).
func similarity(a, b string) float64 {
	for _, g := range synonyms {
		if containsAny(a, g) && containsAny(b, g) {
			return 1
		}
	}
	na, nb := normalise(a), normalise(b)
	if na == "" || nb == "" {
		na, nb = a, b
	}
	return charF1(na, nb)
}

func containsAny(s string, words []string) bool {
	for _, w := range words {
		if strings.Contains(s, w) {
			return true
		}
	}
	return false
}

func charF1(a, b string) float64 {
	ca, cb := map[rune]int{}, map[rune]int{}
	na, nb := 0, 0
	for _, r := range a {
		ca[r]++
		na++
	}
	for _, r := range b {
		cb[r]++
		nb++
	}
	common := 0
	for r, n := range ca {
		common += min(n, cb[r])
	}
	if common == 0 {
		return 0
	}
	p, q := float64(common)/float64(na), float64(common)/float64(nb)
	return 2 * p * q / (p + q)
}

// unitFactors convert a unit to a base unit of the same kind.
var unitFactors = map[string]struct {
	base   string
	factor float64
}{
	"公里": {"米", 1000}, "千米": {"米", 1000}, "米": {"米", 1}, "延米": {"米", 1},
	"平方公里": {"平方米", 1e6}, "平方千米": {"平方米", 1e6}, "平方米": {"平方米", 1},
	"公顷": {"亩", 15}, "亩": {"亩", 1},
	"吨": {"公斤", 1000}, "公斤": {"公斤", 1}, "千克": {"公斤", 1}, "斤": {"公斤", 0.5},
	"千瓦": {"千瓦", 1}, "兆瓦": {"千瓦", 1000},
}

// convert returns the factor that turns a value in unit from into unit to,
// and whether the two units measure the same kind of thing.
func convert(from, to string) (float64, bool) {
	if from == to {
		return 1, true
	}
	f, ok1 := unitFactors[from]
	t, ok2 := unitFactors[to]
	if !ok1 || !ok2 || f.base != t.base {
		return 0, false
	}
	return f.factor / t.factor, true
}

// candidate is an achievement that could answer a target, with the figure
// to compare in the target's terms.
type candidate struct {
	m        *extract.Mention
	achieved float64
	score    float64
	note     string
}

// judge finds the best achievement for target t and gives the verdict.
func judge(t extract.Mention, achievements, baselines []extract.Mention, prevText, nextText string) Match {
	var best *candidate
	for i := range achievements {
		a := &achievements[i]
		c, ok := compare(t, a, baselines)
		if !ok || c.score < minScore {
			continue
		}
		if best == nil || c.score > best.score {
			best = &c
		}
	}
	match := Match{Target: t, Verdict: NotMentioned}
	if best == nil {
		return match
	}
	match.Achievement = best.m
	match.Score = best.score
	match.Verdict = verdict(t, best.achieved)
	match.Achieved = decimalOf(best.achieved)
	match.Note = best.note
	return match
}

// compare puts achievement a in the terms of target t.
func compare(t extract.Mention, a *extract.Mention, baselines []extract.Mention) (candidate, bool) {
	score := similarity(t.Indicator, a.Indicator)
	v := a.Value.Float()
	switch {
	case t.Unit == "%" && t.Change == "" && a.Unit == "个百分点" && a.Change != "":
		// 森林覆盖率提高到38.5% answered by 提高0.6个百分点: add the change
		// to the level reported the year before.
		base, ok := baselineOf(t, baselines)
		if !ok {
			return candidate{}, false
		}
		delta := v
		if a.Change == "decrease" {
			delta = -v
		}
		level := base.Value.Float() + delta
		return candidate{a, level, score, fmt.Sprintf("%s%% %+g个百分点 = %g%%", base.Value, delta, level)}, true
	case t.Change != a.Change:
		if t.Change != "" && a.Change != "" && t.Unit == a.Unit {
			// Promised a rise, reported a fall (or the other way round).
			return candidate{a, -v, score, "reported change in the opposite direction"}, true
		}
		return candidate{}, false
	}
	f, ok := convert(a.Unit, t.Unit)
	if !ok {
		return candidate{}, false
	}
	note := ""
	if f != 1 {
		note = fmt.Sprintf("%s%s = %g%s", a.Value, a.Unit, v*f, t.Unit)
	}
	return candidate{a, v * f, score, note}, true
}

// baselineOf finds the level of t's indicator reported in year N's review.
func baselineOf(t extract.Mention, baselines []extract.Mention) (extract.Mention, bool) {
	best, bestScore := -1, minScore
	for i, b := range baselines {
		if b.Unit != "%" || b.Change != "" {
			continue
		}
		if s := similarity(t.Indicator, b.Indicator); s >= bestScore {
			best, bestScore = i, s
		}
	}
	if best < 0 {
		return extract.Mention{}, false
	}
	return baselines[best], true
}

// approxTolerance is how far (relative) a figure may stray from a target
// stated as 左右 (about) and still meet it.
const approxTolerance = 0.05

// verdict compares the achieved figure with the target.
func verdict(t extract.Mention, achieved float64) Verdict {
	v := t.Value.Float()
	const eps = 1e-9
	switch {
	case t.High != nil:
		h := t.High.Float()
		switch {
		case achieved < v-eps:
			return Missed
		case achieved > h+eps:
			return Exceeded
		}
		return Met
	case t.Comparator == extract.Le:
		if achieved <= v+eps {
			return Met
		}
		return Missed
	case t.Comparator == extract.Approx:
		tol := math.Abs(v) * approxTolerance
		switch {
		case achieved < v-tol-eps:
			return Missed
		case achieved > v+tol+eps:
			return Exceeded
		}
		return Met
	}
	switch {
	case achieved < v-eps:
		return Missed
	case achieved > v+eps:
		return Exceeded
	}
	return Met
}

// decimalOf turns a computed figure back into a decimal for output.
func decimalOf(f float64) extract.Decimal {
	var d extract.Decimal
	d.UnmarshalJSON([]byte(fmt.Sprintf("%.6f", f)))
	return d
}
