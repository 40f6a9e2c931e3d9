package supervise_test

import (
	"context"
	"strconv"
	"strings"
	"testing"

	"ducha/access"
	"ducha/ledger"
	"ducha/supervise"
)

func TestSplitTask(t *testing.T) {
	svc, st, res, _ := setUp(t)
	ctx := context.Background()
	cs, err := st.Commitments(ctx, res.ReportID)
	if err != nil {
		t.Fatal(err)
	}
	// A target with no sub-tasks yet.
	var c ledger.Commitment
	for _, x := range cs {
		if x.Kind != ledger.KindTarget || x.ParentCode != "" || x.Assignment.Lead == "" {
			continue
		}
		has := false
		for _, y := range cs {
			has = has || y.ParentCode == x.Code
		}
		if !has {
			c = x
			break
		}
	}
	if c.ID == 0 {
		t.Fatal("no target without sub-tasks")
	}
	if _, err := svc.SplitTask(ctx, supervise.Actor{Login: "leader", Role: access.Leader}, c.ID, []string{"一"}); code(err) != supervise.EForbidden {
		t.Errorf("leader splits: %v", err)
	}
	if _, err := svc.SplitTask(ctx, clerk, c.ID, []string{" ", ""}); code(err) != "input" {
		t.Errorf("no titles: %v", err)
	}
	subs, err := svc.SplitTask(ctx, clerk, c.ID, []string{"完成选址  ", "", "开工建设"})
	if err != nil {
		t.Fatal(err)
	}
	if len(subs) != 2 || subs[0].Code != c.Code+".1" || subs[1].Code != c.Code+".2" || subs[0].Title != "完成选址" {
		t.Fatalf("sub-tasks %+v", subs)
	}
	got, err := st.Commitment(ctx, subs[1].ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.ParentCode != c.Code || got.Assignment.Lead != c.Assignment.Lead || got.Title != "开工建设" || !sameDay(got.Deadline, c.Deadline) {
		t.Errorf("stored sub-task %+v", got)
	}
	es, _ := st.Audit(ctx, "commitment", strconv.FormatInt(c.ID, 10), 5)
	if len(es) == 0 || es[0].Action != supervise.ActionSplit || !strings.Contains(es[0].After, c.Code+".2") || !strings.Contains(es[0].After, "李督查") {
		t.Errorf("audit of the parent %+v", es)
	}
	if es, _ := st.Audit(ctx, "commitment", strconv.FormatInt(subs[0].ID, 10), 5); len(es) != 1 || es[0].Before != "" || !strings.Contains(es[0].After, "完成选址") {
		t.Errorf("audit of the sub-task %+v", es)
	}
	// A second split numbers on.
	more, err := svc.SplitTask(ctx, clerk, c.ID, []string{"竣工验收"})
	if err != nil || more[0].Code != c.Code+".3" {
		t.Fatalf("second split %v %+v", err, more)
	}
	// Undo: the latest split goes, the first stays.
	codes, err := svc.UndoSplit(ctx, clerk, c.ID)
	if err != nil || len(codes) != 1 || codes[0] != c.Code+".3" {
		t.Fatalf("undo %v %v", codes, err)
	}
	if _, err := st.Commitment(ctx, more[0].ID); ledger.ErrorCode(err) != ledger.ENotFound {
		t.Errorf("undone sub-task still there: %v", err)
	}
	// The first split's sub-tasks next; refused while one is dispatched.
	if err := svc.Dispatch(ctx, clerk, subs[0].ID); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.UndoSplit(ctx, clerk, c.ID); code(err) != ledger.EConflict {
		t.Fatalf("undo with a dispatched sub-task: %v", err)
	}
	if _, err := st.Commitment(ctx, subs[1].ID); err != nil {
		t.Errorf("refused undo removed a sub-task: %v", err)
	}
	es, _ = st.Audit(ctx, "commitment", strconv.FormatInt(c.ID, 10), 10)
	n := 0
	for _, e := range es {
		if e.Action == supervise.ActionUnsplit {
			n++
		}
	}
	if n != 1 {
		t.Errorf("%d unsplit entries, want 1", n)
	}
}
