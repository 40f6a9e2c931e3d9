package supervise_test

import (
	"context"
	"reflect"
	"strings"
	"testing"
	"time"

	"ducha/access"
	"ducha/demo"
	"ducha/demo/demotest"
	"ducha/ledger"
	"ducha/progress"
	"ducha/store"
	"ducha/supervise"
)

func TestMain(m *testing.M) { demotest.Main(m) }

func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

// todoFixture is a commitment as a unit's to-do list sees it.
type todoFixture struct {
	code     string
	lead     string
	state    ledger.State
	since    time.Time // StateChangedAt
	approved string    // period of the newest approved report, "" if none
	deadline time.Time // zero: the end of 2024
	parent   string    // the parent's code of a sub-task
}

func (f todoFixture) item(id int64, now time.Time, period string) supervise.Item {
	deadline := f.deadline
	if deadline.IsZero() {
		deadline = day(2024, 12, 31)
	}
	v := &ledger.CommitmentView{
		Commitment: ledger.Commitment{ID: id, Code: f.code, Title: "任务" + f.code, Kind: ledger.KindTarget, Period: 2024,
			Deadline: &deadline, Assignment: ledger.Assignment{Lead: f.lead}, ParentCode: f.parent},
		State: f.state, StateChangedAt: f.since,
	}
	if f.approved != "" {
		v.LatestApproved = &ledger.ProgressReport{Period: f.approved, Percent: 40, Status: ledger.ReportApproved,
			SubmittedAt: day(2024, 9, 4), ReviewedAt: day(2024, 9, 5)}
		v.LatestStatus, v.LastReportAt = ledger.ReportApproved, day(2024, 9, 4)
	}
	return supervise.Item{CommitmentView: v, Result: supervise.Evaluate(*v, now, period, progress.DefaultThresholds())}
}

// brief writes a to-do as a person would read it: code, period, due day,
// late, draft, reason, order number.
func brief(ts []supervise.Todo) []string {
	var out []string
	for _, t := range ts {
		s := t.Code
		if t.Period != "" {
			s += " " + t.Period
		}
		if !t.Due.IsZero() {
			s += " due " + t.Due.Format("01-02")
		}
		if t.Late {
			s += " late"
		}
		if t.Draft {
			s += " draft"
		}
		if t.Reason != "" {
			s += " «" + t.Reason + "»"
		}
		if t.OrderNo != "" {
			s += " " + t.OrderNo
		}
		out = append(out, s)
	}
	return out
}

