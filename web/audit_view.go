package web

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"ducha/ledger"
)

// auditRow is one line of a commitment's audit trail as people read it:
// who by name, what, and each field changed from before to after.
type auditRow struct {
	At      time.Time
	Who     string
	Action  string
	Changes []auditChange
}

// auditChange is one field of a record changed by an audit entry; Before
// is "" for a field set on creation.
type auditChange struct {
	Field, Before, After string
}

// auditTrail turns entries into rows, naming each actor by the display
// name of their account.
func (s *Server) auditTrail(ctx context.Context, entries []ledger.AuditEntry, lang string) []auditRow {
	names := map[string]string{}
	if users, err := s.store.Users(ctx); err == nil {
		for _, u := range users {
			if u.Name != "" {
				names[u.Login] = u.Name
			}
		}
	}
	return auditRows(entries, names, lang)
}

// auditRows turns entries into rows: names maps logins to display names.
func auditRows(entries []ledger.AuditEntry, names map[string]string, lang string) []auditRow {
	out := make([]auditRow, len(entries))
	for i, e := range entries {
		out[i] = auditRow{At: e.At, Who: actorName(e, names, lang), Action: e.Action, Changes: auditChanges(e, lang)}
	}
	return out
}

// actorName is who made the change: the account's display name, else
// the name the entry records (a change from the command line), else the
// login.
func actorName(e ledger.AuditEntry, names map[string]string, lang string) string {
	if n, ok := names[e.Actor]; ok {
		return n
	}
	if e.Actor == "system" {
		return translate(lang, "System")
	}
	var rec struct {
		By string `json:"by"`
	}
	if json.Unmarshal([]byte(e.After), &rec) == nil && strings.TrimSpace(rec.By) != "" {
		return rec.By
	}
	return e.Actor
}

// auditFields are the fields of the records the log holds that people
// read, in the order shown, with their names; other fields (ids, hashes,
// times the entry has already) are left out.
var auditFields = []struct{ key, zh, en string }{
	{"State", "办理状态", "State"}, {"Outcome", "办结结果", "Outcome"}, {"OutcomeReason", "原因", "Reason"},
	{"Period", "期次", "Period"}, {"Value", "完成值", "Figure"}, {"Percent", "进度", "Progress"},
	{"Done", "已完成", "Done"}, {"Narrative", "进展情况", "Progress narrative"}, {"Problems", "存在问题", "Problems"},
	{"NextSteps", "下步打算", "Next steps"}, {"Explanation", "说明", "Explanation"}, {"Status", "审核状态", "Review status"},
	{"ReturnReason", "退回原因", "Reason returned"},
	{"No", "督办单号", "Order no."}, {"Unit", "单位", "Unit"}, {"Requirement", "办理要求", "Requirement"},
	{"ReplyBy", "回复时限", "Reply by"}, {"Reply", "回复", "Reply"}, {"Level", "督办级别", "Level"},
	{"Body", "内容", "Text"}, {"Name", "文件", "File"},
	{"kind", "目标类型", "Target kind"}, {"excluded", "不列入", "Excluded"}, {"reason", "理由", "Reason"},
}

// auditChanges lists the fields entry e changed: for an edit of the plan
// the cells of the task sheet (its "fields"), for any other record each
// field of auditFields whose value differs before and after.
func auditChanges(e ledger.AuditEntry, lang string) []auditChange {
	before, after := decodeRecord(e.Before), decodeRecord(e.After)
	if before == nil && after == nil {
		return nil
	}
	var out []auditChange
	bf, af := fieldsOf(before), fieldsOf(after)
	if bf != nil || af != nil {
		cols := make([]string, 0, len(af)+len(bf))
		for c := range af {
			cols = append(cols, c)
		}
		for c := range bf {
			if _, ok := af[c]; !ok {
				cols = append(cols, c)
			}
		}
		slices.SortFunc(cols, func(a, b string) int { return sheetOrder(a) - sheetOrder(b) })
		for _, c := range cols {
			if b, a := bf[c], af[c]; a != b {
				out = append(out, auditChange{Field: c, Before: b, After: a})
			}
		}
		return out
	}
	for _, f := range auditFields {
		b, a := valueText(before[f.key], f.key, lang), valueText(after[f.key], f.key, lang)
		if a == b {
			continue
		}
		name := f.zh
		if lang == langEN {
			name = f.en
		}
		out = append(out, auditChange{Field: name, Before: b, After: a})
	}
	return out
}

// decodeRecord reads a record of the log, nil when empty or not an object.
func decodeRecord(s string) map[string]any {
	if strings.TrimSpace(s) == "" {
		return nil
	}
	var m map[string]any
	if json.Unmarshal([]byte(s), &m) != nil {
		return nil
	}
	return m
}

// fieldsOf is the "fields" of a plan edit's record: task sheet cells.
func fieldsOf(m map[string]any) map[string]string {
	f, ok := m["fields"].(map[string]any)
	if !ok {
		return nil
	}
	out := make(map[string]string, len(f))
	for k, v := range f {
		out[k] = fmt.Sprint(v)
	}
	return out
}

// sheetOrder is the place of a task sheet column (unknown ones last).
func sheetOrder(col string) int {
	for i, c := range sheetColumns {
		if c == col {
			return i
		}
	}
	return len(sheetColumns)
}

var sheetColumns = []string{"编码", "上级编码", "任务内容", "分类", "指标", "目标值", "单位", "牵头单位", "配合单位",
	"责任领导", "责任人", "完成时限", "时间节点", "权重"}

// valueText writes a field's value for people: states and statuses by
// name, dates as days, nothing for an empty or zero value.
func valueText(v any, key, lang string) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		switch key {
		case "State":
			return ledger.State(x).Label(lang)
		case "Outcome":
			return translate(lang, map[ledger.Outcome]string{ledger.OutcomeCompleted: "Completed", ledger.OutcomePartly: "Partly completed",
				ledger.OutcomeNotCompleted: "Not completed"}[ledger.Outcome(x)])
		case "Status":
			return translate(lang, map[ledger.ReportStatus]string{ledger.ReportDraft: "Draft", ledger.ReportSubmitted: "Submitted",
				ledger.ReportReturned: "Returned", ledger.ReportApproved: "Approved"}[ledger.ReportStatus(x)])
		case "OutcomeReason":
			if l, ok := ledger.ShortfallReasons[x]; ok && lang != langEN {
				return l
			}
		case "ReplyBy":
			if t, err := time.Parse(time.RFC3339, x); err == nil {
				if t.IsZero() {
					return ""
				}
				return t.Format("2006-01-02")
			}
		}
		return x
	case bool:
		if !x {
			return ""
		}
		return translate(lang, "Yes")
	case float64:
		if key == "Percent" {
			if x < 0 {
				return ""
			}
			return fmt.Sprintf("%g%%", x)
		}
		if x == 0 {
			return ""
		}
		return fmt.Sprintf("%g", x)
	}
	b, _ := json.Marshal(v)
	return string(b)
}
