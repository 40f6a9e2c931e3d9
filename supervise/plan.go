package supervise

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"strings"

	"ducha/access"
	"ducha/ledger"
	"ducha/tasksheet"
)

// Audit actions of the office's edits of the plan.
const (
	ActionPlanEdit    = "commitment.plan"         // assignment, deadline, milestones, weight edited
	ActionLeadConfirm = "commitment.lead_confirm" // the suggested lead unit confirmed
	ActionTasksImport = "tasks.import"            // a task sheet applied (web upload or CLI)
)

// PlanInput is the office's edit of a commitment's assignment and plan,
// each field written as in the task sheet (配合单位 separated by 、,
// 完成时限 as 6月底前 or 2024-06-30, 时间节点 as
// 2024-06-30：3000；2024-09-30：开工). A nil field is left as it is; an
// empty one clears it.
type PlanInput struct {
	Lead, Cooperating, Leader, Person, Deadline, Milestones, Weight *string
}

// planFields names the fields of PlanInput: form field, sheet column.
var planFields = []struct{ field, column string }{
	{"lead", tasksheet.ColLead}, {"cooperating", tasksheet.ColCooperating}, {"leader", tasksheet.ColLeader},
	{"person", tasksheet.ColPerson}, {"deadline", tasksheet.ColDeadline}, {"milestones", tasksheet.ColMilestones},
	{"weight", tasksheet.ColWeight},
}

// cells returns the input as cells of the sheet.
func (in PlanInput) cells() map[string]string {
	cells := map[string]string{}
	for i, v := range []*string{in.Lead, in.Cooperating, in.Leader, in.Person, in.Deadline, in.Milestones, in.Weight} {
		if v != nil {
			cells[planFields[i].column] = *v
		}
	}
	return cells
}

// fieldOf is the form field of a sheet column.
func fieldOf(column string) string {
	for _, f := range planFields {
		if f.column == column {
			return f.field
		}
	}
	return column
}

// fieldErrors turns the problems of an edit into form errors naming the
// field and the value; prefix (a code) is put before each message.
func fieldErrors(errs []tasksheet.CellError, prefix string) []FieldError {
	out := make([]FieldError, 0, len(errs))
	for _, e := range errs {
		msg := e.Column
		if e.Value != "" {
			msg += " “" + e.Value + "”"
		}
		msg += " " + e.Message
		if prefix != "" {
			msg = prefix + "：" + msg
		}
		out = append(out, FieldError{Field: fieldOf(e.Column), Message: msg})
	}
	return out
}

// planRecord is what an audit entry of a plan edit holds: the changed
// cells as the sheet shows them and, after, who made the change (their
// name) and how.
type planRecord struct {
	By     string            `json:"by,omitempty"`
	Login  string            `json:"login,omitempty"`
	Via    string            `json:"via,omitempty"`
	Fields map[string]string `json:"fields"`
}

// planAudit is the audit entry of changes to commitment c.
func planAudit(a Actor, action string, c ledger.Commitment, changes []tasksheet.FieldChange, via string) ledger.AuditEntry {
	before, after := map[string]string{}, map[string]string{}
	for _, f := range changes {
		before[f.Column], after[f.Column] = f.Before, f.After
	}
	name := a.Name
	if name == "" {
		name = a.Login
	}
	b, _ := json.Marshal(planRecord{Fields: before})
	af, _ := json.Marshal(planRecord{By: name, Login: a.Login, Via: via, Fields: after})
	e := ledger.AuditEntry{Actor: a.Login, Action: action, Entity: "commitment", Ref: itoa(c.ID), Before: string(b), After: string(af)}
	if len(changes) > 0 && changes[0].Column == "编码" && changes[0].Before == "" {
		e.Before = "" // a new sub-task
	}
	return e
}

// planContext is what an edit of a report's plan reads: its year and the
// units directory.
func (s *Service) planContext(ctx context.Context, reportID int64) (int, *ledger.Directory, error) {
	rep, ok, err := s.Report(ctx, reportID)
	if err != nil {
		return 0, nil, err
	}
	if !ok {
		return 0, nil, ledger.Errorf(ledger.ENotFound, "报告 %d 不存在", reportID)
	}
	units, err := s.Store.Units(ctx)
	if err != nil {
		return 0, nil, err
	}
	return rep.Year, ledger.NewDirectory(units), nil
}

// EditPlan edits the assignment and plan of commitment id (the office
// only): lead and cooperating units (from the units directory, with the
// closest name suggested for one not in it), 责任领导, 责任人, deadline,
// milestones and weight, read as the task sheet reads them. Every problem
// is an *InputError naming the field and value, and nothing is stored; a
// change is written with its audit entry (each changed field before and
// after, and the person's name) in one transaction. It returns the
// commitment as it now stands.
func (s *Service) EditPlan(ctx context.Context, a Actor, id int64, in PlanInput) (ledger.Commitment, error) {
	return s.editPlan(ctx, a, id, in, ActionPlanEdit, "网页表单")
}

