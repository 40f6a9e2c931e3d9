package sqlstore

import (
	"context"
	"encoding/json"
	"errors"
	"slices"
	"strconv"

	"ducha/ledger"
	"ducha/project"
)

var _ project.Store = (*Store)(nil)

func jsonOf(v any) string {
	if v == nil {
		return ""
	}
	b, err := json.Marshal(v)
	if err != nil {
		return ""
	}
	return string(b)
}

func num(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }

func parseNum(s string) float64 {
	v, _ := strconv.ParseFloat(s, 64)
	return v
}

const selectProject = `SELECT id, year, code, name, category, industry, owner_unit, builder, leader, location, content,
	total, before_year, annual_plan, monthly_plan, progress, state FROM projects`

// projectRow scans a row of selectProject.
type projectRow struct {
	p                           project.Project
	total, before, annual, plan string
	category, state             string
}

func (r *projectRow) dest() []any {
	p := &r.p
	return []any{&p.ID, &p.Year, &p.Code, &p.Name, &r.category, &p.Industry, &p.OwnerUnit, &p.Builder, &p.Leader,
		&p.Location, &p.Content, &r.total, &r.before, &r.annual, &r.plan, &p.Progress, &r.state}
}

func (r *projectRow) project() project.Project {
	p := r.p
	p.Category, p.State = project.Category(r.category), ledger.State(r.state)
	p.Total, p.Before, p.AnnualPlan = parseNum(r.total), parseNum(r.before), parseNum(r.annual)
	var plan []float64
	_ = json.Unmarshal([]byte(r.plan), &plan)
	copy(p.MonthlyPlan[:], plan)
	return p
}

// loadProjects returns the projects the condition where selects, with
// stages and links.
func (s *Store) loadProjects(ctx context.Context, q Querier, lock bool, where string, args ...any) ([]project.Project, error) {
	var out []project.Project
	var row projectRow
	query := selectProject + " " + where + " ORDER BY year, " + s.d.Binary("code")
	if lock {
		query += s.d.ForUpdate()
	}
	err := scanRows(ctx, q, query, args, row.dest(), func() error {
		out = append(out, row.project())
		return nil
	})
	if err != nil || len(out) == 0 {
		return out, err
	}
	byID := make(map[int64]*project.Project, len(out))
	ids := make([]int64, len(out))
	for i := range out {
		byID[out[i].ID], ids[i] = &out[i], out[i].ID
	}
	var pid int64
	var st project.Stage
	err = scanRows(ctx, q, `SELECT project_id, name, planned, actual FROM project_stages WHERE `+s.d.InIDs("project_id")+` ORDER BY project_id, seq`,
		[]any{s.d.IDs(ids)}, []any{&pid, &st.Name, DateDest(&st.Planned), DateDest(&st.Actual)}, func() error {
			byID[pid].Stages = append(byID[pid].Stages, st)
			return nil
		})
	if err != nil {
		return nil, err
	}
	var cid int64
	err = scanRows(ctx, q, `SELECT project_id, commitment_id FROM commitment_projects WHERE `+s.d.InIDs("project_id")+` ORDER BY project_id, commitment_id`,
		[]any{s.d.IDs(ids)}, []any{&pid, &cid}, func() error {
			byID[pid].Commitments = append(byID[pid].Commitments, cid)
			return nil
		})
	return out, err
}

// Projects returns the projects of a plan year (0: all).
func (s *Store) Projects(ctx context.Context, year int) ([]project.Project, error) {
	var out []project.Project
	err := s.read(ctx, "projects", func(tx Tx) error {
		var err error
		if year == 0 {
			out, err = s.loadProjects(ctx, tx, false, "")
		} else {
			out, err = s.loadProjects(ctx, tx, false, "WHERE year = ?", year)
		}
		return err
	})
	return out, err
}

// Project returns one project, or a not_found error.
func (s *Store) Project(ctx context.Context, id int64) (project.Project, error) {
	var p project.Project
	err := s.read(ctx, "project", func(tx Tx) error {
		var err error
		p, err = s.projectByID(ctx, tx, id, false)
		return err
	})
	return p, err
}

func (s *Store) projectByID(ctx context.Context, q Querier, id int64, lock bool) (project.Project, error) {
	ps, err := s.loadProjects(ctx, q, lock, "WHERE id = ?", id)
	if err != nil {
		return project.Project{}, err
	}
	if len(ps) == 0 {
		return project.Project{}, ledger.Errorf(ledger.ENotFound, "项目 %d 不存在", id)
	}
	return ps[0], nil
}

// auditProject is what the audit log keeps of a project.
func auditProject(p *project.Project) string {
	if p == nil {
		return ""
	}
	return jsonOf(p)
}

