package web

import (
	"fmt"
	"io"
	"net/http"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"ducha/access"
	"ducha/ledger"
	"ducha/progress"
	"ducha/project"
	"ducha/projectsheet"
	"ducha/supervise"
)

// The pages of the major-project ledger (issue 14): the list, a project's
// page, the plan sheet upload, and the workflow's actions — dispatch, the
// owner unit's acknowledgement and monthly report, the office's review.
// Who may act on a project is access.Allowed with the project's owner unit
// as the lead, as for a commitment; the workflow's rules are package
// project's (over ledger's), its status project.Evaluate.

// projects is the project ledger of the server's store.
func (s *Server) projects() (project.Store, error) {
	ps, ok := s.store.(project.Store)
	if !ok {
		return nil, ledger.Errorf(ledger.ENotFound, "本系统未启用重大项目台账")
	}
	return ps, nil
}

// mayProject reports whether a may do action on project p.
func mayProject(a supervise.Actor, action access.Action, p project.Project) bool {
	return access.Allowed(access.Subject{Role: a.Role, Unit: a.Unit}, action, access.Object{Lead: p.OwnerUnit})
}

// projectItems evaluates every project a may see, with their reports.
func (s *Server) projectItems(r *http.Request, a supervise.Actor, year int) ([]project.Item, map[int64][]project.MonthlyReport, supervise.Settings, error) {
	ps, err := s.projects()
	if err != nil {
		return nil, nil, supervise.Settings{}, err
	}
	st, err := s.svc.Settings(r.Context())
	if err != nil {
		return nil, nil, st, err
	}
	all, err := ps.Projects(r.Context(), year)
	if err != nil {
		return nil, nil, st, err
	}
	reps, err := ps.ProjectReports(r.Context(), year)
	if err != nil {
		return nil, nil, st, err
	}
	now := s.now()
	var out []project.Item
	for _, p := range all {
		if mayProject(a, access.ViewInternal, p) {
			out = append(out, project.NewItem(p, reps[p.ID], st.Thresholds(), st.StaleDays, now))
		}
	}
	return out, reps, st, nil
}

// projectList is the list with its filters: stage reached, owner unit,
// 包抓领导, category, lagging only.
func (s *Server) projectList(w http.ResponseWriter, r *http.Request, rq *request) error {
	year, _ := strconv.Atoi(r.URL.Query().Get("year"))
	items, _, _, err := s.projectItems(r, rq.Actor, year)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	f := struct{ Stage, Unit, Leader, Category, Lagging string }{q.Get("stage"), q.Get("unit"), q.Get("leader"), q.Get("category"), q.Get("lagging")}
	var units, leaders []string
	var shown []project.Item
	lights := map[progress.Light]int{}
	for _, it := range items {
		if !slices.Contains(units, it.OwnerUnit) {
			units = append(units, it.OwnerUnit)
		}
		if it.Leader != "" && !slices.Contains(leaders, it.Leader) {
			leaders = append(leaders, it.Leader)
		}
		switch {
		case f.Stage != "" && it.Current() != f.Stage,
			f.Unit != "" && it.OwnerUnit != f.Unit,
			f.Leader != "" && it.Leader != f.Leader,
			f.Category != "" && string(it.Category) != f.Category,
			f.Lagging == "1" && !it.Status.Lagging():
			continue
		}
		lights[it.Status.Light]++
		shown = append(shown, it)
	}
	sort.Strings(units)
	sort.Strings(leaders)
	var due []supervise.Due
	if rq.Actor.Role == access.Reporter {
		sup := make([]supervise.Supervised, len(items))
		for i := range items {
			sup[i] = items[i]
		}
		due = supervise.DueOf(rq.Actor.Unit, sup, s.now())
	}
	s.render(w, r, rq, "project_list", http.StatusOK, map[string]any{
		"Title": "Major projects", "Items": shown, "Total": len(items), "Filter": f, "Units": units, "Leaders": leaders,
		"Stages": project.DefaultStages, "Categories": project.Categories, "Lights": lights, "Due": due,
		"CanUpload": rq.Actor.CanDo(access.EditLedger),
	})
	return nil
}

