package supervise

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"ducha/access"
	"ducha/ledger"
	"ducha/notify"
	"ducha/progress"
)

// Limits on what people type: ledger/limits.go.
const (
	maxText    = ledger.MaxTextLen // runes in a narrative, a reason, a reply
	maxComment = ledger.MaxCommentLen
)

// Dispatch (交办) sends commitment id to its lead unit.
func (s *Service) Dispatch(ctx context.Context, a Actor, id int64) error {
	c, err := s.commitment(ctx, a, id, access.Dispatch)
	if err != nil {
		return err
	}
	if c.Excluded != nil {
		return ledger.Errorf(ledger.EConflict, "%s 已标记为不列入，不能交办；请先恢复列入", c.Code)
	}
	if err := ledger.Dispatchable(c); err != nil {
		if c.Assignment.Lead == "" {
			if units, uerr := s.Store.Units(ctx); uerr == nil && len(units) == 0 {
				return ledger.Errorf(ledger.EInvalid, "%s 尚未确定牵头单位，不能交办；单位名录为空，请先导入单位名录（ducha import units FILE），再确定牵头单位", c.Code)
			}
		}
		return err
	}
	if err := s.move(ctx, a, c, ledger.StateDispatched, "", ""); err != nil {
		return err
	}
	s.notifyUnit(ctx, "", c.Assignment.Lead, notify.Message{
		Subject: "【交办通知】" + c.Code + " " + shortTitle(c),
		Body: c.Assignment.Lead + "：\n以下承诺事项已交办您单位牵头办理，请登录督查督办系统签收，并按期填报进展。\n" +
			"事项编号：" + c.Code + "\n承诺事项：" + c.Title + "\n完成时限：" + deadlineText(c),
		Link: s.link(c.ID),
	})
	return nil
}

// Acknowledge (签收): the lead unit takes a dispatched commitment on.
func (s *Service) Acknowledge(ctx context.Context, a Actor, id int64) error {
	c, err := s.commitment(ctx, a, id, access.Acknowledge)
	if err != nil {
		return err
	}
	return s.move(ctx, a, c, ledger.StateAcknowledged, "", "")
}

// Close (办结/销号) a commitment with an outcome; short of completed it
// needs a coded reason (ledger.ShortfallReasons).
func (s *Service) Close(ctx context.Context, a Actor, id int64, o ledger.Outcome, reason string) error {
	c, err := s.commitment(ctx, a, id, access.Close)
	if err != nil {
		return err
	}
	if err := ledger.CheckLen("办结原因", reason, maxText); err != nil {
		return err
	}
	if err := ledger.CheckClose(o, reason); err != nil {
		return err
	}
	if o == ledger.OutcomeCompleted {
		reason = ""
	}
	return s.move(ctx, a, c, ledger.StateClosed, o, reason)
}

// Reopen a closed commitment (the office found it was closed too early).
func (s *Service) Reopen(ctx context.Context, a Actor, id int64) error {
	c, err := s.commitment(ctx, a, id, access.Close)
	if err != nil {
		return err
	}
	return s.move(ctx, a, c, ledger.StateInProgress, "", "")
}

// move changes the workflow state of c, checking the transition.
func (s *Service) move(ctx context.Context, a Actor, c ledger.Commitment, to ledger.State, o ledger.Outcome, reason string) error {
	from, err := s.Store.CommitmentState(ctx, c.ID)
	if err != nil {
		return err
	}
	if !ledger.CanMove(from, to) {
		return ledger.Errorf(ledger.EConflict, "%s 当前状态为“%s”，不能改为“%s”", c.Code, from.Label("zh"), to.Label("zh"))
	}
	if err := s.Store.SetCommitmentState(ctx, c.ID, to, o, reason, a.Login); err != nil {
		return err
	}
	s.changed(c.ID)
	return nil
}

// ProgressInput is what a unit fills in for one period.
type ProgressInput struct {
	Period      string // "" means the current period
	Value       string // the figure reached, for a quantified target
	Percent     int    // 0–100 for a descriptive task, -1 if not given
	Done        bool
	Narrative   string
	Problems    string
	NextSteps   string
	Explanation string // why a cumulative figure went down
	Submit      bool   // submit for review; false saves a draft
}

// FieldError is a problem with one field of a form.
type FieldError struct {
	Field   string
	Message string
}

// InputError lists every problem of a form; its code is EInvalid.
type InputError struct {
	Fields   []FieldError
	Warnings []progress.Problem // not blocking; shown to the person
}

