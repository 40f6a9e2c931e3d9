package web

// The Chinese of the labels of table cells, charts and titles, kept apart
// from the main table so that the pages' other strings can grow beside
// them; init adds them to zh (an entry there wins).
var zhLabels = map[string]string{
	"Number of commitments":  "事项数",
	"Lights":                 "红黄绿灯",
	"Light":                  "亮灯",
	"Actions":                "管理",
	"This level":             "本级",
	"Goal":                   "目标",
	"Done so far":            "已完成",
	"Planned progress":       "计划进度",
	"Actual progress":        "实际进度",
	"Target band":            "达标区间",
	"Reported figure":        "报告值",
	"Today":                  "今天",
	"Ranking by total score": "总分排名",
}

func init() {
	for k, v := range zhLabels {
		if _, ok := zh[k]; !ok {
			zh[k] = v
		}
	}
}