// TestTodoOf: what 教育局 has to do on 15 September 2024 (monthly
// reports, ten days' grace: August's report was due on 10 September,
// September's is due on 10 October), worked out by hand.
func TestTodoOf(t *testing.T) {
	const unit, other = "示例区教育局", "示例区民政局"
	now := time.Date(2024, 9, 15, 10, 0, 0, 0, time.UTC)
	st := supervise.DefaultSettings() // monthly, StaleDays 10
	fixtures := []todoFixture{
		{code: "A1", lead: unit, state: ledger.StateDispatched, since: day(2024, 9, 12)},
		// Taken on after August ended: owes September only.
		{code: "A2", lead: unit, state: ledger.StateAcknowledged, since: day(2024, 9, 10)},
		// Reported up to July: August is late.
		{code: "A3", lead: unit, state: ledger.StateInProgress, since: day(2024, 2, 3), approved: "2024-07"},
		// August submitted, waiting for review: September is next.
		{code: "A4", lead: unit, state: ledger.StateInProgress, since: day(2024, 2, 3), approved: "2024-07"},
		// August approved and September submitted: nothing to do.
		{code: "A5", lead: unit, state: ledger.StateInProgress, since: day(2024, 2, 3), approved: "2024-08"},
		// August returned: correct it (late), no second item for August.
		{code: "A6", lead: unit, state: ledger.StateInProgress, since: day(2024, 2, 3), approved: "2024-07"},
		// August saved as a draft only.
		{code: "A7", lead: unit, state: ledger.StateInProgress, since: day(2024, 2, 3), approved: "2024-07"},
		// Another unit's, dispatched: not 教育局's to do.
		{code: "B1", lead: other, state: ledger.StateDispatched, since: day(2024, 9, 12)},
		// Past its deadline of 30 June and not completed; August reported.
		{code: "A9", lead: unit, state: ledger.StateInProgress, since: day(2024, 2, 3), approved: "2024-08", deadline: day(2024, 6, 30)},
		// Closed: nothing.
		{code: "A10", lead: unit, state: ledger.StateClosed, since: day(2024, 8, 1)},
		// Not dispatched yet: nothing.
		{code: "A11", lead: unit, state: ledger.StateNew},
	}
	var items []supervise.Item
	ids := map[string]int64{}
	for i, f := range fixtures {
		it := f.item(int64(i+1), now, st.Period)
		items = append(items, it)
		ids[f.code] = it.ID
	}
	reports := []ledger.ProgressReport{
		{ID: 41, CommitmentID: ids["A4"], Period: "2024-08", Status: ledger.ReportSubmitted},
		{ID: 51, CommitmentID: ids["A5"], Period: "2024-09", Status: ledger.ReportSubmitted},
		{ID: 61, CommitmentID: ids["A6"], Period: "2024-08", Status: ledger.ReportReturned, ReturnReason: "请补充现场照片"},
		{ID: 71, CommitmentID: ids["A7"], Period: "2024-08", Status: ledger.ReportDraft},
	}
	orders := []ledger.SupervisionOrder{
		{ID: 1, CommitmentID: ids["A3"], No: "督〔2024〕3号", Unit: unit, ReplyBy: day(2024, 9, 20)},
		{ID: 2, CommitmentID: ids["A4"], No: "督〔2024〕4号", Unit: unit, ReplyBy: day(2024, 9, 12)},
		{ID: 3, CommitmentID: ids["B1"], No: "督〔2024〕5号", Unit: other, ReplyBy: day(2024, 9, 20)},
		{ID: 4, CommitmentID: ids["A5"], No: "督〔2024〕6号", Unit: unit, ReplyBy: day(2024, 9, 20), RepliedAt: day(2024, 9, 14)},
		{ID: 5, CommitmentID: ids["A6"], No: "督〔2024〕7号", Unit: unit, ReplyBy: day(2024, 9, 1), EscalatedAt: day(2024, 9, 2)},
	}
	got := supervise.TodoOf(unit, items, reports, orders, st, now)
	want := map[string][]string{
		"acknowledge": {"A1"},
		"report": {"A3 2024-08 due 09-10 late", "A7 2024-08 due 09-10 late draft",
			"A2 2024-09 due 10-10", "A4 2024-09 due 10-10", "A9 2024-09 due 10-10"},
		"returned": {"A6 2024-08 due 09-10 late «请补充现场照片»"},
		"orders":   {"A4 due 09-12 late 督〔2024〕4号", "A3 due 09-20 督〔2024〕3号"},
		"overdue":  {"A9 due 06-30 late"},
	}
	for kind, list := range map[string][]supervise.Todo{"acknowledge": got.Acknowledge, "report": got.Report,
		"returned": got.Returned, "orders": got.Orders, "overdue": got.Overdue} {
		if b := brief(list); !reflect.DeepEqual(b, want[kind]) {
			t.Errorf("%s:\n got  %q\n want %q", kind, b, want[kind])
		}
	}
	if got.Count() != 10 {
		t.Errorf("count %d, want 10", got.Count())
	}
	// 民政局: its dispatched commitment and the 督办单 on it.
	if other := supervise.TodoOf(other, items, reports, orders, st, now); !reflect.DeepEqual(brief(other.Acknowledge), []string{"B1"}) ||
		!reflect.DeepEqual(brief(other.Orders), []string{"B1 due 09-20 督〔2024〕5号"}) || other.Count() != 2 {
		t.Errorf("民政局's to-dos: %+v", other)
	}
}

