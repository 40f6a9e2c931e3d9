package supervise_test

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"strconv"
	"testing"
	"time"

	"ducha/ledger"
	"ducha/supervise"
)

// sameItems fails unless got and want are the same commitments, in the
// same order, with the same views and statuses.
func sameItems(t *testing.T, got, want []supervise.Item) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%d items, a full computation has %d", len(got), len(want))
	}
	for i := range got {
		g, w := got[i], want[i]
		if !reflect.DeepEqual(*g.CommitmentView, *w.CommitmentView) {
			t.Fatalf("item %d (%s): view\n%+v\na full computation has\n%+v", i, w.Code, *g.CommitmentView, *w.CommitmentView)
		}
		if !reflect.DeepEqual(g.Result, w.Result) {
			t.Fatalf("item %d (%s): status\n%+v\na full computation has\n%+v", i, w.Code, g.Result, w.Result)
		}
	}
}

// TestItemsIncremental: after any sequence of changes through the service
// and moves of the clock (minutes, days, across the end of a month and of
// the year), the statuses the cache keeps up to date are exactly those a
// computation of everything from the store gives at the same moment,
// whether the caller evaluates them again or the background does.
func TestItemsIncremental(t *testing.T) {
	for _, inline := range []int{0, -1} {
		for seed := range uint64(6) {
			t.Run(fmt.Sprintf("inline %d seed %d", inline, seed), func(t *testing.T) {
				testIncremental(t, inline, seed)
			})
		}
	}
}

func testIncremental(t *testing.T, inline int, seed uint64) {
	ctx := t.Context()
	e := newCacheEnv(t)
	e.svc.EvaluateInline = inline
	e.svc.CacheFor = time.Hour
	// The second report is of 2025: its targets' schedules run all year.
	const r = 1
	e.now = time.Date(2025, 3, 29, 20, 0, 0, 0, time.UTC)
	rng := rand.New(rand.NewPCG(seed, 13))
	var ids []int64
	for _, it := range e.items(t, r) {
		if it.Kind == ledger.KindTarget {
			ids = append(ids, it.ID)
		}
	}
	moves := []time.Duration{time.Minute, 30 * time.Minute, 3 * time.Hour, 26 * time.Hour, 9 * 24 * time.Hour, 40 * 24 * time.Hour}
	var log []string
	check := func() {
		t.Helper()
		if _, err := e.svc.Items(ctx, e.reports[r]); err != nil {
			t.Fatal(err)
		}
		if err := e.svc.Settle(ctx, e.reports[r]); err != nil {
			t.Fatal(err)
		}
		got := e.items(t, r)
		at := e.svc.EvaluatedAt(e.reports[r])
		// Within the hour the statuses may stay as evaluated, never past
		// midnight.
		if at.After(e.now) || e.now.Sub(at) >= time.Hour || at.YearDay() != e.now.YearDay() {
			t.Fatalf("after %v: evaluated at %v, the clock is at %v", log, at, e.now)
		}
		want, err := e.svc.EvaluateAll(ctx, e.reports[r], at)
		if err != nil {
			t.Fatal(err)
		}
		sameItems(t, got, want)
	}
	for step := range 60 {
		id := ids[rng.IntN(len(ids))]
		var err error
		switch op := rng.IntN(9); op {
		case 0:
			d := moves[rng.IntN(len(moves))]
			e.now = e.now.Add(d)
			log = append(log, "clock +"+d.String())
		case 1:
			err = e.svc.Dispatch(ctx, supervise.System, id)
			log = append(log, fmt.Sprint("dispatch ", id))
		case 2:
			err = e.svc.Acknowledge(ctx, supervise.System, id)
			log = append(log, fmt.Sprint("acknowledge ", id))
		case 3, 4:
			var r ledger.ProgressReport
			v := strconv.Itoa(rng.IntN(200))
			r, _, err = e.svc.SaveProgress(ctx, supervise.System, id, supervise.ProgressInput{Value: v, Percent: -1, Narrative: "第" + strconv.Itoa(step) + "次报告", Submit: true})
			if err == nil {
				err = e.svc.Review(ctx, supervise.System, id, r.ID, rng.IntN(4) > 0, "请补充材料")
			}
			log = append(log, fmt.Sprint("report ", v, " on ", id))
		case 5:
			err = e.svc.Close(ctx, supervise.System, id, ledger.OutcomeCompleted, "")
			log = append(log, fmt.Sprint("close ", id))
		case 6:
			err = e.svc.Reopen(ctx, supervise.System, id)
			log = append(log, fmt.Sprint("reopen ", id))
		case 8:
			// A change while the statuses are evaluated again.
			other := ids[rng.IntN(len(ids))]
			supervise.SetReevaluateHook(func() {
				supervise.SetReevaluateHook(nil)
				v := strconv.Itoa(rng.IntN(200))
				if r, _, err := e.svc.SaveProgress(ctx, supervise.System, other, supervise.ProgressInput{Value: v, Percent: -1, Narrative: "评估中报告", Submit: true}); err == nil {
					e.svc.Review(ctx, supervise.System, other, r.ID, true, "")
				}
				e.svc.Dispatch(ctx, supervise.System, id)
				e.svc.Items(ctx, e.reports[r])
			})
			e.now = e.now.Add(26 * time.Hour)
			_, err = e.svc.Items(ctx, e.reports[r])
			if err == nil {
				err = e.svc.Settle(ctx, e.reports[r])
			}
			supervise.SetReevaluateHook(nil)
			log = append(log, fmt.Sprint("report on ", other, " and dispatch ", id, " while evaluating again"))
		case 7:
			// A change and a move of the clock before anyone reads.
			err = e.svc.Dispatch(ctx, supervise.System, id)
			e.now = e.now.Add(moves[rng.IntN(len(moves))])
			log = append(log, fmt.Sprint("dispatch ", id, " and move the clock"))
		}
		if c := ledger.ErrorCode(err); c == ledger.EInternal {
			t.Fatalf("step %d (%s): %v", step, log[len(log)-1], err)
		}
		if rng.IntN(3) > 0 {
			check()
		}
	}
	check()
}
