package web

// The office's editing of the plan: the assignment form, the bulk edit of
// the list and the task sheet upload.
var zhOffice = map[string]string{
	"Split into sub-tasks":                    "拆分为子任务",
	"One sub-task per line":                   "每行一项子任务",
	"Split":                                   "拆分",
	"Undo the latest split":                   "撤销最近一次拆分",
	"Only while the sub-tasks are untouched.": "子任务尚未交办、无进展和意见时才能撤销。",
	"Confirm the suggested lead units":        "采用建议的牵头单位",
	"Confirm as lead unit":                    "确认为牵头单位",
	"Edit assignment and plan":                "修改责任分工与计划",
	"separated by 、":                          "多个单位以“、”分隔",
	"Weight":                                  "权重",
	"Edit the ticked commitments":             "批量修改勾选的事项",
	"Dispatch after the edit":                 "修改后交办",
	"Apply to the ticked":                     "应用到勾选事项",
	"Upload task sheet":                       "上传任务分解表",
	"Task sheet":                              "任务分解表",
	"Preview changes":                         "预览修改",
	"Sheet problems":                          "问题",
	"Sheet":                                   "工作表",
	"Row":                                     "行",
	"Column":                                  "列",
	"Cell value":                              "内容",
	"Problem":                                 "问题说明",
	"Changes":                                 "修改内容",
	"new sub-task":                            "新增子任务",
	"Apply these changes":                     "导入以上修改",
	"The sheet changes nothing.":              "本表与台账一致，没有修改。",
	"All or nothing, exactly the changes listed.":                                                                                                  "全部导入或全部不导入，只导入以上列出的修改。",
	"All or nothing: if any ticked commitment has a problem, none is changed.":                                                                     "全部修改或全部不改：任一勾选事项有问题，所有事项均不修改。",
	"The sheet has problems; nothing was applied. Correct them and upload again.":                                                                  "本表有问题，未导入任何修改；请改正后重新上传。",
	"Upload the 任务分解表 (xlsx or csv) as exported from the list and edited. You will see every change and every problem before anything is applied.": "上传从事项列表导出并修改后的任务分解表（xlsx 或 csv）。导入之前会列出每一处修改和每一个问题。",
}

func init() {
	for k, v := range zhOffice {
		if _, ok := zh[k]; !ok {
			zh[k] = v
		}
	}
}

func init() {
	for k, v := range map[string]string{
		"commitment.plan": "修改责任分工与计划", "commitment.lead_confirm": "确认牵头单位", "tasks.import": "导入任务分解表",
		"commitment.split": "拆分为子任务", "commitment.unsplit": "撤销拆分", "commitment.add": "新增子任务",
	} {
		if _, ok := actionLabels[k]; !ok {
			actionLabels[k] = v
		}
	}
}
