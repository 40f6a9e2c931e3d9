package web

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strconv"
	"time"

	"ducha/ledger"
	"ducha/progress"
	"ducha/supervise"
)

// maxJSONBody bounds a JSON request body.
const maxJSONBody = 1 << 20

// readJSON decodes the request body into v, strictly.
func readJSON(r *http.Request, v any) error { return decodeJSON(r.Body, v) }

// decodeJSON decodes one JSON value of at most maxJSONBody bytes into v:
// unknown fields and anything after the value are refused (EInvalid), a
// body over the limit is ETooLarge (413), not a truncated value.
func decodeJSON(body io.Reader, v any) error {
	dec := json.NewDecoder(http.MaxBytesReader(nil, io.NopCloser(body), maxJSONBody))
	dec.DisallowUnknownFields()
	err := dec.Decode(v)
	if err == nil {
		var more json.RawMessage
		switch err = dec.Decode(&more); err {
		case io.EOF:
			return nil
		case nil:
			return ledger.Errorf(ledger.EInvalid, "请求体在 JSON 值之后还有内容")
		}
	}
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		return ledger.Errorf(ETooLarge, "请求体超过 %d KB 的上限", maxJSONBody>>10)
	}
	return ledger.Errorf(ledger.EInvalid, "请求体不是有效的 JSON：%v", err)
}

// The JSON shapes of the API.
type (
	apiTarget struct {
		Indicator  string `json:"indicator"`
		Quantity   string `json:"quantity"`
		Value      string `json:"value"`
		High       string `json:"high,omitempty"`
		Unit       string `json:"unit"`
		Comparator string `json:"comparator"`
		Baseline   string `json:"baseline,omitempty"`
		// The target's kind (a progress.Kind) and whether it is inferred.
		TargetKind   string `json:"target_kind"`
		KindInferred bool   `json:"target_kind_inferred"`
	}
	apiItem struct {
		ID           int64      `json:"id"`
		Code         string     `json:"code"`
		ParentCode   string     `json:"parent_code,omitempty"`
		Kind         string     `json:"kind"`
		Title        string     `json:"title"`
		Category     string     `json:"category"`
		Deadline     string     `json:"deadline,omitempty"`
		Target       *apiTarget `json:"target,omitempty"`
		Lead         string     `json:"lead_unit"`
		Cooperating  []string   `json:"cooperating_units"`
		Leader       string     `json:"leader,omitempty"`
		State        string     `json:"state"`
		Status       string     `json:"status"`
		Light        string     `json:"light"`
		Expected     float64    `json:"expected"`
		Actual       float64    `json:"actual"`
		Stale        bool       `json:"stale"`
		LatestStatus string     `json:"latest_report_status,omitempty"`
		LatestValue  string     `json:"latest_approved_value,omitempty"`
		LatestPeriod string     `json:"latest_approved_period,omitempty"`
		// Excluded: the office marked the proposal 不列入.
		Excluded       bool   `json:"excluded,omitempty"`
		ExcludedReason string `json:"excluded_reason,omitempty"`
	}
	apiReport struct {
		ID           int64      `json:"id"`
		Period       string     `json:"period"`
		Unit         string     `json:"unit"`
		Value        string     `json:"value"`
		Percent      int        `json:"percent"`
		Done         bool       `json:"done"`
		Narrative    string     `json:"narrative"`
		Problems     string     `json:"problems"`
		NextSteps    string     `json:"next_steps"`
		Explanation  string     `json:"explanation,omitempty"`
		Status       string     `json:"status"`
		ReturnReason string     `json:"return_reason,omitempty"`
		SubmittedAt  time.Time  `json:"submitted_at,omitzero"`
		ReviewedAt   time.Time  `json:"reviewed_at,omitzero"`
		Evidence     []string   `json:"evidence"`
		Repeats      *apiRepeat `json:"repeats,omitempty"`
	}

	// apiRepeat: the report's narrative repeats an earlier period's.
	apiRepeat struct {
		Period     string  `json:"period"`
		Similarity float64 `json:"similarity"`
	}
)

