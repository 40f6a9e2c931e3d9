// Package evaluate is the year-end evaluation (年终考核) of the units that
// lead the commitments of a work report: a score per unit from a
// transparent, configurable Formula, and the ranking of the units. It is
// pure: no storage, no HTTP, no clock; the caller gathers each unit's
// Input (package supervise does it from the ledger) and passes the moment
// of evaluation in it.
//
// # The formula
//
// A unit's score is the sum of four parts, each a rate from 0 to 1 times
// the points the part can earn:
//
//	总分 = 完成率 × 60 + 按时填报率 × 20 + 督办按时回复率 × 10 + (1 − 退回率) × 10
//
// with the default weights 60, 20, 10 and 10. Weights need not sum to
// 100: they are normalised, so 3:1:1:1 gives 50, 16.67, 16.67 and 16.67
// points, and Formula.Describe says so. The total is rounded to two
// decimals at the end only; the parts keep their exact points.
//
//   - Completion (完成率): the weighted mean of the completion fraction of
//     every target commitment the unit leads (leaves only: a parent's
//     progress is the roll-up of its children), each capped to 0–1 at the
//     evaluation date. Weights follow ledger.NormalisedWeights: they need
//     not sum to 1 and a commitment without a weight gets the average of
//     the weighted ones (or all share equally). A commitment closed as
//     completed counts 1; closed as partly or not completed it counts as
//     Formula.Partly and Formula.NotCompleted say. Achievements of the
//     review part count (as 1) only with Formula.Achievements.
//   - Timeliness (按时填报率): of the reporting periods the unit owed a
//     report for whose deadline — the end of the period plus GraceDays
//     days — has passed at the evaluation date, the share whose report was
//     first submitted by that deadline. No period owed: full marks.
//   - Replies (督办按时回复率): of the 督办单 issued to the unit by the
//     evaluation date, the share answered by the end of their reply day;
//     one still unanswered before its reply day has passed is not counted.
//     No 督办单: full marks.
//   - Returns (退回率): of the progress reports the unit submitted, the
//     share returned by the office at least once; the part earns
//     (1 − rate) of its points. No report submitted: the rate is 0.
//
// A unit with nothing counted for completion is listed but not ranked.
// Ties share a rank (1, 2, 2, 4).
package evaluate

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"strings"

	"ducha/ledger"
)

// Part names one of the four parts of the score.
type Part string

// The parts, in the order of the formula.
const (
	Completion Part = "completion" // 完成率
	Timeliness Part = "timeliness" // 按时填报率
	Replies    Part = "replies"    // 督办按时回复率
	Returns    Part = "returns"    // 退回率 (scored as 1 − rate)
)

// Parts lists the parts in the order of the formula.
var Parts = []Part{Completion, Timeliness, Replies, Returns}

var partLabels = map[Part][2]string{
	Completion: {"完成率", "completion rate"},
	Timeliness: {"按时填报率", "on-time reporting rate"},
	Replies:    {"督办按时回复率", "on-time 督办 reply rate"},
	Returns:    {"退回率", "return rate"},
}

// Label names the part's rate for people, in Chinese (lang "zh…") or
// English.
func (p Part) Label(lang string) string {
	l, ok := partLabels[p]
	if !ok {
		return string(p)
	}
	return l[langIndex(lang)]
}

// Weights are the relative weights of the four parts. They need not sum
// to 100: each part earns weight/sum × 100 points at most.
type Weights struct {
	Completion float64 `json:"completion"`
	Timeliness float64 `json:"timeliness"`
	Replies    float64 `json:"replies"`
	Returns    float64 `json:"returns"`
}

// Of returns the weight of part p.
func (w Weights) Of(p Part) float64 {
	switch p {
	case Completion:
		return w.Completion
	case Timeliness:
		return w.Timeliness
	case Replies:
		return w.Replies
	case Returns:
		return w.Returns
	}
	return 0
}

// Sum is the total of the four weights.
func (w Weights) Sum() float64 { return w.Completion + w.Timeliness + w.Replies + w.Returns }

// Credit says how a commitment closed short of completed counts towards
// the completion rate.
type Credit struct {
	// Progress: it counts its completion fraction as reported (capped to
	// 0–1), as an open commitment would.
	Progress bool `json:"progress"`
	// Fixed is the fraction it counts, 0–1, when Progress is false.
	Fixed float64 `json:"fixed"`
}