// projectOf loads the project of the path's {pid} if a may see it: a
// project of another unit is not found, as a commitment is.
func (s *Server) projectOf(r *http.Request, a supervise.Actor) (project.Project, project.Store, error) {
	id, err := idParam(r, "pid")
	if err != nil {
		return project.Project{}, nil, err
	}
	ps, err := s.projects()
	if err != nil {
		return project.Project{}, nil, err
	}
	p, err := ps.Project(r.Context(), id)
	if err != nil {
		return p, ps, err
	}
	if !mayProject(a, access.ViewInternal, p) {
		return project.Project{}, ps, ledger.Errorf(ledger.ENotFound, "项目不存在")
	}
	return p, ps, nil
}

// reportsOf is the monthly reports of p.
func reportsOf(r *http.Request, ps project.Store, p project.Project) ([]project.MonthlyReport, error) {
	all, err := ps.ProjectReports(r.Context(), p.Year)
	return all[p.ID], err
}

// projectPage shows a project: stages planned and reached, the
// investment against the plan's path, the reports, and the forms the
// actor may use.
func (s *Server) projectPage(w http.ResponseWriter, r *http.Request, rq *request) error {
	p, ps, err := s.projectOf(r, rq.Actor)
	if err != nil {
		return err
	}
	reps, err := reportsOf(r, ps, p)
	if err != nil {
		return err
	}
	st, err := s.svc.Settings(r.Context())
	if err != nil {
		return err
	}
	now := s.now()
	it := project.NewItem(p, reps, st.Thresholds(), st.StaleDays, now)
	var pts []chartPoint
	for _, x := range reps {
		if x.Status == ledger.ReportApproved {
			at := periodEndOf(x.Period)
			pts = append(pts, chartPoint{At: at, Period: x.Period, Report: progress.Report{At: at, Value: x.Cumulative, HasValue: true, Percent: -1}})
		}
	}
	var chart any
	if p.AnnualPlan > 0 {
		chart = drawProgress(project.Plan(p, now.Location()), pts, now, s.bands(r.Context()), rq.Lang)
	}
	// The form edits the owed month's draft or returned report, else the
	// current month's.
	period, due, owed := project.DuePeriod(p, reps, st.StaleDays, now)
	if !owed {
		period = progress.PeriodOf(now, progress.Month)
	}
	var form project.MonthlyReport
	form.Period = period
	for _, x := range reps {
		if x.Status == ledger.ReportReturned || x.Status == ledger.ReportDraft {
			form, period = x, x.Period
		}
	}
	canReport := mayProject(rq.Actor, access.ReportProgress, p)
	_, takes := ledger.StateOnReport(p.State, true)
	s.render(w, r, rq, "project", http.StatusOK, map[string]any{
		"Title": p.Name, "Item": it, "Reports": reps, "Chart": chart, "Form": form, "Due": due, "Owed": owed,
		"ProblemCodes": project.ProblemCodes, "Lang": rq.Lang,
		"CanDispatch":    rq.Actor.CanDo(access.Dispatch) && ledger.CanMove(p.State, ledger.StateDispatched),
		"CanAcknowledge": mayProject(rq.Actor, access.Acknowledge, p) && p.State == ledger.StateDispatched,
		"CanReport":      canReport && takes && p.Year == now.Year() || canReport && takes && form.ID != 0,
		"CanReview":      rq.Actor.CanDo(access.Review),
	})
	return nil
}

// projectBack returns to the project's page with a message (backTo).
func (s *Server) projectBack(w http.ResponseWriter, r *http.Request, id int64, err error, ok string) error {
	return s.backTo(w, r, fmt.Sprintf("/projects/%d", id), err, ok)
}

