package storetest

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"ducha/ledger"
	"ducha/notify"
	"ducha/project"
	"ducha/proposal"
)

// DB is what RunSupervision tests: store.DB, which this package cannot
// name (package store imports the stores whose tests import this one).
type DB interface {
	ledger.Store
	ledger.SupervisionStore
	project.Store
	Enqueue(ctx context.Context, key string, m notify.Message) (added bool, err error)
	notify.Outbox
	OutboxMessages(ctx context.Context, limit int) ([]notify.Record, error)
	SetClock(now func() time.Time)
	proposal.Store
	ledger.AccountabilityStore
	ledger.CityTargetStore
}

// Exec runs one SQL statement on a store's database behind its back: the
// tests use it to show what the database itself refuses.
type Exec func(ctx context.Context, query string) error

// RunSupervision runs the conformance suite of the supervision workflow
// and the outbox. open must return a fresh, empty, migrated store for each
// test, with a way to run raw SQL on it, and close (and drop) it in
// t.Cleanup.
func RunSupervision(t *testing.T, open func(t *testing.T) (DB, Exec)) {
	tests := []struct {
		name string
		test func(t *testing.T, f *fixture)
	}{
		{"Users", testUsers},
		{"UsersInvalid", testUsersInvalid},
		{"Sessions", testSessions},
		{"Commitment", testCommitment},
		{"CommitmentState", testCommitmentState},
		{"ProgressReports", testProgressReports},
		{"ProgressReportsInvalid", testProgressReportsInvalid},
		{"ReportProgress", testReportProgress},
		{"Review", testReview},
		{"ViewColumns", testViewColumns},
		{"ViewsLeadUnit", testViewsLeadUnit},
		{"ViewsOf", testViewsOf},
		{"ReportsByStatus", testReportsByStatus},
		{"ImportProgressReports", testImportProgressReports},
		{"ImportAllOrNothing", testImportAllOrNothing},
		{"Evidence", testEvidence},
		{"EvidenceUses", testEvidenceUses},
		{"Orders", testOrders},
		{"OrderNumbers", testOrderNumbers},
		{"EscalateOrder", testEscalateOrder},
		{"Comments", testComments},
		{"APITokens", testAPITokens},
		{"Settings", testSettings},
		{"Audit", testAudit},
		{"DispatchedAt", testDispatchedAt},
		{"ApplyTasksAudited", testApplyTasksAudited},
		{"DeleteTasks", testDeleteTasks},
		{"AuditAppendOnly", testAuditAppendOnly},
		{"FailedChangeNotAudited", testFailedChangeNotAudited},
		{"ReimportRefused", testReimportRefused},
		{"Enqueue", testEnqueue},
		{"OutboxLease", testOutboxLease},
		{"Dispatcher", testDispatcher},
		{"ConcurrentWrites", testConcurrentWrites},
		{"Clock", testClock},
		{"TargetKind", testTargetKind},
		{"Exclusion", testExclusion},
		{"ReconcileReviews", testReconcileReviews},
		{"Accountability", testAccountability}, {"AccountabilityConcurrentCorrections", testAccountabilityConcurrentCorrections},
		{"CityTargets", testCityTargets},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, exec := open(t)
			tt.test(t, newFixture(t, s, exec))
		})
	}
}

// fixture is a store holding the fixture report, its commitments by code.
type fixture struct {
	s      DB
	exec   Exec
	gov    ledger.Government
	report *ledger.Report
	byCode map[string]ledger.Commitment
}

func newFixture(t *testing.T, s DB, exec Exec) *fixture {
	g := setup(t, s)
	r := newReport(g.ID, 2024, "shili-2024")
	cs := fixtureCommitments()
	if err := s.SaveReport(t.Context(), r, cs); err != nil {
		t.Fatal(err)
	}
	f := &fixture{s: s, exec: exec, gov: g, report: r, byCode: map[string]ledger.Commitment{}}
	for _, c := range cs {
		f.byCode[c.Code] = c
	}
	return f
}

// The fixture's commitments the tests work on.
const (
	schools = "2024-02-03-2.1" // lead: edu
	income  = "2024-02-03-2.2" // lead: hr
	jobs    = "2024-02-03-1"   // no assignment
)

