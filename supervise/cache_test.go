package supervise_test

import (
	"context"
	"fmt"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"ducha/ledger"
	"ducha/store"
	"ducha/store/storetest"
	"ducha/supervise"
)

// countingStore counts the reads of views; while gate is open (not
// closed), Views waits for it.
type countingStore struct {
	supervise.Store
	mu            sync.Mutex
	views, viewed int       // calls of Views, of ViewsOf
	ids           [][]int64 // of each ViewsOf
	gate          chan struct{}
}

func (c *countingStore) Views(ctx context.Context, reportID int64) ([]ledger.CommitmentView, error) {
	c.mu.Lock()
	c.views++
	gate := c.gate
	c.mu.Unlock()
	if gate != nil {
		<-gate
	}
	return c.Store.Views(ctx, reportID)
}

func (c *countingStore) ViewsOf(ctx context.Context, ids []int64) ([]ledger.CommitmentView, error) {
	c.mu.Lock()
	c.viewed++
	c.ids = append(c.ids, ids)
	c.mu.Unlock()
	return c.Store.ViewsOf(ctx, ids)
}

func (c *countingStore) counts() (views, viewed int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.views, c.viewed
}

// cacheEnv is a service over two generated reports of 24 commitments.
type cacheEnv struct {
	st      *countingStore
	svc     *supervise.Service
	now     time.Time
	reports [2]int64
	lead    [2]int64 // a commitment of each report with a lead unit and a deadline
}

