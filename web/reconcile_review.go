package web

import (
	"net/http"
	"strconv"
	"strings"

	"ducha/ledger"
	"ducha/progress"
)

// The office confirms or overrides a row of the reconciliation (对照表) in
// the database mode; the public page marks rows not yet confirmed.

// ModelVerdictLabel names a verdict of the target model (a row's
// effective verdict) in the page's language.
func (p page) ModelVerdictLabel(v progress.Verdict) string { return v.Label(p.Lang) }

// postReconcileReview records the office's review of one row: the
// government and year of the reconciliation, the target's span, the
// verdict ("" confirms the system's) and a note.
func (s *Server) postReconcileReview(w http.ResponseWriter, r *http.Request, rq *request) error {
	gov := strings.TrimSpace(r.PostFormValue("gov"))
	var nums [3]int
	for i, name := range []string{"year", "start", "end"} {
		n, err := strconv.Atoi(strings.TrimSpace(r.PostFormValue(name)))
		if err != nil {
			return ledger.Errorf(ledger.EInvalid, "对照表核实：%s %q 不是整数", name, r.PostFormValue(name))
		}
		nums[i] = n
	}
	err := s.svc.ReviewLine(r.Context(), rq.Actor, gov, nums[0], nums[1], nums[2],
		progress.Verdict(strings.TrimSpace(r.PostFormValue("verdict"))), r.PostFormValue("note"))
	switch ledger.ErrorCode(err) {
	case "":
		s.flash(r, "已核实")
	case ledger.EInvalid, ledger.ENotFound: // a stale page: the row is gone
		s.flashError(r, err.Error())
	default:
		return err
	}
	http.Redirect(w, r, "/reconcile#l"+strconv.Itoa(nums[1]), http.StatusSeeOther)
	return nil
}