// id returns the id of the fixture's commitment code.
func (f *fixture) id(code string) int64 {
	c, ok := f.byCode[code]
	if !ok {
		panic("fixture: no commitment " + code)
	}
	return c.ID
}

// audit returns the audit log of one record, newest first.
func (f *fixture) audit(t *testing.T, entity, ref string) []ledger.AuditEntry {
	t.Helper()
	return must(f.s.Audit(t.Context(), entity, ref, 0))(t)
}

// auditCount is the number of entries of the whole log.
func (f *fixture) auditCount(t *testing.T) int {
	t.Helper()
	return len(must(f.s.Audit(t.Context(), "", "", 0))(t))
}

// wantErr fails the test unless err carries the code and its message
// contains every one of parts.
func wantErr(t *testing.T, err error, code string, parts ...string) {
	t.Helper()
	if got := ledger.ErrorCode(err); got != code {
		t.Fatalf("error %v has code %q, want %q", err, got, code)
	}
	for _, p := range parts {
		if !strings.Contains(err.Error(), p) {
			t.Fatalf("error %q does not say %q", err, p)
		}
	}
}

// recent fails the test unless at is a time the store set just now: in
// UTC, to the second, not before start.
func recent(t *testing.T, what string, at, start time.Time) {
	t.Helper()
	if at.Location() != time.UTC || at.Nanosecond() != 0 || at.Before(start.Truncate(time.Second)) || at.After(time.Now()) {
		t.Fatalf("%s = %v, want a UTC second since %v", what, at, start)
	}
}

// wantAudit fails the test unless the newest entry of a record has that
// actor and action, and the JSON of before and after contain the given
// fragments ("" for an empty side) and never any of secrets.
func wantAudit(t *testing.T, f *fixture, entity, ref, actor, action, before, after string, secrets ...string) ledger.AuditEntry {
	t.Helper()
	es := f.audit(t, entity, ref)
	if len(es) == 0 {
		t.Fatalf("no audit entry for %s %s", entity, ref)
	}
	e := es[0]
	if e.Actor != actor || e.Action != action || e.Entity != entity || e.Ref != ref {
		t.Fatalf("audit entry %+v, want %s by %s on %s %s", e, action, actor, entity, ref)
	}
	for _, side := range []struct{ got, want, name string }{{e.Before, before, "Before"}, {e.After, after, "After"}} {
		if side.want == "" && side.got != "" || !strings.Contains(side.got, side.want) {
			t.Fatalf("audit %s %s = %s, want it to contain %q", action, side.name, side.got, side.want)
		}
		for _, s := range secrets {
			if strings.Contains(side.got, s) {
				t.Fatalf("audit %s %s = %s holds the secret %q", action, side.name, side.got, s)
			}
		}
	}
	recent(t, "audit At", e.At, time.Now().Add(-time.Minute))
	return e
}

func testUsers(t *testing.T, f *fixture) {
	ctx, s := t.Context(), f.s
	start := time.Now()
	const hash = "$argon2id$v=19$m=65536,t=1,p=2$c2FsdA$aGFzaA"
	users := []ledger.User{
		{Login: "zhang.wei", Name: "张伟", Role: "reporter", Unit: edu, PasswordHash: hash},
		{Login: "admin", Name: "管理员", Role: "admin", PasswordHash: hash},
		// Only a reporter has a unit.
		{Login: "li.na", Name: "李娜", Role: "supervisor", Unit: finance},
	}
	for i := range users {
		u := &users[i]
		if err := s.CreateUser(ctx, u, "admin"); err != nil {
			t.Fatal(err)
		}
		if u.ID <= 0 {
			t.Fatalf("CreateUser set ID %d", u.ID)
		}
		recent(t, "CreatedAt", u.CreatedAt, start)
		wantAudit(t, f, "user", u.Login, "admin", "user.add", "", `"Login":"`+u.Login+`"`, hash)
	}
	if users[2].Unit != "" {
		t.Fatalf("a supervisor kept the unit %q", users[2].Unit)
	}
	got := must(s.UserByLogin(ctx, "zhang.wei"))(t)
	diff(t, "UserByLogin", users[0], got)
	diff(t, "Users", []ledger.User{users[1], users[2], users[0]}, must(s.Users(ctx))(t))

	// Update by id: name, role, unit, disabled; an empty hash keeps the
	// password.
	u := users[0]
	u.Name, u.Unit, u.Disabled, u.PasswordHash = "张伟（教育局）", eduBuild, true, ""
	if err := s.UpdateUser(ctx, u, "admin"); err != nil {
		t.Fatal(err)
	}
	u.PasswordHash = hash
	diff(t, "updated user", u, must(s.UserByLogin(ctx, "zhang.wei"))(t))
	e := wantAudit(t, f, "user", "zhang.wei", "admin", "user.update", `"Disabled":false`, `"Disabled":true`, hash)
	if strings.Contains(e.After, "PasswordChanged") {
		t.Fatalf("password kept, audit says %s", e.After)
	}
	// Update by login: a new password and another role.
	u = ledger.User{Login: "zhang.wei", Name: "张伟", Role: "leader", PasswordHash: "$argon2id$new"}
	if err := s.UpdateUser(ctx, u, "admin"); err != nil {
		t.Fatal(err)
	}
	got = must(s.UserByLogin(ctx, "zhang.wei"))(t)
	if got.Role != "leader" || got.Unit != "" || got.PasswordHash != "$argon2id$new" || got.Disabled || got.ID != users[0].ID {
		t.Fatalf("user after update by login: %+v", got)
	}
	wantAudit(t, f, "user", "zhang.wei", "admin", "user.update", `"Role":"reporter"`, `"PasswordChanged":true`, hash, "$argon2id$new")
}