func (s *Service) editPlan(ctx context.Context, a Actor, id int64, in PlanInput, action, via string) (ledger.Commitment, error) {
	c, err := s.commitment(ctx, a, id, access.EditLedger)
	if err != nil {
		return c, err
	}
	year, dir, err := s.planContext(ctx, c.ReportID)
	if err != nil {
		return c, err
	}
	out, errs := tasksheet.Edit(c, in.cells(), year, dir)
	if len(errs) > 0 {
		return c, &InputError{Fields: fieldErrors(errs, "")}
	}
	changes := tasksheet.Diff(&c, out)
	if len(changes) == 0 {
		return c, nil
	}
	err = s.Store.ApplyTasksAudited(ctx, c.ReportID, []ledger.Commitment{out}, func(w []ledger.Commitment) []ledger.AuditEntry {
		return []ledger.AuditEntry{planAudit(a, action, w[0], changes, via)}
	})
	if err != nil {
		return c, err
	}
	s.changed(c.ID)
	return out, nil
}

// ConfirmLead makes the suggested lead unit of commitment id its lead
// unit (the office only), audited.
func (s *Service) ConfirmLead(ctx context.Context, a Actor, id int64) (ledger.Commitment, error) {
	c, err := s.commitment(ctx, a, id, access.EditLedger)
	if err != nil {
		return c, err
	}
	switch {
	case c.Assignment.Lead != "":
		return c, ledger.Errorf(ledger.EConflict, "%s 已确定牵头单位“%s”", c.Code, c.Assignment.Lead)
	case c.Assignment.SuggestedLead == "":
		return c, ledger.Errorf(ledger.EInvalid, "%s 没有建议的牵头单位", c.Code)
	}
	lead := c.Assignment.SuggestedLead
	return s.editPlan(ctx, a, id, PlanInput{Lead: &lead}, ActionLeadConfirm, "确认建议牵头单位")
}

// BulkInput is an edit of many commitments at once: a lead unit and a
// deadline for all (nil: unchanged), and whether to 交办 them after.
type BulkInput struct {
	Lead, Deadline *string
	// ConfirmSuggested makes the suggested lead unit the lead unit of
	// each commitment that has none (not with Lead).
	ConfirmSuggested bool
	Dispatch         bool
}

// BulkResult tells what a bulk edit did.
type BulkResult struct {
	Edited, Dispatched int
}