// postProjectDispatch dispatches a project to its owner unit (交办).
func (s *Server) postProjectDispatch(w http.ResponseWriter, r *http.Request, rq *request) error {
	p, ps, err := s.projectOf(r, rq.Actor)
	if err != nil {
		return err
	}
	if !ledger.CanMove(p.State, ledger.StateDispatched) {
		return s.projectBack(w, r, p.ID, ledger.Errorf(ledger.EConflict, "项目当前状态不能交办"), "")
	}
	return s.projectBack(w, r, p.ID, ps.SetProjectState(r.Context(), p.ID, ledger.StateDispatched, rq.Actor.Login), "已交办")
}

// postProjectAcknowledge is the owner unit taking the project on (签收).
func (s *Server) postProjectAcknowledge(w http.ResponseWriter, r *http.Request, rq *request) error {
	p, ps, err := s.projectOf(r, rq.Actor)
	if err != nil {
		return err
	}
	if !mayProject(rq.Actor, access.Acknowledge, p) {
		return ledger.Errorf(supervise.EForbidden, "只有责任单位可以签收")
	}
	if p.State != ledger.StateDispatched || !ledger.CanMove(p.State, ledger.StateAcknowledged) {
		return s.projectBack(w, r, p.ID, ledger.Errorf(ledger.EConflict, "项目尚未交办或已签收"), "")
	}
	return s.projectBack(w, r, p.ID, ps.SetProjectState(r.Context(), p.ID, ledger.StateAcknowledged, rq.Actor.Login), "已签收")
}

// formAmount reads a form's figure of 万元; "" is 0.
func formAmount(v, name string) (float64, error) {
	v = strings.TrimSpace(strings.ReplaceAll(v, ",", ""))
	if v == "" {
		return 0, nil
	}
	f, err := strconv.ParseFloat(v, 64)
	if err != nil {
		return 0, ledger.Errorf(ledger.EInvalid, "%s %q 应为金额（万元）", name, v)
	}
	return f, nil
}

// postProjectReport saves or submits the owner unit's monthly report
// (填报) through project.Submit.
func (s *Server) postProjectReport(w http.ResponseWriter, r *http.Request, rq *request) error {
	p, ps, err := s.projectOf(r, rq.Actor)
	if err != nil {
		return err
	}
	if !mayProject(rq.Actor, access.ReportProgress, p) {
		return ledger.Errorf(supervise.EForbidden, "只有责任单位可以填报")
	}
	reps, err := reportsOf(r, ps, p)
	if err != nil {
		return err
	}
	in := project.MonthlyReport{ProjectID: p.ID, Period: strings.TrimSpace(r.PostFormValue("period")),
		Stage: r.PostFormValue("stage"), Progress: r.PostFormValue("progress"), Explanation: r.PostFormValue("explanation")}
	if in.Month, err = formAmount(r.PostFormValue("month"), "当月完成投资"); err != nil {
		return s.projectBack(w, r, p.ID, err, "")
	}
	if in.Cumulative, err = formAmount(r.PostFormValue("cumulative"), "累计完成投资"); err != nil {
		return s.projectBack(w, r, p.ID, err, "")
	}
	if d := strings.TrimSpace(r.PostFormValue("stage_date")); d != "" {
		t, err := time.Parse(time.DateOnly, d)
		if err != nil {
			return s.projectBack(w, r, p.ID, ledger.Errorf(ledger.EInvalid, "日期 %q 无效", d), "")
		}
		in.StageDate = t
	}
	for _, c := range project.ProblemCodes {
		if text := strings.TrimSpace(r.PostFormValue("problem_" + string(c))); text != "" || r.PostFormValue("problem_"+string(c)+"_on") == "1" {
			in.Problems = append(in.Problems, project.Problem{Code: c, Text: text})
		}
	}
	var prev *project.MonthlyReport
	for i := range reps {
		x := &reps[i]
		if x.Period == in.Period {
			in.ID, in.Status, in.Evidence = x.ID, x.Status, x.Evidence
		}
		if x.Period < in.Period && (x.Status == ledger.ReportSubmitted || x.Status == ledger.ReportApproved) && (prev == nil || x.Period > prev.Period) {
			prev = x
		}
	}
	submit := r.PostFormValue("action") == "submit"
	out, next, err := project.Submit(p, prev, in, submit, rq.Actor.Login, s.now())
	if err != nil {
		return s.projectBack(w, r, p.ID, err, "")
	}
	p.State = next
	msg := "已保存"
	if submit {
		msg = "已报送，待复核"
	}
	return s.projectBack(w, r, p.ID, ps.SaveProjectReport(r.Context(), p, &out, rq.Actor.Login), msg)
}

