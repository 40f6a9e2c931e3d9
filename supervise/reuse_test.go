package supervise_test

import (
	"context"
	"strings"
	"testing"

	"ducha/ledger"
	"ducha/supervise"
)

// TestEvidenceReuse: a file attached to two commitments' reports (one
// document counted twice) is found on both; the office sees where, a
// unit only what it may see, and the unit attaching it is warned without
// being told where.
func TestEvidenceReuse(t *testing.T) {
	svc, _, res, _ := setUp(t)
	ctx := context.Background()
	a, b := twoInProgress(t, svc, res.ReportID, func(it supervise.Item) bool { return len(it.Assignment.Cooperating) == 0 })
	photo := append([]byte("\xff\xd8\xff\xe0"), []byte(strings.Repeat("现场照片", 40))...)
	attach := func(it supervise.Item, name string, data []byte) ledger.Evidence {
		t.Helper()
		u := reporter(res, it.Assignment.Lead)
		r, _, err := svc.SaveProgress(ctx, u, it.ID, supervise.ProgressInput{Percent: 50, Narrative: "九月进展：完成现场踏勘和方案比选工作"})
		if err != nil {
			t.Fatal(err)
		}
		e, err := svc.AddEvidence(ctx, u, it.ID, r.ID, name, data)
		if err != nil {
			t.Fatal(err)
		}
		return e
	}
	ea := attach(a, "现场.jpg", photo)
	if _, warned, err := svc.ReuseWarning(ctx, ea); err != nil || warned {
		t.Fatalf("a file attached once: warned %v, %v", warned, err)
	}
	eb := attach(b, "照片.jpg", photo)
	p, warned, err := svc.ReuseWarning(ctx, eb)
	if err != nil || !warned || !strings.Contains(p.Message, "照片.jpg") || strings.ContainsAny(p.Message, "0123456789") ||
		strings.Contains(p.Message, a.Code) {
		t.Fatalf("warning on the second attachment: %+v, %v, %v", p, warned, err)
	}
	d, err := svc.Detail(ctx, office, b.ID)
	if err != nil {
		t.Fatal(err)
	}
	ru := d.Reused[eb.ID]
	if len(ru.Uses) != 1 || ru.Uses[0].Code != a.Code || ru.Uses[0].Evidence.ID != ea.ID || ru.Hidden != 0 || len(d.Reused) != 1 {
		t.Fatalf("office's view of the reuse: %+v", d.Reused)
	}
	d, err = svc.Detail(ctx, reporter(res, b.Assignment.Lead), b.ID)
	if err != nil {
		t.Fatal(err)
	}
	if ru := d.Reused[eb.ID]; len(ru.Uses) != 0 || ru.Hidden != 1 {
		t.Fatalf("the unit's view of the reuse: %+v", d.Reused)
	}
	d, err = svc.Detail(ctx, office, a.ID)
	if err != nil {
		t.Fatal(err)
	}
	if ru := d.Reused[ea.ID]; len(ru.Uses) != 1 || ru.Uses[0].Code != b.Code {
		t.Fatalf("the reuse seen from the first commitment: %+v", d.Reused)
	}
}

// TestFlags: the review queue's flags: a narrative copied from last month,
// a file attached to two reports; only reviewers get them.
func TestFlags(t *testing.T) {
	svc, st, res, _ := setUp(t)
	ctx := context.Background()
	a, b := twoInProgress(t, svc, res.ReportID, func(it supervise.Item) bool { return it.LatestApproved != nil })
	photo := append([]byte("\xff\xd8\xff\xe0"), []byte(strings.Repeat("现场", 60))...)
	submit := func(it supervise.Item, narrative string) ledger.ProgressReport {
		t.Helper()
		u := reporter(res, it.Assignment.Lead)
		in := supervise.ProgressInput{Percent: 70, Narrative: narrative}
		if it.Target != nil && it.LatestApproved.Value != "" {
			in.Percent, in.Value = -1, it.LatestApproved.Value
		}
		r, _, err := svc.SaveProgress(ctx, u, it.ID, in)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := svc.AddEvidence(ctx, u, it.ID, r.ID, "现场.jpg", photo); err != nil {
			t.Fatal(err)
		}
		if err := svc.Submit(ctx, u, it.ID, r.ID); err != nil {
			t.Fatal(err)
		}
		return r
	}
	hist, err := st.ProgressReports(ctx, a.ID) // newest period first
	if err != nil || len(hist) == 0 {
		t.Fatalf("history of %s: %v", a.Code, err)
	}
	ra := submit(a, hist[0].Narrative)
	rb := submit(b, "九月份完成了全部点位的现场核查，新开工项目三个，整改问题十二项")
	queue, err := st.ReportsByStatus(ctx, res.ReportID, ledger.ReportSubmitted)
	if err != nil {
		t.Fatal(err)
	}
	flags, err := svc.Flags(ctx, office, queue)
	if err != nil {
		t.Fatal(err)
	}
	if f := flags[ra.ID]; f.Repeat == nil || f.Repeat.Period != hist[0].Period || !f.Reused {
		t.Errorf("flags of the copied report: %+v", f)
	}
	if f := flags[rb.ID]; f.Repeat != nil || !f.Reused {
		t.Errorf("flags of the other report: %+v", f)
	}
	if _, err := svc.Flags(ctx, reporter(res, a.Assignment.Lead), queue); code(err) != supervise.EForbidden {
		t.Errorf("a unit asks for the flags: %v", err)
	}
}

// twoInProgress returns two targets in progress of the report that pass
// ok, led by different units.
func twoInProgress(t *testing.T, svc *supervise.Service, reportID int64, ok func(supervise.Item) bool) (a, b supervise.Item) {
	t.Helper()
	items, err := svc.Items(context.Background(), reportID)
	if err != nil {
		t.Fatal(err)
	}
	for _, it := range items {
		if it.State != ledger.StateInProgress || it.Kind != ledger.KindTarget || !ok(it) {
			continue
		}
		if a.CommitmentView == nil {
			a = it
		} else if it.Assignment.Lead != a.Assignment.Lead {
			return a, it
		}
	}
	t.Fatal("no two targets in progress of different units in the demo")
	return a, b
}
