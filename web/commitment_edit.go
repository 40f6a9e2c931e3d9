package web

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"ducha/access"
	"ducha/ledger"
	"ducha/progress"
	"ducha/supervise"
)

// The office's decisions on a commitment of the target model (issue 10):
// the kind of its target, and 不列入 (a proposal that is not a
// commitment), one at a time from the commitment page or in bulk from the
// list. The service checks who may (the office) and the store audits.

// targetModel is what the commitment page shows of the target's kind and
// the commitment's exclusion.
type targetModel struct {
	HasTarget bool
	Kind      progress.Kind // the kind in force
	KindSet   bool          // set by the office (else inferred)
	Inferred  progress.Kind // what progress.Infer says
	Kinds     []kindOption
	Excluded  *ledger.Exclusion
	// CanEdit: the actor is the office; CanExclude: and the commitment is
	// a proposal not yet dispatched.
	CanEdit, CanExclude bool
}

type kindOption struct {
	Value    progress.Kind
	Label    string
	Selected bool
}

// targetModelOf is the target model of it as a sees it, in lang.
func targetModelOf(it supervise.Item, a supervise.Actor, lang string) targetModel {
	c := it.Commitment
	m := targetModel{HasTarget: c.Target != nil, Excluded: c.Excluded, CanEdit: a.Can(access.EditLedger, c)}
	m.CanExclude = m.CanEdit && it.State == ledger.StateNew && c.Kind == ledger.KindTarget
	m.Kind, m.KindSet = supervise.TargetKind(c)
	m.Inferred = progress.Infer(supervise.TargetSpec(c))
	for _, k := range progress.Kinds {
		m.Kinds = append(m.Kinds, kindOption{Value: k, Label: k.Label(lang), Selected: m.KindSet && k == m.Kind})
	}
	return m
}

// KindLabel names a target kind in the page's language.
func (p page) KindLabel(k progress.Kind) string { return k.Label(p.Lang) }

func (s *Server) postTargetKind(w http.ResponseWriter, r *http.Request, rq *request) error {
	return s.action(w, r, "已保存目标类型", func(id int64) error {
		return s.svc.SetTargetKind(r.Context(), rq.Actor, id, progress.Kind(strings.TrimSpace(r.PostFormValue("kind"))))
	})
}

func (s *Server) postExclude(w http.ResponseWriter, r *http.Request, rq *request) error {
	return s.action(w, r, "已标记为不列入", func(id int64) error {
		return s.svc.Exclude(r.Context(), rq.Actor, []int64{id}, r.PostFormValue("reason"))
	})
}

func (s *Server) postInclude(w http.ResponseWriter, r *http.Request, rq *request) error {
	return s.action(w, r, "已恢复列入", func(id int64) error {
		return s.svc.Include(r.Context(), rq.Actor, []int64{id})
	})
}

// postExcludeMany marks the commitments ticked in the list 不列入, with one
// reason, all or nothing.
func (s *Server) postExcludeMany(w http.ResponseWriter, r *http.Request, rq *request) error {
	return s.many(w, r, "不列入", func(ids []int64) error {
		return s.svc.Exclude(r.Context(), rq.Actor, ids, r.PostFormValue("reason"))
	})
}

// postIncludeMany restores the commitments ticked in the list, all or
// nothing.
func (s *Server) postIncludeMany(w http.ResponseWriter, r *http.Request, rq *request) error {
	return s.many(w, r, "恢复列入", func(ids []int64) error { return s.svc.Include(r.Context(), rq.Actor, ids) })
}

// many runs a bulk action on the ids ticked in the list and goes back to
// the list; what the office can correct (no reason, a dispatched item, an
// id gone) is flashed.
func (s *Server) many(w http.ResponseWriter, r *http.Request, what string, f func(ids []int64) error) error {
	var ids []int64
	for _, v := range r.PostForm["id"] {
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			return ledger.Errorf(ledger.EInvalid, "事项编号 %q 无效", v)
		}
		ids = append(ids, id)
	}
	switch err := f(ids); ledger.ErrorCode(err) {
	case "":
		s.flash(r, fmt.Sprintf("已%s %d 项", what, len(ids)))
	case ledger.EInvalid, ledger.EConflict, ledger.ENotFound:
		s.flashError(r, "未能"+what+"："+err.Error())
	default:
		return err
	}
	back := safeNext(r.PostFormValue("next"))
	if back == "" {
		back = "/commitments"
	}
	http.Redirect(w, r, back, http.StatusSeeOther)
	return nil
}
