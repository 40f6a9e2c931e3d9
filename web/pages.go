package web

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"ducha/access"
	"ducha/ledger"
	"ducha/progress"
	"ducha/supervise"
	"ducha/tasksheet"
)

// pageSize is how many commitments a list page shows.
const pageSize = 50

// reportChoices lists the reports to choose from and the current one: the
// ?report= of the request, else the last chosen, else the newest. The
// answer is kept for the rest of the request.
func (s *Server) reportChoices(r *http.Request, rq *request) ([]reportChoice, *ledger.Report) {
	if rq.reports != nil {
		return rq.reports.choices, rq.reports.current
	}
	rq.reports = &reportsOfRequest{}
	want, _ := strconv.ParseInt(r.URL.Query().Get("report"), 10, 64)
	if want == 0 {
		want = s.sessions.GetInt64(r.Context(), "report")
	}
	refs, err := s.svc.Reports(r.Context())
	if err == nil && want != 0 && !slices.ContainsFunc(refs, func(ref supervise.ReportRef) bool { return ref.ID == want }) {
		// A report imported since the list was read.
		if _, ok, _ := s.svc.Report(r.Context(), want); ok {
			refs, err = s.svc.Reports(r.Context())
		}
	}
	if err != nil || len(refs) == 0 {
		return nil, nil
	}
	choices := make([]reportChoice, len(refs))
	for i, ref := range refs {
		choices[i] = reportChoice{ID: ref.ID, Label: fmt.Sprintf("%s %d", ref.Government.Name, ref.Year)}
	}
	cur := -1
	for i := range refs {
		if refs[i].ID == want {
			cur = i
			break
		}
	}
	if cur < 0 {
		// By default the report being carried out: the newest whose plan
		// year has begun (next year's, once imported, waits for January).
		year := s.now().Year()
		for i := range refs {
			if refs[i].Year <= year && (cur < 0 || refs[i].Year > refs[cur].Year) {
				cur = i
			}
		}
		if cur < 0 {
			cur = 0
		}
	}
	rep := refs[cur].Report // a copy: the list is shared
	rq.reports.choices, rq.reports.current = choices, &rep
	return choices, &rep
}

// reportsOfRequest is what reportChoices found.
type reportsOfRequest struct {
	choices []reportChoice
	current *ledger.Report
}

// currentReport returns the report the request is about, remembering it.
func (s *Server) currentReport(r *http.Request, rq *request) (*ledger.Report, error) {
	_, rep := s.reportChoices(r, rq)
	if rep == nil {
		return nil, nil
	}
	if s.sessions.GetInt64(r.Context(), "report") != rep.ID {
		s.sessions.Put(r.Context(), "report", rep.ID)
	}
	return rep, nil
}

// home sends a signed-in user to the dashboard and a visitor to the
// public site.
func (s *Server) home(w http.ResponseWriter, r *http.Request, rq *request) error {
	if !rq.LoggedIn {
		http.Redirect(w, r, "/public", http.StatusSeeOther)
		return nil
	}
	http.Redirect(w, r, "/dashboard", http.StatusSeeOther)
	return nil
}

func (s *Server) dashboard(w http.ResponseWriter, r *http.Request, rq *request) error {
	rep, err := s.currentReport(r, rq)
	if err != nil || rep == nil {
		s.render(w, r, rq, "dashboard", http.StatusOK, map[string]any{})
		return err
	}
	sum, err := s.svc.Summary(r.Context(), rq.Actor, rep.ID)
	if err != nil {
		return err
	}
	data := dashboardData(sum, rep, rq.Lang)
	if data["Todo"], err = s.todoData(r, rq, rep); err != nil {
		return err
	}
	data["Title"] = s.reportName(r.Context(), rep)
	// A city's office sees its districts' ledgers of the same year too.
	if rq.Actor.Role != access.Reporter {
		g, err := s.governmentOf(r, rep.GovernmentID)
		if err != nil {
			return err
		}
		if has, err := s.hasLowerLevels(r, g); err != nil {
			return err
		} else if has {
			items, err := s.svc.Items(r.Context(), rep.ID)
			if err != nil {
				return err
			}
			children, across, err := s.lowerLevels(r, g, rep.Year, publicOf(supervise.Included(items), publicBase(g.Name, rep.Year)))
			if err != nil {
				return err
			}
			data["Children"], data["Across"] = children, across
		}
	}
	s.render(w, r, rq, "dashboard", http.StatusOK, data)
	return nil
}

