package web

import (
	"net/http"
	"strings"

	"ducha/ledger"
	"ducha/proposal"
)

// The deputy's feedback, without an account: GET and POST
// /feedback/{token}. The token is checked against its stored hash on
// every request; it opens that one item's form and nothing else (no
// session is made), and is spent by the first accepted answer.

// feedbackPage shows the reply and the form.
func (s *Server) feedbackPage(w http.ResponseWriter, r *http.Request, rq *request) error {
	ps, err := s.proposals()
	if err != nil {
		return err
	}
	it, err := ps.FeedbackItem(r.Context(), proposal.HashToken(r.PathValue("token")))
	if err != nil {
		return err
	}
	if rq.CSRF == "" {
		rq.CSRF = s.newFormCSRF(w)
	}
	w.Header().Set("Referrer-Policy", "no-referrer")
	var verdicts []map[string]string
	for _, v := range proposal.Verdicts {
		verdicts = append(verdicts, map[string]string{"Value": string(v), "Label": v.Label(rq.Lang)})
	}
	s.render(w, r, rq, "proposal_feedback", http.StatusOK, map[string]any{"Title": translate(rq.Lang, "Your feedback"),
		"Item": it, "Reply": it.LastReply(), "Verdicts": verdicts, "Labels": proposalLabels(rq.Lang)})
	return nil
}

// postFeedback records the answer and spends the token.
func (s *Server) postFeedback(w http.ResponseWriter, r *http.Request, rq *request) error {
	ps, err := s.proposals()
	if err != nil {
		return err
	}
	w.Header().Set("Referrer-Policy", "no-referrer")
	ev := proposal.Event{Type: proposal.EvFeedback, Verdict: proposal.Verdict(r.PostFormValue("verdict")),
		Comment: strings.TrimSpace(r.PostFormValue("comment"))}
	_, err = ps.UseFeedbackToken(r.Context(), proposal.HashToken(r.PathValue("token")),
		func(it proposal.Item) (proposal.Item, error) {
			return proposal.Apply(it, proposal.Actor{Deputy: true}, ev, s.now())
		})
	if ledger.ErrorCode(err) == ledger.EInvalid {
		// The token is still unused: the form again, with the error.
		it, ferr := ps.FeedbackItem(r.Context(), proposal.HashToken(r.PathValue("token")))
		if ferr != nil {
			return ferr
		}
		var verdicts []map[string]string
		for _, v := range proposal.Verdicts {
			verdicts = append(verdicts, map[string]string{"Value": string(v), "Label": v.Label(rq.Lang)})
		}
		s.render(w, r, rq, "proposal_feedback", http.StatusUnprocessableEntity, map[string]any{"Title": translate(rq.Lang, "Your feedback"),
			"Item": it, "Reply": it.LastReply(), "Verdicts": verdicts, "Labels": proposalLabels(rq.Lang), "Problem": err.Error(),
			"Comment": ev.Comment})
		return nil
	}
	if err != nil {
		return err
	}
	s.render(w, r, rq, "proposal_feedback", http.StatusOK, map[string]any{"Title": translate(rq.Lang, "Your feedback"), "Done": true})
	return nil
}
