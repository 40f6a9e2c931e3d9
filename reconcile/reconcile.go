// Package reconcile checks what a government promised in the report of
// year N against what the report of year N+1 says it achieved: each target
// of year N is matched to the review figure of the same indicator (names
// normalised, synonyms, units converted where meaningful) and given a
// verdict. It is pure: it reads two extractions and touches no storage.
package reconcile

import (
	"strings"

	"ducha/extract"
)

// Verdict of a target of year N, judged by the report of year N+1.
type Verdict string

const (
	Exceeded     Verdict = "exceeded"      // 超额完成
	Met          Verdict = "met"           // 完成
	Missed       Verdict = "missed"        // 未完成
	NotMentioned Verdict = "not_mentioned" // 未提及: the next report is silent
)

// Label returns the verdict in Chinese or English.
func (v Verdict) Label(lang string) string {
	zh := map[Verdict]string{Exceeded: "超额完成", Met: "完成", Missed: "未完成", NotMentioned: "未提及"}
	en := map[Verdict]string{Exceeded: "exceeded", Met: "met", Missed: "missed", NotMentioned: "not mentioned"}
	if strings.HasPrefix(lang, "zh") {
		return zh[v]
	}
	return en[v]
}

// Match is one target of year N with what year N+1 reports about it.
type Match struct {
	Target      extract.Mention
	Verdict     Verdict
	Achievement *extract.Mention // nil when not mentioned
	// Achieved is the figure compared with the target, in the target's
	// unit: the achievement itself, or a level computed from a change in
	// percentage points and the baseline of year N.
	Achieved extract.Decimal
	Score    float64 // how well the indicators match, 0–1
	Note     string  // how the figures were compared, for people
}

// minScore is the indicator similarity below which two figures are taken
// to measure different things.
const minScore = 0.6

// Reconcile matches every target of prev (the report of year N) to the
// achievements reported in next (the report of year N+1).
func Reconcile(prev, next *extract.Result) []Match {
	achievements := singleYearAchievements(next)
	baselines := prev.MentionsOfKind(extract.Achievement)
	var out []Match
	for _, t := range prev.Mentions {
		if t.Kind != extract.Target {
			continue
		}
		out = append(out, judge(t, achievements, baselines, prev.Text, next.Text))
	}
	return out
}

// multiYearMarkers mark a figure that sums several years (“十四五”以来累计
// 改造老旧小区156个): it cannot answer a single year's target.
var multiYearMarkers = []string{"以来", "累计", "五年来", "过去五年", "近五年", "近年来", "十四五", "十三五", "历年"}

// singleYearAchievements lists the achievements of next that report one
// year, not a multi-year total.
func singleYearAchievements(next *extract.Result) []extract.Mention {
	var out []extract.Mention
	for _, m := range next.MentionsOfKind(extract.Achievement) {
		clause := next.Text[m.Clause.Start:m.Clause.End]
		multi := false
		for _, w := range multiYearMarkers {
			if strings.Contains(clause, w) {
				multi = true
				break
			}
		}
		if !multi {
			out = append(out, m)
		}
	}
	return out
}