// dashboardData is what the dashboard of a report shows, in lang.
func dashboardData(sum supervise.Summary, rep *ledger.Report, lang string) map[string]any {
	rows := func(xs []supervise.Item) template.HTML { return itemsHTML(itemRows(xs[:min(len(xs), 20)], lang, 40)) }
	return map[string]any{
		"Summary": sum, "Lagging": rows(sum.Lagging), "Due": rows(sum.DueThisMonth), "Stale": rows(sum.Stale),
		"Categories": categoriesHTML(sum.ByCategory, lang), "Units": unitsHTML(sum.ByUnit, lang), "Report": rep,
		"Statuses": progress.Statuses,
	}
}

// filterOf reads the list filters from the query.
func filterOf(q url.Values) supervise.Filter {
	f := supervise.Filter{
		Status: progress.Status(q.Get("status")), Light: progress.Light(q.Get("light")),
		State: ledger.State(q.Get("state")), Unit: q.Get("unit"), Category: q.Get("category"),
		Query: q.Get("q"), Kind: ledger.Kind(q.Get("kind")), Review: q.Get("review") == "1",
		Excluded: q.Get("excluded") == "1",
	}
	if f.Kind == "" {
		f.Kind = ledger.KindTarget
	}
	if f.Kind == "all" {
		f.Kind = ""
	}
	return f
}

func (s *Server) commitmentList(w http.ResponseWriter, r *http.Request, rq *request) error {
	rep, err := s.currentReport(r, rq)
	if err != nil || rep == nil {
		s.render(w, r, rq, "list", http.StatusOK, map[string]any{})
		return err
	}
	view, err := s.svc.View(r.Context(), rq.Actor, rep.ID)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	f := filterOf(q)
	pg, _ := strconv.Atoi(q.Get("page"))
	pg = max(pg, 1)
	list, total := view.Select(f, pg, pageSize)
	data := listData(list, total, view.Facets(), f, q, pg, rep, rq.Lang, rq.Actor.CanDo(access.Dispatch))
	data["Title"] = translate(rq.Lang, "Commitments") + " · " + s.reportName(r.Context(), rep)
	s.render(w, r, rq, "list", http.StatusOK, data)
	return nil
}

// listData is what page pg of a list shows in lang: list of the total
// items passing filter f of query q, with the facets of all items.
func listData(list []supervise.Item, total int, facets supervise.Facets, f supervise.Filter, q url.Values, pg int,
	rep *ledger.Report, lang string, canDispatch bool) map[string]any {
	cats, units := facets.Categories, facets.Units
	pageURL := func(n int) string {
		v := url.Values{}
		for k, vs := range q {
			v[k] = vs
		}
		v.Set("page", strconv.Itoa(n))
		return "/commitments?" + v.Encode()
	}
	data := map[string]any{
		"Items": list, "RowsHTML": listHTML(itemRows(list, lang, 60), lang, canDispatch), "Total": total,
		"Filter": f, "Query": q, "Page": pg, "Report": rep, "StatusOptions": statusOptions(q.Get("status"), lang),
		"CategoryOptions": optionsHTML(cats, q.Get("category")), "UnitOptions": optionsHTML(units, q.Get("unit")),
		"CanDispatch": canDispatch, "States": []ledger.State{ledger.StateNew, ledger.StateDispatched,
			ledger.StateAcknowledged, ledger.StateInProgress, ledger.StateClosed},
	}
	if pg > 1 {
		data["PrevURL"] = pageURL(pg - 1)
	}
	if pg*pageSize < total {
		data["NextURL"] = pageURL(pg + 1)
	}
	return data
}

