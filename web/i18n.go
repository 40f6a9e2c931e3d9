package web

import (
	"net/http"
	"strings"
)

// Languages: Chinese first, English available.
const (
	langZH = "zh-CN"
	langEN = "en"
)

// langOf picks the language: the lang cookie, else Accept-Language when it
// prefers English, else Chinese.
func langOf(r *http.Request) string {
	if c, err := r.Cookie("lang"); err == nil {
		if c.Value == langEN {
			return langEN
		}
		if c.Value == langZH {
			return langZH
		}
	}
	al := strings.ToLower(r.Header.Get("Accept-Language"))
	if strings.HasPrefix(al, "en") {
		return langEN
	}
	return langZH
}

// translate returns the Chinese for an English UI string; English is the
// key itself. A missing entry shows the English (tests list them).
func translate(lang, s string) string {
	if lang == langEN {
		return s
	}
	if t, ok := zh[s]; ok {
		return t
	}
	return s
}

var zh = map[string]string{
	"ducha":                          "督查督办",
	"Supervision of the work report": "政府工作报告督查督办",
	"Dashboard":                      "工作台",
	"Commitments":                    "承诺事项",
	"Review queue":                   "待复核",
	"Users":                          "用户",
	"Settings":                       "设置",
	"API tokens":                     "接口令牌",
	"Audit log":                      "审计日志",
	"Outbox":                         "消息队列",
	"Sign in":                        "登录",
	"Sign out":                       "退出",
	"Login":                          "账号",
	"Password":                       "密码",
	"Report":                         "报告",
	"Report text":                    "报告原文",
	"Export task sheet":              "导出任务分解表",
	"Overall completion":             "总体完成度",
	"Targets":                        "目标任务",
	"Dispatched":                     "已交办",
	"Closed":                         "已办结",
	"By category":                    "按类别",
	"By unit":                        "按单位",
	"Lagging":                        "滞后事项",
	"Due this month":                 "本月到期",
	"Stale reporting":                "未按期填报",
	"Code":                           "编码",
	"Task":                           "任务内容",
	"Indicator":                      "指标",
	"Target":                         "目标值",
	"Lead unit":                      "牵头单位",
	"Cooperating units":              "配合单位",
	"Responsible leader":             "责任领导",
	"Responsible person":             "责任人",
	"Deadline":                       "完成时限",
	"Milestones":                     "时间节点",
	"Status":                         "状态",
	"Workflow":                       "办理环节",
	"Progress":                       "进度",
	"Expected":                       "计划进度",
	"Actual":                         "实际进度",
	"Search":                         "搜索",
	"All":                            "全部",
	"Filter":                         "筛选",
	"Category":                       "类别",
	"Unit":                           "单位",
	"Kind":                           "类型",
	"Previous":                       "上一页",
	"Next":                           "下一页",
	"results":                        "条",
	"Source sentence":                "原文",
	"Assignment":                     "责任分工",
	"Progress reports":               "进展填报",
	"Period":                         "期次",
	"Value":                          "完成值",
	"Percent done":                   "完成百分比",
	"Finished":                       "已完成",
	"Narrative":                      "进展情况",
	"Problems":                       "存在问题",
	"Next steps":                     "下步打算",
	"Explanation":                    "情况说明",
	"Evidence":                       "佐证材料",
	"Save draft":                     "保存草稿",
	"Submit for review":              "提交审核",
	"Submit":                         "提交",
	"Approve":                        "通过",
	"Return":                         "退回",
	"Reason":                         "原因",
	"Dispatch":                       "交办",
	"Acknowledge":                    "签收",
	"Close":                          "办结",
	"Reopen":                         "重新打开",
	"Outcome":                        "办结结果",
	"Completed":                      "完成",
	"Partly completed":               "部分完成",
	"Not completed":                  "未完成",
	"Supervision orders":             "督办单",
	"Issue order":                    "下发督办单",
	"Requirement":                    "督办要求",
	"Reply by":                       "回复时限",
	"Reply":                          "回复",
	"Replied":                        "已回复",
	"Escalated":                      "已升级",
	"Awaiting reply":                 "待回复",
	"Comments":                       "意见",
	"Add comment":                    "发表意见",
	"Audit trail":                    "操作记录",
	"Upload":                         "上传",
	"Submitted":                      "已提交",
	"Returned":                       "已退回",
	"Approved":                       "已通过",
	"Draft":                          "草稿",
	"by":                             "由",
	"Name":                           "姓名",
	"Role":                           "角色",
	"Add user":                       "新增用户",
	"Disable":                        "停用",
	"Enable":                         "启用",
	"Reset password":                 "重置密码",
	"Disabled":                       "已停用",
	"Save":                           "保存",
	"Reporting period":               "填报周期",
	"Monthly":                        "按月",
	"Quarterly":                      "按季度",
	"Ahead ratio":                    "超进度阈值",
	"Lagging ratio":                  "欠进度阈值",
	"Serious ratio":                  "严重滞后阈值",
	"Stale after days":               "逾期未报天数",
	"Reply days":                     "督办回复天数",
	"Remind days":                    "提前提醒天数",
	"Recipients":                     "消息接收",
	"Create token":                   "创建令牌",
	"Revoke":                         "撤销",
	"Revoked":                        "已撤销",
	"Purpose":                        "用途",
	"Created":                        "创建时间",
	"When":                           "时间",
	"Who":                            "操作人",
	"Action":                         "操作",
	"Record":                         "对象",
	"Before":                         "修改前",
	"After":                          "修改后",
	"Channel":                        "渠道",
	"To":                             "接收地址",
	"Subject":                        "标题",
	"Attempts":                       "尝试次数",
	"Last error":                     "最近错误",
	"Sent":                           "已发送",
	"Pending":                        "待发送",
	"No commitments":                 "暂无事项",
	"Nothing to review":              "暂无待复核的报告",
	"No report imported yet":         "尚未导入报告",
	"Back to top":                    "返回顶部",
	"Planned vs. reported progress":  "计划与实际进度",
	"led":                            "牵头",
	"cooperating":                    "配合",
	"Achievement":                    "已完成事项",
	"Target commitment":              "目标任务",
	"Language":                       "语言",
	"Error":                          "出错了",
	"Home":                           "首页",
	"Baseline":                       "基数",
	"Binding":                        "指标属性",
	"Section":                        "所属部分",
	"Warnings":                       "提示",
	"Your token (shown once)":        "令牌（仅显示一次）",
	"Current":                        "当前",
	"Reported achievements":          "回顾部分已完成事项",
	"Suggested":                      "建议",
	"Status light":                   "状态灯",
	"Commitments of the unit":        "本单位承诺事项",
	"Leads":                          "牵头",
	"Cooperates":                     "配合",
	"Progress history":               "进展历史",
	"Same as":                        "内容雷同于",
	"The narrative repeats an earlier period's": "本期进展情况与上期基本相同，疑似照抄",
	"Return reason":                        "退回原因",
	"Reviewed":                             "复核",
	"Attach files":                         "附件",
	"Files":                                "文件",
	"Dispatch the ticked commitments":      "交办勾选的事项（须已确定牵头单位和完成时限）",
	"Year-end evaluation":                  "年终考核",
	"As of":                                "考核截止日期",
	"Formula":                              "计分办法",
	"Rank":                                 "排名",
	"Completion":                           "完成率",
	"Timeliness":                           "按时填报",
	"Replies":                              "督办回复",
	"Returns":                              "退回情况",
	"Total":                                "总分",
	"Download the evaluation sheet (xlsx)": "下载考核表（xlsx）",
	"Draft review":                         "工作回顾初稿",
	"Written from approved progress, grouped by section; edit it before use.": "根据审核通过的进展按部分生成，使用前请修改完善。",

	// The public site.
	"Public":        "信息公开",
	"Public ledger": "政府工作报告承诺事项公开",
	"What each government promised in its work report, and where each promise stands. Only progress approved by the supervision office is shown.": "各级政府在政府工作报告中作出的承诺及其进展。仅公开经督查室审核通过的进展。",
	"Only progress approved by the supervision office is shown.":                                                                                  "仅公开经督查室审核通过的进展。",
	"Open data":                        "开放数据",
	"Practical matters for the people": "为民实事",
	"Other":                            "其他",
	"Lower-level governments":          "下级政府",
	"Lower levels":                     "下级政府",
	"The same indicator across levels": "同一指标上下级对照",
	"Approved updates":                 "审核通过的进展",
	"Promised vs reported":             "承诺兑现对照",
	"Each target of the year's report against what the next year's report says was achieved.": "逐项对照当年报告提出的目标与次年报告所述完成情况。",
	"Promised":                      "承诺目标",
	"Reported":                      "次年报告完成情况",
	"Verdict":                       "对照结论",
	"Approved progress":             "审核通过的进展",
	"Contradicts approved progress": "与审核通过的进展不符",
}