// BulkEdit sets the lead unit (or confirms the suggested one) and the
// deadline of commitments ids of one report and, with in.Dispatch, 交办
// them — all or nothing: every problem
// of every commitment (an unknown unit, a phrase that is no deadline, one
// already dispatched or with no lead unit or deadline to dispatch) is
// listed in one *InputError and nothing changes. The edits are written in
// one transaction with their audit entries; the dispatches follow, each
// checked before anything was written.
func (s *Service) BulkEdit(ctx context.Context, a Actor, ids []int64, in BulkInput) (BulkResult, error) {
	var res BulkResult
	if len(ids) == 0 {
		return res, ledger.Errorf(ledger.EInvalid, "请先勾选要修改的事项")
	}
	if !a.CanDo(access.EditLedger) || (in.Dispatch && !a.CanDo(access.Dispatch)) {
		return res, denied()
	}
	if in.ConfirmSuggested && in.Lead != nil {
		return res, &InputError{Fields: []FieldError{{Field: "lead", Message: "填写了牵头单位时不能同时采用建议的牵头单位"}}}
	}
	ids = uniqueIDs(ids)
	var (
		problems []FieldError
		edits    []ledger.Commitment
		changes  [][]tasksheet.FieldChange
		reportID int64
		year     int
		dir      *ledger.Directory
	)
	input := PlanInput{Lead: in.Lead, Deadline: in.Deadline}
	for _, id := range ids {
		c, err := s.commitment(ctx, a, id, access.EditLedger)
		if err != nil {
			if code := ledger.ErrorCode(err); code == ledger.ENotFound || code == EForbidden {
				problems = append(problems, FieldError{Field: "id", Message: fmt.Sprintf("事项 %d：%s", id, err.Error())})
				continue
			}
			return res, err
		}
		if reportID == 0 {
			reportID = c.ReportID
			if year, dir, err = s.planContext(ctx, reportID); err != nil {
				return res, err
			}
		} else if c.ReportID != reportID {
			problems = append(problems, FieldError{Field: "id", Message: c.Code + "：不属于同一报告，请分别修改"})
			continue
		}
		cells := input.cells()
		if in.ConfirmSuggested && c.Assignment.Lead == "" && c.Assignment.SuggestedLead != "" {
			cells[tasksheet.ColLead] = c.Assignment.SuggestedLead
		}
		out, errs := tasksheet.Edit(c, cells, year, dir)
		if len(errs) > 0 {
			problems = append(problems, fieldErrors(errs, c.Code)...)
			continue
		}
		if in.Dispatch {
			st, err := s.Store.CommitmentState(ctx, c.ID)
			if err != nil {
				return res, err
			}
			if !ledger.CanMove(st, ledger.StateDispatched) {
				problems = append(problems, FieldError{Field: "id", Message: fmt.Sprintf("%s 当前状态为“%s”，不能交办", c.Code, st.Label("zh"))})
			} else if err := ledger.Dispatchable(out); err != nil {
				problems = append(problems, FieldError{Field: "id", Message: err.Error()})
			}
		}
		if ch := tasksheet.Diff(&c, out); len(ch) > 0 {
			edits, changes = append(edits, out), append(changes, ch)
		}
	}
	if len(problems) > 0 {
		return res, &InputError{Fields: problems}
	}
	if len(edits) > 0 {
		err := s.Store.ApplyTasksAudited(ctx, reportID, edits, func(w []ledger.Commitment) []ledger.AuditEntry {
			es := make([]ledger.AuditEntry, len(w))
			for i := range w {
				es[i] = planAudit(a, ActionPlanEdit, w[i], changes[i], "批量修改")
			}
			return es
		})
		if err != nil {
			return res, err
		}
		res.Edited = len(edits)
		for _, c := range edits {
			s.changed(c.ID)
		}
	}
	if in.Dispatch {
		for _, id := range ids {
			if err := s.Dispatch(ctx, a, id); err != nil {
				// Only a change made meanwhile by someone else gets here.
				return res, fmt.Errorf("已修改 %d 项、交办 %d 项后停止：%w", res.Edited, res.Dispatched, err)
			}
			res.Dispatched++
		}
	}
	return res, nil
}

func uniqueIDs(ids []int64) []int64 {
	out := append([]int64(nil), ids...)
	sort.Slice(out, func(i, j int) bool { return out[i] < out[j] })
	n := 0
	for i, id := range out {
		if i == 0 || id != out[n-1] {
			out[n] = id
			n++
		}
	}
	return out[:n]
}

// PreviewTaskSheet reads an edited 任务分解表 (xlsx or CSV) against report
// reportID and returns what applying it would change; a sheet with
// problems gives a *tasksheet.SheetError listing every one. Nothing is
// stored. The office only.
func (s *Service) PreviewTaskSheet(ctx context.Context, a Actor, reportID int64, name string, raw []byte) (*tasksheet.Plan, error) {
	if !a.CanDo(access.EditLedger) {
		return nil, denied()
	}
	year, dir, err := s.planContext(ctx, reportID)
	if err != nil {
		return nil, err
	}
	existing, err := s.Store.Commitments(ctx, reportID)
	if err != nil {
		return nil, err
	}
	return tasksheet.Prepare(raw, name, year, existing, dir)
}

// ApplyTaskSheet applies an edited 任务分解表 to report reportID, all or
// nothing, with one audit entry per changed task (its changed cells
// before and after, the file, the person). digest, when given, is the
// Plan.Digest of the preview the person saw: if the sheet now reads to
// anything else (the ledger changed since), nothing is applied. It
// returns the plan applied. This is what both the web upload and
// `ducha import tasks` run.
func (s *Service) ApplyTaskSheet(ctx context.Context, a Actor, reportID int64, name string, raw []byte, digest string) (*tasksheet.Plan, error) {
	p, err := s.PreviewTaskSheet(ctx, a, reportID, name, raw)
	if err != nil {
		return nil, err
	}
	if digest != "" && p.Digest != digest {
		return nil, ledger.Errorf(ledger.EConflict, "台账在预览之后已有变化，本表现在的修改与预览不同，未导入任何修改；请重新上传预览")
	}
	if len(p.Commitments) == 0 {
		return p, nil
	}
	via := "任务分解表 " + strings.TrimSpace(name)
	err = s.Store.ApplyTasksAudited(ctx, reportID, p.Commitments, func(w []ledger.Commitment) []ledger.AuditEntry {
		es := make([]ledger.AuditEntry, len(w))
		for i := range w {
			es[i] = planAudit(a, ActionTasksImport, w[i], p.Changes[i].Fields, via)
		}
		return es
	})
	if err != nil {
		return nil, err
	}
	s.changed()
	return p, nil
}