// Formula is the evaluation formula: the weights of the parts, the grace
// period of a report and how closed commitments and achievements count.
// It is plain JSON so that it can be kept as a setting; ParseFormula reads
// it on top of the defaults.
type Formula struct {
	Weights Weights `json:"weights"`
	// GraceDays: a period's report is on time when first submitted by the
	// end of the GraceDays-th day after the period ends (0–60).
	GraceDays int `json:"grace_days"`
	// Partly and NotCompleted: how a commitment closed as 部分完成 or
	// 未完成 counts towards completion.
	Partly       Credit `json:"partly"`
	NotCompleted Credit `json:"not_completed"`
	// Achievements: the achievements of the review part led by the unit
	// count (as completed) towards its completion rate.
	Achievements bool `json:"achievements"`
}

// DefaultFormula weighs completion 60, timeliness 20, 督办 replies 10 and
// returns 10; a report is on time within 10 days of the end of its
// period; a commitment closed as partly completed counts its reported
// progress, one closed as not completed counts 0; achievements do not
// count.
func DefaultFormula() Formula {
	return Formula{
		Weights:      Weights{Completion: 60, Timeliness: 20, Replies: 10, Returns: 10},
		GraceDays:    10,
		Partly:       Credit{Progress: true},
		NotCompleted: Credit{Fixed: 0},
	}
}

// MaxGraceDays is the longest grace period Validate accepts.
const MaxGraceDays = 60

// Validate names every setting that is wrong, in Chinese.
func (f Formula) Validate() error {
	var bad []string
	for _, p := range Parts {
		if w := f.Weights.Of(p); math.IsNaN(w) || math.IsInf(w, 0) || w < 0 {
			bad = append(bad, fmt.Sprintf("%s的权重 %v 无效（须为不小于0的数）", p.Label("zh"), w))
		}
	}
	if s := f.Weights.Sum(); !(s > 0) || math.IsInf(s, 0) {
		bad = append(bad, "各项权重之和须大于0")
	}
	if f.GraceDays < 0 || f.GraceDays > MaxGraceDays {
		bad = append(bad, fmt.Sprintf("按时填报宽限天数 %d 无效（0–%d）", f.GraceDays, MaxGraceDays))
	}
	for _, c := range []struct {
		name string
		c    Credit
	}{{"部分完成", f.Partly}, {"未完成", f.NotCompleted}} {
		if !c.c.Progress && !(c.c.Fixed >= 0 && c.c.Fixed <= 1) {
			bad = append(bad, fmt.Sprintf("办结为%s的计分比例 %v 无效（0–1）", c.name, c.c.Fixed))
		}
	}
	if len(bad) > 0 {
		return ledger.Errorf(ledger.EInvalid, "考核公式有误：%s", strings.Join(bad, "；"))
	}
	return nil
}

// ParseFormula reads a formula as JSON over the defaults (a field left out
// keeps its default) and validates it. Unknown fields are an error, so
// that a misspelt weight is not silently ignored.
func ParseFormula(data []byte) (Formula, error) {
	f := DefaultFormula()
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&f); err != nil {
		return DefaultFormula(), ledger.Errorf(ledger.EInvalid, "考核公式不是有效的 JSON：%v", err)
	}
	if dec.More() {
		return DefaultFormula(), ledger.Errorf(ledger.EInvalid, "考核公式不是有效的 JSON：多余的内容")
	}
	return f, f.Validate()
}

// Max returns the points part p can earn: its weight normalised so that
// the four parts make 100.
func (f Formula) Max(p Part) float64 {
	s := f.Weights.Sum()
	if !(s > 0) {
		return 0
	}
	return f.Weights.Of(p) / s * 100
}