// TestTodoParent: a task split into sub-tasks is reported through them —
// its progress is rolled up from theirs — so the unit owes the August
// report of each sub-task, not of the parent; the parent is still to be
// signed for when it is dispatched.
func TestTodoParent(t *testing.T) {
	const unit = "示例区住建局"
	now := time.Date(2024, 9, 15, 10, 0, 0, 0, time.UTC)
	st := supervise.DefaultSettings()
	var items []supervise.Item
	for i, f := range []todoFixture{
		{code: "C1", lead: unit, state: ledger.StateInProgress, since: day(2024, 2, 3), approved: "2024-07"},
		{code: "C1.1", parent: "C1", lead: unit, state: ledger.StateInProgress, since: day(2024, 2, 3), approved: "2024-07"},
		{code: "C1.2", parent: "C1", lead: unit, state: ledger.StateInProgress, since: day(2024, 2, 3), approved: "2024-07"},
		{code: "D1", lead: unit, state: ledger.StateDispatched, since: day(2024, 9, 12)},
		{code: "D1.1", parent: "D1", lead: unit, state: ledger.StateDispatched, since: day(2024, 9, 12)},
	} {
		items = append(items, f.item(int64(i+1), now, st.Period))
	}
	got := supervise.TodoOf(unit, items, nil, nil, st, now)
	if b, want := brief(got.Report), []string{"C1.1 2024-08 due 09-10 late", "C1.2 2024-08 due 09-10 late"}; !reflect.DeepEqual(b, want) {
		t.Errorf("reports owed %q, want %q", b, want)
	}
	if b, want := brief(got.Acknowledge), []string{"D1", "D1.1"}; !reflect.DeepEqual(b, want) {
		t.Errorf("to sign for %q, want %q", b, want)
	}
}