func (e *InputError) Error() string {
	var ms []string
	for _, f := range e.Fields {
		ms = append(ms, f.Message)
	}
	return strings.Join(ms, "；")
}

// Code lets ledger.ErrorCode see an InputError as EInvalid.
func (e *InputError) Unwrap() error { return ledger.Errorf(ledger.EInvalid, "%s", e.Error()) }

// SaveProgress stores the lead unit's report of the period: a draft, or
// submitted for review. It returns the stored report and warnings about
// the figure (a unit mistake, a figure that went down — the latter must be
// explained before the report can be submitted).
func (s *Service) SaveProgress(ctx context.Context, a Actor, id int64, in ProgressInput) (ledger.ProgressReport, []progress.Problem, error) {
	c, err := s.commitment(ctx, a, id, access.ReportProgress)
	if err != nil {
		return ledger.ProgressReport{}, nil, err
	}
	state, err := s.Store.CommitmentState(ctx, c.ID)
	if err != nil {
		return ledger.ProgressReport{}, nil, err
	}
	switch _, ok := ledger.StateOnReport(state, in.Submit); {
	case ok:
	case state == ledger.StateDispatched:
		return ledger.ProgressReport{}, nil, ledger.Errorf(ledger.EConflict, "请先签收 %s，再填报进展", c.Code)
	default:
		return ledger.ProgressReport{}, nil, ledger.Errorf(ledger.EConflict, "%s 当前状态为“%s”，不能填报进展", c.Code, state.Label("zh"))
	}
	st, err := s.Settings(ctx)
	if err != nil {
		return ledger.ProgressReport{}, nil, err
	}
	if in.Period == "" {
		in.Period = progress.PeriodOf(s.now(), st.Period)
	}
	ie := &InputError{}
	bad := func(field, format string, args ...any) {
		ie.Fields = append(ie.Fields, FieldError{field, fmt.Sprintf(format, args...)})
	}
	if !ledger.ValidPeriod(in.Period) {
		bad("period", "填报期次 %q 无效（如 2024-06 或 2024-Q2）", in.Period)
	} else if start, _, _ := periodBounds(in.Period); start.After(s.now()) {
		bad("period", "填报期次 %s 尚未开始，不能填报（今天是 %s）", periodName(in.Period), s.now().Format("2006-01-02"))
	}
	in.Value = strings.TrimSpace(strings.ReplaceAll(in.Value, ",", ""))
	plan := PlanOf(c)
	reps, err := s.Store.ProgressReports(ctx, c.ID)
	if err != nil {
		return ledger.ProgressReport{}, nil, err
	}
	if in.Value != "" && !ledger.ValidDecimal(in.Value) {
		bad("value", "完成值 %q 不是数字", in.Value)
	} else if in.Value != "" {
		var prev *progress.Report
		for _, r := range reps {
			if r.Status == ledger.ReportApproved && r.Period != in.Period {
				prev = ReportOf(r)
				break
			}
		}
		v, _ := number(in.Value)
		unit := ""
		if c.Target != nil {
			unit = c.Target.Unit
		}
		for _, p := range progress.CheckValue(plan, unit, Cumulative(c), prev, v) {
			if p.Blocking {
				bad("value", "%s", p.Message)
			} else if strings.Contains(p.Message, "请说明原因") && strings.TrimSpace(in.Explanation) == "" && in.Submit {
				bad("explanation", "%s", p.Message)
			} else {
				ie.Warnings = append(ie.Warnings, p)
			}
		}
	}
	if c.Target != nil && c.Target.Value != "" && in.Value == "" && in.Submit && !in.Done {
		bad("value", "请填写截至本期的完成值（%s）", c.Target.Unit)
	}
	if in.Percent < -1 || in.Percent > 100 {
		bad("percent", "完成百分比应在0到100之间")
	}
	if in.Submit && strings.TrimSpace(in.Narrative) == "" {
		bad("narrative", "请填写进展情况")
	}
	if rep, ok := RepeatOf(reps, in.Period, strings.TrimSpace(in.Narrative)); ok {
		ie.Warnings = append(ie.Warnings, repeatWarning(rep))
	}
	for _, f := range []struct{ name, label, v string }{
		{"narrative", "进展情况", in.Narrative}, {"problems", "存在问题", in.Problems},
		{"next_steps", "下步打算", in.NextSteps}, {"explanation", "情况说明", in.Explanation},
	} {
		if utf8.RuneCountInString(f.v) > maxText {
			bad(f.name, "%s不能超过%d字", f.label, maxText)
		}
	}
	if len(ie.Fields) > 0 {
		return ledger.ProgressReport{}, ie.Warnings, ie
	}
	r := ledger.ProgressReport{
		CommitmentID: c.ID, Period: in.Period, Unit: c.Assignment.Lead, Value: in.Value, Percent: in.Percent,
		Done: in.Done, Narrative: strings.TrimSpace(in.Narrative), Problems: strings.TrimSpace(in.Problems),
		NextSteps: strings.TrimSpace(in.NextSteps), Explanation: strings.TrimSpace(in.Explanation),
		Status: ledger.ReportDraft, SubmittedBy: a.Login,
	}
	if in.Submit {
		r.Status = ledger.ReportSubmitted
		r.SubmittedAt = s.now()
	}
	// The report and the state it moves the commitment to, in one
	// transaction: a crash or a refusal leaves neither half behind.
	if err := s.Store.ReportProgress(ctx, &r, a.Login); err != nil {
		return r, ie.Warnings, err
	}
	s.changed(c.ID)
	return r, ie.Warnings, nil
}

