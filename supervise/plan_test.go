package supervise_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"strconv"
	"strings"
	"testing"
	"time"

	"ducha/access"
	"ducha/ledger"
	"ducha/supervise"
	"ducha/tasksheet"
)

var clerk = supervise.Actor{Login: "li.ducha", Name: "李督查", Role: access.Supervisor}

// newTargets adds n new target sub-tasks (not dispatched, a lead unit,
// deadline 2024-12-31) to the demo's report, as the office would add
// them in the task sheet, and returns them as stored.
func newTargets(t testing.TB, svc *supervise.Service, reportID int64, n int) []ledger.Commitment {
	t.Helper()
	ctx := context.Background()
	st := svc.Store
	cs, err := st.Commitments(ctx, reportID)
	if err != nil {
		t.Fatal(err)
	}
	units, err := st.Units(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var parent ledger.Commitment
	for _, c := range cs {
		if c.Kind == ledger.KindTarget && c.ParentCode == "" {
			parent = c
			break
		}
	}
	eoy := time.Date(2024, 12, 31, 0, 0, 0, 0, time.UTC)
	var fresh []ledger.Commitment
	for i := range n {
		fresh = append(fresh, ledger.Commitment{Code: parent.Code + "." + strconv.Itoa(90+i), ParentCode: parent.Code,
			Kind: ledger.KindTarget, Title: "测试子任务" + strconv.Itoa(i+1), Section: parent.Section, Category: parent.Category,
			Period: parent.Period, Deadline: &eoy, Assignment: ledger.Assignment{Lead: units[0].Name, SuggestedLead: units[0].Name}})
	}
	if err := st.ApplyTasks(ctx, reportID, fresh); err != nil {
		t.Fatal(err)
	}
	svc.Forget()
	out := make([]ledger.Commitment, n)
	for i := range fresh {
		if out[i], err = st.Commitment(ctx, fresh[i].ID); err != nil {
			t.Fatal(err)
		}
	}
	return out
}

// auditFields reads the fields and who of the newest audit entry of a
// commitment with action.
func auditFields(t *testing.T, st supervise.Store, id int64, action string) (before, after map[string]string, by string) {
	t.Helper()
	es, err := st.Audit(context.Background(), "commitment", strconv.FormatInt(id, 10), 20)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range es {
		if e.Action != action {
			continue
		}
		var b, a struct {
			By     string
			Fields map[string]string
		}
		if e.Before != "" {
			if err := json.Unmarshal([]byte(e.Before), &b); err != nil {
				t.Fatal(err)
			}
		}
		if err := json.Unmarshal([]byte(e.After), &a); err != nil {
			t.Fatal(err)
		}
		return b.Fields, a.Fields, a.By
	}
	t.Fatalf("no audit entry %s of commitment %d", action, id)
	return nil, nil, ""
}

func TestEditPlan(t *testing.T) {
	svc, st, res, _ := setUp(t)
	ctx := context.Background()
	units, err := st.Units(ctx)
	if err != nil || len(units) < 3 {
		t.Fatalf("units: %v %d", err, len(units))
	}
	u1, u2 := units[1].Name, units[2].Name
	day := func(m, d int) *time.Time { x := time.Date(2024, time.Month(m), d, 0, 0, 0, 0, time.UTC); return &x }
	s := func(v string) *string { return &v }
	cases := []struct {
		name  string
		in    supervise.PlanInput
		check func(c ledger.Commitment) string // "" when right
		// the audit entry's changed fields: column → after
		after map[string]string
	}{
		{"lead", supervise.PlanInput{Lead: s(u1)}, func(c ledger.Commitment) string {
			if c.Assignment.Lead != u1 {
				return "lead " + c.Assignment.Lead
			}
			return ""
		}, map[string]string{"牵头单位": u1}},
		{"cooperating", supervise.PlanInput{Cooperating: s(u1 + "、" + u2 + "、" + u1)}, func(c ledger.Commitment) string {
			if strings.Join(c.Assignment.Cooperating, "|") != u1+"|"+u2 {
				return "cooperating " + strings.Join(c.Assignment.Cooperating, "|")
			}
			return ""
		}, map[string]string{"配合单位": u1 + "、" + u2}},
		{"leader and person", supervise.PlanInput{Leader: s("张副区长"), Person: s("陈科长")}, func(c ledger.Commitment) string {
			if c.Assignment.Leader != "张副区长" || c.Assignment.Person != "陈科长" {
				return "people " + c.Assignment.Leader + " " + c.Assignment.Person
			}
			return ""
		}, map[string]string{"责任领导": "张副区长", "责任人": "陈科长"}},
		{"deadline phrase", supervise.PlanInput{Deadline: s("6月底前")}, func(c ledger.Commitment) string {
			if c.Deadline == nil || !c.Deadline.Equal(*day(6, 30)) || c.DeadlineText != "6月底前" {
				return "deadline " + c.DeadlineText
			}
			return ""
		}, map[string]string{"完成时限": "6月底前"}},
		{"deadline quarter", supervise.PlanInput{Deadline: s("三季度末")}, func(c ledger.Commitment) string {
			if c.Deadline == nil || !c.Deadline.Equal(*day(9, 30)) {
				return "deadline"
			}
			return ""
		}, map[string]string{"完成时限": "三季度末"}},
		{"deadline date", supervise.PlanInput{Deadline: s("2024-10-31")}, func(c ledger.Commitment) string {
			if c.Deadline == nil || !c.Deadline.Equal(*day(10, 31)) || c.DeadlineText != "" {
				return "deadline"
			}
			return ""
		}, map[string]string{"完成时限": "2024-10-31"}},
		{"milestones", supervise.PlanInput{Milestones: s("2024-06-30：3000；2024-09-30：开工")}, func(c ledger.Commitment) string {
			ms := c.Milestones
			if len(ms) != 2 || !ms[0].Due.Equal(*day(6, 30)) || ms[0].Expected != "3000" || !ms[1].Due.Equal(*day(9, 30)) || ms[1].Description != "开工" {
				return "milestones"
			}
			return ""
		}, map[string]string{"时间节点": "2024-06-30：3000；2024-09-30：开工"}},
		{"weight", supervise.PlanInput{Weight: s("2.5")}, func(c ledger.Commitment) string {
			if c.Weight != 2.5 {
				return "weight"
			}
			return ""
		}, map[string]string{"权重": "2.5"}},
	}
	cs := newTargets(t, svc, res.ReportID, len(cases))
	for i, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			id := cs[i].ID
			if _, err := svc.EditPlan(ctx, clerk, id, tc.in); err != nil {
				t.Fatal(err)
			}
			got, err := st.Commitment(ctx, id)
			if err != nil {
				t.Fatal(err)
			}
			if msg := tc.check(got); msg != "" {
				t.Errorf("stored: %s", msg)
			}
			before, after, by := auditFields(t, st, id, supervise.ActionPlanEdit)
			if by != "李督查" {
				t.Errorf("audit names %q, want the person's name", by)
			}
			if len(after) != len(tc.after) {
				t.Errorf("audit after %v, want %v", after, tc.after)
			}
			for col, v := range tc.after {
				if after[col] != v {
					t.Errorf("audit after[%s] = %q, want %q", col, after[col], v)
				}
				if _, ok := before[col]; !ok {
					t.Errorf("audit before lacks %s", col)
				}
			}
		})
	}
	// The deadline before the edit was the demo's 年底 date.
	if before, _, _ := auditFields(t, st, cs[3].ID, supervise.ActionPlanEdit); before["完成时限"] != "2024-12-31" {
		t.Errorf("deadline before = %q, want 2024-12-31", before["完成时限"])
	}
}