// ImportProjects writes a checked plan sheet all or nothing.
func (s *Store) ImportProjects(ctx context.Context, ps []project.Project, actor string) (created, updated int, err error) {
	for i := range ps {
		if err := ps[i].Validate(); err != nil {
			return 0, 0, ledger.Errorf(ledger.EInvalid, "项目 %s：%s", ps[i].Code, err.Error())
		}
	}
	err = s.write(ctx, "import projects", func(tx Tx) error {
		created, updated = 0, 0
		for _, p := range ps {
			var id int64
			err := tx.QueryRow(ctx, `SELECT id FROM projects WHERE year = ? AND code = ?`+s.d.ForUpdate(), p.Year, p.Code).Scan(&id)
			var before *project.Project
			switch {
			case errors.Is(err, ErrNoRows):
				p.State = ledger.StateNew
				err = tx.QueryRow(ctx, `INSERT INTO projects (year, code, name, category, owner_unit, state) VALUES (?, ?, ?, ?, ?, ?) RETURNING id`,
					p.Year, p.Code, p.Name, string(p.Category), p.OwnerUnit, string(p.State)).Scan(&id)
				if err != nil {
					return err
				}
				created++
			case err != nil:
				return err
			default:
				old, err := s.projectByID(ctx, tx, id, false)
				if err != nil {
					return err
				}
				before = &old
				p.State, p.Progress = old.State, old.Progress
				for i := range p.Stages {
					if j := old.StageIndex(p.Stages[i].Name); j >= 0 {
						p.Stages[i].Actual = old.Stages[j].Actual
					}
				}
				updated++
			}
			p.ID = id
			if err := s.writeProject(ctx, tx, p); err != nil {
				return err
			}
			after, _ := s.projectByID(ctx, tx, id, false)
			action := "project.import"
			if err := s.appendAudit(ctx, tx, ledger.AuditEntry{Actor: actor, Action: action, Entity: "project",
				Ref: strconv.FormatInt(id, 10), Before: auditProject(before), After: auditProject(&after)}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return 0, 0, err
	}
	return created, updated, nil
}

// writeProject writes every column of p (its row exists) and its stages.
func (s *Store) writeProject(ctx context.Context, tx Querier, p project.Project) error {
	_, err := tx.Exec(ctx, `UPDATE projects SET name = ?, category = ?, industry = ?, owner_unit = ?, builder = ?, leader = ?,
		location = ?, content = ?, total = ?, before_year = ?, annual_plan = ?, monthly_plan = ?, progress = ?, state = ?
		WHERE id = ?`, p.Name, string(p.Category), p.Industry, p.OwnerUnit, p.Builder, p.Leader, p.Location, p.Content,
		num(p.Total), num(p.Before), num(p.AnnualPlan), jsonOf(p.MonthlyPlan[:]), p.Progress, string(p.State), p.ID)
	if err != nil {
		return err
	}
	if _, err := tx.Exec(ctx, `DELETE FROM project_stages WHERE project_id = ?`, p.ID); err != nil {
		return err
	}
	for i, st := range p.Stages {
		if _, err := tx.Exec(ctx, `INSERT INTO project_stages (project_id, seq, name, planned, actual) VALUES (?, ?, ?, ?, ?)`,
			p.ID, i, st.Name, s.d.Date(st.Planned), s.d.Date(st.Actual)); err != nil {
			return err
		}
	}
	return nil
}

// SetProjectState moves a project in the workflow.
func (s *Store) SetProjectState(ctx context.Context, id int64, st ledger.State, actor string) error {
	return s.write(ctx, "project state", func(tx Tx) error {
		old, err := s.projectByID(ctx, tx, id, true)
		if err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE projects SET state = ?, state_changed_at = ? WHERE id = ?`,
			string(st), s.d.Stamp(s.Now()), id); err != nil {
			return err
		}
		return s.appendAudit(ctx, tx, ledger.AuditEntry{Actor: actor, Action: "project.state", Entity: "project",
			Ref: strconv.FormatInt(id, 10), Before: jsonOf(map[string]string{"state": string(old.State)}),
			After: jsonOf(map[string]string{"state": string(st)})})
	})
}

const selectProjectReport = `SELECT r.id, r.project_id, r.period, r.month, r.cumulative, r.stage, r.stage_date, r.progress,
	r.problems, r.explanation, r.evidence, r.status, r.return_reason, r.submitted_by, r.submitted_at, r.reviewed_by, r.reviewed_at
	FROM project_reports r`

type reportRow struct {
	r                                      project.MonthlyReport
	month, cum, problems, evidence, status string
}

func (x *reportRow) dest() []any {
	r := &x.r
	return []any{&r.ID, &r.ProjectID, &r.Period, &x.month, &x.cum, &r.Stage, DateDest(&r.StageDate), &r.Progress,
		&x.problems, &r.Explanation, &x.evidence, &x.status, &r.ReturnReason, &r.SubmittedBy, StampDest(&r.SubmittedAt),
		&r.ReviewedBy, StampDest(&r.ReviewedAt)}
}

func (x *reportRow) report() project.MonthlyReport {
	r := x.r
	r.Month, r.Cumulative, r.Status = parseNum(x.month), parseNum(x.cum), ledger.ReportStatus(x.status)
	r.Problems, r.Evidence = nil, nil
	_ = json.Unmarshal([]byte(x.problems), &r.Problems)
	_ = json.Unmarshal([]byte(x.evidence), &r.Evidence)
	return r
}

// SaveProjectReport creates or replaces r and writes p's state, stages and
// progress, in one transaction.
func (s *Store) SaveProjectReport(ctx context.Context, p project.Project, r *project.MonthlyReport, actor string) error {
	if r.ProjectID == 0 {
		r.ProjectID = p.ID
	}
	if r.ProjectID != p.ID {
		return ledger.Errorf(ledger.EInvalid, "月报不属于项目 %d", p.ID)
	}
	return s.write(ctx, "save project report", func(tx Tx) error {
		old, err := s.projectByID(ctx, tx, p.ID, true)
		if err != nil {
			return err
		}
		var before *project.MonthlyReport
		var row reportRow
		err = tx.QueryRow(ctx, selectProjectReport+` WHERE r.project_id = ? AND r.period = ?`, p.ID, r.Period).Scan(row.dest()...)
		switch {
		case errors.Is(err, ErrNoRows):
		case err != nil:
			return err
		default:
			b := row.report()
			before = &b
		}
		args := []any{num(r.Month), num(r.Cumulative), r.Stage, s.d.Date(r.StageDate), r.Progress, jsonOf(nonNil(r.Problems)),
			r.Explanation, jsonOf(nonNil(r.Evidence)), string(r.Status), r.ReturnReason, r.SubmittedBy, s.d.Stamp(r.SubmittedAt),
			r.ReviewedBy, s.d.Stamp(r.ReviewedAt)}
		if before == nil {
			err = tx.QueryRow(ctx, `INSERT INTO project_reports (project_id, period, month, cumulative, stage, stage_date, progress,
				problems, explanation, evidence, status, return_reason, submitted_by, submitted_at, reviewed_by, reviewed_at)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, append([]any{p.ID, r.Period}, args...)...).Scan(&r.ID)
		} else {
			r.ID = before.ID
			_, err = tx.Exec(ctx, `UPDATE project_reports SET month = ?, cumulative = ?, stage = ?, stage_date = ?, progress = ?,
				problems = ?, explanation = ?, evidence = ?, status = ?, return_reason = ?, submitted_by = ?, submitted_at = ?,
				reviewed_by = ?, reviewed_at = ? WHERE id = ?`, append(args, r.ID)...)
		}
		if err != nil {
			return err
		}
		action := "project_report." + string(r.Status)
		if err := s.appendAudit(ctx, tx, ledger.AuditEntry{Actor: actor, Action: action, Entity: "project_report",
			Ref: strconv.FormatInt(r.ID, 10), Before: jsonOf(before), After: jsonOf(r)}); err != nil {
			return err
		}
		p.Commitments = old.Commitments
		changed := old.State != p.State || old.Progress != p.Progress || jsonOf(old.Stages) != jsonOf(p.Stages)
		if !changed {
			return nil
		}
		if old.State != p.State {
			if _, err := tx.Exec(ctx, `UPDATE projects SET state_changed_at = ? WHERE id = ?`, s.d.Stamp(s.Now()), p.ID); err != nil {
				return err
			}
		}
		// Only the workflow's fields change: the sheet's stay as stored.
		np := old
		np.State, np.Progress, np.Stages = p.State, p.Progress, p.Stages
		if err := s.writeProject(ctx, tx, np); err != nil {
			return err
		}
		return s.appendAudit(ctx, tx, ledger.AuditEntry{Actor: actor, Action: "project.report", Entity: "project",
			Ref: strconv.FormatInt(p.ID, 10), Before: auditProject(&old), After: auditProject(&np)})
	})
}

func nonNil[T any](l []T) []T {
	if l == nil {
		return []T{}
	}
	return l
}

// ProjectReports returns the monthly reports of a year's projects (0:
// all), by project id.
func (s *Store) ProjectReports(ctx context.Context, year int) (map[int64][]project.MonthlyReport, error) {
	out := map[int64][]project.MonthlyReport{}
	q := selectProjectReport
	var args []any
	if year != 0 {
		q += ` JOIN projects p ON p.id = r.project_id WHERE p.year = ?`
		args = append(args, year)
	}
	var row reportRow
	err := scanRows(ctx, s.d.Pool(), q+` ORDER BY r.project_id, r.period`, args, row.dest(), func() error {
		r := row.report()
		out[r.ProjectID] = append(out[r.ProjectID], r)
		return nil
	})
	return out, s.wrap("project reports", err)
}

// LinkProjects sets the projects a commitment serves and its measure.
func (s *Store) LinkProjects(ctx context.Context, commitmentID int64, l project.Link, projectIDs []int64, actor string) error {
	if len(projectIDs) > 0 {
		switch l.Measure {
		case project.MeasureStageCount, project.MeasureStageRate:
			if !slices.Contains(project.DefaultStages, l.Stage) {
				return ledger.Errorf(ledger.EInvalid, "阶段 %q 无效", l.Stage)
			}
		case project.MeasureInvestment:
			l.Stage = ""
		default:
			return ledger.Errorf(ledger.EInvalid, "计算方式 %q 无效", l.Measure)
		}
	}
	return s.write(ctx, "link projects", func(tx Tx) error {
		before := project.CommitmentLink{CommitmentID: commitmentID}
		var id int64
		if err := scanRows(ctx, tx, `SELECT project_id FROM commitment_projects WHERE commitment_id = ? ORDER BY project_id`,
			[]any{commitmentID}, []any{&id}, func() error { before.Projects = append(before.Projects, id); return nil }); err != nil {
			return err
		}
		var m, st string
		err := tx.QueryRow(ctx, `SELECT measure, stage FROM commitment_project_measures WHERE commitment_id = ?`, commitmentID).Scan(&m, &st)
		if err != nil && !errors.Is(err, ErrNoRows) {
			return err
		}
		before.Link = project.Link{Measure: project.Measure(m), Stage: st}
		for _, q := range []string{`DELETE FROM commitment_projects WHERE commitment_id = ?`, `DELETE FROM commitment_project_measures WHERE commitment_id = ?`} {
			if _, err := tx.Exec(ctx, q, commitmentID); err != nil {
				return err
			}
		}
		after := project.CommitmentLink{CommitmentID: commitmentID}
		if len(projectIDs) > 0 {
			after.Link = l
			if _, err := tx.Exec(ctx, `INSERT INTO commitment_project_measures (commitment_id, measure, stage) VALUES (?, ?, ?)`,
				commitmentID, string(l.Measure), l.Stage); err != nil {
				if s.d.IsForeignKey(err) {
					return ledger.Errorf(ledger.ENotFound, "承诺事项 %d 不存在", commitmentID)
				}
				return err
			}
		}
		for _, pid := range projectIDs {
			if _, err := tx.Exec(ctx, `INSERT INTO commitment_projects (commitment_id, project_id) VALUES (?, ?) ON CONFLICT DO NOTHING`,
				commitmentID, pid); err != nil {
				if s.d.IsForeignKey(err) {
					return ledger.Errorf(ledger.ENotFound, "承诺事项 %d 或项目 %d 不存在", commitmentID, pid)
				}
				return err
			}
			after.Projects = append(after.Projects, pid)
		}
		return s.appendAudit(ctx, tx, ledger.AuditEntry{Actor: actor, Action: "commitment.link_projects", Entity: "commitment",
			Ref: strconv.FormatInt(commitmentID, 10), Before: jsonOf(before), After: jsonOf(after)})
	})
}

// ProjectLinks returns every linked commitment.
func (s *Store) ProjectLinks(ctx context.Context) ([]project.CommitmentLink, error) {
	var out []project.CommitmentLink
	err := s.read(ctx, "project links", func(tx Tx) error {
		var l project.CommitmentLink
		var m string
		if err := scanRows(ctx, tx, `SELECT commitment_id, measure, stage FROM commitment_project_measures ORDER BY commitment_id`, nil,
			[]any{&l.CommitmentID, &m, &l.Link.Stage}, func() error {
				l.Link.Measure = project.Measure(m)
				out = append(out, l)
				return nil
			}); err != nil {
			return err
		}
		byID := map[int64]int{}
		for i := range out {
			byID[out[i].CommitmentID] = i
		}
		var cid, pid int64
		return scanRows(ctx, tx, `SELECT commitment_id, project_id FROM commitment_projects ORDER BY commitment_id, project_id`, nil,
			[]any{&cid, &pid}, func() error {
				if i, ok := byID[cid]; ok {
					out[i].Projects = append(out[i].Projects, pid)
				}
				return nil
			})
	})
	return out, err
}
