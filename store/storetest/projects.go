package storetest

import (
	"strconv"
	"testing"

	"ducha/ledger"
	"ducha/project"
)

// testProjects: a plan sheet is imported all or nothing, imported again
// keeping the workflow's state and the stages reached, and a monthly
// report moves through the workflow, each change audited.
func testProjects(t *testing.T, s ledger.Store) {
	ctx := t.Context()
	ps, ok := s.(project.Store)
	if !ok {
		t.Fatalf("%T does not keep projects", s)
	}
	sv, ok := s.(ledger.SupervisionStore)
	if !ok {
		t.Fatalf("%T does not keep the audit log", s)
	}
	mk := func(code, name string, total float64) project.Project {
		p := project.Project{Year: 2024, Code: code, Name: name, Category: project.New, Industry: "物流",
			OwnerUnit: "示例区发展和改革局", Builder: "示例建设公司", Leader: "王副区长", Location: "示例镇",
			Total: total, AnnualPlan: 1200, Stages: project.NewStages()}
		p.MonthlyPlan = [12]float64{100, 100, 100, 100, 100, 100, 100, 100, 100, 100, 100, 100.5}
		p.AnnualPlan = 1200.5
		p.Stages[2].Planned = date(2024, 5, 31)
		return p
	}
	sheet := []project.Project{mk("XM-002", "示例冷链中心", 8000), mk("XM-001", "示例物流园", 5000.25)}
	created, updated := must2(ps.ImportProjects(ctx, sheet, "office"))(t)
	if created != 2 || updated != 0 {
		t.Fatalf("import created %d, updated %d; want 2, 0", created, updated)
	}
	got := must(ps.Projects(ctx, 2024))(t)
	if len(got) != 2 || got[0].Code != "XM-001" || got[1].Code != "XM-002" {
		t.Fatalf("projects %+v, want XM-001 then XM-002", got)
	}
	want := sheet[1]
	want.ID, want.State = got[0].ID, ledger.StateNew
	diff(t, "XM-001", want, got[0])
	if other := must(ps.Projects(ctx, 2023))(t); len(other) != 0 {
		t.Fatalf("2023 has %d projects, want none", len(other))
	}

	// A sheet with one bad project writes nothing.
	bad := []project.Project{mk("XM-003", "示例新项目", 100), mk("XM-004", "", 5000)}
	_, _, err := ps.ImportProjects(ctx, bad, "office")
	wantCode(t, err, ledger.EInvalid)
	if n := len(must(ps.Projects(ctx, 0))(t)); n != 2 {
		t.Fatalf("after a refused import %d projects, want 2", n)
	}

	// The workflow: dispatched, acknowledged, a report submitted and approved.
	id := got[0].ID
	for _, st := range []ledger.State{ledger.StateDispatched, ledger.StateAcknowledged} {
		if err := ps.SetProjectState(ctx, id, st, "office"); err != nil {
			t.Fatal(err)
		}
	}
	p := must(ps.Project(ctx, id))(t)
	r := project.MonthlyReport{Period: "2024-06", Month: 150, Cumulative: 650, Stage: "签约", StageDate: date(2024, 6, 3),
		Progress: "完成场地平整", Problems: []project.Problem{{Code: project.ProblemLand, Text: "部分用地待报批"}},
		Evidence: []project.EvidenceRef{{Name: "现场.jpg", SHA256: "ab12"}}}
	r, next, err := project.Submit(p, nil, r, true, "unit", date(2024, 7, 3))
	if err != nil {
		t.Fatal(err)
	}
	p.State = next
	if err := ps.SaveProjectReport(ctx, p, &r, "unit"); err != nil {
		t.Fatal(err)
	}
	if r.ID == 0 {
		t.Fatal("the saved report has no id")
	}
	p = must(ps.Project(ctx, id))(t)
	if p.State != ledger.StateInProgress {
		t.Fatalf("after submitting, state %s, want in_progress", p.State)
	}
	p, r, err = project.Review(p, r, true, "", "office", date(2024, 7, 5))
	if err != nil {
		t.Fatal(err)
	}
	if err := ps.SaveProjectReport(ctx, p, &r, "office"); err != nil {
		t.Fatal(err)
	}
	p = must(ps.Project(ctx, id))(t)
	if p.Current() != "签约" || !p.Stages[0].Actual.Equal(date(2024, 6, 3)) || p.Progress != "完成场地平整" {
		t.Fatalf("after approval: stage %q (%v), progress %q", p.Current(), p.Stages[0].Actual, p.Progress)
	}
	reps := must(ps.ProjectReports(ctx, 2024))(t)
	if len(reps[id]) != 1 {
		t.Fatalf("reports %+v, want one of project %d", reps, id)
	}
	gotR := reps[id][0]
	wantR := r
	diff(t, "report", wantR, gotR)

	// Imported again: the sheet's fields change, the workflow's stay.
	again := mk("XM-001", "示例物流园（一期）", 5000.25)
	created, updated = must2(ps.ImportProjects(ctx, []project.Project{again}, "office"))(t)
	if created != 0 || updated != 1 {
		t.Fatalf("second import created %d, updated %d; want 0, 1", created, updated)
	}
	p = must(ps.Project(ctx, id))(t)
	if p.Name != "示例物流园（一期）" || p.State != ledger.StateInProgress || p.Current() != "签约" || p.Progress != "完成场地平整" {
		t.Fatalf("after re-import: %q %s stage %q progress %q", p.Name, p.State, p.Current(), p.Progress)
	}

	// Every change is in the audit log: import, two moves, report saved
	// twice with the project changed each time, import again.
	log := must(sv.Audit(ctx, "project", strconv.FormatInt(id, 10), 0))(t)
	var actions []string
	for i := len(log) - 1; i >= 0; i-- {
		actions = append(actions, log[i].Action)
	}
	diff(t, "audit of the project", []string{"project.import", "project.state", "project.state", "project.report",
		"project.report", "project.import"}, actions)
	rlog := must(sv.Audit(ctx, "project_report", strconv.FormatInt(r.ID, 10), 0))(t)
	if len(rlog) != 2 || rlog[0].Action != "project_report.approved" || rlog[1].Action != "project_report.submitted" {
		t.Fatalf("audit of the report %+v, want submitted then approved", rlog)
	}

	if _, err := ps.Project(ctx, id+100); !ledger.IsNotFound(err) {
		t.Fatalf("a missing project: %v, want not found", err)
	}
	start := project.Link{Measure: project.MeasureStageCount, Stage: "开工"}
	wantCode(t, ps.LinkProjects(ctx, 99999, start, []int64{id}, "office"), ledger.ENotFound)

	// A commitment computed from both projects, then from one, then none.
	g := setup(t, s)
	rep := newReport(g.ID, 2024, "projects-2024")
	if err := s.SaveReport(ctx, rep, fixtureCommitments()); err != nil {
		t.Fatal(err)
	}
	cid := must(s.Commitments(ctx, rep.ID))(t)[0].ID
	all := must(ps.Projects(ctx, 2024))(t)
	if err := ps.LinkProjects(ctx, cid, start, []int64{all[1].ID, all[0].ID}, "office"); err != nil {
		t.Fatal(err)
	}
	diff(t, "links", []project.CommitmentLink{{CommitmentID: cid, Link: start, Projects: []int64{min(all[0].ID, all[1].ID), max(all[0].ID, all[1].ID)}}},
		must(ps.ProjectLinks(ctx))(t))
	if p := must(ps.Project(ctx, all[0].ID))(t); len(p.Commitments) != 1 || p.Commitments[0] != cid {
		t.Fatalf("project's commitments %v, want [%d]", p.Commitments, cid)
	}
	invest := project.Link{Measure: project.MeasureInvestment}
	if err := ps.LinkProjects(ctx, cid, invest, []int64{all[1].ID}, "office"); err != nil {
		t.Fatal(err)
	}
	diff(t, "links", []project.CommitmentLink{{CommitmentID: cid, Link: invest, Projects: []int64{all[1].ID}}},
		must(ps.ProjectLinks(ctx))(t))
	wantCode(t, ps.LinkProjects(ctx, cid, project.Link{Measure: "guess"}, []int64{all[1].ID}, "office"), ledger.EInvalid)
	if err := ps.LinkProjects(ctx, cid, project.Link{}, nil, "office"); err != nil {
		t.Fatal(err)
	}
	if l := must(ps.ProjectLinks(ctx))(t); len(l) != 0 {
		t.Fatalf("links after unlinking: %+v", l)
	}
	if n := len(must(sv.Audit(ctx, "commitment", strconv.FormatInt(cid, 10), 0))(t)); n < 3 {
		t.Fatalf("%d audit entries of the links, want at least 3", n)
	}
}

func must2[A, B any](a A, b B, err error) func(t *testing.T) (A, B) {
	return func(t *testing.T) (A, B) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return a, b
	}
}