func TestEditPlanRefused(t *testing.T) {
	svc, st, res, _ := setUp(t)
	ctx := context.Background()
	c := newTargets(t, svc, res.ReportID, 1)[0]
	units, _ := st.Units(ctx)
	typo := strings.Replace(units[1].Name, "局", "处", 1)
	if typo == units[1].Name {
		typo = units[1].Name + "办"
	}
	s := func(v string) *string { return &v }
	cases := []struct {
		name  string
		in    supervise.PlanInput
		field string
		has   []string // in the message
	}{
		{"bad deadline", supervise.PlanInput{Deadline: s("明年再说")}, "deadline", []string{"完成时限", "明年再说", "无法识别"}},
		{"bad milestone date", supervise.PlanInput{Milestones: s("2024-13-01：5")}, "milestones", []string{"时间节点", "2024-13-01"}},
		{"milestone without separator", supervise.PlanInput{Milestones: s("年底完成")}, "milestones", []string{"时间节点", "年底完成"}},
		{"negative weight", supervise.PlanInput{Weight: s("-1")}, "weight", []string{"权重", "-1"}},
		{"unknown unit", supervise.PlanInput{Lead: s(typo)}, "lead", []string{"牵头单位", typo, "不在单位名录中", "是否为"}},
		{"two leads", supervise.PlanInput{Lead: s(units[1].Name + "、" + units[2].Name)}, "lead", []string{"只能填写一个牵头单位"}},
		{"unknown cooperating unit", supervise.PlanInput{Cooperating: s("不存在的单位")}, "cooperating", []string{"配合单位", "不存在的单位"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := svc.EditPlan(ctx, clerk, c.ID, tc.in)
			var ie *supervise.InputError
			if !errors.As(err, &ie) {
				t.Fatalf("err %v, want an InputError", err)
			}
			if len(ie.Fields) != 1 || ie.Fields[0].Field != tc.field {
				t.Fatalf("fields %+v, want one of %s", ie.Fields, tc.field)
			}
			for _, h := range tc.has {
				if !strings.Contains(ie.Fields[0].Message, h) {
					t.Errorf("message %q lacks %q", ie.Fields[0].Message, h)
				}
			}
		})
	}
	// Nothing stored, nothing audited.
	got, _ := st.Commitment(ctx, c.ID)
	if got.Assignment.Lead != c.Assignment.Lead || !sameDay(got.Deadline, c.Deadline) || got.Weight != c.Weight || len(got.Milestones) != len(c.Milestones) {
		t.Errorf("a refused edit changed the commitment: %+v", got)
	}
	if es, _ := st.Audit(ctx, "commitment", strconv.FormatInt(c.ID, 10), 10); len(es) != 0 {
		t.Errorf("refused edits audited: %+v", es)
	}
	// Who may edit: the office only.
	lead := reporter(res, c.Assignment.Lead)
	var other supervise.Actor
	for _, a := range res.Accounts {
		if a.Role == access.Reporter && a.Unit != c.Assignment.Lead {
			other = supervise.Actor{Login: a.Login, Role: access.Reporter, Unit: a.Unit}
			break
		}
	}
	for _, tc := range []struct {
		who  string
		a    supervise.Actor
		want string
	}{
		{"leader", supervise.Actor{Login: "leader", Name: "区长", Role: access.Leader}, supervise.EForbidden},
		{"lead unit", lead, supervise.EForbidden},
		{"other unit", other, ledger.ENotFound},
	} {
		if _, err := svc.EditPlan(ctx, tc.a, c.ID, supervise.PlanInput{Leader: s("某人")}); code(err) != tc.want {
			t.Errorf("%s: %v, want %s", tc.who, err, tc.want)
		}
		if _, err := svc.BulkEdit(ctx, tc.a, []int64{c.ID}, supervise.BulkInput{Deadline: s("年底前")}); code(err) != supervise.EForbidden {
			t.Errorf("%s bulk: %v, want forbidden", tc.who, err)
		}
		if _, err := svc.PreviewTaskSheet(ctx, tc.a, res.ReportID, "x.csv", []byte("编码,任务内容\n")); code(err) != supervise.EForbidden {
			t.Errorf("%s sheet: %v, want forbidden", tc.who, err)
		}
	}
	// The admin may.
	if _, err := svc.EditPlan(ctx, supervise.Actor{Login: "admin", Name: "管理员", Role: access.Admin}, c.ID, supervise.PlanInput{Leader: s("某人")}); err != nil {
		t.Errorf("admin: %v", err)
	}
}

