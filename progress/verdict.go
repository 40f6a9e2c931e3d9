package progress

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
)

// Goal is a numeric target as the model reads it.
type Goal struct {
	Kind       Kind
	Comparator string  // eq, ge, le, approx
	Value      float64 // the target; for a range its lower bound
	High       float64 // the upper bound of a range, when HasHigh
	HasHigh    bool
	Unit       string
}

// Bands are the tolerances within which a figure meets a target rather than
// missing or exceeding it: ±RatePoints 个百分点 for rates and shares, ±AmountShare
// of the target for amounts and counts. SeriousPoints is how far (in points)
// a rate may fall short of its band before it is seriously lagging; amounts
// use the ratio thresholds instead.
type Bands struct {
	RatePoints    float64
	AmountShare   float64
	SeriousPoints float64
}

// DefaultBands are ±0.5 个百分点 for rates, ±5% for amounts, and seriously
// lagging 2 points short of a rate's band.
func DefaultBands() Bands {
	return Bands{RatePoints: 0.5, AmountShare: 0.05, SeriousPoints: 2}
}

// Validate checks that the bands are not negative and that SeriousPoints is
// positive.
func (b Bands) Validate() error {
	var errs []error
	if !(b.RatePoints >= 0) {
		errs = append(errs, fmt.Errorf("progress: RatePoints must not be negative, got %v", b.RatePoints))
	}
	if !(b.AmountShare >= 0 && b.AmountShare < 1) {
		errs = append(errs, fmt.Errorf("progress: AmountShare must be in [0, 1), got %v", b.AmountShare))
	}
	if !(b.SeriousPoints > 0) {
		errs = append(errs, fmt.Errorf("progress: SeriousPoints must be greater than 0, got %v", b.SeriousPoints))
	}
	return errors.Join(errs...)
}

// orDefault returns b, or DefaultBands when b is the zero Bands.
func (b Bands) orDefault() Bands {
	if b == (Bands{}) {
		return DefaultBands()
	}
	return b
}

// band is the tolerance of goal g in its own unit.
func (b Bands) band(g Goal) float64 {
	if isShareUnit(g.Unit) {
		return b.RatePoints
	}
	return math.Abs(g.Value) * b.AmountShare
}

// Verdict is how a figure stands against a target: the year's result, or
// what the next year's report says of it.
type Verdict string

// The verdicts.
const (
	Exceeded     Verdict = "exceeded"      // 超额完成
	Met          Verdict = "met"           // 完成
	Missed       Verdict = "missed"        // 未完成
	NotMentioned Verdict = "not_mentioned" // 未提及: nothing answers the target
	Uncertain    Verdict = "uncertain"     // 待核实: the best answer is a weak match
)

// Verdicts lists every Verdict in the order of a reconciliation table.
var Verdicts = []Verdict{Exceeded, Met, Missed, Uncertain, NotMentioned}

var verdictLabels = map[Verdict][2]string{
	Exceeded:     {"超额完成", "exceeded"},
	Met:          {"完成", "met"},
	Missed:       {"未完成", "missed"},
	NotMentioned: {"未提及", "not mentioned"},
	Uncertain:    {"待核实", "uncertain"},
}

// Label names v for people, in Chinese or English as Status.Label.
func (v Verdict) Label(lang string) string {
	l, ok := verdictLabels[v]
	if !ok {
		return string(v)
	}
	return l[langIndex(lang)]
}

// Valid reports whether v is one of Verdicts.
func (v Verdict) Valid() bool {
	_, ok := verdictLabels[v]
	return ok
}

// verdictEpsilon absorbs floating-point error in comparisons of figures.
const verdictEpsilon = 1e-9

// Judge says whether the figure achieved meets goal g, within the bands b
// (the zero Bands means DefaultBands). achieved is in g's terms: the rate
// for a rate, the size of the fall for a reduction, the level or the total
// added otherwise. The rules:
//
//   - a ceiling is met at or below its figure (a 左右 ceiling, such as a
//     price rise of about 3%, also within the band above it) and missed
//     above; it is never exceeded;
//   - a range is missed below its lower bound, exceeded beyond the band
//     above its upper bound, met in between;
//   - about a figure (左右, and a rate or reduction stated exactly:
//     增长6% means about 6%) is met within the band either side, missed
//     below it, exceeded above it;
//   - at least a figure (以上, and a count or level stated exactly) is
//     missed below it, met up to the band above it, exceeded beyond.
func Judge(g Goal, achieved float64, b Bands) Verdict {
	b = b.orDefault()
	band := b.band(g)
	v, a := g.Value, achieved
	const eps = verdictEpsilon
	switch {
	case g.Kind == KindCeiling || g.Comparator == "le":
		limit := v
		if g.Comparator == "approx" {
			limit += band
		}
		if a <= limit+eps {
			return Met
		}
		return Missed
	case g.HasHigh:
		switch {
		case a < v-eps:
			return Missed
		case a > g.High+band+eps:
			return Exceeded
		}
		return Met
	case g.Comparator == "approx" || g.Comparator == "eq" && g.Kind == KindRate:
		switch {
		case a < v-band-eps:
			return Missed
		case a > v+band+eps:
			return Exceeded
		}
		return Met
	}
	switch {
	case a < v-eps:
		return Missed
	case a > v+band+eps:
		return Exceeded
	}
	return Met
}

// Gap describes, for people, how a figure stands against a rate or share
// target in points ("高于目标1个百分点") or against an amount as a share of
// it ("完成年度目标的172%"); "" when there is nothing to say.
func Gap(g Goal, achieved float64, lang string) string {
	zh := langIndex(lang) == 0
	if isShareUnit(g.Unit) {
		d := achieved - g.Value
		if g.HasHigh && d >= 0 {
			if achieved <= g.High+verdictEpsilon {
				if zh {
					return "处于目标区间内"
				}
				return "within the target range"
			}
			d = achieved - g.High
		}
		pts := trimFloat(math.Abs(d))
		switch {
		case math.Abs(d) < 0.05:
			if zh {
				return "与目标持平"
			}
			return "level with the target"
		case d > 0 && zh:
			return "高于目标" + pts + "个百分点"
		case d > 0:
			return pts + " points above the target"
		case zh:
			return "低于目标" + pts + "个百分点"
		default:
			return pts + " points below the target"
		}
	}
	if g.Value <= 0 {
		return ""
	}
	share := strconv.FormatFloat(math.Round(achieved/g.Value*100), 'f', 0, 64) + "%"
	if zh {
		return "完成年度目标的" + share
	}
	return share + " of the year's target"
}

// trimFloat writes f with at most one decimal and no trailing zero.
func trimFloat(f float64) string {
	s := strconv.FormatFloat(math.Round(f*10)/10, 'f', 1, 64)
	return strings.TrimSuffix(s, ".0")
}
