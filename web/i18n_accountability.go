package web

// 责任追究: the triggers, the records and their statistics.
var zhAccountability = map[string]string{
	"Accountability":              "责任追究",
	"Accountability statistics":   "责任追究统计",
	"Accountability records":      "责任追究记录",
	"Accountability record":       "责任追究记录",
	"Accountability deduction":    "责任追究扣分",
	"Proposed for accountability": "拟追责提示",
	"Proposals only: nothing is applied until the office opens a record or dismisses the proposal with a reason.": "以下仅为提示，不会自动追责：由督查室作出追责记录，或说明理由不予追责。",
	"Why":                  "提示原因",
	"Commitment":           "事项",
	"Decision":             "处理",
	"periods":              "期",
	"Open a record":        "作出追责记录",
	"Measure":              "追责方式",
	"Responsible person":   "责任人",
	"Date of decision":     "决定日期",
	"Document number":      "文号",
	"Evaluation deduction": "考核扣分",
	"Finding":              "认定说明",
	"Dismiss":              "不予追责",
	"Nothing is proposed.": "暂无拟追责提示。",
	"Periods in a row without a report that propose a record": "连续多少期未报送进展时提示追责",
	"Reasons accepted for closing short of the target":        "认可的未完成原因（办结未达目标时不提示追责）",
	"corrected":                   "已更正",
	"No record.":                  "暂无记录。",
	"Facts":                       "事实依据",
	"Version":                     "版本",
	"Statements of the unit (申辩)": "单位申辩",
	"No statement.":               "暂无申辩。",
	"State the unit's case":       "申辩内容",
	"Earlier versions":            "历次版本",
	"By":                          "操作人",
	"Correct the record":          "更正记录",
	"Reason for the correction":   "更正理由",
	"The original is kept: a correction is a new version.": "更正作为新版本保存，原记录保留。",
	"Correct":                        "更正",
	"Year":                           "年度",
	"All measures":                   "合计",
	"Download the statistics (xlsx)": "下载统计表（xlsx）",
	"Progress report":                "进展报告",
}

func init() {
	for k, v := range zhAccountability {
		if _, ok := zh[k]; !ok {
			zh[k] = v
		}
	}
}

func init() {
	for k, v := range map[string]string{
		"accountability.open": "作出责任追究记录", "accountability.correct": "更正责任追究记录",
		"accountability.statement": "单位申辩", "accountability.dismiss": "不予追责",
	} {
		if _, ok := actionLabels[k]; !ok {
			actionLabels[k] = v
		}
	}
}
