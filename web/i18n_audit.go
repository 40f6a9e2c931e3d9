package web

// The audit trail of a commitment: who by name and each field's change.
var zhAudit = map[string]string{
	"System":  "系统",
	"Yes":     "是",
	"Changes": "修改内容",
}

func init() {
	for k, v := range zhAudit {
		if _, ok := zh[k]; !ok {
			zh[k] = v
		}
	}
	for k, v := range map[string]string{
		"report.import": "导入政府工作报告", "report.import_failed": "导入政府工作报告失败", "units.import": "导入单位名录",
	} {
		if _, ok := actionLabels[k]; !ok {
			actionLabels[k] = v
		}
	}
}