// report loads progress report id of commitment cid, checking that a may do
// action on the commitment.
func (s *Service) report(ctx context.Context, a Actor, cid, id int64, action access.Action) (ledger.Commitment, ledger.ProgressReport, error) {
	c, err := s.commitment(ctx, a, cid, action)
	if err != nil {
		return c, ledger.ProgressReport{}, err
	}
	reps, err := s.Store.ProgressReports(ctx, c.ID)
	if err != nil {
		return c, ledger.ProgressReport{}, err
	}
	for _, r := range reps {
		if r.ID == id {
			return c, r, nil
		}
	}
	return c, ledger.ProgressReport{}, ledger.Errorf(ledger.ENotFound, "进展报告 %d 不存在", id)
}

// Submit submits a saved draft (or corrected returned report) for review.
func (s *Service) Submit(ctx context.Context, a Actor, cid, id int64) error {
	_, r, err := s.report(ctx, a, cid, id, access.ReportProgress)
	if err != nil {
		return err
	}
	_, _, err = s.SaveProgress(ctx, a, cid, ProgressInput{
		Period: r.Period, Value: r.Value, Percent: r.Percent, Done: r.Done, Narrative: r.Narrative,
		Problems: r.Problems, NextSteps: r.NextSteps, Explanation: r.Explanation, Submit: true,
	})
	return err
}

// Review (复核) approves a submitted report or returns it with a reason.
func (s *Service) Review(ctx context.Context, a Actor, cid, id int64, approve bool, reason string) error {
	c, r, err := s.report(ctx, a, cid, id, access.Review)
	if err != nil {
		return err
	}
	if !ledger.CanReview(r.Status) {
		return ledger.Errorf(ledger.EConflict, "该报告状态为“%s”，不能复核", statusLabel(r.Status))
	}
	status := ledger.ReportApproved
	if !approve {
		status = ledger.ReportReturned
		if err := ledger.CheckReturn(reason); err != nil {
			return err
		}
		if utf8.RuneCountInString(reason) > maxText {
			return ledger.Errorf(ledger.EInvalid, "退回原因不能超过%d字", maxText)
		}
	}
	if err := s.Store.ReviewProgressReport(ctx, r.ID, status, strings.TrimSpace(reason), a.Login); err != nil {
		return err
	}
	s.changed(c.ID)
	if !approve {
		s.notifyUnit(ctx, "", c.Assignment.Lead, notify.Message{
			Subject: "【退回通知】" + c.Code + " " + shortTitle(c) + "：" + r.Period + "进展被退回",
			Body: c.Assignment.Lead + "：\n您单位填报的以下进展已被督查室退回，请按要求修改后重新提交。\n" +
				"事项编号：" + c.Code + "\n填报期次：" + r.Period + "\n退回原因：" + oneLine(reason),
			Link: s.link(c.ID),
		})
	}
	return nil
}