func itemJSON(it supervise.Item) apiItem {
	a := apiItem{ID: it.ID, Code: it.Code, ParentCode: it.ParentCode, Kind: string(it.Kind), Title: it.Title,
		Category: it.Category, Lead: it.Assignment.Lead, Cooperating: it.Assignment.Cooperating,
		Leader: it.Assignment.Leader, State: string(it.State), Status: string(it.Result.Status),
		Light: string(it.Result.Light), Expected: round2(it.Result.Expected), Actual: round2(it.Result.Actual),
		Stale: it.Result.Stale, LatestStatus: string(it.LatestStatus)}
	if a.Cooperating == nil {
		a.Cooperating = []string{}
	}
	if it.Deadline != nil {
		a.Deadline = it.Deadline.Format("2006-01-02")
	}
	if t := it.Target; t != nil {
		a.Target = &apiTarget{Indicator: t.Indicator, Quantity: t.Quantity, Value: t.Value, High: t.High,
			Unit: t.Unit, Comparator: t.Comparator, Baseline: t.BaselineValue}
		k, set := supervise.TargetKind(it.Commitment)
		a.Target.TargetKind, a.Target.KindInferred = string(k), !set
	}
	if x := it.Excluded; x != nil {
		a.Excluded, a.ExcludedReason = true, x.Reason
	}
	if l := it.LatestApproved; l != nil {
		a.LatestValue, a.LatestPeriod = l.Value, l.Period
	}
	return a
}

func reportJSON(r ledger.ProgressReport) apiReport {
	a := apiReport{ID: r.ID, Period: r.Period, Unit: r.Unit, Value: r.Value, Percent: r.Percent, Done: r.Done,
		Narrative: r.Narrative, Problems: r.Problems, NextSteps: r.NextSteps, Explanation: r.Explanation,
		Status: string(r.Status), ReturnReason: r.ReturnReason, SubmittedAt: r.SubmittedAt, ReviewedAt: r.ReviewedAt,
		Evidence: []string{}}
	for _, e := range r.Evidence {
		a.Evidence = append(a.Evidence, e.Name)
	}
	return a
}

func round2(f float64) float64 { return float64(int64(f*10000+0.5)) / 10000 }

func (s *Server) apiMe(w http.ResponseWriter, r *http.Request, rq *request) error {
	writeJSON(w, http.StatusOK, map[string]any{"login": rq.Actor.Login, "name": rq.Actor.Name,
		"role": rq.Actor.Role, "unit": rq.Actor.Unit})
	return nil
}

func (s *Server) apiReports(w http.ResponseWriter, r *http.Request, rq *request) error {
	refs, err := s.svc.Reports(r.Context())
	if err != nil {
		return err
	}
	out := []map[string]any{}
	for _, rep := range refs {
		out = append(out, map[string]any{"id": rep.ID, "government": rep.Government.Name, "level": rep.Government.Level,
			"year": rep.Year, "title": rep.Title})
	}
	writeJSON(w, http.StatusOK, map[string]any{"reports": out})
	return nil
}

// reportView returns the caller's view of report {id}.
func (s *Server) reportView(r *http.Request, rq *request) (*supervise.View, error) {
	id, err := idParam(r, "id")
	if err != nil {
		return nil, err
	}
	if _, err := s.reportRef(r, id); err != nil {
		return nil, err
	}
	return s.svc.View(r.Context(), rq.Actor, id)
}

func (s *Server) apiSummary(w http.ResponseWriter, r *http.Request, rq *request) error {
	id, err := idParam(r, "id")
	if err != nil {
		return err
	}
	if _, err := s.reportRef(r, id); err != nil {
		return err
	}
	view, err := s.svc.View(r.Context(), rq.Actor, id)
	if err != nil {
		return err
	}
	// The answer is the same for everyone who has this view: it is
	// encoded once.
	now := s.now()
	body := view.Memo("api summary "+now.Format("2006-01"), func() any {
		return encodeJSON(summaryJSON(view.Summary(now)))
	}).([]byte)
	writeJSONBody(w, http.StatusOK, body)
	return nil
}