// TestDuePeriod: which report is owed, by hand, for monthly and quarterly
// reporting and around the plan's start.
func TestDuePeriod(t *testing.T) {
	month, quarter := supervise.DefaultSettings(), supervise.DefaultSettings()
	quarter.Period = progress.Quarter
	quarter.StaleDays = 15
	tests := []struct {
		name   string
		st     supervise.Settings
		f      todoFixture
		now    time.Time
		want   string // "period due", "" for nothing owed
		submit string // a submitted report's period
	}{
		{"quarterly, Q2 approved: Q3 due 15 days after its end", quarter,
			todoFixture{state: ledger.StateInProgress, approved: "2024-Q2"}, day(2024, 9, 15), "2024-Q3 2024-10-15", ""},
		{"quarterly, nothing since Q1: Q2 was due on 15 July", quarter,
			todoFixture{state: ledger.StateInProgress, approved: "2024-Q1"}, day(2024, 9, 15), "2024-Q2 2024-07-15", ""},
		{"taken on in January: December 2023 is before the plan", month,
			todoFixture{state: ledger.StateAcknowledged, since: day(2024, 1, 19)}, day(2024, 1, 25), "2024-01 2024-02-10", ""},
		{"acknowledged in August, nothing reported: August owed on 3 September", month,
			todoFixture{state: ledger.StateAcknowledged, since: day(2024, 8, 20)}, day(2024, 9, 3), "2024-08 2024-09-10", ""},
		{"a later period submitted counts for the earlier", month,
			todoFixture{state: ledger.StateInProgress, approved: "2024-07"}, day(2024, 9, 15), "", "2024-09"},
		{"dispatched, not acknowledged: no report owed", month,
			todoFixture{state: ledger.StateDispatched, since: day(2024, 9, 1)}, day(2024, 9, 15), "", ""},
		{"on the due day itself still on time", month,
			todoFixture{state: ledger.StateInProgress, approved: "2024-07"}, day(2024, 9, 10), "2024-08 2024-09-10", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			it := tt.f.item(1, tt.now, tt.st.Period)
			var reps []ledger.ProgressReport
			if tt.submit != "" {
				reps = append(reps, ledger.ProgressReport{CommitmentID: 1, Period: tt.submit, Status: ledger.ReportSubmitted})
			}
			p, due, ok := supervise.DuePeriod(*it.CommitmentView, it.Result, reps, tt.st, tt.now)
			got := ""
			if ok {
				got = p + " " + due.Format("2006-01-02")
			}
			if got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

// TestTodoDemo: on the demo's day every unit sees only its own
// commitments; the office sees the review queue and the overdue 督办单.
func TestTodoDemo(t *testing.T) {
	path, res := demotest.DB(t)
	ctx := context.Background()
	st, err := store.Open(ctx, path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	now := demo.AsOf
	st.SetClock(func() time.Time { return now })
	svc := &supervise.Service{Store: st, Now: func() time.Time { return now }, CacheFor: time.Nanosecond}
	items, err := svc.Items(ctx, res.ReportID)
	if err != nil {
		t.Fatal(err)
	}
	leads := map[int64]string{}
	for _, it := range items {
		leads[it.ID] = it.Assignment.Lead
	}
	total := 0
	for _, a := range res.Accounts {
		if a.Role != access.Reporter {
			continue
		}
		td, err := svc.Todo(ctx, supervise.Actor{Login: a.Login, Role: a.Role, Unit: a.Unit}, res.ReportID)
		if err != nil {
			t.Fatal(err)
		}
		for _, l := range [][]supervise.Todo{td.Acknowledge, td.Report, td.Returned, td.Orders, td.Overdue} {
			for _, x := range l {
				if leads[x.CommitmentID] != a.Unit {
					t.Errorf("%s sees %s of %s", a.Unit, x.Code, leads[x.CommitmentID])
				}
				if x.Kind == supervise.TodoReport && x.Period != "2024-08" && x.Period != "2024-09" {
					t.Errorf("%s: report of %s owed on 15 September", x.Code, x.Period)
				}
				if x.Kind == supervise.TodoReport && x.Period == "2024-08" && !x.Late {
					t.Errorf("%s: August's report not late on 15 September", x.Code)
				}
			}
		}
		if td.Review != 0 || td.OverdueOrders != nil {
			t.Errorf("%s sees the office's queue", a.Unit)
		}
		total += td.Count()
	}
	if total == 0 {
		t.Fatal("no unit has anything to do on the demo's day")
	}
	// The office: the review queue as the store has it.
	office := supervise.Actor{Login: "ducha", Role: access.Supervisor}
	td, err := svc.Todo(ctx, office, res.ReportID)
	if err != nil {
		t.Fatal(err)
	}
	queue, err := st.ReportsByStatus(ctx, res.ReportID, ledger.ReportSubmitted)
	if err != nil {
		t.Fatal(err)
	}
	if td.Review != len(queue) || td.Review == 0 {
		t.Errorf("office: %d to review, the queue holds %d", td.Review, len(queue))
	}
	if len(td.Acknowledge)+len(td.Report) > 0 {
		t.Errorf("office given a unit's to-dos: %s", strings.Join(brief(td.Report), "; "))
	}
	// A 督办单 past its reply day shows for the office and the leader.
	now = now.AddDate(0, 1, 0)
	svc.Forget()
	for _, a := range []supervise.Actor{office, {Login: "leader", Role: access.Leader}} {
		td, err := svc.Todo(ctx, a, res.ReportID)
		if err != nil {
			t.Fatal(err)
		}
		open, _ := st.OpenOrders(ctx)
		late := 0
		for _, o := range open {
			if o.Overdue(now) {
				late++
			}
		}
		if len(td.OverdueOrders) != late || late == 0 {
			t.Errorf("%s: %d overdue 督办单, want %d", a.Role, len(td.OverdueOrders), late)
		}
	}
}

// BenchmarkTodoDemo: Service.Todo of a unit on the demo's SQLite ledger
// (statuses cached, the reports and 督办单 read each time).
func BenchmarkTodoDemo(b *testing.B) {
	path, res := demotest.DB(b)
	ctx := context.Background()
	st, err := store.Open(ctx, path, store.Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	svc := &supervise.Service{Store: st, Now: func() time.Time { return demo.AsOf }, CacheFor: time.Hour}
	var a supervise.Actor
	for _, acc := range res.Accounts {
		if acc.Role == access.Reporter {
			a = supervise.Actor{Login: acc.Login, Role: acc.Role, Unit: acc.Unit}
			break
		}
	}
	if _, err := svc.Todo(ctx, a, res.ReportID); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := svc.Todo(ctx, a, res.ReportID); err != nil {
			b.Fatal(err)
		}
	}
}