func testUsersInvalid(t *testing.T, f *fixture) {
	ctx, s := t.Context(), f.s
	if err := s.CreateUser(ctx, &ledger.User{Login: "wang", Role: "admin"}, "admin"); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name  string
		u     ledger.User
		actor string
		code  string
		parts []string
	}{
		{"duplicate login", ledger.User{Login: "wang", Role: "leader"}, "admin", ledger.EConflict, []string{"wang", "已被使用"}},
		{"no login", ledger.User{Login: " ", Role: "admin"}, "admin", ledger.EInvalid, []string{"登录名"}},
		{"login with a space", ledger.User{Login: "wang wei", Role: "admin"}, "admin", ledger.EInvalid, []string{"登录名"}},
		{"unknown role", ledger.User{Login: "x", Role: "boss"}, "admin", ledger.EInvalid, []string{"boss"}},
		{"public is no account", ledger.User{Login: "x", Role: "public"}, "admin", ledger.EInvalid, []string{"public"}},
		{"reporter without unit", ledger.User{Login: "x", Role: "reporter"}, "admin", ledger.EInvalid, []string{"单位"}},
		{"reporter of an unknown unit", ledger.User{Login: "x", Role: "reporter", Unit: "示例区宇宙局"}, "admin",
			ledger.EInvalid, []string{"示例区宇宙局"}},
		{"no actor", ledger.User{Login: "x", Role: "admin"}, "", ledger.EInvalid, nil},
	} {
		t.Run(tt.name, func(t *testing.T) {
			u := tt.u
			wantErr(t, s.CreateUser(ctx, &u, tt.actor), tt.code, tt.parts...)
			if u.ID != 0 {
				t.Fatalf("failed CreateUser set ID %d", u.ID)
			}
		})
	}
	if n := len(must(s.Users(ctx))(t)); n != 1 {
		t.Fatalf("%d users after failed creations", n)
	}
	_, err := s.UserByLogin(ctx, "nobody")
	wantErr(t, err, ledger.ENotFound)
	wantErr(t, s.UpdateUser(ctx, ledger.User{Login: "nobody", Role: "admin"}, "admin"), ledger.ENotFound)
	wantErr(t, s.UpdateUser(ctx, ledger.User{ID: 999999, Role: "admin"}, "admin"), ledger.ENotFound)
	wantErr(t, s.UpdateUser(ctx, ledger.User{Role: "admin"}, "admin"), ledger.EInvalid)
	w := must(s.UserByLogin(ctx, "wang"))(t)
	renamed := w
	renamed.Login = "wang2"
	wantErr(t, s.UpdateUser(ctx, renamed, "admin"), ledger.EInvalid, "登录名")
	w.Role, w.Unit = "reporter", "示例区宇宙局"
	wantErr(t, s.UpdateUser(ctx, w, "admin"), ledger.EInvalid, "示例区宇宙局")
	w.Role = "boss"
	wantErr(t, s.UpdateUser(ctx, w, "admin"), ledger.EInvalid, "boss")
	if got := must(s.UserByLogin(ctx, "wang"))(t); got.Role != "admin" {
		t.Fatalf("failed updates changed the user: %+v", got)
	}
}