// summaryLagging is how many of the worst lagging targets the summary
// lists, as the dashboard does; the commitments endpoint filtered by
// status pages through all of them.
const summaryLagging = 50

// summaryJSON is the API's summary.
func summaryJSON(sum supervise.Summary) map[string]any {
	group := func(g supervise.Group) map[string]any {
		return map[string]any{"name": g.Name, "total": g.Total, "completion": round2(g.Completion),
			"by_status": g.ByStatus, "by_light": g.ByLight}
	}
	var cats, units []map[string]any
	for _, g := range sum.ByCategory {
		cats = append(cats, group(g))
	}
	for _, g := range sum.ByUnit {
		units = append(units, group(g))
	}
	lag := []apiItem{}
	for _, it := range sum.Lagging[:min(len(sum.Lagging), summaryLagging)] {
		lag = append(lag, itemJSON(it))
	}
	return map[string]any{"targets": sum.Targets, "dispatched": sum.Dispatched,
		"closed": sum.Closed, "all": group(sum.All), "by_category": cats, "by_unit": units, "lagging": lag,
		"lagging_total": len(sum.Lagging), "due_this_month": len(sum.DueThisMonth), "stale": len(sum.Stale)}
}

func (s *Server) apiCommitments(w http.ResponseWriter, r *http.Request, rq *request) error {
	view, err := s.reportView(r, rq)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	pg, _ := strconv.Atoi(q.Get("page"))
	per, _ := strconv.Atoi(q.Get("per_page"))
	if per <= 0 || per > 500 {
		per = 100
	}
	list, total := view.Select(filterOf(q), max(pg, 1), per)
	out := make([]apiItem, 0, len(list))
	for _, it := range list {
		out = append(out, itemJSON(it))
	}
	writeJSON(w, http.StatusOK, map[string]any{"total": total, "page": max(pg, 1), "per_page": per, "commitments": out})
	return nil
}

func (s *Server) apiCommitment(w http.ResponseWriter, r *http.Request, rq *request) error {
	id, err := idParam(r, "id")
	if err != nil {
		return err
	}
	d, err := s.svc.Detail(r.Context(), rq.Actor, id)
	if err != nil {
		return err
	}
	reps := []apiReport{}
	for _, p := range d.Reports {
		a := reportJSON(p)
		if rep, ok := d.Repeats[p.ID]; ok {
			a.Repeats = &apiRepeat{Period: rep.Period, Similarity: round2(rep.Similarity)}
		}
		reps = append(reps, a)
	}
	orders := []map[string]any{}
	for _, o := range d.Orders {
		orders = append(orders, map[string]any{"id": o.ID, "no": o.No, "unit": o.Unit, "requirement": o.Requirement,
			"reply_by": o.ReplyBy.Format("2006-01-02"), "reply": o.Reply, "level": o.Level, "issued_at": o.IssuedAt})
	}
	comments := []map[string]any{}
	for _, c := range d.Comments {
		comments = append(comments, map[string]any{"author": c.Author, "unit": c.Unit, "body": c.Body, "at": c.At})
	}
	writeJSON(w, http.StatusOK, map[string]any{"commitment": itemJSON(d.Item), "text": d.Item.Text,
		"sentence": d.Item.Sentence, "reports": reps, "orders": orders, "comments": comments})
	return nil
}

func (s *Server) apiDone(w http.ResponseWriter, r *http.Request, rq *request, f func(id int64) error) error {
	id, err := idParam(r, "id")
	if err != nil {
		return err
	}
	if err := f(id); err != nil {
		return err
	}
	return s.apiCommitment(w, r, rq)
}

func (s *Server) apiDispatch(w http.ResponseWriter, r *http.Request, rq *request) error {
	return s.apiDone(w, r, rq, func(id int64) error { return s.svc.Dispatch(r.Context(), rq.Actor, id) })
}

func (s *Server) apiAcknowledge(w http.ResponseWriter, r *http.Request, rq *request) error {
	return s.apiDone(w, r, rq, func(id int64) error { return s.svc.Acknowledge(r.Context(), rq.Actor, id) })
}