// idParam reads a numeric path value.
func idParam(r *http.Request, name string) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue(name), 10, 64)
	if err != nil || id <= 0 {
		return 0, ledger.Errorf(ledger.ENotFound, "页面不存在")
	}
	return id, nil
}

func (s *Server) commitmentPage(w http.ResponseWriter, r *http.Request, rq *request) error {
	id, err := idParam(r, "id")
	if err != nil {
		return err
	}
	d, err := s.svc.Detail(r.Context(), rq.Actor, id)
	if err != nil {
		return err
	}
	c := d.Item.Commitment
	a := rq.Actor
	var editable *ledger.ProgressReport
	st, _ := s.svc.Settings(r.Context())
	period := progress.PeriodOf(s.now(), st.Period)
	for i := range d.Reports {
		if ledger.CanEditReport(d.Reports[i].Status) {
			editable = &d.Reports[i]
			break
		}
	}
	// The form shows what was typed before a failed save, else the
	// editable report, else an empty report of the period owed; a period
	// already submitted shows as such (reportPanelOf).
	saved := s.sessions.PopString(r.Context(), "form")
	panel := reportPanelOf(d, editable, st, s.now(), saved != "")
	form := formOf(saved, editable, panel.Period)
	var trail []auditRow
	if a.Role != access.Reporter {
		trail = s.auditTrail(r.Context(), d.Audit, rq.Lang)
	}
	s.render(w, r, rq, "commitment", http.StatusOK, map[string]any{
		"D": d, "C": c, "Item": d.Item, "Editable": editable, "Period": period, "Form": form, "Panel": panel,
		"Title":        c.Code + " " + truncate(c.Title, 30),
		"Chart":        progressChart(d, s.now(), st.Thresholds().Bands, rq.Lang),
		"Model":        targetModelOf(d.Item, a, rq.Lang),
		"CanDispatch":  a.Can(access.Dispatch, c) && d.Item.State == ledger.StateNew && c.Kind == ledger.KindTarget && c.Excluded == nil,
		"CanAck":       a.Can(access.Acknowledge, c) && d.Item.State == ledger.StateDispatched,
		"CanReport":    a.Can(access.ReportProgress, c) && (d.Item.State == ledger.StateAcknowledged || d.Item.State == ledger.StateInProgress),
		"CanReview":    a.Can(access.Review, c),
		"CanClose":     a.Can(access.Close, c) && (d.Item.State == ledger.StateAcknowledged || d.Item.State == ledger.StateInProgress),
		"CanReopen":    a.Can(access.Close, c) && d.Item.State == ledger.StateClosed,
		"CanOrder":     a.Can(access.OrderSupervision, c) && c.Assignment.Lead != "" && c.Kind == ledger.KindTarget && c.Excluded == nil,
		"CanReply":     a.Can(access.ReplySupervision, c),
		"CanComment":   a.Can(access.Comment, c) || a.Can(access.AddNote, c),
		"CanAudit":     a.Role != access.Reporter,
		"AuditTrail":   trail,
		"Shortfalls":   ledger.ShortfallReasons,
		"DefaultReply": s.now().AddDate(0, 0, st.ReplyDays).Format("2006-01-02"),
	})
	return nil
}

func (s *Server) evidenceFile(w http.ResponseWriter, r *http.Request, rq *request) error {
	id, err := idParam(r, "id")
	if err != nil {
		return err
	}
	eid, err := idParam(r, "eid")
	if err != nil {
		return err
	}
	e, data, err := s.svc.Evidence(r.Context(), rq.Actor, id, eid)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", e.ContentType)
	w.Header().Set("Content-Disposition", "attachment; filename*=UTF-8''"+url.PathEscape(e.Name))
	w.Header().Set("Content-Security-Policy", "default-src 'none'; sandbox")
	w.Header().Set("Cache-Control", "private, no-store")
	w.Write(data)
	return nil
}

