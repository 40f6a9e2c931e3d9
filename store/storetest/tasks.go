package storetest

import (
	"slices"
	"testing"

	"ducha/ledger"
)

// find returns a pointer to the commitment with that code.
func find(t *testing.T, cs []ledger.Commitment, code string) *ledger.Commitment {
	t.Helper()
	for i := range cs {
		if cs[i].Code == code {
			return &cs[i]
		}
	}
	t.Fatalf("no commitment %s", code)
	return nil
}

// clone deep-copies commitments so that edits do not reach the original.
func clone(cs []ledger.Commitment) []ledger.Commitment {
	out := slices.Clone(cs)
	for i, c := range out {
		if c.Target != nil {
			t := *c.Target
			out[i].Target = &t
		}
		if c.Deadline != nil {
			d := *c.Deadline
			out[i].Deadline = &d
		}
		out[i].Section = slices.Clone(c.Section)
		out[i].Assignment.Cooperating = slices.Clone(c.Assignment.Cooperating)
		out[i].Milestones = slices.Clone(c.Milestones)
	}
	return out
}

func testApplyTasks(t *testing.T, s ledger.Store) {
	ctx := t.Context()
	g := setup(t, s)
	r := newReport(g.ID, 2024, "shili-2024")
	if err := s.SaveReport(ctx, r, fixtureCommitments()); err != nil {
		t.Fatal(err)
	}
	before := must(s.Commitments(ctx, r.ID))(t)

	// A task sheet edits three commitments and adds two sub-tasks, the
	// deeper one listed before its parent. Fields a sheet does not carry
	// (text, sentence, section, …) are given wrong and must be ignored.
	edits := clone(before)
	school := find(t, edits, "2024-02-03-2.1")
	school.Title, school.Category, school.Weight = "新增学位（任务分解）", "民生实事", 0.5
	school.DeadlineText, school.Deadline = "9月底前", ptr(date(2024, 9, 30))
	school.Text, school.Sentence, school.Section, school.Lead, school.Start = "ignored", "ignored", []string{"x"}, "x", 1
	school.Target = nil // keep the stored target
	school.Assignment = ledger.Assignment{Lead: finance, Cooperating: []string{hr, edu}, Leader: "钱副区长", Person: "孙科长"}
	school.Milestones = []ledger.Milestone{{Due: date(2024, 8, 31), Expected: "6000", Description: "秋季开学前"}}

	income := find(t, edits, "2024-02-03-2.2")
	income.Target = &ledger.Target{Indicator: "城镇居民人均可支配收入", Quantity: "43000元", Unit: "元", Comparator: "ge", Value: "43000"}
	income.Assignment = ledger.Assignment{SuggestedLead: finance}
	income.Milestones = nil
	income.Deadline, income.DeadlineText = nil, ""

	jobs := find(t, edits, "2024-02-03-1")
	jobs.Assignment.SuggestedLead = hr

	sub := ledger.Commitment{
		Code: "2024-02-03-2.1.1", ParentCode: "2024-02-03-2.1.0", Title: "新建中学1所", Text: "新建中学1所",
		Section: plan, Category: plan[1], Period: 2024, DeadlineText: "年底前", Deadline: ptr(date(2024, 12, 31)),
		Target:     &ledger.Target{Quantity: "1所", Unit: "所", Comparator: "eq", Value: "1"},
		Assignment: ledger.Assignment{Lead: eduBuild, Cooperating: []string{housing}},
		Milestones: []ledger.Milestone{{Due: date(2024, 6, 30), Description: "主体完工"}},
	}
	subParent := ledger.Commitment{Code: "2024-02-03-2.1.0", ParentCode: "2024-02-03-2.1", Kind: ledger.KindTarget, Title: "学校建设"}
	batch := []ledger.Commitment{*school, *income, *jobs, sub, subParent}
	if err := s.ApplyTasks(ctx, r.ID, batch); err != nil {
		t.Fatal(err)
	}
	for _, c := range batch {
		if c.ID <= 0 || c.ReportID != r.ID {
			t.Fatalf("ApplyTasks left %s with id %d, report %d", c.Code, c.ID, c.ReportID)
		}
	}
	if batch[0].ID != school.ID {
		t.Fatalf("ApplyTasks changed the id of %s", school.Code)
	}

	want := clone(before)
	w := find(t, want, "2024-02-03-2.1")
	w.Title, w.Category, w.Weight, w.DeadlineText, w.Deadline = "新增学位（任务分解）", "民生实事", 0.5, "9月底前", ptr(date(2024, 9, 30))
	// The suggested lead is kept when none is given.
	w.Assignment = ledger.Assignment{Lead: finance, SuggestedLead: edu, Cooperating: []string{hr, edu}, Leader: "钱副区长", Person: "孙科长"}
	w.Milestones = []ledger.Milestone{{Due: date(2024, 8, 31), Expected: "6000", Description: "秋季开学前"}}
	w = find(t, want, "2024-02-03-2.2")
	w.Target = income.Target
	w.Assignment = ledger.Assignment{SuggestedLead: finance}
	w.Milestones, w.Deadline, w.DeadlineText = nil, nil, ""
	find(t, want, "2024-02-03-1").Assignment = ledger.Assignment{SuggestedLead: hr}
	sub.ID, sub.ReportID, sub.Kind = batch[3].ID, r.ID, ledger.KindTarget
	subParent.ID, subParent.ReportID = batch[4].ID, r.ID
	want = slices.Insert(want, 4, subParent, sub)
	diff(t, "commitments after ApplyTasks", want, must(s.Commitments(ctx, r.ID))(t))

	// An assignment emptied is gone; applying the same sheet twice is
	// harmless.
	again := clone(want)
	find(t, again, "2024-02-04-1").Assignment = ledger.Assignment{}
	if err := s.ApplyTasks(ctx, r.ID, again); err != nil {
		t.Fatal(err)
	}
	find(t, want, "2024-02-04-1").Assignment = ledger.Assignment{}
	diff(t, "commitments after ApplyTasks twice", want, must(s.Commitments(ctx, r.ID))(t))
}

