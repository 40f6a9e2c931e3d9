package web

import (
	"net/http"
	"strings"
	"time"

	"ducha/ledger"
	"ducha/proposal"
)

// The 建议提案 actions: each reads its form into a proposal.Event and
// applies it through the store, which writes the item and its audit entry
// in one transaction. Who may do what, in which state, is proposal.Apply.

// proposalEvent returns the event a form posts, for route action.
func proposalEvent(r *http.Request, action string) (proposal.Event, error) {
	f := func(k string) string { return strings.TrimSpace(r.PostFormValue(k)) }
	day := func(k string) (time.Time, error) {
		if f(k) == "" {
			return time.Time{}, nil
		}
		t, err := time.Parse("2006-01-02", f(k))
		if err != nil {
			return t, ledger.Errorf(ledger.EInvalid, "日期格式应为 2024-06-30")
		}
		return t, nil
	}
	var ev proposal.Event
	var err error
	switch action {
	case "assign":
		ev = proposal.Event{Type: proposal.EvAssign, LeadUnit: f("lead"), CoUnits: splitUnits(f("co"))}
		ev.Deadline, err = day("deadline")
	case "deadline":
		ev = proposal.Event{Type: proposal.EvSetDeadline}
		ev.Deadline, err = day("deadline")
		if err == nil && ev.Deadline.IsZero() {
			err = ledger.Errorf(ledger.EInvalid, "请填写办理期限")
		}
	case "acknowledge":
		ev = proposal.Event{Type: proposal.EvAcknowledge}
	case "adjust":
		ev = proposal.Event{Type: proposal.EvRequestAdjust, Reason: f("reason"), SuggestUnit: f("suggest")}
	case "decide":
		if f("decision") == "approve" {
			ev = proposal.Event{Type: proposal.EvApproveAdjust, LeadUnit: f("lead"), CoUnits: splitUnits(f("co"))}
		} else {
			ev = proposal.Event{Type: proposal.EvRefuseAdjust, Reason: f("reason")}
		}
	case "contact":
		ev = proposal.Event{Type: proposal.EvContact, Contact: proposal.Contact{Way: proposal.Way(f("way")), Summary: f("summary")}}
		ev.Contact.Date, err = day("date")
	case "reply":
		ev = proposal.Event{Type: proposal.EvReply, Reply: proposal.Reply{Text: f("text"), Document: f("document"),
			Class: proposal.Class(f("class")), Reason: f("reason")}}
		ev.Reply.Promised, err = day("promised")
	case "followup":
		ev = proposal.Event{Type: proposal.EvFollowUp, FollowUp: proposal.FollowUp{Note: f("note"), Solved: f("solved") != ""}}
	case "close":
		ev = proposal.Event{Type: proposal.EvClose}
	}
	return ev, err
}

func splitUnits(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return strings.ContainsRune("、，,;；\n", r) })
}

// postProposalAction handles POST /proposals/{sid}/{action}: a bad form
// or a refused move comes back to the item page as its error; an actor
// who may not act gets 403, one who may not see the item 404.
func (s *Server) postProposalAction(action string) handler {
	return func(w http.ResponseWriter, r *http.Request, rq *request) error {
		ps, it, err := s.loadProposal(r, rq)
		if err != nil {
			return err
		}
		ev, err := proposalEvent(r, action)
		back := "/proposals/" + r.PathValue("sid")
		if err == nil {
			a := proposalActor(rq.Actor)
			_, err = ps.UpdateProposal(r.Context(), it.ID, "proposal."+string(ev.Type), rq.Actor.Login,
				func(it proposal.Item) (proposal.Item, error) { return proposal.Apply(it, a, ev, s.now()) })
		}
		switch code := ledger.ErrorCode(err); {
		case err == nil:
			s.flash(r, translate(rq.Lang, "Saved")+"："+proposal.EventLabel(ev.Type, rq.Lang))
		case code == proposal.EForbidden, code == ledger.EInternal, code == ledger.ENotFound:
			return err
		default:
			s.flashError(r, err.Error())
		}
		http.Redirect(w, r, back, http.StatusSeeOther)
		return nil
	}
}

// postFeedbackLink is POST /proposals/{sid}/feedback-link: the office
// makes the deputy's single-use link of an answered item, shown once.
func (s *Server) postFeedbackLink(w http.ResponseWriter, r *http.Request, rq *request) error {
	ps, it, err := s.loadProposal(r, rq)
	if err != nil {
		return err
	}
	back := "/proposals/" + r.PathValue("sid")
	if it.State != proposal.StateAnswered {
		s.flashError(r, "只有已答复待反馈的建议提案可以发送反馈链接")
		http.Redirect(w, r, back, http.StatusSeeOther)
		return nil
	}
	tok, hash := proposal.NewToken()
	if err := ps.IssueFeedbackToken(r.Context(), it.ID, hash, proposal.TokenTTL, rq.Actor.Login); err != nil {
		return err
	}
	s.sessions.Put(r.Context(), "feedback_link", "/feedback/"+tok)
	http.Redirect(w, r, back, http.StatusSeeOther)
	return nil
}