// back redirects to the commitment page after an action, with a message;
// a failed action's error is shown there instead of a page of its own.
func (s *Server) back(w http.ResponseWriter, r *http.Request, id int64, err error, ok string) error {
	return s.backTo(w, r, fmt.Sprintf("/commitments/%d", id), err, ok)
}

// backTo redirects to path after an action with the message ok, or with
// the error of an invalid or conflicting request flashed there; other
// errors are answered as they are.
func (s *Server) backTo(w http.ResponseWriter, r *http.Request, path string, err error, ok string) error {
	if err != nil {
		switch ledger.ErrorCode(err) {
		case ledger.EInvalid, ledger.EConflict:
			s.flashError(r, err.Error())
		default:
			return err
		}
	} else if ok != "" {
		s.flash(r, ok)
	}
	http.Redirect(w, r, path, http.StatusSeeOther)
	return nil
}

func (s *Server) action(w http.ResponseWriter, r *http.Request, ok string, f func(id int64) error) error {
	id, err := idParam(r, "id")
	if err != nil {
		return err
	}
	return s.back(w, r, id, f(id), ok)
}

func (s *Server) postDispatch(w http.ResponseWriter, r *http.Request, rq *request) error {
	return s.action(w, r, "已交办", func(id int64) error { return s.svc.Dispatch(r.Context(), rq.Actor, id) })
}

func (s *Server) postAcknowledge(w http.ResponseWriter, r *http.Request, rq *request) error {
	return s.action(w, r, "已签收", func(id int64) error { return s.svc.Acknowledge(r.Context(), rq.Actor, id) })
}

// progressInput reads the progress form.
func progressInput(r *http.Request) supervise.ProgressInput {
	pct := -1
	if v := strings.TrimSpace(r.PostFormValue("percent")); v != "" {
		if n, err := strconv.Atoi(v); err == nil {
			pct = n
		} else {
			pct = -2 // invalid: reported by SaveProgress
		}
	}
	return supervise.ProgressInput{
		Period: r.PostFormValue("period"), Value: r.PostFormValue("value"), Percent: pct,
		Done: r.PostFormValue("done") == "1", Narrative: r.PostFormValue("narrative"),
		Problems: r.PostFormValue("problems"), NextSteps: r.PostFormValue("next_steps"),
		Explanation: r.PostFormValue("explanation"), Submit: r.PostFormValue("action") == "submit",
	}
}

// postProgress saves the period's report with its attached files: the
// files are checked first, so a bad file stores nothing.
func (s *Server) postProgress(w http.ResponseWriter, r *http.Request, rq *request) error {
	id, err := idParam(r, "id")
	if err != nil {
		return err
	}
	if err := s.svc.Authorize(r.Context(), rq.Actor, id, access.ReportProgress); err != nil {
		return err
	}
	files, err := uploadedFiles(r)
	if err != nil {
		return s.back(w, r, id, err, "")
	}
	in := progressInput(r)
	submit := in.Submit
	if len(files) > 0 {
		in.Submit = false // attach first, then submit
	}
	rep, warns, err := s.svc.SaveProgress(r.Context(), rq.Actor, id, in)
	if err == nil {
		var more []progress.Problem
		more, err = s.addEvidence(r.Context(), rq.Actor, id, rep.ID, files)
		warns = append(warns, more...)
	}
	if err == nil && submit && len(files) > 0 {
		err = s.svc.Submit(r.Context(), rq.Actor, id, rep.ID)
	}
	if err != nil {
		s.sessions.Put(r.Context(), "form", formJSON(in))
		return s.back(w, r, id, err, "")
	}
	msg := "已保存草稿"
	if submit {
		msg = "已提交，等待督查室复核"
	}
	for _, p := range warns {
		msg += "。提示：" + p.Message
	}
	return s.back(w, r, id, nil, msg)
}

type upload struct {
	name string
	data []byte
}

