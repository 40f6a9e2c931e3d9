package web

import (
	"net/http"
	"slices"
	"strconv"
	"strings"

	"ducha/ledger"
	"ducha/project"
	"ducha/supervise"
)

// The commitments computed from projects (issue 14): "N个项目开工",
// "完成投资X亿元", "开工率Y%" are figures of the linked projects'
// approved data (project.Aggregate), shown with the projects behind them;
// plan clauses propose the link (project.Propose, project.Match).

// linkRow is a linked commitment with its computed figure.
type linkRow struct {
	Item     supervise.Item
	Link     project.Link
	Figure   project.Figure
	Projects []project.Item // linked; Counted marks those in the figure
	Counted  map[int64]bool
}

// linkProposalRow is a commitment whose clause proposes a link.
type linkProposalRow struct {
	Item     supervise.Item
	Proposal project.Proposal
	Matched  []int64
}

func (s *Server) projectLinksPage(w http.ResponseWriter, r *http.Request, rq *request) error {
	rep, err := s.currentReport(r, rq)
	if err != nil {
		return err
	}
	ps, err := s.projects()
	if err != nil {
		return err
	}
	items, _, _, err := s.projectItems(r, rq.Actor, 0)
	if err != nil {
		return err
	}
	byID := map[int64]project.Item{}
	var all []project.Project
	for _, it := range items {
		byID[it.ID] = it
		all = append(all, it.Project)
	}
	links, err := ps.ProjectLinks(r.Context())
	if err != nil {
		return err
	}
	var rows []linkRow
	var proposals []linkProposalRow
	if rep != nil {
		cs, err := s.svc.Items(r.Context(), rep.ID)
		if err != nil {
			return err
		}
		linked := map[int64]project.CommitmentLink{}
		for _, l := range links {
			linked[l.CommitmentID] = l
		}
		for _, c := range cs {
			if l, ok := linked[c.ID]; ok {
				row := linkRow{Item: c, Link: l.Link, Counted: map[int64]bool{}}
				for _, pid := range l.Projects {
					if it, ok := byID[pid]; ok {
						row.Projects = append(row.Projects, it)
					}
				}
				row.Figure = project.Aggregate(l.Link, row.Projects)
				for _, id := range row.Figure.Counted {
					row.Counted[id] = true
				}
				rows = append(rows, row)
				continue
			}
			if c.Kind != ledger.KindTarget {
				continue
			}
			for _, p := range project.Propose(c.Title) {
				proposals = append(proposals, linkProposalRow{Item: c, Proposal: p, Matched: project.Match(p.Named, all)})
			}
		}
	}
	s.render(w, r, rq, "project_links", http.StatusOK, map[string]any{
		"Title": "Commitments computed from projects", "Rows": rows, "Proposals": proposals, "Projects": all,
		"Stages": project.DefaultStages, "Lang": rq.Lang,
	})
	return nil
}

// postProjectLink links a commitment to projects with a measure, or
// removes the link (no projects).
func (s *Server) postProjectLink(w http.ResponseWriter, r *http.Request, rq *request) error {
	ps, err := s.projects()
	if err != nil {
		return err
	}
	back := func(err error, ok string) error {
		if err != nil {
			switch ledger.ErrorCode(err) {
			case ledger.EInvalid, ledger.EConflict, ledger.ENotFound:
				s.flashError(r, err.Error())
			default:
				return err
			}
		} else {
			s.flash(r, ok)
		}
		http.Redirect(w, r, "/projects/links", http.StatusSeeOther)
		return nil
	}
	cid, err := strconv.ParseInt(r.PostFormValue("commitment"), 10, 64)
	if err != nil || cid <= 0 {
		return back(ledger.Errorf(ledger.EInvalid, "请选择承诺事项"), "")
	}
	// The commitment must be one the actor may open.
	if _, err := s.svc.Detail(r.Context(), rq.Actor, cid); err != nil {
		return back(err, "")
	}
	var ids []int64
	for _, v := range r.PostForm["pid"] {
		if id, err := strconv.ParseInt(v, 10, 64); err == nil && id > 0 && !slices.Contains(ids, id) {
			ids = append(ids, id)
		}
	}
	if codes := strings.TrimSpace(r.PostFormValue("codes")); codes != "" {
		all, err := ps.Projects(r.Context(), 0)
		if err != nil {
			return err
		}
		for _, code := range strings.FieldsFunc(codes, func(r rune) bool { return r == '、' || r == ',' || r == '，' || r == ' ' || r == '\n' }) {
			i := slices.IndexFunc(all, func(p project.Project) bool { return p.Code == code })
			if i < 0 {
				return back(ledger.Errorf(ledger.EInvalid, "项目编号 %q 不存在", code), "")
			}
			if !slices.Contains(ids, all[i].ID) {
				ids = append(ids, all[i].ID)
			}
		}
	}
	l := project.Link{Measure: project.Measure(r.PostFormValue("measure")), Stage: r.PostFormValue("stage")}
	msg := "已关联项目"
	if len(ids) == 0 {
		msg = "已取消关联"
	}
	return back(ps.LinkProjects(r.Context(), cid, l, ids, rq.Actor.Login), msg)
}