// postProjectReview approves or returns a submitted report (复核)
// through project.Review.
func (s *Server) postProjectReview(w http.ResponseWriter, r *http.Request, rq *request) error {
	p, ps, err := s.projectOf(r, rq.Actor)
	if err != nil {
		return err
	}
	rid, err := idParam(r, "prid")
	if err != nil {
		return err
	}
	reps, err := reportsOf(r, ps, p)
	if err != nil {
		return err
	}
	i := slices.IndexFunc(reps, func(x project.MonthlyReport) bool { return x.ID == rid })
	if i < 0 {
		return ledger.Errorf(ledger.ENotFound, "月报不存在")
	}
	approve := r.PostFormValue("decision") == "approve"
	np, out, err := project.Review(p, reps[i], approve, r.PostFormValue("reason"), rq.Actor.Login, s.now())
	if err != nil {
		return s.projectBack(w, r, p.ID, err, "")
	}
	msg := "已退回"
	if approve {
		msg = "已通过"
	}
	return s.projectBack(w, r, p.ID, ps.SaveProjectReport(r.Context(), np, &out, rq.Actor.Login), msg)
}

// postProjectUpload imports a 重点项目计划表, all or nothing; the errors,
// by row and column, are shown on the list page.
func (s *Server) postProjectUpload(w http.ResponseWriter, r *http.Request, rq *request) error {
	ps, err := s.projects()
	if err != nil {
		return err
	}
	year, err := strconv.Atoi(r.PostFormValue("year"))
	if err != nil || year < 2000 || year > 2100 {
		s.flashError(r, "请填写计划年度")
		http.Redirect(w, r, "/projects", http.StatusSeeOther)
		return nil
	}
	file, hdr, err := r.FormFile("sheet")
	if err != nil {
		s.flashError(r, "请选择重点项目计划表文件（xlsx 或 csv）")
		http.Redirect(w, r, "/projects", http.StatusSeeOther)
		return nil
	}
	defer file.Close()
	raw, err := io.ReadAll(file)
	if err != nil {
		return err
	}
	list, err := projectsheet.Parse(raw, hdr.Filename, year)
	if err == nil {
		var created, updated int
		created, updated, err = ps.ImportProjects(r.Context(), list, rq.Actor.Login)
		if err == nil {
			s.flash(r, fmt.Sprintf("已导入：新增%d个项目，更新%d个项目", created, updated))
		}
	}
	if err != nil {
		s.flashError(r, err.Error())
	}
	http.Redirect(w, r, "/projects", http.StatusSeeOther)
	return nil
}

// projectsDue is the monthly project reports a unit's reporter owes, for
// its to-do list on the dashboard (supervise.DueOf over the projects as
// supervised items); nil for other roles.
func (s *Server) projectsDue(r *http.Request, a supervise.Actor) ([]supervise.Due, error) {
	if a.Role != access.Reporter {
		return nil, nil
	}
	if _, ok := s.store.(project.Store); !ok {
		return nil, nil
	}
	items, _, _, err := s.projectItems(r, a, 0)
	if err != nil {
		return nil, err
	}
	sup := make([]supervise.Supervised, len(items))
	for i := range items {
		sup[i] = items[i]
	}
	return supervise.DueOf(a.Unit, sup, s.now()), nil
}
