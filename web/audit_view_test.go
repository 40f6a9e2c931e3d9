package web

import (
	"reflect"
	"testing"
	"time"

	"ducha/ledger"
)

// TestAuditRows: the trail names people by their display names (a CLI
// change by the name it recorded, scheduled work as 系统) and shows each
// field that changed, before → after, in words: a state change as
// 未交办 → 已交办, not "办理状态变更" alone; a plan edit by its cells.
func TestAuditRows(t *testing.T) {
	at := time.Date(2024, 9, 15, 10, 0, 0, 0, time.UTC)
	names := map[string]string{"ducha": "王督查", "unit01": "李填报"}
	entries := []ledger.AuditEntry{
		{At: at, Actor: "ducha", Action: "commitment.state", Entity: "commitment", Ref: "5",
			Before: `{"State":"new"}`, After: `{"State":"dispatched"}`},
		{At: at, Actor: "ducha", Action: "commitment.plan", Entity: "commitment", Ref: "5",
			Before: `{"fields":{"牵头单位":"","完成时限":"2024-12-31"}}`,
			After:  `{"by":"王督查","login":"ducha","fields":{"牵头单位":"示例区教育局","完成时限":"9月底前"}}`},
		{At: at, Actor: "cli:zhang", Action: "tasks.import", Entity: "commitment", Ref: "5",
			Before: `{"fields":{"责任人":""}}`, After: `{"by":"命令行 zhang","login":"cli:zhang","via":"tasks.xlsx","fields":{"责任人":"赵科长"}}`},
		{At: at, Actor: "unit01", Action: "report.review", Entity: "progress_report", Ref: "9",
			Before: `{"ID":9,"Period":"2024-08","Value":"3000","Percent":-1,"Status":"submitted","ReturnReason":""}`,
			After:  `{"ID":9,"Period":"2024-08","Value":"3000","Percent":-1,"Status":"returned","ReturnReason":"佐证材料不全"}`},
		{At: at, Actor: "system", Action: "order.escalate", Entity: "supervision_order", Ref: "3",
			Before: `{"ID":3,"Level":1,"Reply":""}`, After: `{"ID":3,"Level":1,"Reply":"","EscalatedAt":"2024-09-16T00:00:00Z"}`},
		{At: at, Actor: "ducha", Action: "commitment.state", Entity: "commitment", Ref: "5",
			Before: `{"State":"in_progress"}`, After: `{"State":"closed","Outcome":"partly","OutcomeReason":"funding"}`},
		{At: at, Actor: "ghost", Action: "comment.add", Entity: "comment", Ref: "4", After: `{"ID":4,"Body":"请加快进度"}`},
	}
	want := []auditRow{
		{At: at, Who: "王督查", Action: "commitment.state", Changes: []auditChange{{"办理状态", "未交办", "已交办"}}},
		{At: at, Who: "王督查", Action: "commitment.plan", Changes: []auditChange{{"牵头单位", "", "示例区教育局"}, {"完成时限", "2024-12-31", "9月底前"}}},
		{At: at, Who: "命令行 zhang", Action: "tasks.import", Changes: []auditChange{{"责任人", "", "赵科长"}}},
		{At: at, Who: "李填报", Action: "report.review", Changes: []auditChange{{"审核状态", "已提交", "已退回"}, {"退回原因", "", "佐证材料不全"}}},
		{At: at, Who: "系统", Action: "order.escalate"},
		{At: at, Who: "王督查", Action: "commitment.state", Changes: []auditChange{{"办理状态", "办理中", "已办结"}, {"办结结果", "", "部分完成"}, {"原因", "", "资金未到位"}}},
		{At: at, Who: "ghost", Action: "comment.add", Changes: []auditChange{{"内容", "", "请加快进度"}}},
	}
	got := auditRows(entries, names, langZH)
	if len(got) != len(want) {
		t.Fatalf("%d rows, want %d", len(got), len(want))
	}
	for i := range want {
		if !reflect.DeepEqual(got[i], want[i]) {
			t.Errorf("row %d:\n got %+v\nwant %+v", i, got[i], want[i])
		}
	}
}