// apiProgressBody is the JSON of a progress report.
type apiProgressBody struct {
	Period      string `json:"period"`
	Value       string `json:"value"`
	Percent     *int   `json:"percent"`
	Done        bool   `json:"done"`
	Narrative   string `json:"narrative"`
	Problems    string `json:"problems"`
	NextSteps   string `json:"next_steps"`
	Explanation string `json:"explanation"`
	Submit      bool   `json:"submit"`
}

// input is the progress report the body asks for; a missing percent is
// -1 (none).
func (b apiProgressBody) input() supervise.ProgressInput {
	in := supervise.ProgressInput{Period: b.Period, Value: b.Value, Percent: -1, Done: b.Done, Narrative: b.Narrative,
		Problems: b.Problems, NextSteps: b.NextSteps, Explanation: b.Explanation, Submit: b.Submit}
	if b.Percent != nil {
		in.Percent = *b.Percent
	}
	return in
}

// The JSON of the other writes of the API.
type (
	apiReviewBody struct {
		Approve bool   `json:"approve"`
		Reason  string `json:"reason"`
	}
	apiOrderBody struct {
		Requirement string `json:"requirement"`
		ReplyBy     string `json:"reply_by"`
	}
	apiReplyBody struct {
		Reply string `json:"reply"`
	}
	apiCommentBody struct {
		Body string `json:"body"`
	}
)

// replyBy is the order's reply date; zero when not given.
func (b apiOrderBody) replyBy() (time.Time, error) {
	if b.ReplyBy == "" {
		return time.Time{}, nil
	}
	t, err := time.Parse("2006-01-02", b.ReplyBy)
	if err != nil {
		return time.Time{}, ledger.Errorf(ledger.EInvalid, "reply_by %q 不是日期（YYYY-MM-DD）", b.ReplyBy)
	}
	return t, nil
}

func (s *Server) apiProgress(w http.ResponseWriter, r *http.Request, rq *request) error {
	id, err := idParam(r, "id")
	if err != nil {
		return err
	}
	var b apiProgressBody
	if err := readJSON(r, &b); err != nil {
		return err
	}
	rep, warns, err := s.svc.SaveProgress(r.Context(), rq.Actor, id, b.input())
	if err != nil {
		return err
	}
	ws := []string{}
	for _, p := range warns {
		ws = append(ws, p.Message)
	}
	writeJSON(w, http.StatusOK, map[string]any{"report": reportJSON(rep), "warnings": ws})
	return nil
}

func (s *Server) apiReview(w http.ResponseWriter, r *http.Request, rq *request) error {
	rid, err := idParam(r, "rid")
	if err != nil {
		return err
	}
	var b apiReviewBody
	if err := readJSON(r, &b); err != nil {
		return err
	}
	return s.apiDone(w, r, rq, func(id int64) error { return s.svc.Review(r.Context(), rq.Actor, id, rid, b.Approve, b.Reason) })
}

func (s *Server) apiOrder(w http.ResponseWriter, r *http.Request, rq *request) error {
	var b apiOrderBody
	if err := readJSON(r, &b); err != nil {
		return err
	}
	by, err := b.replyBy()
	if err != nil {
		return err
	}
	return s.apiDone(w, r, rq, func(id int64) error {
		_, err := s.svc.IssueOrder(r.Context(), rq.Actor, id, b.Requirement, by)
		return err
	})
}

func (s *Server) apiReply(w http.ResponseWriter, r *http.Request, rq *request) error {
	oid, err := idParam(r, "oid")
	if err != nil {
		return err
	}
	var b apiReplyBody
	if err := readJSON(r, &b); err != nil {
		return err
	}
	return s.apiDone(w, r, rq, func(id int64) error { return s.svc.ReplyOrder(r.Context(), rq.Actor, id, oid, b.Reply) })
}

func (s *Server) apiComment(w http.ResponseWriter, r *http.Request, rq *request) error {
	var b apiCommentBody
	if err := readJSON(r, &b); err != nil {
		return err
	}
	return s.apiDone(w, r, rq, func(id int64) error {
		_, err := s.svc.AddComment(r.Context(), rq.Actor, id, b.Body)
		return err
	})
}

var _ = progress.Statuses