func testApplyTasksAllOrNothing(t *testing.T, s ledger.Store) {
	ctx := t.Context()
	g := setup(t, s)
	r := newReport(g.ID, 2024, "shili-2024")
	if err := s.SaveReport(ctx, r, fixtureCommitments()); err != nil {
		t.Fatal(err)
	}
	before := must(s.Commitments(ctx, r.ID))(t)
	// Each batch starts with a good edit and a good new sub-task, then has
	// one bad commitment.
	good := func() []ledger.Commitment {
		cs := clone(before)
		c := find(t, cs, "2024-02-03-2.1")
		c.Title = "changed"
		c.Assignment.Lead = finance
		c.Milestones = nil
		c.Target = &ledger.Target{Value: "1"}
		return []ledger.Commitment{*c, {Code: "2024-02-03-2.1.1", ParentCode: "2024-02-03-2.1", Title: "new"}}
	}
	with := func(c ledger.Commitment) []ledger.Commitment { return append(good(), c) }
	edit := func(code string, f func(c *ledger.Commitment)) ledger.Commitment {
		c := *find(t, clone(before), code)
		f(&c)
		return c
	}
	for _, tt := range []struct {
		name  string
		batch []ledger.Commitment
	}{
		{"unknown lead unit", with(edit("2024-02-03-1", func(c *ledger.Commitment) { c.Assignment.Lead = "示例区宇宙局" }))},
		{"unknown cooperating unit", with(edit("2024-02-03-1", func(c *ledger.Commitment) {
			c.Assignment.Cooperating = []string{edu, "示例区宇宙局"}
		}))},
		{"unknown suggested unit", with(edit("2024-02-03-1", func(c *ledger.Commitment) { c.Assignment.SuggestedLead = "宇宙局" }))},
		{"unknown unit in a new task", with(ledger.Commitment{Code: "2024-02-03-2.1.2", ParentCode: "2024-02-03-2.1",
			Assignment: ledger.Assignment{Lead: "示例区宇宙局"}})},
		{"unknown parent", with(ledger.Commitment{Code: "2024-02-03-9.1", ParentCode: "2024-02-03-9", Title: "orphan"})},
		{"new task without parent", with(ledger.Commitment{Code: "2024-02-03-9", Title: "orphan"})},
		{"empty code", with(ledger.Commitment{Title: "no code"})},
		{"code twice", with(good()[0])},
	} {
		t.Run(tt.name, func(t *testing.T) {
			err := s.ApplyTasks(ctx, r.ID, tt.batch)
			wantCode(t, err, ledger.EInvalid)
			diff(t, "commitments after a failed ApplyTasks", before, must(s.Commitments(ctx, r.ID))(t))
		})
	}
	// The good part alone goes through.
	if err := s.ApplyTasks(ctx, r.ID, good()); err != nil {
		t.Fatal(err)
	}
}
