package demo_test

import (
	"context"
	"testing"

	"ducha/demo"
	"ducha/progress"
	"ducha/project"
	"ducha/store"
)

// TestDemoProjects: the demo's project ledger has its projects with
// months of approved reports, some lagging, and linked commitments.
func TestDemoProjects(t *testing.T) {
	ctx := context.Background()
	st, err := store.Open(ctx, ":memory:", store.Options{Migrate: true})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if _, err := demo.Build(ctx, st, nil); err != nil {
		t.Fatal(err)
	}
	ps, err := st.Projects(ctx, 2024)
	if err != nil || len(ps) != demo.ProjectCount {
		t.Fatalf("projects: %v, %d, want %d", err, len(ps), demo.ProjectCount)
	}
	reps, err := st.ProjectReports(ctx, 2024)
	if err != nil {
		t.Fatal(err)
	}
	lights := map[progress.Light]int{}
	reported := 0
	for _, p := range ps {
		if len(reps[p.ID]) == 8 { // January to August
			reported++
		}
		it := project.NewItem(p, reps[p.ID], progress.Thresholds{}, 10, demo.AsOf)
		lights[it.Status.Light]++
	}
	if reported < 16 || lights[progress.Green] == 0 || lights[progress.Yellow]+lights[progress.Red] == 0 {
		t.Errorf("%d projects with eight months of reports, lights %v: want most reported, some green, some lagging", reported, lights)
	}
	links, err := st.ProjectLinks(ctx)
	if err != nil {
		t.Fatal(err)
	}
	// 完成年度投资150亿元 of the 2024 sample is computed from the projects.
	if len(links) == 0 {
		t.Errorf("no commitment of the sample linked to the projects")
	}
}
