package web

import (
	"ducha/project"
)

// The strings of the major-project pages (web/projects.go).
var zhProjects = map[string]string{
	"Major projects":                 "重大项目",
	"projects":                       "个项目",
	"Project":                        "项目",
	"Project code":                   "项目编号",
	"Category":                       "类别",
	"Industry":                       "行业",
	"Owner unit":                     "责任单位",
	"Builder":                        "建设单位",
	"Leader in charge":               "包抓领导",
	"Location":                       "建设地点",
	"Construction content":           "建设内容及规模",
	"Total investment":               "总投资",
	"Annual planned investment":      "年度计划投资",
	"Completed this year":            "本年累计完成",
	"Planned by now":                 "计划至今",
	"Stage":                          "阶段",
	"Stage reached":                  "当前阶段",
	"Stages":                         "建设阶段",
	"Planned":                        "计划",
	"Reached":                        "实际",
	"Late stages":                    "逾期节点",
	"Lagging only":                   "仅看滞后",
	"Any":                            "全部",
	"Filter":                         "筛选",
	"Investment vs plan":             "投资完成与计划",
	"Monthly reports":                "月报",
	"Monthly report":                 "月度填报",
	"Month":                          "月份",
	"Invested this month":            "当月完成投资",
	"Invested so far this year":      "累计完成投资",
	"Stage reached this month":       "本月达到阶段",
	"Date reached":                   "达到日期",
	"Physical progress":              "形象进度",
	"Problems":                       "存在问题",
	"Explanation if the total falls": "累计数下降的说明",
	"Save draft":                     "保存草稿",
	"Submit for review":              "报送复核",
	"Approve":                        "通过",
	"Return":                         "退回",
	"Return reason":                  "退回原因",
	"Dispatch to the owner unit":     "交办责任单位",
	"Acknowledge":                    "签收",
	"Upload the project plan sheet":  "上传重点项目计划表",
	"Plan year":                      "计划年度",
	"Import":                         "导入",
	"All or nothing: a sheet with any problem changes nothing, and every problem is listed by row and column.": "全部导入或全部不导入：表中任一处有问题都不导入，并按行、列列出每个问题。",
	"Reports due":   "待填报月报",
	"due by":        "截止",
	"late":          "已逾期",
	"No projects":   "暂无项目",
	"Status":        "状态",
	"Workflow":      "办理状态",
	"Reason":        "依据",
	"in 10k yuan":   "万元",
	"Report status": "审核状态",
}

// The strings of the linked commitments' page (web/project_links.go).
var zhProjectLinks = map[string]string{
	"Commitments computed from projects":      "由项目计算的承诺事项",
	"Computed as":                             "计算方式",
	"Computed figure":                         "计算结果",
	"Projects behind the figure":              "计入的项目",
	"Unlink":                                  "取消关联",
	"No commitment is linked to projects yet": "尚无与项目关联的承诺事项",
	"Proposed links":                          "建议关联",
	"Named projects":                          "点名的项目",
	"Project codes":                           "项目编号",
	"Link":                                    "关联",
	"Link a commitment":                       "关联承诺事项",
	"Commitment id":                           "承诺事项编号（ID）",
	"measure.stage_count":                     "达到阶段的项目数",
	"measure.investment":                      "完成投资合计",
	"measure.stage_rate":                      "达到阶段的比例",
	"Linked commitments":                      "关联的承诺事项",
}

func init() {
	for k, v := range zhProjectLinks {
		if _, ok := zh[k]; !ok {
			zh[k] = v
		}
	}
	for k, v := range zhProjects {
		if _, ok := zh[k]; !ok {
			zh[k] = v
		}
	}
	for k, v := range map[string]string{
		"project.import": "导入重点项目计划表", "project.state": "项目交办/签收", "project.report": "项目月报更新项目",
		"project_report.draft": "保存项目月报", "project_report.submitted": "报送项目月报",
		"project_report.approved": "通过项目月报", "project_report.returned": "退回项目月报",
		"commitment.link_projects": "关联重大项目",
	} {
		if _, ok := actionLabels[k]; !ok {
			actionLabels[k] = v
		}
	}
	funcs["wan"] = project.Amount
	funcs["problemLabel"] = func(c project.ProblemCode, lang string) string { return c.Label(lang) }
}
