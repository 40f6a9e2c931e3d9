package storetest

import (
	"strings"
	"sync"
	"testing"
	"time"

	"ducha/ledger"
)

// testAccountability: 责任追究 records are append-only (a correction is a
// new version, the original kept), statements stay with the record,
// triggers are decided once, and every change is audited in its
// transaction; the database itself refuses to change or delete a row.
func testAccountability(t *testing.T, f *fixture) {
	ctx := t.Context()
	s, ok := f.s.(ledger.AccountabilityStore)
	if !ok {
		t.Fatal("the store does not keep 责任追究 records")
	}
	order := f.order(schools, date(2024, 7, 20))
	if err := f.s.IssueOrder(ctx, &order, "li.na"); err != nil {
		t.Fatal(err)
	}
	audit0 := f.auditCount(t)
	r := ledger.AccountabilityRecord{Unit: edu, Person: "王科长", Measure: "criticism", Date: date(2024, 8, 1),
		DocNo: "区督责〔2024〕3号", CommitmentID: f.id(schools), OrderID: order.ID, TriggerKey: "unanswered:" + fmtID(order.ID),
		Facts: []ledger.AccountabilityFact{{Kind: "commitment", ID: f.id(schools)}, {Kind: "order", ID: order.ID}},
		Note:  "督办单升级后逾期未回复", Deduction: 2}
	if err := s.OpenRecord(ctx, &r, "unanswered", "li.na"); err != nil {
		t.Fatal(err)
	}
	if r.ID <= 0 || r.Version != 1 || r.OriginalID != 0 || r.CreatedBy != "li.na" || r.CreatedAt.IsZero() {
		t.Fatalf("opened: %+v", r)
	}
	// The trigger is decided: opening it again, or dismissing it, is a
	// conflict and stores nothing.
	again := r
	again.ID = 0
	wantCode(t, s.OpenRecord(ctx, &again, "unanswered", "li.na"), ledger.EConflict)
	wantCode(t, s.DismissTrigger(ctx, &ledger.AccountabilityDecision{Key: r.TriggerKey, Kind: "unanswered", Reason: "x"}, "li.na"),
		ledger.EConflict)
	if n := f.auditCount(t); n != audit0+1 {
		t.Errorf("audit entries after one opening and two refusals: %d, want %d", n, audit0+1)
	}
	wantAudit(t, f, "accountability_record", fmtID(r.ID), "li.na", "accountability.open", "", "区督责〔2024〕3号")

	// The unit's statement is kept with the record.
	st := ledger.AccountabilityStatement{RecordID: r.ID, Unit: edu, Body: "因征地手续延误，已于8月补报"}
	if err := s.AddStatement(ctx, &st, "edu.reporter"); err != nil {
		t.Fatal(err)
	}
	wantCode(t, s.AddStatement(ctx, &ledger.AccountabilityStatement{RecordID: r.ID, Unit: hr, Body: "代为申辩"}, "hr.reporter"),
		ledger.EInvalid)

	// A correction is a new version; the original stays as it was.
	fix := r
	fix.ID, fix.OriginalID, fix.Version, fix.Measure, fix.Deduction, fix.Reason = 0, r.ID, 2, "interview", 1, "追责方式有误"
	if err := s.CorrectRecord(ctx, &fix, "zhao.office"); err != nil {
		t.Fatal(err)
	}
	stale := fix
	stale.ID, stale.Version = 0, 2 // someone else's correction of version 1, made meanwhile
	wantCode(t, s.CorrectRecord(ctx, &stale, "li.na"), ledger.EConflict)
	moved := fix
	moved.ID, moved.Version, moved.Unit = 0, 3, hr
	wantCode(t, s.CorrectRecord(ctx, &moved, "li.na"), ledger.EInvalid)

	versions, statements, err := s.AccountabilityRecord(ctx, r.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(versions) != 2 {
		t.Fatalf("versions: %+v", versions)
	}
	diff(t, "the original", r, versions[0])
	diff(t, "the correction", fix, versions[1])
	if versions[1].OriginalID != r.ID || versions[1].Measure != "interview" || versions[0].Measure != "criticism" {
		t.Errorf("versions: %+v", versions)
	}
	if len(statements) != 1 || statements[0].Body != st.Body || statements[0].Unit != edu || statements[0].By != "edu.reporter" {
		t.Errorf("statements: %+v", statements)
	}
	// The audit log keeps the original and the correction of the record.
	entries := f.audit(t, "accountability_record", fmtID(r.ID))
	var actions []string
	for _, e := range entries {
		actions = append(actions, e.Action)
	}
	diff(t, "the record's audit trail", []string{"accountability.correct", "accountability.statement", "accountability.open"}, actions)
	if !strings.Contains(entries[0].Before, `"criticism"`) || !strings.Contains(entries[0].After, `"interview"`) {
		t.Errorf("correction audited as %s → %s", entries[0].Before, entries[0].After)
	}
	_, _, err = s.AccountabilityRecord(ctx, fix.ID) // a correction's id is not a record's
	wantCode(t, err, ledger.ENotFound)

	// Records of a unit, and of all.
	other := ledger.AccountabilityRecord{Unit: hr, Measure: "reminder", Date: date(2024, 9, 2), DocNo: "区督责〔2024〕5号",
		CommitmentID: f.id(income)}
	if err := s.OpenRecord(ctx, &other, "", "li.na"); err != nil {
		t.Fatal(err)
	}
	if got := must(s.AccountabilityRecords(ctx, edu))(t); len(got) != 2 || got[0].ID != r.ID || got[1].ID != fix.ID {
		t.Errorf("records of edu: %+v", got)
	}
	if got := must(s.AccountabilityRecords(ctx, ""))(t); len(got) != 3 || got[2].ID != other.ID || got[2].Facts == nil {
		t.Errorf("all records: %+v", got)
	}

	// Dismissal needs a reason; decisions are listed.
	wantCode(t, s.DismissTrigger(ctx, &ledger.AccountabilityDecision{Key: "stale:9:0", Kind: "stale"}, "li.na"), ledger.EInvalid)
	d := ledger.AccountabilityDecision{Key: "stale:" + fmtID(f.id(income)) + ":0", Kind: "stale", Unit: hr, CommitmentID: f.id(income),
		Reason: "已书面说明，系统对接故障"}
	if err := s.DismissTrigger(ctx, &d, "li.na"); err != nil {
		t.Fatal(err)
	}
	decisions := must(s.AccountabilityDecisions(ctx))(t)
	if len(decisions) != 2 {
		t.Fatalf("decisions: %+v", decisions)
	}
	byKey := map[string]ledger.AccountabilityDecision{}
	for _, x := range decisions {
		byKey[x.Key] = x
	}
	if x := byKey[r.TriggerKey]; !x.Accepted || x.RecordID != r.ID || x.Unit != edu || x.Kind != "unanswered" {
		t.Errorf("accepted decision: %+v", x)
	}
	if x := byKey[d.Key]; x.Accepted || x.Reason != d.Reason || x.By != "li.na" || x.RecordID != 0 {
		t.Errorf("dismissed decision: %+v", x)
	}

	// Bad input names the field and stores nothing.
	n := f.auditCount(t)
	for _, bad := range []ledger.AccountabilityRecord{
		{Unit: edu, Measure: "fine", Date: date(2024, 8, 1), DocNo: "x", CommitmentID: f.id(schools)},
		{Unit: "不存在的单位", Measure: "reminder", Date: date(2024, 8, 1), DocNo: "x", CommitmentID: f.id(schools)},
		{Unit: edu, Measure: "reminder", Date: date(2024, 8, 1), DocNo: "x", CommitmentID: 999999},
		{Unit: edu, Measure: "reminder", Date: date(2024, 8, 1), DocNo: "x", CommitmentID: f.id(income), OrderID: order.ID},
		{Unit: edu, Measure: "reminder", Date: date(2024, 8, 1), DocNo: "x", CommitmentID: f.id(schools), Deduction: 25},
	} {
		if err := s.OpenRecord(ctx, &bad, "", "li.na"); err == nil {
			t.Errorf("%+v stored", bad)
		}
	}
	if m := f.auditCount(t); m != n {
		t.Errorf("refused records audited: %d entries, want %d", m, n)
	}
	if got := must(s.AccountabilityRecords(ctx, ""))(t); len(got) != 3 {
		t.Errorf("refused records stored: %d records", len(got))
	}

	// The database refuses changes behind the store's back.
	for _, q := range []string{
		`UPDATE accountability_records SET measure = 'reminder'`,
		`DELETE FROM accountability_records`,
		`UPDATE accountability_statements SET body = 'changed'`,
		`DELETE FROM accountability_statements`,
		`DELETE FROM accountability_decisions`,
	} {
		if err := f.exec(ctx, q); err == nil || !strings.Contains(err.Error(), "append-only") {
			t.Errorf("%s: %v, want the append-only trigger's error", q, err)
		}
	}
	versions2, _, _ := s.AccountabilityRecord(ctx, r.ID)
	diff(t, "versions after refused changes", versions, versions2)
}

// testAccountabilityConcurrentCorrections: of two corrections of the same
// version made at once, one is stored and the other is a conflict.
func testAccountabilityConcurrentCorrections(t *testing.T, f *fixture) {
	ctx := t.Context()
	s := f.s.(ledger.AccountabilityStore)
	r := ledger.AccountabilityRecord{Unit: edu, Measure: "reminder", Date: date(2024, 8, 1), DocNo: "区督责〔2024〕1号",
		CommitmentID: f.id(schools)}
	if err := s.OpenRecord(ctx, &r, "", "li.na"); err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	errs := make([]error, 2)
	for i := range errs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			fix := r
			fix.ID, fix.OriginalID, fix.Version, fix.Reason = 0, r.ID, 2, "更正"+fmtID(int64(i))
			fix.CreatedAt = time.Time{}
			errs[i] = s.CorrectRecord(ctx, &fix, "li.na")
		}()
	}
	wg.Wait()
	ok := 0
	for _, err := range errs {
		switch {
		case err == nil:
			ok++
		case ledger.ErrorCode(err) != ledger.EConflict:
			t.Errorf("concurrent correction: %v, want a conflict", err)
		}
	}
	if ok != 1 {
		t.Errorf("%d corrections stored, want 1 (%v)", ok, errs)
	}
	if vs, _, _ := s.AccountabilityRecord(ctx, r.ID); len(vs) != 2 {
		t.Errorf("%d versions, want 2", len(vs))
	}
}