// IssueOrder issues a 督办单 on a commitment to its lead unit; replyBy zero
// means the settings' reply window from today.
func (s *Service) IssueOrder(ctx context.Context, a Actor, id int64, requirement string, replyBy time.Time) (ledger.SupervisionOrder, error) {
	c, err := s.commitment(ctx, a, id, access.OrderSupervision)
	if err != nil {
		return ledger.SupervisionOrder{}, err
	}
	requirement = strings.TrimSpace(requirement)
	switch {
	case requirement == "":
		return ledger.SupervisionOrder{}, ledger.Errorf(ledger.EInvalid, "请填写督办要求")
	case utf8.RuneCountInString(requirement) > maxText:
		return ledger.SupervisionOrder{}, ledger.Errorf(ledger.EInvalid, "督办要求不能超过%d字", maxText)
	case c.Excluded != nil:
		return ledger.SupervisionOrder{}, ledger.Errorf(ledger.EConflict, "%s 已标记为不列入，不能督办", c.Code)
	case c.Assignment.Lead == "":
		return ledger.SupervisionOrder{}, ledger.Errorf(ledger.EInvalid, "%s 尚未确定牵头单位，不能督办", c.Code)
	}
	st, err := s.Settings(ctx)
	if err != nil {
		return ledger.SupervisionOrder{}, err
	}
	today := day(s.now())
	if replyBy.IsZero() {
		replyBy = today.AddDate(0, 0, st.ReplyDays)
	} else if day(replyBy).Before(today) {
		return ledger.SupervisionOrder{}, ledger.Errorf(ledger.EInvalid, "回复时限不能早于今天")
	}
	o := ledger.SupervisionOrder{CommitmentID: c.ID, Unit: c.Assignment.Lead, Requirement: requirement,
		ReplyBy: day(replyBy), IssuedBy: a.Login, IssuedAt: s.now(), Level: 1}
	if err := s.Store.IssueOrder(ctx, &o, a.Login); err != nil {
		return o, err
	}
	s.changed(c.ID)
	s.notifyUnit(ctx, "", o.Unit, notify.Supervision(o.Unit, c.Title, c.Code, o.No, o.Requirement, o.ReplyBy, s.link(c.ID)))
	return o, nil
}

// ReplyOrder records the lead unit's reply to a 督办单.
func (s *Service) ReplyOrder(ctx context.Context, a Actor, cid, orderID int64, reply string) error {
	c, err := s.commitment(ctx, a, cid, access.ReplySupervision)
	if err != nil {
		return err
	}
	reply = strings.TrimSpace(reply)
	if reply == "" {
		return ledger.Errorf(ledger.EInvalid, "请填写督办回复")
	}
	if utf8.RuneCountInString(reply) > maxText {
		return ledger.Errorf(ledger.EInvalid, "督办回复不能超过%d字", maxText)
	}
	orders, err := s.Store.Orders(ctx, c.ID)
	if err != nil {
		return err
	}
	for _, o := range orders {
		if o.ID == orderID {
			if err := s.Store.ReplyOrder(ctx, o.ID, reply, a.Login); err != nil {
				return err
			}
			s.changed(c.ID)
			return nil
		}
	}
	return ledger.Errorf(ledger.ENotFound, "督办单 %d 不存在", orderID)
}

// AddComment adds a note: a cooperating unit's note to the lead (AddNote),
// or a leader's or supervisor's comment.
func (s *Service) AddComment(ctx context.Context, a Actor, id int64, body string) (ledger.Comment, error) {
	c, err := s.Store.Commitment(ctx, id)
	if err != nil {
		return ledger.Comment{}, err
	}
	if !a.Can(access.ViewInternal, c) {
		return ledger.Comment{}, ledger.Errorf(ledger.ENotFound, "承诺事项 %d 不存在", id)
	}
	if !a.Can(access.Comment, c) && !a.Can(access.AddNote, c) {
		return ledger.Comment{}, denied()
	}
	body = strings.TrimSpace(body)
	if body == "" {
		return ledger.Comment{}, ledger.Errorf(ledger.EInvalid, "请填写意见内容")
	}
	if utf8.RuneCountInString(body) > maxComment {
		return ledger.Comment{}, ledger.Errorf(ledger.EInvalid, "意见不能超过%d字", maxComment)
	}
	cm := ledger.Comment{CommitmentID: c.ID, Author: a.Login, Unit: a.Unit, Body: body, At: s.now()}
	if err := s.Store.AddComment(ctx, &cm, a.Login); err != nil {
		return cm, err
	}
	s.changed(c.ID)
	return cm, nil
}

// Detail is everything the page of one commitment shows.
type Detail struct {
	Item     Item
	Reports  []ledger.ProgressReport
	Orders   []ledger.SupervisionOrder
	Comments []ledger.Comment
	Audit    []ledger.AuditEntry
	Report   ledger.Report // the work report it comes from (without text)
	// Children are the sub-tasks the commitment rolls up, those a may
	// read, with their statuses; Hidden counts the others.
	Children       []Item
	HiddenChildren int
	// Parent is the task a sub-task belongs to, when a may read it.
	Parent *Item
	// Repeats are the reports whose narrative repeats an earlier
	// period's, by report ID (see RepeatOf).
	Repeats map[int64]Repeat
	// Reused are the evidence files attached elsewhere too, by evidence
	// ID.
	Reused map[int64]Reuse
}

