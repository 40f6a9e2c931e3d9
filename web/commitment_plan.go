package web

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"ducha/ledger"
	"ducha/supervise"
)

// formField returns a pointer to the form value of name, or nil when the
// form does not carry the field (left as it is).
func formField(r *http.Request, name string) *string {
	vs, ok := r.PostForm[name]
	if !ok || len(vs) == 0 {
		return nil
	}
	v := vs[0]
	return &v
}

// postPlan saves the office's edit of a commitment's assignment and plan.
func (s *Server) postPlan(w http.ResponseWriter, r *http.Request, rq *request) error {
	id, err := idParam(r, "id")
	if err != nil {
		return err
	}
	in := supervise.PlanInput{
		Lead: formField(r, "lead"), Cooperating: formField(r, "cooperating"), Leader: formField(r, "leader"),
		Person: formField(r, "person"), Deadline: formField(r, "deadline"), Milestones: formField(r, "milestones"),
		Weight: formField(r, "weight"),
	}
	_, err = s.svc.EditPlan(r.Context(), rq.Actor, id, in)
	return s.back(w, r, id, err, "已保存")
}

// postConfirmLead confirms the suggested lead unit of a commitment.
func (s *Server) postConfirmLead(w http.ResponseWriter, r *http.Request, rq *request) error {
	return s.action(w, r, "已确认牵头单位", func(id int64) error {
		_, err := s.svc.ConfirmLead(r.Context(), rq.Actor, id)
		return err
	})
}

// postBulk edits the commitments ticked in the list: one lead unit, one
// deadline, and 交办 after when asked — all or nothing.
func (s *Server) postBulk(w http.ResponseWriter, r *http.Request, rq *request) error {
	var ids []int64
	for _, v := range r.PostForm["id"] {
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil || id <= 0 {
			return ledger.Errorf(ledger.EInvalid, "事项编号 %q 无效", v)
		}
		ids = append(ids, id)
	}
	in := supervise.BulkInput{Dispatch: r.PostFormValue("dispatch") != "", ConfirmSuggested: r.PostFormValue("confirm_suggested") != ""}
	if v := strings.TrimSpace(r.PostFormValue("lead")); v != "" {
		in.Lead = &v
	}
	if v := strings.TrimSpace(r.PostFormValue("deadline")); v != "" {
		in.Deadline = &v
	}
	back := safeNext(r.PostFormValue("next"))
	if back == "" {
		back = "/commitments?state=new"
	}
	if in.Lead == nil && in.Deadline == nil && !in.Dispatch && !in.ConfirmSuggested {
		s.flashError(r, "请填写牵头单位或完成时限，或勾选“采用建议的牵头单位”“修改后交办”")
		http.Redirect(w, r, back, http.StatusSeeOther)
		return nil
	}
	res, err := s.svc.BulkEdit(r.Context(), rq.Actor, ids, in)
	var ie *supervise.InputError
	switch {
	case errors.As(err, &ie):
		msgs := make([]string, len(ie.Fields))
		for i, f := range ie.Fields {
			msgs[i] = f.Message
		}
		s.flashError(r, fmt.Sprintf("有%d处问题，未修改任何事项：%s", len(msgs), strings.Join(msgs, "；")))
	case err != nil && (ledger.ErrorCode(err) == ledger.EInvalid || ledger.ErrorCode(err) == ledger.EConflict):
		s.flashError(r, err.Error())
	case err != nil:
		return err
	default:
		var parts []string
		if res.Edited > 0 || !in.Dispatch {
			parts = append(parts, fmt.Sprintf("已修改 %d 项", res.Edited))
		}
		if in.Dispatch {
			parts = append(parts, fmt.Sprintf("已交办 %d 项", res.Dispatched))
		}
		msg := strings.Join(parts, "，")
		s.flash(r, msg)
	}
	http.Redirect(w, r, back, http.StatusSeeOther)
	return nil
}

// postSplit splits a commitment into sub-tasks, one per line.
func (s *Server) postSplit(w http.ResponseWriter, r *http.Request, rq *request) error {
	id, err := idParam(r, "id")
	if err != nil {
		return err
	}
	subs, err := s.svc.SplitTask(r.Context(), rq.Actor, id, strings.Split(r.PostFormValue("titles"), "\n"))
	var codes []string
	for _, c := range subs {
		codes = append(codes, c.Code)
	}
	return s.back(w, r, id, err, fmt.Sprintf("已拆分为 %d 项子任务：%s", len(subs), strings.Join(codes, "、")))
}

// postUnsplit takes the latest split of a commitment back.
func (s *Server) postUnsplit(w http.ResponseWriter, r *http.Request, rq *request) error {
	id, err := idParam(r, "id")
	if err != nil {
		return err
	}
	codes, err := s.svc.UndoSplit(r.Context(), rq.Actor, id)
	return s.back(w, r, id, err, "已撤销拆分，删除子任务："+strings.Join(codes, "、"))
}
