package web

import "ducha/progress"

// UI text of the target model's pages (issue 10): the kind of a target,
// 不列入, the confirmation of reconciliation rows, the bands.
var zhModel = map[string]string{
	"Target model":            "目标模型",
	"Target kind":             "目标类型",
	"Inferred by the system":  "系统推断",
	"Not a commitment":        "不列入",
	"Restore as a commitment": "恢复列入",
	"Mark the ticked proposals as not a commitment": "将勾选的事项标记为不列入（须填写理由）",
	"Verdict set by the office":                     "督查室核定",
	"Confirmed by the office":                       "督查室已核实",
	"System comparison, to be verified":             "系统比对，待核实",
	"Verify":                                        "核实",
	"Confirm the system's verdict":                  "确认系统结论",
	"Note":                                          "说明",
	"Band for rates (± percentage points)":          "增速类目标容差（±个百分点）",
	"Band for amounts (± %)":                        "总量类目标容差（±%）",
	"Serious gap for rates (percentage points)":     "增速严重滞后差距（个百分点）",
}

func init() {
	for en, z := range zhModel {
		if _, ok := zh[en]; !ok {
			zh[en] = z
		}
	}
	funcs["modelVerdicts"] = func() []progress.Verdict { return progress.Verdicts }
	for a, l := range map[string]string{"commitment.kind": "修改目标类型", "commitment.exclude": "标记不列入",
		"commitment.include": "恢复列入", "reconcile.review": "核实对照表"} {
		actionLabels[a] = l
	}
}