// Detail returns the commitment id with its history, if a may read it.
func (s *Service) Detail(ctx context.Context, a Actor, id int64) (Detail, error) {
	c, err := s.commitment(ctx, a, id, access.ViewInternal)
	if err != nil {
		return Detail{}, err
	}
	var d Detail
	items, err := s.Items(ctx, c.ReportID)
	if err != nil {
		return d, err
	}
	for i := range items {
		if items[i].ID == c.ID {
			d.Item = items[i]
			break
		}
	}
	for i := range items {
		if p := &items[i]; c.ParentCode != "" && p.Code == c.ParentCode && a.Can(access.ViewInternal, p.Commitment) {
			d.Parent = p
		}
	}
	for _, k := range Children(items, c.Code) {
		if a.Can(access.ViewInternal, k.Commitment) {
			d.Children = append(d.Children, k)
		} else {
			d.HiddenChildren++
		}
	}
	if d.Item.CommitmentView == nil {
		// Not among the statuses kept (the report changed behind the
		// service's back): evaluated on its own.
		views, err := s.Store.ViewsOf(ctx, []int64{c.ID})
		if err != nil {
			return d, err
		}
		if len(views) == 0 {
			return d, ledger.Errorf(ledger.ENotFound, "承诺事项 %d 不存在", id)
		}
		st, err := s.Settings(ctx)
		if err != nil {
			return d, err
		}
		d.Item = newItem(&views[0], s.now(), st.Period, st.Thresholds())
		d.Item.pos = -1
	}
	if d.Reports, err = s.Store.ProgressReports(ctx, c.ID); err != nil {
		return d, err
	}
	d.Repeats = Repeats(d.Reports)
	if d.Reused, err = s.reuses(ctx, a, d.Reports); err != nil {
		return d, err
	}
	if d.Orders, err = s.Store.Orders(ctx, c.ID); err != nil {
		return d, err
	}
	if d.Comments, err = s.Store.Comments(ctx, c.ID); err != nil {
		return d, err
	}
	// The trail of the commitment: its state changes and what happened
	// to its reports, 督办单 and comments, newest first; each record's
	// newest 50 entries, read at once.
	records := []ledger.AuditRecord{{Entity: "commitment", Ref: itoa(c.ID)}}
	for _, r := range d.Reports {
		records = append(records, ledger.AuditRecord{Entity: "progress_report", Ref: itoa(r.ID)})
	}
	for _, o := range d.Orders {
		records = append(records, ledger.AuditRecord{Entity: "supervision_order", Ref: itoa(o.ID)})
	}
	for _, cm := range d.Comments {
		records = append(records, ledger.AuditRecord{Entity: "comment", Ref: itoa(cm.ID)})
	}
	entries, err := s.Store.AuditOf(ctx, records, 50)
	if err != nil {
		return d, err
	}
	// Record by record, each newest first, before the sort by time: equal
	// times keep that order.
	byRecord := map[ledger.AuditRecord][]ledger.AuditEntry{}
	for _, e := range entries {
		k := ledger.AuditRecord{Entity: e.Entity, Ref: e.Ref}
		byRecord[k] = append(byRecord[k], e)
	}
	for _, r := range records {
		d.Audit = append(d.Audit, byRecord[r]...)
	}
	sort.SliceStable(d.Audit, func(i, j int) bool { return d.Audit[i].At.After(d.Audit[j].At) })
	return d, nil
}

func statusLabel(s ledger.ReportStatus) string {
	return map[ledger.ReportStatus]string{ledger.ReportDraft: "草稿", ledger.ReportSubmitted: "待复核",
		ledger.ReportReturned: "已退回", ledger.ReportApproved: "已通过"}[s]
}

func shortTitle(c ledger.Commitment) string {
	t := []rune(c.Title)
	if len(t) > 30 {
		return string(t[:30]) + "…"
	}
	return string(t)
}

func deadlineText(c ledger.Commitment) string {
	d, ok := ledger.DueDate(c)
	if !ok {
		return "待定"
	}
	return d.Format("2006年1月2日")
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

func day(t time.Time) time.Time {
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}
