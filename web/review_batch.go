package web

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"ducha/ledger"
	"ducha/supervise"
)

// maxBatch bounds the reports one batch approval takes.
const maxBatch = 500

// parseReviewKey reads how the review queue names a report in its form:
// "commitment:report" ids.
func parseReviewKey(v string) (cid, rid int64, ok bool) {
	a, b, found := strings.Cut(v, ":")
	if !found {
		return 0, 0, false
	}
	cid, err1 := strconv.ParseInt(a, 10, 64)
	rid, err2 := strconv.ParseInt(b, 10, 64)
	return cid, rid, err1 == nil && err2 == nil && cid > 0 && rid > 0
}

// reviewProblem reports whether err is a refusal of one report (shown to
// the office, the others go on) rather than a failure of the request.
func reviewProblem(err error) bool {
	switch ledger.ErrorCode(err) {
	case ledger.EInvalid, ledger.EConflict, ledger.ENotFound, supervise.EForbidden:
		return true
	}
	return false
}

// postReviewApprove approves the reports ticked in the review queue, each
// through the service's review (checked and audited one by one); a report
// that cannot be approved (reviewed meanwhile) is named, the others are
// approved.
func (s *Server) postReviewApprove(w http.ResponseWriter, r *http.Request, rq *request) error {
	if err := r.ParseForm(); err != nil {
		return ledger.Errorf(ledger.EInvalid, "表单无效")
	}
	keys := r.PostForm["report"]
	if len(keys) > maxBatch {
		return ledger.Errorf(ledger.EInvalid, "一次最多通过 %d 份报告，已选 %d 份", maxBatch, len(keys))
	}
	if len(keys) == 0 {
		s.flashError(r, "请先勾选要通过的报告")
		http.Redirect(w, r, "/review", http.StatusSeeOther)
		return nil
	}
	var done int
	var problems []string
	for _, k := range keys {
		cid, rid, ok := parseReviewKey(k)
		if !ok {
			problems = append(problems, fmt.Sprintf("无效的选择 %q", k))
			continue
		}
		if err := s.svc.Review(r.Context(), rq.Actor, cid, rid, true, ""); err != nil {
			if !reviewProblem(err) {
				return err
			}
			problems = append(problems, fmt.Sprintf("报告 %d：%s", rid, err.Error()))
			continue
		}
		done++
	}
	if done > 0 {
		s.flash(r, fmt.Sprintf("已通过 %d 份报告", done))
	}
	if len(problems) > 0 {
		if len(problems) > 5 {
			problems = append(problems[:5], fmt.Sprintf("等 %d 份", len(problems)))
		}
		s.flashError(r, "未通过："+strings.Join(problems, "；"))
	}
	http.Redirect(w, r, "/review", http.StatusSeeOther)
	return nil
}

// postReviewReturn returns one report of the review queue with the reason
// typed on its row, and comes back to the queue.
func (s *Server) postReviewReturn(w http.ResponseWriter, r *http.Request, rq *request) error {
	if err := r.ParseForm(); err != nil {
		return ledger.Errorf(ledger.EInvalid, "表单无效")
	}
	k := r.PostFormValue("return")
	cid, rid, ok := parseReviewKey(k)
	if !ok {
		return ledger.Errorf(ledger.EInvalid, "无效的选择 %q", k)
	}
	err := s.svc.Review(r.Context(), rq.Actor, cid, rid, false, r.PostFormValue("reason-"+k))
	switch {
	case err == nil:
		s.flash(r, fmt.Sprintf("已退回报告 %d", rid))
	case reviewProblem(err):
		s.flashError(r, fmt.Sprintf("报告 %d 未退回：%s", rid, err.Error()))
	default:
		return err
	}
	http.Redirect(w, r, "/review", http.StatusSeeOther)
	return nil
}
