package web

// The 建议提案 pages and the deputy's feedback form.
var zhProposals = map[string]string{
	"Suggestions and proposals": "建议提案",
	"No items":                  "暂无建议提案",
	"Deputies' suggestions":     "人大代表建议",
	"Members' proposals":        "政协委员提案",
	"Handling statistics":       "办理情况统计",
	"Download 办理情况统计表 (xlsx)":   "下载办理情况统计表（xlsx）",
	"Acknowledged on time":      "按期签收率",
	"Replied on time":           "按期答复率",
	"Met in person":             "面商率",
	"Satisfied":                 "满意率",
	"All units":                 "合计",
	"Items":                     "件数",
	"Number":                    "编号",
	"Title":                     "标题",
	"Text":                      "内容",
	"State":                     "状态",
	"Session":                   "届次",
	"Lead deputy":               "领衔人",
	"Co-signers":                "附议人",
	"Main handling unit":        "主办单位",
	"Co-handling units":         "协办单位",
	"Handling deadline":         "办理期限",
	"Handling deadline (default three months)": "办理期限（默认交办后三个月）",
	"handled again": "重新办理",
	"Due":           "待办",
	"Overdue":       "已逾期",
	"Import a list": "导入建议提案清单",
	"File (xlsx or CSV: 编号, 标题, 领衔人, 附议人, 类别, 主办单位, 协办单位)": "文件（xlsx 或 CSV：编号、标题、领衔人、附议人、类别、主办单位、协办单位）",
	"Kind, when the list has no 类型 column":                 "类型（表中无类型列时）",
	"Import":                                 "导入",
	"Imported":                               "已导入",
	"Saved":                                  "已保存",
	"Assign":                                 "交办",
	"Change deadline":                        "调整办理期限",
	"Ask to change the handler":              "申请调整承办单位",
	"Handler change requested":               "申请调整",
	"suggests":                               "建议改由",
	"Suggested unit":                         "建议承办单位",
	"Decide the handler change":              "审核调整申请",
	"Approve: new lead unit":                 "同意，改由以下单位主办",
	"Refuse, with the reason":                "不同意，理由",
	"Decide":                                 "确定",
	"Record a communication":                 "登记沟通情况",
	"Communication with the deputy":          "与代表委员沟通",
	"Date":                                   "日期",
	"Way":                                    "方式",
	"Summary":                                "沟通情况",
	"Reply text":                             "答复内容",
	"Signed document (文号)":                   "经领导签发的答复函（文号）",
	"Document":                               "答复函",
	"Class":                                  "答复类别",
	"Reason (class C)":                       "暂不能解决的原因（C类）",
	"Promised by (class B)":                  "承诺解决日期（B类）",
	"Promised by":                            "承诺解决日期",
	"Submit reply":                           "提交答复",
	"Answers":                                "答复",
	"Deputy's feedback":                      "代表委员反馈",
	"Follow-up":                              "跟踪落实",
	"Report follow-up":                       "报告落实情况",
	"Solved":                                 "已解决",
	"Make the deputy's feedback link":        "生成代表委员反馈链接",
	"Feedback link (shown once, single use)": "反馈链接（仅显示一次，只能使用一次）",
	"Your feedback":                          "办理情况反馈",
	"Are you satisfied with the handling?":   "您对办理情况是否满意？",
	"Comment (required if dissatisfied)":     "意见（不满意时必填）",
	"Send":                                   "提交",
	"Thank you":                              "感谢您的反馈",
	"Your feedback is recorded. This link can no longer be used.": "您的意见已记录，此链接已失效。",
	"Replies to suggestions and proposals":                        "建议提案答复公开",
	"Withdraw the reply from the public site":                     "撤回公开",
	"Publish the reply on the public site":                        "在公开网站发布答复",
}

func init() {
	for k, v := range zhProposals {
		if _, ok := zh[k]; !ok {
			zh[k] = v
		}
	}
	for k, v := range map[string]string{
		"proposal.import": "导入建议提案", "proposal.assign": "交办建议提案", "proposal.set_deadline": "调整办理期限",
		"proposal.acknowledge": "签收建议提案", "proposal.request_adjust": "申请调整", "proposal.approve_adjust": "同意调整",
		"proposal.refuse_adjust": "不同意调整", "proposal.contact": "登记沟通", "proposal.reply": "答复建议提案",
		"proposal.feedback": "代表委员反馈", "proposal.follow_up": "报告落实情况", "proposal.close": "建议提案办结",
		"proposal.token_issue": "生成反馈链接", "proposal.export_stats": "导出办理情况统计表", "proposal.set_public": "设置答复公开",
	} {
		if _, ok := actionLabels[k]; !ok {
			actionLabels[k] = v
		}
	}
}