// uploadedFiles reads and checks the files of field "evidence".
func uploadedFiles(r *http.Request) ([]upload, error) {
	if r.MultipartForm == nil {
		return nil, nil
	}
	var out []upload
	for _, fh := range r.MultipartForm.File["evidence"] {
		if fh.Size > supervise.MaxEvidenceBytes {
			return nil, ledger.Errorf(ledger.EInvalid, "文件 %s 超过 %d MB 的上限", fh.Filename, supervise.MaxEvidenceBytes>>20)
		}
		f, err := fh.Open()
		if err != nil {
			return nil, err
		}
		var buf bytes.Buffer
		_, err = buf.ReadFrom(f)
		f.Close()
		if err != nil {
			return nil, err
		}
		if _, err := supervise.CheckEvidence(fh.Filename, buf.Bytes()); err != nil {
			return nil, err
		}
		out = append(out, upload{fh.Filename, buf.Bytes()})
	}
	return out, nil
}

func (s *Server) postSubmit(w http.ResponseWriter, r *http.Request, rq *request) error {
	rid, err := idParam(r, "rid")
	if err != nil {
		return err
	}
	return s.action(w, r, "已提交，等待督查室复核", func(id int64) error { return s.svc.Submit(r.Context(), rq.Actor, id, rid) })
}

func (s *Server) postEvidence(w http.ResponseWriter, r *http.Request, rq *request) error {
	rid, err := idParam(r, "rid")
	if err != nil {
		return err
	}
	id, err := idParam(r, "id")
	if err != nil {
		return err
	}
	msg := "已上传"
	err = func() error {
		if err := s.svc.Authorize(r.Context(), rq.Actor, id, access.ReportProgress); err != nil {
			return err
		}
		files, err := uploadedFiles(r)
		if err != nil {
			return err
		}
		if len(files) == 0 {
			return ledger.Errorf(ledger.EInvalid, "请选择要上传的文件")
		}
		warns, err := s.addEvidence(r.Context(), rq.Actor, id, rid, files)
		for _, p := range warns {
			msg += "。提示：" + p.Message
		}
		return err
	}()
	return s.back(w, r, id, err, msg)
}

// addEvidence attaches files to report rid of commitment id, in order,
// and returns the warnings about files attached elsewhere before.
func (s *Server) addEvidence(ctx context.Context, a supervise.Actor, id, rid int64, files []upload) ([]progress.Problem, error) {
	var warns []progress.Problem
	for _, f := range files {
		e, err := s.svc.AddEvidence(ctx, a, id, rid, f.name, f.data)
		if err != nil {
			return warns, err
		}
		// The warning is advice: the file is stored whether or not it can be
		// given.
		if p, ok, err := s.svc.ReuseWarning(ctx, e); err != nil {
			s.log.Error("evidence reuse", "evidence", e.ID, "err", err)
		} else if ok {
			warns = append(warns, p)
		}
	}
	return warns, nil
}

func (s *Server) postReview(w http.ResponseWriter, r *http.Request, rq *request) error {
	rid, err := idParam(r, "rid")
	if err != nil {
		return err
	}
	approve := r.PostFormValue("decision") == "approve"
	msg := "已退回"
	if approve {
		msg = "已通过"
	}
	return s.action(w, r, msg, func(id int64) error {
		return s.svc.Review(r.Context(), rq.Actor, id, rid, approve, r.PostFormValue("reason"))
	})
}

func (s *Server) postClose(w http.ResponseWriter, r *http.Request, rq *request) error {
	return s.action(w, r, "已办结", func(id int64) error {
		return s.svc.Close(r.Context(), rq.Actor, id, ledger.Outcome(r.PostFormValue("outcome")), r.PostFormValue("reason"))
	})
}

func (s *Server) postReopen(w http.ResponseWriter, r *http.Request, rq *request) error {
	return s.action(w, r, "已重新打开", func(id int64) error { return s.svc.Reopen(r.Context(), rq.Actor, id) })
}