func testSessions(t *testing.T, f *fixture) {
	ctx, s := t.Context(), f.s
	now := time.Now()
	if err := s.CommitSession(ctx, "live", []byte("data 1"), now.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	if err := s.CommitSession(ctx, "old", []byte("stale"), now.Add(-time.Second)); err != nil {
		t.Fatal(err)
	}
	if err := s.CommitSession(ctx, "empty", nil, now.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		token string
		data  string
		found bool
	}{{"live", "data 1", true}, {"old", "", false}, {"empty", "", true}, {"missing", "", false}} {
		data, found, err := s.FindSession(ctx, tt.token)
		if err != nil || found != tt.found || string(data) != tt.data {
			t.Fatalf("FindSession(%q) = %q, %v, %v; want %q, %v", tt.token, data, found, err, tt.data, tt.found)
		}
	}
	// Commit updates; an expiry in the past hides the session at once.
	if err := s.CommitSession(ctx, "live", []byte("data 2"), now.Add(2*time.Hour)); err != nil {
		t.Fatal(err)
	}
	if data, found, err := s.FindSession(ctx, "live"); err != nil || !found || string(data) != "data 2" {
		t.Fatalf("FindSession after update = %q, %v, %v", data, found, err)
	}
	if err := s.CommitSession(ctx, "old", []byte("renewed"), now.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	if data, found, _ := s.FindSession(ctx, "old"); !found || string(data) != "renewed" {
		t.Fatalf("renewed session = %q, %v", data, found)
	}
	// DeleteExpiredSessions deletes what has expired at the given time.
	if err := s.DeleteExpiredSessions(ctx, now.Add(90*time.Minute)); err != nil {
		t.Fatal(err)
	}
	for token, want := range map[string]bool{"live": true, "old": false, "empty": false} {
		if _, found, err := s.FindSession(ctx, token); err != nil || found != want {
			t.Fatalf("after DeleteExpiredSessions, %q found = %v, %v; want %v", token, found, err, want)
		}
	}
	// The session deleted, not merely expired: committing it again with
	// an earlier expiry shows it is gone.
	if err := s.DeleteSession(ctx, "live"); err != nil {
		t.Fatal(err)
	}
	if err := s.DeleteSession(ctx, "live"); err != nil {
		t.Fatalf("deleting a missing session: %v", err)
	}
	if _, found, _ := s.FindSession(ctx, "live"); found {
		t.Fatal("deleted session found")
	}
}

func testCommitment(t *testing.T, f *fixture) {
	ctx, s := t.Context(), f.s
	all := must(s.Commitments(ctx, f.report.ID))(t)
	for _, c := range all {
		diff(t, "Commitment "+c.Code, c, must(s.Commitment(ctx, c.ID))(t))
	}
	_, err := s.Commitment(ctx, all[len(all)-1].ID+1000)
	wantErr(t, err, ledger.ENotFound)
	_, err = s.CommitmentState(ctx, all[len(all)-1].ID+1000)
	wantErr(t, err, ledger.ENotFound)
}

func testCommitmentState(t *testing.T, f *fixture) {
	ctx, s := t.Context(), f.s
	id := f.id(schools)
	if st := must(s.CommitmentState(ctx, id))(t); st != ledger.StateNew {
		t.Fatalf("initial state %q", st)
	}
	start := time.Now()
	for i, tt := range []struct {
		to      ledger.State
		outcome ledger.Outcome
		reason  string
		code    string // "" when allowed
		parts   []string
	}{
		{ledger.StateClosed, ledger.OutcomeCompleted, "", ledger.EConflict, []string{"未交办", "已办结"}},
		{ledger.StateInProgress, "", "", ledger.EConflict, nil},
		{"archived", "", "", ledger.EInvalid, []string{"archived"}},
		{ledger.StateDispatched, "", "", "", nil},
		{ledger.StateNew, "", "", "", nil}, // recalled
		{ledger.StateDispatched, "", "", "", nil},
		{ledger.StateAcknowledged, "", "", "", nil},
		{ledger.StateClosed, "", "", ledger.EInvalid, nil},
		{ledger.StateClosed, ledger.OutcomePartly, "", ledger.EInvalid, []string{"原因"}},
		{ledger.StateClosed, ledger.OutcomePartly, "no such reason", ledger.EInvalid, nil},
		{ledger.StateInProgress, "", "", "", nil},
		{ledger.StateInProgress, "", "", "", nil},
		{ledger.StateClosed, ledger.OutcomePartly, "funding", "", nil},
		{ledger.StateAcknowledged, "", "", ledger.EConflict, []string{"已办结", "已签收"}},
		{ledger.StateInProgress, "", "", "", nil}, // reopened
		{ledger.StateClosed, ledger.OutcomeCompleted, "funding", "", nil},
	} {
		before := must(s.CommitmentState(ctx, id))(t)
		entries := f.auditCount(t)
		err := s.SetCommitmentState(ctx, id, tt.to, tt.outcome, tt.reason, "duchashi")
		if tt.code != "" {
			wantErr(t, err, tt.code, tt.parts...)
			if after := must(s.CommitmentState(ctx, id))(t); after != before || f.auditCount(t) != entries {
				t.Fatalf("step %d: a refused move changed the state to %q or the audit log", i, after)
			}
			continue
		}
		if err != nil {
			t.Fatalf("step %d: %s → %s: %v", i, before, tt.to, err)
		}
		if got := must(s.CommitmentState(ctx, id))(t); got != tt.to {
			t.Fatalf("step %d: state %q, want %q", i, got, tt.to)
		}
		wantAudit(t, f, "commitment", fmtID(id), "duchashi", "commitment.state", `"State":"`+string(before)+`"`,
			`"State":"`+string(tt.to)+`"`)
	}
	v := viewOf(t, f, schools)
	if v.State != ledger.StateClosed || v.Outcome != ledger.OutcomeCompleted || v.OutcomeReason != "" {
		t.Fatalf("closed view: %s %s %q (a completed outcome keeps no reason)", v.State, v.Outcome, v.OutcomeReason)
	}
	recent(t, "StateChangedAt", v.StateChangedAt, start)
	// Reopening clears the outcome; a partial outcome keeps its reason.
	if err := s.SetCommitmentState(ctx, id, ledger.StateInProgress, "", "", "duchashi"); err != nil {
		t.Fatal(err)
	}
	if v := viewOf(t, f, schools); v.Outcome != "" || v.OutcomeReason != "" {
		t.Fatalf("reopened view keeps outcome %s %q", v.Outcome, v.OutcomeReason)
	}
	if err := s.SetCommitmentState(ctx, id, ledger.StateClosed, ledger.OutcomeNotCompleted, "land", "duchashi"); err != nil {
		t.Fatal(err)
	}
	if v := viewOf(t, f, schools); v.Outcome != ledger.OutcomeNotCompleted || v.OutcomeReason != "land" {
		t.Fatalf("closed short: %s %q", v.Outcome, v.OutcomeReason)
	}
	wantErr(t, s.SetCommitmentState(ctx, id+1000, ledger.StateDispatched, "", "", "duchashi"), ledger.ENotFound)
	wantErr(t, s.SetCommitmentState(ctx, f.id(jobs), ledger.StateDispatched, "", "", ""), ledger.EInvalid)
	// Other commitments are untouched.
	if v := viewOf(t, f, jobs); v.State != ledger.StateNew || !v.StateChangedAt.IsZero() {
		t.Fatalf("untouched commitment: %s at %v", v.State, v.StateChangedAt)
	}
}

// viewOf returns the view of the fixture's commitment code.
func viewOf(t *testing.T, f *fixture, code string) ledger.CommitmentView {
	t.Helper()
	vs := must(f.s.Views(t.Context(), f.report.ID))(t)
	i := slices.IndexFunc(vs, func(v ledger.CommitmentView) bool { return v.Code == code })
	if i < 0 {
		t.Fatalf("no view of %s", code)
	}
	return vs[i]
}

// testConcurrentWrites: writers racing on the same records behave as if
// one after another: one submission of a period wins, 督办单 numbers stay
// unique, and dispatchers polling at once share out the due messages.
func testConcurrentWrites(t *testing.T, f *fixture) {
	ctx, s := t.Context(), f.s
	const n = 6
	for i := range 3 * n {
		if _, err := s.Enqueue(ctx, "", message(fmt.Sprint(i))); err != nil {
			t.Fatal(err)
		}
	}
	var (
		wg               sync.WaitGroup
		mu               sync.Mutex
		saved, conflicts int
		numbers          = map[string]bool{}
		delivered        = map[int64]int{}
		errs             []error
	)
	fail := func(err error) {
		mu.Lock()
		errs = append(errs, err)
		mu.Unlock()
	}
	for w := range n {
		wg.Go(func() {
			r := f.progress(schools, "2024-Q3", ledger.ReportSubmitted)
			r.Value = fmt.Sprint(w)
			err := s.SaveProgressReport(ctx, &r, fmt.Sprint("writer", w))
			mu.Lock()
			switch ledger.ErrorCode(err) {
			case "":
				saved++
			case ledger.EConflict:
				conflicts++
			default:
				errs = append(errs, err)
			}
			mu.Unlock()
		})
		wg.Go(func() {
			o := f.order(income, date(2024, 9, 1))
			o.IssuedAt = time.Date(2024, 8, 1, 0, 0, 0, 0, time.UTC)
			if err := s.IssueOrder(ctx, &o, "li.na"); err != nil {
				fail(err)
				return
			}
			mu.Lock()
			numbers[o.No] = true
			mu.Unlock()
		})
		wg.Go(func() {
			ms, err := s.Due(ctx, time.Now(), 3)
			if err != nil {
				fail(err)
				return
			}
			mu.Lock()
			for _, m := range ms {
				delivered[m.ID]++
			}
			mu.Unlock()
		})
	}
	wg.Wait()
	for _, err := range errs {
		t.Error(err)
	}
	if saved != 1 || conflicts != n-1 {
		t.Errorf("%d saves and %d conflicts of one period, want 1 and %d", saved, conflicts, n-1)
	}
	if len(numbers) != n {
		t.Errorf("%d distinct numbers for %d orders: %v", len(numbers), n, numbers)
	}
	if len(delivered) != 3*n {
		t.Errorf("%d of %d messages handed out", len(delivered), 3*n)
	}
	for id, k := range delivered {
		if k != 1 {
			t.Errorf("message %d handed out %d times", id, k)
		}
	}
	if rs := must(s.ProgressReports(ctx, f.id(schools)))(t); len(rs) != 1 || rs[0].Status != ledger.ReportSubmitted {
		t.Errorf("reports after the race: %+v", rs)
	}
}

// testClock: a store's clock stamps state changes, reviews and audit
// entries, so a demo or a test can run the workflow on its own calendar.
func testClock(t *testing.T, f *fixture) {
	ctx, s := t.Context(), f.s
	at := time.Date(2024, 3, 5, 9, 30, 0, 0, time.UTC)
	s.SetClock(func() time.Time { return at })
	defer s.SetClock(nil)
	id := f.id(schools)
	for _, st := range []ledger.State{ledger.StateDispatched, ledger.StateAcknowledged} {
		if err := s.SetCommitmentState(ctx, id, st, "", "", "office"); err != nil {
			t.Fatal(err)
		}
	}
	if v := viewOf(t, f, schools); !v.StateChangedAt.Equal(at) {
		t.Errorf("state changed at %v, want %v", v.StateChangedAt, at)
	}
	r := ledger.ProgressReport{CommitmentID: id, Period: "2024-02", Value: "10", Percent: -1, Narrative: "x",
		Status: ledger.ReportSubmitted, SubmittedBy: "edu", SubmittedAt: at}
	if err := s.SaveProgressReport(ctx, &r, "edu"); err != nil {
		t.Fatal(err)
	}
	at = at.Add(48 * time.Hour)
	if err := s.ReviewProgressReport(ctx, r.ID, ledger.ReportApproved, "", "office"); err != nil {
		t.Fatal(err)
	}
	reps, err := s.ProgressReports(ctx, id)
	if err != nil || len(reps) != 1 {
		t.Fatalf("reports: %v, %v", reps, err)
	}
	if !reps[0].ReviewedAt.Equal(at) {
		t.Errorf("reviewed at %v, want %v", reps[0].ReviewedAt, at)
	}
	es, err := s.Audit(ctx, "", "", 1)
	if err != nil || len(es) != 1 || !es[0].At.Equal(at) {
		t.Errorf("newest audit entry %v, %v; want one at %v", es, err, at)
	}
}