func sameDay(a, b *time.Time) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	return a.Equal(*b)
}

func TestConfirmLead(t *testing.T) {
	svc, st, res, _ := setUp(t)
	ctx := context.Background()
	var c ledger.Commitment
	c = newTargets(t, svc, res.ReportID, 1)[0]
	if c.Assignment.SuggestedLead == "" {
		t.Fatal("no suggested lead")
	}
	// As imported: a suggestion, no lead yet.
	c.Assignment.Lead = ""
	if err := st.ApplyTasks(ctx, res.ReportID, []ledger.Commitment{c}); err != nil {
		t.Fatal(err)
	}
	svc.Forget()
	if err := svc.Dispatch(ctx, clerk, c.ID); err == nil || !strings.Contains(err.Error(), "尚未确定牵头单位") {
		t.Fatalf("dispatch without a lead: %v", err)
	}
	got, err := svc.ConfirmLead(ctx, clerk, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Assignment.Lead != c.Assignment.SuggestedLead {
		t.Errorf("lead %q, want %q", got.Assignment.Lead, c.Assignment.SuggestedLead)
	}
	before, after, by := auditFields(t, st, c.ID, supervise.ActionLeadConfirm)
	if before["牵头单位"] != "" || after["牵头单位"] != c.Assignment.SuggestedLead || by != "李督查" {
		t.Errorf("audit %v → %v by %q", before, after, by)
	}
	if _, err := svc.ConfirmLead(ctx, clerk, c.ID); code(err) != ledger.EConflict {
		t.Errorf("confirm twice: %v, want conflict", err)
	}
	if err := svc.Dispatch(ctx, clerk, c.ID); err != nil {
		t.Errorf("dispatch after confirming: %v", err)
	}
}

func TestBulkEdit(t *testing.T) {
	svc, st, res, _ := setUp(t)
	ctx := context.Background()
	cs := newTargets(t, svc, res.ReportID, 3)
	units, _ := st.Units(ctx)
	lead := units[3].Name
	ids := []int64{cs[0].ID, cs[1].ID, cs[2].ID}
	s := func(v string) *string { return &v }

	// One bad deadline refuses all; every problem is listed.
	_, err := svc.BulkEdit(ctx, clerk, ids, supervise.BulkInput{Lead: s("查无此局"), Deadline: s("尽快")})
	var ie *supervise.InputError
	if !errors.As(err, &ie) || len(ie.Fields) != 6 {
		t.Fatalf("bad bulk edit: %v", err)
	}
	for _, f := range ie.Fields {
		if !strings.HasPrefix(f.Message, cs[0].Code) && !strings.HasPrefix(f.Message, cs[1].Code) && !strings.HasPrefix(f.Message, cs[2].Code) {
			t.Errorf("problem %q names no code", f.Message)
		}
	}
	for _, c := range cs {
		got, _ := st.Commitment(ctx, c.ID)
		if got.Assignment.Lead != c.Assignment.Lead || !sameDay(got.Deadline, c.Deadline) {
			t.Errorf("%s changed by a refused bulk edit", c.Code)
		}
	}
	// A commitment already dispatched refuses a bulk 交办 of all.
	if err := svc.Dispatch(ctx, clerk, cs[2].ID); err != nil {
		t.Fatal(err)
	}
	_, err = svc.BulkEdit(ctx, clerk, ids, supervise.BulkInput{Lead: s(lead), Dispatch: true})
	if !errors.As(err, &ie) || len(ie.Fields) != 1 || !strings.Contains(ie.Fields[0].Message, cs[2].Code) {
		t.Fatalf("bulk dispatch with one dispatched: %v", err)
	}
	if got, _ := st.Commitment(ctx, cs[0].ID); got.Assignment.Lead == lead && cs[0].Assignment.Lead != lead {
		t.Error("refused bulk dispatch changed the lead")
	}
	// Right: set lead and deadline, then 交办.
	r, err := svc.BulkEdit(ctx, clerk, ids[:2], supervise.BulkInput{Lead: s(lead), Deadline: s("11月底前"), Dispatch: true})
	if err != nil {
		t.Fatal(err)
	}
	if r.Dispatched != 2 {
		t.Errorf("result %+v", r)
	}
	for _, id := range ids[:2] {
		got, _ := st.Commitment(ctx, id)
		if got.Assignment.Lead != lead || got.Deadline == nil || got.Deadline.Format("2006-01-02") != "2024-11-30" {
			t.Errorf("commitment %d: lead %q deadline %v", id, got.Assignment.Lead, got.Deadline)
		}
		if state, _ := st.CommitmentState(ctx, id); state != ledger.StateDispatched {
			t.Errorf("commitment %d state %s", id, state)
		}
		if _, after, _ := auditFields(t, st, id, supervise.ActionPlanEdit); after["完成时限"] != "11月底前" {
			t.Errorf("audit of bulk edit: %v", after)
		}
	}
}

// exportSheet writes the report's task sheet as CSV, as `ducha export
// tasks` would.
func exportSheet(t testing.TB, st supervise.Store, reportID int64) string {
	t.Helper()
	cs, err := st.Commitments(context.Background(), reportID)
	if err != nil {
		t.Fatal(err)
	}
	var rows []tasksheet.Row
	for _, c := range cs {
		if c.Kind == ledger.KindTarget {
			rows = append(rows, tasksheet.Row{Commitment: c})
		}
	}
	var b bytes.Buffer
	if err := tasksheet.Export(&b, rows, tasksheet.ExportOptions{Format: "csv"}); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func TestApplyTaskSheet(t *testing.T) {
	svc, st, res, _ := setUp(t)
	ctx := context.Background()
	c := newTargets(t, svc, res.ReportID, 1)[0]
	sheet := exportSheet(t, st, res.ReportID)
	// The deadline cell of c's row: the demo's 2024-12-31 becomes 9月底前.
	lines := strings.Split(sheet, "\n")
	n := 0
	for i, l := range lines {
		if f := strings.Split(l, ","); len(f) > 1 && f[1] == c.Code {
			lines[i] = strings.Replace(l, "2024-12-31", "9月底前", 1)
			n++
		}
	}
	if n != 1 {
		t.Fatalf("row of %s found %d times", c.Code, n)
	}
	edited := []byte(strings.Join(lines, "\n"))
	plan, err := svc.PreviewTaskSheet(ctx, clerk, res.ReportID, "分解表.csv", edited)
	if err != nil {
		t.Fatal(err)
	}
	if len(plan.Changes) != 1 || plan.Changes[0].Code != c.Code || len(plan.Changes[0].Fields) != 1 {
		t.Fatalf("preview %+v", plan.Changes)
	}
	if f := plan.Changes[0].Fields[0]; f.Column != "完成时限" || f.Before != "2024-12-31" || f.After != "9月底前" {
		t.Errorf("change %+v", f)
	}
	// A preview stores nothing.
	if got, _ := st.Commitment(ctx, c.ID); got.DeadlineText != "" {
		t.Error("preview changed the ledger")
	}
	// The ledger changes after the preview: the apply is refused.
	tenth := "10月底前"
	if _, err := svc.EditPlan(ctx, clerk, c.ID, supervise.PlanInput{Deadline: &tenth}); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.ApplyTaskSheet(ctx, clerk, res.ReportID, "分解表.csv", edited, plan.Digest); code(err) != ledger.EConflict {
		t.Fatalf("apply after the ledger changed: %v, want conflict", err)
	}
	if got, _ := st.Commitment(ctx, c.ID); got.DeadlineText != "10月底前" {
		t.Errorf("refused apply changed the deadline to %q", got.DeadlineText)
	}
	// Preview again and apply: exactly the previewed change.
	plan, err = svc.PreviewTaskSheet(ctx, clerk, res.ReportID, "分解表.csv", edited)
	if err != nil {
		t.Fatal(err)
	}
	if len(plan.Changes) != 1 || plan.Changes[0].Fields[0].Before != "10月底前" {
		t.Fatalf("second preview %+v", plan.Changes)
	}
	if _, err := svc.ApplyTaskSheet(ctx, clerk, res.ReportID, "分解表.csv", edited, plan.Digest); err != nil {
		t.Fatal(err)
	}
	got, _ := st.Commitment(ctx, c.ID)
	if got.DeadlineText != "9月底前" || got.Deadline.Format("2006-01-02") != "2024-09-30" {
		t.Errorf("applied deadline %q %v", got.DeadlineText, got.Deadline)
	}
	before, after, by := auditFields(t, st, c.ID, supervise.ActionTasksImport)
	if before["完成时限"] != "10月底前" || after["完成时限"] != "9月底前" || by != "李督查" {
		t.Errorf("audit %v → %v by %q", before, after, by)
	}
	// A bad sheet: every problem, nothing applied.
	bad := strings.Replace(string(edited), "9月底前", "某天", 1)
	_, err = svc.ApplyTaskSheet(ctx, clerk, res.ReportID, "坏表.csv", []byte(bad), "")
	var se *tasksheet.SheetError
	if !errors.As(err, &se) || len(se.Errors) != 1 || se.Errors[0].Column != "完成时限" || se.Errors[0].Value != "某天" || se.Errors[0].Row == 0 {
		t.Fatalf("bad sheet: %v", err)
	}
}

func TestBulkConfirmSuggested(t *testing.T) {
	svc, st, res, _ := setUp(t)
	ctx := context.Background()
	cs := newTargets(t, svc, res.ReportID, 2)
	units, _ := st.Units(ctx)
	// As imported: 0 and 1 suggest a unit, 2 suggests none; no lead.
	for i := range cs {
		cs[i].Assignment.Lead = ""
	}
	cs[1].Assignment.SuggestedLead = units[4].Name
	bare := cs[0]
	bare.ID, bare.Code, bare.Title, bare.Assignment = 0, cs[0].ParentCode+".99", "无建议单位的子任务", ledger.Assignment{}
	cs = append(cs, bare)
	if err := st.ApplyTasks(ctx, res.ReportID, cs); err != nil {
		t.Fatal(err)
	}
	svc.Forget()
	ids := []int64{cs[0].ID, cs[1].ID, cs[2].ID}
	lead := units[3].Name
	if _, err := svc.BulkEdit(ctx, clerk, ids, supervise.BulkInput{Lead: &lead, ConfirmSuggested: true}); code(err) != "input" {
		t.Errorf("lead and confirm together: %v", err)
	}
	// 2 has nothing to confirm: the 交办 of all is refused, naming it.
	_, err := svc.BulkEdit(ctx, clerk, ids, supervise.BulkInput{ConfirmSuggested: true, Dispatch: true})
	var ie *supervise.InputError
	if !errors.As(err, &ie) || len(ie.Fields) != 1 || !strings.Contains(ie.Fields[0].Message, cs[2].Code+" 尚未确定牵头单位") {
		t.Fatalf("confirm and dispatch with one without suggestion: %v", err)
	}
	if got, _ := st.Commitment(ctx, cs[0].ID); got.Assignment.Lead != "" {
		t.Error("refused bulk confirmed a lead")
	}
	r, err := svc.BulkEdit(ctx, clerk, ids[:2], supervise.BulkInput{ConfirmSuggested: true, Dispatch: true})
	if err != nil || r.Edited != 2 || r.Dispatched != 2 {
		t.Fatalf("confirm and dispatch: %+v %v", r, err)
	}
	for i, want := range []string{units[0].Name, units[4].Name} {
		if got, _ := st.Commitment(ctx, cs[i].ID); got.Assignment.Lead != want {
			t.Errorf("%s lead %q, want %q", cs[i].Code, got.Assignment.Lead, want)
		}
	}
}

func planDeadline(v string) supervise.PlanInput { return supervise.PlanInput{Deadline: &v} }