func newCacheEnv(t *testing.T) *cacheEnv {
	ctx := t.Context()
	db, err := store.Open(ctx, ":memory:", store.Options{Migrate: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if _, _, err := db.SaveUnits(ctx, storetest.GeneratedUnits()); err != nil {
		t.Fatal(err)
	}
	gov, err := db.EnsureGovernment(ctx, ledger.Government{Name: "示例区"})
	if err != nil {
		t.Fatal(err)
	}
	e := &cacheEnv{st: &countingStore{Store: db}, now: time.Date(2024, 5, 6, 9, 0, 0, 0, time.UTC)}
	for i := range e.reports {
		r, cs := storetest.GeneratedReport(24)
		r.GovernmentID, r.Year, r.Checksum = gov.ID, 2024+i, fmt.Sprintf("%064x", i)
		if err := db.SaveReport(ctx, r, cs); err != nil {
			t.Fatal(err)
		}
		e.reports[i], e.lead[i] = r.ID, cs[12].ID // every 12th has both
	}
	e.svc = &supervise.Service{Store: e.st, Now: func() time.Time { return e.now }, CacheFor: time.Minute}
	return e
}

func (e *cacheEnv) items(t *testing.T, report int) []supervise.Item {
	t.Helper()
	items, err := e.svc.Items(t.Context(), e.reports[report])
	if err != nil {
		t.Fatal(err)
	}
	return items
}

func stateOf(items []supervise.Item, id int64) ledger.State {
	for _, it := range items {
		if it.ID == id {
			return it.State
		}
	}
	return "missing"
}

// TestItemsOneComputation: callers at once wait for one computation.
func TestItemsOneComputation(t *testing.T) {
	e := newCacheEnv(t)
	e.st.gate = make(chan struct{})
	const n = 8
	got := make([][]supervise.Item, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() { got[i], _ = e.svc.Items(context.Background(), e.reports[0]) })
	}
	time.Sleep(50 * time.Millisecond)
	if views, _ := e.st.counts(); views != 1 {
		t.Fatalf("%d computations at once, want 1", views)
	}
	close(e.st.gate)
	wg.Wait()
	for i := range got {
		if len(got[i]) != 24 || &got[i][0] != &got[0][0] {
			t.Fatalf("caller %d got %d items, not the shared ones", i, len(got[i]))
		}
	}
	if views, _ := e.st.counts(); views != 1 {
		t.Fatalf("%d computations, want 1", views)
	}
}

// TestItemsAfterChange: a change through the service shows at once, by
// reading only the commitment it touched; the items handed out before
// stay as they were.
func TestItemsAfterChange(t *testing.T) {
	e := newCacheEnv(t)
	before := e.items(t, 0)
	other := e.items(t, 1)
	if err := e.svc.Dispatch(t.Context(), supervise.System, e.lead[0]); err != nil {
		t.Fatal(err)
	}
	after := e.items(t, 0)
	if got := stateOf(after, e.lead[0]); got != ledger.StateDispatched {
		t.Fatalf("after dispatch: state %s", got)
	}
	if got := stateOf(before, e.lead[0]); got != ledger.StateNew {
		t.Fatalf("the items handed out before changed to %s", got)
	}
	views, viewed := e.st.counts()
	if views != 2 || viewed != 1 || len(e.st.ids[0]) != 1 || e.st.ids[0][0] != e.lead[0] {
		t.Fatalf("%d Views, %d ViewsOf %v; want the two first reads and ViewsOf [%d]", views, viewed, e.st.ids, e.lead[0])
	}
	for i := range after {
		if after[i].ID != before[i].ID || after[i].ID != e.lead[0] && after[i].State != before[i].State {
			t.Fatalf("item %d: %d %s, was %d %s", i, after[i].ID, after[i].State, before[i].ID, before[i].State)
		}
	}
	// The other report is not read again: nothing of it changed.
	if again := e.items(t, 1); &again[0] != &other[0] {
		t.Fatal("the other report's items were computed again")
	}
	if views, viewed := e.st.counts(); views != 2 || viewed != 1 {
		t.Fatalf("%d Views, %d ViewsOf after reading the other report", views, viewed)
	}
	// A change of everything (the settings) computes everything again.
	if err := e.svc.SaveSettings(t.Context(), supervise.System, supervise.DefaultSettings()); err != nil {
		t.Fatal(err)
	}
	if got := stateOf(e.items(t, 0), e.lead[0]); got != ledger.StateDispatched {
		t.Fatalf("after the settings: state %s", got)
	}
	if views, _ := e.st.counts(); views != 3 {
		t.Fatalf("%d Views after a change of the settings, want 3", views)
	}
	e.svc.Forget()
	e.items(t, 0)
	if views, _ := e.st.counts(); views != 4 {
		t.Fatalf("%d Views after Forget, want 4", views)
	}
}

// TestItemsExpired: statuses older than CacheFor are evaluated again at
// the new clock without reading the store; a large report in the
// background, while callers go on with the old statuses.
func TestItemsExpired(t *testing.T) {
	for _, inline := range []int{0, -1} {
		t.Run(fmt.Sprint("inline ", inline), func(t *testing.T) {
			e := newCacheEnv(t)
			e.svc.EvaluateInline = inline
			first := e.now
			old := e.items(t, 0)
			e.now = e.now.Add(2 * time.Minute)
			got := e.items(t, 0)
			if inline < 0 {
				if &got[0] != &old[0] {
					t.Fatal("a caller waited for the evaluation in the background")
				}
				if err := e.svc.Settle(t.Context(), e.reports[0]); err != nil {
					t.Fatal(err)
				}
				got = e.items(t, 0)
			}
			if &got[0] == &old[0] {
				t.Fatal("the statuses were not evaluated again")
			}
			if at := e.svc.EvaluatedAt(e.reports[0]); !at.Equal(e.now) {
				t.Fatalf("evaluated at %v, want %v (first %v)", at, e.now, first)
			}
			if views, viewed := e.st.counts(); views != 1 || viewed != 0 {
				t.Fatalf("%d Views, %d ViewsOf: the store was read again", views, viewed)
			}
			want, err := e.svc.EvaluateAll(t.Context(), e.reports[0], e.now)
			if err != nil {
				t.Fatal(err)
			}
			sameItems(t, got, want)
		})
	}
}

// TestItemsChangeWhileComputing: a change made while all items are being
// read again in the background is not lost.
func TestItemsChangeWhileComputing(t *testing.T) {
	e := newCacheEnv(t)
	e.items(t, 0)
	e.svc.ReloadEvery = time.Nanosecond
	e.st.gate = make(chan struct{})
	e.items(t, 0) // starts reading everything again
	for {
		if views, _ := e.st.counts(); views == 2 {
			break
		}
		time.Sleep(time.Millisecond)
	}
	if err := e.svc.Dispatch(t.Context(), supervise.System, e.lead[0]); err != nil {
		t.Fatal(err)
	}
	// The change shows before the computation under way ends.
	if got := stateOf(e.items(t, 0), e.lead[0]); got != ledger.StateDispatched {
		t.Fatalf("during the computation: state %s", got)
	}
	close(e.st.gate)
	e.svc.ReloadEvery = -1
	if err := e.svc.Settle(t.Context(), e.reports[0]); err != nil {
		t.Fatal(err)
	}
	if got := stateOf(e.items(t, 0), e.lead[0]); got != ledger.StateDispatched {
		t.Fatalf("after the computation: state %s", got)
	}
}

// TestItemsConcurrentChanges: writers see their own changes at once while
// others read and the items are computed again all the time.
func TestItemsConcurrentChanges(t *testing.T) {
	e := newCacheEnv(t)
	e.svc.CacheFor = time.Nanosecond // every read finds the items old
	ctx := t.Context()
	ids := map[int64]int64{} // commitment: report
	for r, id := range e.reports {
		items := e.items(t, r)
		for _, it := range items {
			if it.Assignment.Lead != "" && it.Deadline != nil {
				ids[it.ID] = id
			}
		}
	}
	if len(ids) != 4 {
		t.Fatalf("%d commitments to dispatch, want 4", len(ids))
	}
	stop := make(chan struct{})
	var readers, writers sync.WaitGroup
	for r := range 4 {
		readers.Go(func() {
			for {
				select {
				case <-stop:
					return
				default:
				}
				if _, err := e.svc.Items(ctx, e.reports[r%2]); err != nil {
					t.Error(err)
					return
				}
			}
		})
	}
	for id, report := range ids {
		writers.Go(func() {
			check := func(want ledger.State) bool {
				items, err := e.svc.Items(ctx, report)
				if got := stateOf(items, id); err != nil || got != want {
					t.Errorf("commitment %d: %s (%v), want %s", id, got, err, want)
					return false
				}
				return true
			}
			steps := []struct {
				do   func() error
				want ledger.State
			}{
				{func() error { return e.svc.Dispatch(ctx, supervise.System, id) }, ledger.StateDispatched},
				{func() error { return e.svc.Acknowledge(ctx, supervise.System, id) }, ledger.StateAcknowledged},
				{func() error { return e.svc.Close(ctx, supervise.System, id, ledger.OutcomeCompleted, "") }, ledger.StateClosed},
			}
			for _, st := range steps {
				if err := st.do(); err != nil {
					t.Error(err)
					return
				}
				if !check(st.want) {
					return
				}
			}
			for range 10 {
				if err := e.svc.Reopen(ctx, supervise.System, id); err != nil || !check(ledger.StateInProgress) {
					t.Error(err)
					return
				}
				if err := e.svc.Close(ctx, supervise.System, id, ledger.OutcomeCompleted, ""); err != nil || !check(ledger.StateClosed) {
					t.Error(err)
					return
				}
			}
		})
	}
	writers.Wait()
	close(stop)
	readers.Wait()
}

// TestSummary: the summary of every commitment is computed once per
// version of the items; a reporter's is of the unit's commitments.
func TestSummary(t *testing.T) {
	e := newCacheEnv(t)
	ctx := t.Context()
	sum, err := e.svc.Summary(ctx, supervise.System, e.reports[0])
	if err != nil {
		t.Fatal(err)
	}
	if want := supervise.Summarize(e.items(t, 0), e.now); !reflect.DeepEqual(sum, want) {
		t.Fatalf("Summary = %+v\nwant %+v", sum, want)
	}
	again, _ := e.svc.Summary(ctx, supervise.System, e.reports[0])
	if &again.ByUnit[0] != &sum.ByUnit[0] {
		t.Fatal("the summary was computed again")
	}
	if err := e.svc.Dispatch(ctx, supervise.System, e.lead[0]); err != nil {
		t.Fatal(err)
	}
	after, _ := e.svc.Summary(ctx, supervise.System, e.reports[0])
	if after.Dispatched != sum.Dispatched+1 {
		t.Fatalf("after a dispatch: %d dispatched, was %d", after.Dispatched, sum.Dispatched)
	}
	unit := storetest.GeneratedUnits()[0].Name
	reporter := supervise.Actor{Login: "u", Role: "reporter", Unit: unit}
	mine, _ := e.svc.Summary(ctx, reporter, e.reports[0])
	if want := supervise.Summarize(supervise.Visible(reporter, e.items(t, 0)), e.now); !reflect.DeepEqual(mine, want) || mine.Targets >= sum.Targets {
		t.Fatalf("reporter's summary: %d targets of %d", mine.Targets, sum.Targets)
	}
}

// TestView: views are shared until the items change, a reporter's holds
// the unit's commitments, and what is derived is computed once.
func TestView(t *testing.T) {
	e := newCacheEnv(t)
	ctx := t.Context()
	all, err := e.svc.View(ctx, supervise.System, e.reports[0])
	if err != nil {
		t.Fatal(err)
	}
	leader := supervise.Actor{Login: "l", Role: "leader"}
	if again, _ := e.svc.View(ctx, leader, e.reports[0]); again != all || len(all.Items) != 24 {
		t.Fatalf("views of everything: %p %p, %d items", again, all, len(all.Items))
	}
	unit := storetest.GeneratedUnits()[0].Name
	reporter := supervise.Actor{Login: "u", Role: "reporter", Unit: unit}
	mine, _ := e.svc.View(ctx, reporter, e.reports[0])
	if want := supervise.Visible(reporter, all.Items); !reflect.DeepEqual(mine.Items, want) || len(want) == 0 {
		t.Fatalf("reporter's view: %d items, want %d", len(mine.Items), len(want))
	}
	calls := 0
	for range 3 {
		if got := all.Memo("k", func() any { calls++; return calls }); got != 1 {
			t.Fatalf("Memo = %v", got)
		}
	}
	f := all.Facets()
	if len(f.Categories) != 1 || len(f.Units) != len(storetest.GeneratedUnits()) {
		t.Fatalf("facets: %+v", f)
	}
	if err := e.svc.Dispatch(ctx, supervise.System, e.lead[0]); err != nil {
		t.Fatal(err)
	}
	if after, _ := e.svc.View(ctx, supervise.System, e.reports[0]); after == all || stateOf(after.Items, e.lead[0]) != ledger.StateDispatched {
		t.Fatal("the view did not change with the items")
	}
}

// TestViewAfterChange: a reporter's view after a change holds the
// changed item, found at the positions the unit saw before.
func TestViewAfterChange(t *testing.T) {
	e := newCacheEnv(t)
	ctx := t.Context()
	items := e.items(t, 0)
	var lead string
	for _, it := range items {
		if it.ID == e.lead[0] {
			lead = it.Assignment.Lead
		}
	}
	reporter := supervise.Actor{Login: "u", Role: "reporter", Unit: lead}
	before, _ := e.svc.View(ctx, reporter, e.reports[0])
	if err := e.svc.Dispatch(ctx, supervise.System, e.lead[0]); err != nil {
		t.Fatal(err)
	}
	after, _ := e.svc.View(ctx, reporter, e.reports[0])
	if stateOf(before.Items, e.lead[0]) != ledger.StateNew || stateOf(after.Items, e.lead[0]) != ledger.StateDispatched {
		t.Fatalf("states before and after: %s, %s", stateOf(before.Items, e.lead[0]), stateOf(after.Items, e.lead[0]))
	}
	if want := supervise.Visible(reporter, e.items(t, 0)); !reflect.DeepEqual(after.Items, want) {
		t.Fatalf("reporter's view after the change: %d items, want %d", len(after.Items), len(want))
	}
	nobody := supervise.Actor{Login: "n", Role: "reporter", Unit: "无此单位"}
	if v, _ := e.svc.View(ctx, nobody, e.reports[0]); v.Items != nil {
		t.Fatalf("a unit of nothing sees %d items", len(v.Items))
	}
}

// TestReports: the list of reports is kept, without the text, and read
// again for a report it does not know.
func TestReports(t *testing.T) {
	e := newCacheEnv(t)
	ctx := t.Context()
	list, err := e.svc.Reports(ctx)
	if err != nil || len(list) != 2 || list[0].Text != "" || list[0].Government.Name != "示例区" {
		t.Fatalf("Reports = %+v, %v", list, err)
	}
	// A report imported behind the service's back.
	r, cs := storetest.GeneratedReport(3)
	r.GovernmentID, r.Year, r.Checksum = list[0].GovernmentID, 2030, fmt.Sprintf("%064x", 30)
	if err := e.st.Store.SaveReport(ctx, r, cs); err != nil {
		t.Fatal(err)
	}
	if again, _ := e.svc.Reports(ctx); len(again) != 2 {
		t.Fatalf("%d reports before CacheFor, want the 2 kept", len(again))
	}
	if ref, ok, err := e.svc.Report(ctx, r.ID); err != nil || !ok || ref.Year != 2030 {
		t.Fatalf("Report(new) = %+v, %v, %v", ref, ok, err)
	}
	if again, _ := e.svc.Reports(ctx); len(again) != 3 {
		t.Fatalf("%d reports after reading them again, want 3", len(again))
	}
	if _, ok, err := e.svc.Report(ctx, r.ID+100); ok || err != nil {
		t.Fatalf("Report(unknown) = %v, %v", ok, err)
	}
}

// TestViewSelect: a view's Select, which looks the query's words up in
// the report's word index, lists what Select over the view's items lists,
// for every kind of actor, before and after changes.
func TestViewSelect(t *testing.T) {
	e := newCacheEnv(t)
	ctx := t.Context()
	units := storetest.GeneratedUnits()
	actors := []supervise.Actor{supervise.System, {Login: "u", Role: "reporter", Unit: units[0].Name}}
	filters := []supervise.Filter{
		{Query: "学位"}, {Query: "1005"}, {Query: "学位 1012"}, {Query: "无此词"},
		{Query: strings.ToUpper(units[1].Name)}, {Query: "李副区长", Unit: units[2].Name},
		{Query: "学位", State: ledger.StateDispatched}, {Query: ""}, {Query: "2024-02-01"},
	}
	check := func(when string) {
		t.Helper()
		for _, a := range actors {
			v, err := e.svc.View(ctx, a, e.reports[0])
			if err != nil {
				t.Fatal(err)
			}
			for _, f := range filters {
				for page := 1; page <= 3; page++ {
					got, gotN := v.Select(f, page, 5)
					want, wantN := supervise.Select(v.Items, f, page, 5)
					if gotN != wantN || !reflect.DeepEqual(got, want) {
						t.Fatalf("%s, %s, %+v, page %d: %d items of %d, want %d of %d",
							when, a.Role, f, page, len(got), gotN, len(want), wantN)
					}
				}
			}
			if _, n := v.Select(supervise.Filter{Query: "学位"}, 1, 5); n != len(v.Items) || n == 0 {
				t.Fatalf("%s, %s: 学位 in %d of %d items", when, a.Role, n, len(v.Items))
			}
		}
	}
	check("first")
	if err := e.svc.Dispatch(ctx, supervise.System, e.lead[0]); err != nil {
		t.Fatal(err)
	}
	check("after a dispatch")
	e.svc.Forget()
	check("after Forget")
}