// Describe returns the formula as text for people, one paragraph a line:
// Chinese when lang is "zh" or starts with "zh-", English otherwise. It is
// printed with every ranking and export.
func (f Formula) Describe(lang string) string {
	zh := langIndex(lang) == 0
	terms := make([]string, len(Parts))
	for i, p := range Parts {
		m := num(f.Max(p))
		switch {
		case p == Returns && zh:
			terms[i] = "(1 − 退回率) × " + m
		case p == Returns:
			terms[i] = "(1 − return rate) × " + m
		default:
			terms[i] = p.Label(lang) + " × " + m
		}
	}
	var lines []string
	sum := f.Weights.Sum()
	normalised := math.Abs(sum-100) > 1e-9
	ws := make([]string, len(Parts))
	for i, p := range Parts {
		ws[i] = num(f.Weights.Of(p))
	}
	if zh {
		l := "总分 = " + strings.Join(terms, " + ") + " − 责任追究扣分，满分100分，总分在最后一步四舍五入保留两位小数。"
		if normalised {
			l += fmt.Sprintf("各项权重 %s 合计为 %s，不等于100，已按比例折算为百分制。", strings.Join(ws, ":"), num(sum))
		}
		lines = append(lines, l)
		lines = append(lines, "完成率：单位牵头的目标任务截至考核日完成进度的加权平均，每项进度按0–100%计（超过目标按100%计）。"+
			"只计末级任务，上级任务的进度由其子任务汇总；权重取任务分解表中的权重，未设权重的任务按已设权重的平均值计，均未设权重的平均分配。"+
			"已办结且完成的计100%，办结为部分完成的"+creditZH(f.Partly)+"，办结为未完成的"+creditZH(f.NotCompleted)+"。"+
			map[bool]string{false: "回顾部分的已完成事项不计入。", true: "回顾部分的已完成事项由牵头单位按100%计入。"}[f.Achievements])
		lines = append(lines, fmt.Sprintf("按时填报率：应报期次中按时报送的比例。应报期次为任务签收后的下一个填报周期（按督查室设置为月或季）起，"+
			"至考核日已过报送期限的各期；在期末后%d日内（含第%d日）首次报送的为按时，被退回后重报的以首次报送时间为准。没有应报期次的，本项按满分计。",
			f.GraceDays, f.GraceDays))
		lines = append(lines, "督办按时回复率：考核日前下达的督办单中，在回复时限当日结束前回复的比例；尚未到回复时限且未回复的不计入，"+
			"考核日后才回复的按未回复计。没有督办单的，本项按满分计。")
		lines = append(lines, "退回率：考核日前报送的进展中，被督查室退回过至少一次的比例。没有报送进展的，退回率按0计。")
		lines = append(lines, DeductionRule(lang))
		lines = append(lines, "同分者名次相同（如1、2、2、4）；没有计入考核的牵头任务的单位列出但不参与排名。")
		return strings.Join(lines, "\n")
	}
	l := "Total = " + strings.Join(terms, " + ") + " − accountability deductions, out of 100, rounded to two decimals at the end only."
	if normalised {
		l += fmt.Sprintf(" The weights %s add up to %s, not 100, and are scaled to 100 in proportion.", strings.Join(ws, ":"), num(sum))
	}
	lines = append(lines, l)
	lines = append(lines, "Completion rate: the weighted mean of the progress at the evaluation date of the target commitments the unit leads, "+
		"each from 0 to 100% (beyond the target counts as 100%). Only leaf tasks count: a parent's progress is the roll-up of its sub-tasks. "+
		"Weights are those of the task sheet; a task without a weight gets the average of the weighted ones, or all share equally. "+
		"A task closed as completed counts 100%, closed as partly completed "+creditEN(f.Partly)+", closed as not completed "+creditEN(f.NotCompleted)+". "+
		map[bool]string{false: "Achievements of the review part do not count.", true: "Achievements of the review part count as 100% for their lead unit."}[f.Achievements])
	lines = append(lines, fmt.Sprintf("On-time reporting rate: the share of the reporting periods owed whose report was first submitted on time. "+
		"A unit owes a report for every period (month or quarter, as the office set) from the one after it acknowledged the task "+
		"whose deadline has passed at the evaluation date; a report is on time when first submitted within %d days after the period ends "+
		"(a report returned and submitted again keeps its first submission). No period owed: full marks.", f.GraceDays))
	lines = append(lines, "On-time 督办 reply rate: the share of the 督办单 issued by the evaluation date that were answered by the end of their reply day; "+
		"one unanswered whose reply day has not passed does not count, and a reply after the evaluation date counts as none. No 督办单: full marks.")
	lines = append(lines, "Return rate: the share of the progress reports submitted by the evaluation date that the office returned at least once. "+
		"No report submitted: the rate is 0.")
	lines = append(lines, DeductionRule(lang))
	lines = append(lines, "Equal totals share a rank (1, 2, 2, 4); units leading no task that counts are listed but not ranked.")
	return strings.Join(lines, "\n")
}

func creditZH(c Credit) string {
	if c.Progress {
		return "按其填报的完成进度计"
	}
	return "计" + num(c.Fixed*100) + "%"
}

func creditEN(c Credit) string {
	if c.Progress {
		return "counts its reported progress"
	}
	return "counts " + num(c.Fixed*100) + "%"
}

// num formats a number with at most two decimals: 60, 16.67, 0.5.
func num(f float64) string {
	s := strconv.FormatFloat(math.Round(f*100)/100, 'f', 2, 64)
	s = strings.TrimRight(s, "0")
	return strings.TrimSuffix(s, ".")
}

// langIndex is 0 for Chinese and 1 for English.
func langIndex(lang string) int {
	lang = strings.ToLower(lang)
	if lang == "zh" || strings.HasPrefix(lang, "zh-") || strings.HasPrefix(lang, "zh_") {
		return 0
	}
	return 1
}