func (s *Server) postOrder(w http.ResponseWriter, r *http.Request, rq *request) error {
	return s.action(w, r, "已下发督办单", func(id int64) error {
		var by time.Time
		if v := strings.TrimSpace(r.PostFormValue("reply_by")); v != "" {
			t, err := time.Parse("2006-01-02", v)
			if err != nil {
				return ledger.Errorf(ledger.EInvalid, "回复时限 %q 不是日期", v)
			}
			by = t
		}
		_, err := s.svc.IssueOrder(r.Context(), rq.Actor, id, r.PostFormValue("requirement"), by)
		return err
	})
}

func (s *Server) postReply(w http.ResponseWriter, r *http.Request, rq *request) error {
	oid, err := idParam(r, "oid")
	if err != nil {
		return err
	}
	return s.action(w, r, "已回复", func(id int64) error {
		return s.svc.ReplyOrder(r.Context(), rq.Actor, id, oid, r.PostFormValue("reply"))
	})
}

func (s *Server) postComment(w http.ResponseWriter, r *http.Request, rq *request) error {
	return s.action(w, r, "", func(id int64) error {
		_, err := s.svc.AddComment(r.Context(), rq.Actor, id, r.PostFormValue("body"))
		return err
	})
}

func (s *Server) unitPage(w http.ResponseWriter, r *http.Request, rq *request) error {
	name := r.PathValue("name")
	if rq.Actor.Role == access.Reporter && name != rq.Actor.Unit {
		return ledger.Errorf(ledger.ENotFound, "单位 %s 不存在", name)
	}
	units, err := s.store.Units(r.Context())
	if err != nil {
		return err
	}
	var unit *ledger.Unit
	for i := range units {
		if units[i].Name == name {
			unit = &units[i]
		}
	}
	if unit == nil {
		return ledger.Errorf(ledger.ENotFound, "单位 %s 不存在", name)
	}
	rep, err := s.currentReport(r, rq)
	if err != nil {
		return err
	}
	var lead, coop []supervise.Item
	var sum supervise.Summary
	if rep != nil {
		items, err := s.svc.Items(r.Context(), rep.ID)
		if err != nil {
			return err
		}
		for _, it := range supervise.Included(items) {
			if it.Kind != ledger.KindTarget {
				continue
			}
			if it.Assignment.Lead == name {
				lead = append(lead, it)
			} else if slices.Contains(it.Assignment.Cooperating, name) {
				coop = append(coop, it)
			}
		}
		sum = supervise.Summarize(lead, s.now())
	}
	s.render(w, r, rq, "unit", http.StatusOK, map[string]any{"Unit": unit, "Lead": lead, "Coop": coop, "Summary": sum,
		"Title": strings.TrimSuffix(unit.Name+" · "+s.reportName(r.Context(), rep), " · ")})
	return nil
}

func (s *Server) reviewQueue(w http.ResponseWriter, r *http.Request, rq *request) error {
	rep, err := s.currentReport(r, rq)
	if err != nil || rep == nil {
		s.render(w, r, rq, "review", http.StatusOK, map[string]any{})
		return err
	}
	reps, err := s.store.ReportsByStatus(r.Context(), rep.ID, ledger.ReportSubmitted)
	if err != nil {
		return err
	}
	items, err := s.svc.Items(r.Context(), rep.ID)
	if err != nil {
		return err
	}
	byID := map[int64]supervise.Item{}
	for _, it := range items {
		byID[it.ID] = it
	}
	flags, err := s.svc.Flags(r.Context(), rq.Actor, reps)
	if err != nil {
		return err
	}
	type row struct {
		Report ledger.ProgressReport
		Item   supervise.Item
		Flags  supervise.Flags
	}
	var rows []row
	for _, p := range reps {
		if it, ok := byID[p.CommitmentID]; ok { // not yet among the statuses: on the next reading
			rows = append(rows, row{p, it, flags[p.ID]})
		}
	}
	s.render(w, r, rq, "review", http.StatusOK, map[string]any{"Rows": rows})
	return nil
}

