package web

// The import of a work report in the browser.
var zhReportUpload = map[string]string{
	"Import a work report": "导入政府工作报告",
	"Work report":          "政府工作报告",
	"Import":               "导入",
	"Upload the government work report (txt, docx, pdf or html). Its government and year are read from the text; the commitments are proposed with suggested lead units from the units directory.": "上传政府工作报告（txt、docx、pdf 或 html）。政府和年度从报告正文中识别；系统据此提出事项，并按单位名录建议牵头单位。",
}

func init() {
	for k, v := range zhReportUpload {
		if _, ok := zh[k]; !ok {
			zh[k] = v
		}
	}
}
