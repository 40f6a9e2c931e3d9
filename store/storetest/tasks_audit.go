package storetest

import (
	"strconv"
	"testing"
	"time"

	"ducha/ledger"
)

// testApplyTasksAudited: the edits and their audit entries are written in
// one transaction; the entries get the ids the commitments were written
// under (a new sub-task's too); a bad entry leaves the ledger and the log
// as they were.
func testApplyTasksAudited(t *testing.T, f *fixture) {
	ctx := t.Context()
	due := time.Date(2024, 6, 30, 0, 0, 0, 0, time.UTC)
	edit := f.byCode[jobs]
	edit.Deadline, edit.DeadlineText = &due, "6月底前"
	sub := ledger.Commitment{Code: jobs + ".1", ParentCode: jobs, Kind: ledger.KindTarget, Title: "新增子任务", Section: edit.Section}
	before := f.auditCount(t)

	// A bad entry: nothing written.
	err := f.s.ApplyTasksAudited(ctx, f.report.ID, []ledger.Commitment{edit, sub}, func(cs []ledger.Commitment) []ledger.AuditEntry {
		return []ledger.AuditEntry{{Action: "commitment.plan", Entity: "commitment", Ref: fmtID(cs[0].ID)}} // no actor
	})
	wantErr(t, err, ledger.EInvalid)
	got := must(f.s.Commitment(ctx, f.id(jobs)))(t)
	if got.Deadline != nil || f.auditCount(t) != before {
		t.Fatalf("a refused audit entry left the edit (deadline %v) or an entry", got.Deadline)
	}
	if cs := must(f.s.Commitments(ctx, f.report.ID))(t); len(cs) != len(f.byCode) {
		t.Fatalf("a refused audit entry left the sub-task: %d commitments", len(cs))
	}

	var seen []ledger.Commitment
	err = f.s.ApplyTasksAudited(ctx, f.report.ID, []ledger.Commitment{edit, sub}, func(cs []ledger.Commitment) []ledger.AuditEntry {
		seen = cs
		var es []ledger.AuditEntry
		for _, c := range cs {
			es = append(es, ledger.AuditEntry{Actor: "li.ducha", Action: "commitment.plan", Entity: "commitment",
				Ref: fmtID(c.ID), After: `{"by":"李督查","code":"` + c.Code + `"}`})
		}
		return es
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(seen) != 2 || seen[0].ID != f.id(jobs) || seen[1].ID == 0 || seen[1].ReportID != f.report.ID {
		t.Fatalf("audit saw %+v", seen)
	}
	if got := must(f.s.Commitment(ctx, f.id(jobs)))(t); got.Deadline == nil || !got.Deadline.Equal(due) {
		t.Errorf("deadline %v", got.Deadline)
	}
	for _, c := range seen {
		es := f.audit(t, "commitment", strconv.FormatInt(c.ID, 10))
		if len(es) != 1 || es[0].Actor != "li.ducha" || es[0].After != `{"by":"李督查","code":"`+c.Code+`"}` || es[0].At.IsZero() {
			t.Errorf("audit of %s: %+v", c.Code, es)
		}
	}
}

// testDeleteTasks: sub-tasks the workflow never touched are deleted with
// their audit entries; a top-level commitment, a touched sub-task or one
// whose own sub-task stays are refused and nothing changes.
func testDeleteTasks(t *testing.T, f *fixture) {
	ctx := t.Context()
	subs := []ledger.Commitment{
		{Code: jobs + ".1", ParentCode: jobs, Kind: ledger.KindTarget, Title: "子任务一"},
		{Code: jobs + ".2", ParentCode: jobs, Kind: ledger.KindTarget, Title: "子任务二"},
		{Code: jobs + ".2.1", ParentCode: jobs + ".2", Kind: ledger.KindTarget, Title: "子任务二之一"},
	}
	if err := f.s.ApplyTasks(ctx, f.report.ID, subs); err != nil {
		t.Fatal(err)
	}
	c := &ledger.Comment{CommitmentID: subs[0].ID, Author: "leader", Body: "请细化"}
	if err := f.s.AddComment(ctx, c, "leader"); err != nil {
		t.Fatal(err)
	}
	count := func() int { return len(must(f.s.Commitments(ctx, f.report.ID))(t)) }
	n, logged := count(), f.auditCount(t)
	entry := ledger.AuditEntry{Actor: "li.ducha", Action: "commitment.unsplit", Entity: "commitment", Ref: fmtID(f.id(jobs)), Before: `{"codes":["x"]}`}
	for _, tc := range []struct {
		name  string
		codes []string
		code  string
	}{
		{"top level", []string{jobs}, ledger.EInvalid},
		{"unknown", []string{jobs + ".9"}, ledger.ENotFound},
		{"commented", []string{subs[0].Code}, ledger.EConflict},
		{"child stays", []string{subs[1].Code}, ledger.EConflict},
		{"one good, one commented", []string{subs[2].Code, subs[1].Code, subs[0].Code}, ledger.EConflict},
	} {
		wantErr(t, f.s.DeleteTasks(ctx, f.report.ID, tc.codes, []ledger.AuditEntry{entry}), tc.code)
		if count() != n || f.auditCount(t) != logged {
			t.Fatalf("%s: a refused delete changed the ledger or the log", tc.name)
		}
	}
	if err := f.s.DeleteTasks(ctx, f.report.ID, []string{subs[2].Code, subs[1].Code}, []ledger.AuditEntry{entry}); err != nil {
		t.Fatal(err)
	}
	if count() != n-2 || f.auditCount(t) != logged+1 {
		t.Errorf("after delete: %d commitments (want %d), %d entries (want %d)", count(), n-2, f.auditCount(t), logged+1)
	}
	if _, err := f.s.Commitment(ctx, subs[1].ID); ledger.ErrorCode(err) != ledger.ENotFound {
		t.Errorf("deleted sub-task still read: %v", err)
	}
}