func (s *Server) exportTasks(w http.ResponseWriter, r *http.Request, rq *request) error {
	rep, err := s.currentReport(r, rq)
	if err != nil {
		return err
	}
	if rep == nil {
		return ledger.Errorf(ledger.ENotFound, "尚未导入报告")
	}
	gov, err := s.governmentOf(r, rep.GovernmentID)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if _, err := s.svc.ExportTasks(r.Context(), rq.Actor, rep.ID, &buf, tasksheet.ExportOptions{}); err != nil {
		return err
	}
	name := fmt.Sprintf("%s%d年任务分解表.xlsx", gov.Name, rep.Year)
	w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	w.Header().Set("Content-Disposition", "attachment; filename*=UTF-8''"+url.PathEscape(name))
	w.Write(buf.Bytes())
	return nil
}

func (s *Server) governmentOf(r *http.Request, id int64) (ledger.Government, error) {
	govs, err := s.store.Governments(r.Context())
	if err != nil {
		return ledger.Government{}, err
	}
	for _, g := range govs {
		if g.ID == id {
			return g, nil
		}
	}
	return ledger.Government{}, ledger.Errorf(ledger.ENotFound, "政府 %d 不存在", id)
}

// progressForm is what the progress form shows.
type progressForm struct {
	Period, Value, Percent, Narrative, Problems, NextSteps, Explanation string
	Done                                                                bool
}

func formJSON(in supervise.ProgressInput) string {
	f := progressForm{Period: in.Period, Value: in.Value, Narrative: in.Narrative, Problems: in.Problems,
		NextSteps: in.NextSteps, Explanation: in.Explanation, Done: in.Done}
	if in.Percent >= 0 {
		f.Percent = strconv.Itoa(in.Percent)
	}
	b, _ := json.Marshal(f)
	return string(b)
}

func formOf(saved string, r *ledger.ProgressReport, period string) progressForm {
	var f progressForm
	if saved != "" && json.Unmarshal([]byte(saved), &f) == nil {
		return f
	}
	if r != nil {
		f = progressForm{Period: r.Period, Value: r.Value, Narrative: r.Narrative, Problems: r.Problems,
			NextSteps: r.NextSteps, Explanation: r.Explanation, Done: r.Done}
		if r.Percent >= 0 {
			f.Percent = strconv.Itoa(r.Percent)
		}
		return f
	}
	return progressForm{Period: period}
}

// postDispatchMany dispatches the commitments ticked in the list: the
// office's first step of the year, done for a whole section at once.
func (s *Server) postDispatchMany(w http.ResponseWriter, r *http.Request, rq *request) error {
	var done int
	var problems []string
	for _, v := range r.PostForm["id"] {
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			continue
		}
		if err := s.svc.Dispatch(r.Context(), rq.Actor, id); err != nil {
			switch ledger.ErrorCode(err) {
			case ledger.EInvalid, ledger.EConflict, ledger.ENotFound:
				problems = append(problems, err.Error())
				continue
			}
			return err
		}
		done++
	}
	if done > 0 {
		s.flash(r, fmt.Sprintf("已交办 %d 项", done))
	}
	if len(problems) > 0 {
		if len(problems) > 5 {
			problems = append(problems[:5], fmt.Sprintf("等 %d 项", len(problems)))
		}
		s.flashError(r, "未交办："+strings.Join(problems, "；"))
	}
	back := safeNext(r.PostFormValue("next"))
	if back == "" {
		back = "/commitments?state=new"
	}
	http.Redirect(w, r, back, http.StatusSeeOther)
	return nil
}

// hasLowerLevels reports whether any government has g as its parent.
func (s *Server) hasLowerLevels(r *http.Request, g ledger.Government) (bool, error) {
	govs, err := s.store.Governments(r.Context())
	if err != nil {
		return false, err
	}
	for _, c := range govs {
		if c.Parent == g.Name {
			return true, nil
		}
	}
	return false, nil
}
