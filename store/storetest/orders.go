package storetest

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"ducha/ledger"
)

// order returns a 督办单 on the fixture's commitment code.
func (f *fixture) order(code string, replyBy time.Time) ledger.SupervisionOrder {
	return ledger.SupervisionOrder{CommitmentID: f.id(code), Requirement: "请于期限内报送整改措施", ReplyBy: replyBy}
}

func testOrders(t *testing.T, f *fixture) {
	ctx, s := t.Context(), f.s
	start := time.Now()
	first := f.order(schools, date(2024, 7, 20))
	if err := s.IssueOrder(ctx, &first, "li.na"); err != nil {
		t.Fatal(err)
	}
	if first.ID <= 0 || first.Level != 1 || first.Unit != edu || first.IssuedBy != "li.na" ||
		first.No != fmt.Sprintf("督办〔%d〕1号", time.Now().Year()) {
		t.Fatalf("issued: %+v", first)
	}
	recent(t, "IssuedAt", first.IssuedAt, start)
	wantAudit(t, f, "supervision_order", fmtID(first.ID), "li.na", "order.issue", "", first.No)
	// Issued at a given time, to a given unit, at a given level, a
	// reply date given at 23:00 in Beijing.
	second := f.order(income, time.Date(2024, 7, 10, 23, 0, 0, 0, time.FixedZone("CST", 8*3600)))
	second.Unit, second.Level, second.IssuedBy = finance, 2, "赵区长"
	second.IssuedAt = time.Date(2024, 7, 1, 9, 30, 15, 999, time.UTC)
	second.Reply, second.RepliedAt = "ignored", time.Now() // not the issuer's to give
	if err := s.IssueOrder(ctx, &second, "li.na"); err != nil {
		t.Fatal(err)
	}
	if !second.ReplyBy.Equal(date(2024, 7, 10)) || !second.IssuedAt.Equal(time.Date(2024, 7, 1, 9, 30, 15, 0, time.UTC)) ||
		second.Reply != "" || !second.RepliedAt.IsZero() || second.No != "督办〔2024〕1号" {
		t.Fatalf("second order: %+v", second)
	}
	// A commitment without a lead needs a unit.
	noLead := f.order(jobs, date(2024, 7, 15))
	wantErr(t, s.IssueOrder(ctx, &noLead, "li.na"), ledger.EInvalid, "单位")
	noLead.Unit = housing
	if err := s.IssueOrder(ctx, &noLead, "li.na"); err != nil {
		t.Fatal(err)
	}
	diff(t, "Orders", []ledger.SupervisionOrder{first}, must(s.Orders(ctx, f.id(schools)))(t))
	diff(t, "OpenOrders", []ledger.SupervisionOrder{second, noLead, first}, must(s.OpenOrders(ctx))(t))
	if os := must(s.Orders(ctx, f.id("2024-02-04-1")))(t); len(os) != 0 {
		t.Fatalf("orders of another commitment: %+v", os)
	}
	_, err := s.Orders(ctx, f.id(jobs)+1000)
	wantErr(t, err, ledger.ENotFound)

	// A reply, once.
	wantErr(t, s.ReplyOrder(ctx, second.ID, " ", "wang"), ledger.EInvalid, "回复")
	start = time.Now()
	if err := s.ReplyOrder(ctx, second.ID, "已拨付资金2000万元", "wang"); err != nil {
		t.Fatal(err)
	}
	wantErr(t, s.ReplyOrder(ctx, second.ID, "再次回复", "wang"), ledger.EConflict, "已回复")
	wantErr(t, s.ReplyOrder(ctx, second.ID+1000, "回复", "wang"), ledger.ENotFound)
	wantErr(t, s.ReplyOrder(ctx, noLead.ID, "回复", ""), ledger.EInvalid)
	got := must(s.Orders(ctx, f.id(income)))(t)
	if len(got) != 1 || got[0].Reply != "已拨付资金2000万元" {
		t.Fatalf("replied order: %+v", got)
	}
	recent(t, "RepliedAt", got[0].RepliedAt, start)
	if got[0].Overdue(date(2024, 8, 1)) {
		t.Fatal("a replied order is overdue")
	}
	wantAudit(t, f, "supervision_order", fmtID(second.ID), "wang", "order.reply", `"Reply":""`, `"Reply":"已拨付资金2000万元"`)
	diff(t, "OpenOrders after the reply", []ledger.SupervisionOrder{noLead, first}, must(s.OpenOrders(ctx))(t))

	for _, tt := range []struct {
		name  string
		edit  func(o *ledger.SupervisionOrder)
		code  string
		parts []string
	}{
		{"no requirement", func(o *ledger.SupervisionOrder) { o.Requirement = " " }, ledger.EInvalid, []string{"督办要求"}},
		{"no reply date", func(o *ledger.SupervisionOrder) { o.ReplyBy = time.Time{} }, ledger.EInvalid, []string{"回复期限"}},
		{"negative level", func(o *ledger.SupervisionOrder) { o.Level = -1 }, ledger.EInvalid, nil},
		{"unknown unit", func(o *ledger.SupervisionOrder) { o.Unit = "示例区宇宙局" }, ledger.EInvalid, []string{"示例区宇宙局"}},
		{"unknown commitment", func(o *ledger.SupervisionOrder) { o.CommitmentID += 1000 }, ledger.ENotFound, nil},
	} {
		t.Run(tt.name, func(t *testing.T) {
			o := f.order(schools, date(2024, 8, 1))
			tt.edit(&o)
			wantErr(t, s.IssueOrder(ctx, &o, "li.na"), tt.code, tt.parts...)
			if o.ID != 0 {
				t.Fatalf("failed IssueOrder set ID %d", o.ID)
			}
		})
	}
	if n := len(must(s.Orders(ctx, f.id(schools)))(t)); n != 1 {
		t.Fatalf("%d orders after failed issues", n)
	}
}

func testOrderNumbers(t *testing.T, f *fixture) {
	ctx, s := t.Context(), f.s
	issue := func(no string, at time.Time) (ledger.SupervisionOrder, error) {
		o := f.order(schools, date(2024, 9, 1))
		o.No, o.IssuedAt = no, at
		err := s.IssueOrder(ctx, &o, "li.na")
		return o, err
	}
	in2024, in2025 := time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC), time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC)
	var nos []string
	for _, tt := range []struct {
		no string
		at time.Time
	}{
		{"督办〔2024〕2号", in2024}, // by hand
		{"", in2024},
		{"", in2024}, // 2号 is taken
		{"", in2025},
		{"示例区督〔2024〕特1号", in2024},
		{"", in2024},
	} {
		o, err := issue(tt.no, tt.at)
		if err != nil {
			t.Fatal(err)
		}
		nos = append(nos, o.No)
	}
	diff(t, "numbers", []string{"督办〔2024〕2号", "督办〔2024〕1号", "督办〔2024〕3号", "督办〔2025〕1号", "示例区督〔2024〕特1号",
		"督办〔2024〕4号"}, nos)
	_, err := issue("督办〔2024〕3号", in2024)
	wantErr(t, err, ledger.EConflict, "督办〔2024〕3号")
	// Issued at the last second of 2024 in Beijing: numbered in 2024.
	o, err := issue("", time.Date(2024, 12, 31, 23, 59, 59, 0, time.FixedZone("CST", 8*3600)))
	if err != nil || o.No != "督办〔2024〕5号" {
		t.Fatalf("order at the end of the year: %q, %v", o.No, err)
	}
}

func testEscalateOrder(t *testing.T, f *fixture) {
	ctx, s := t.Context(), f.s
	old := f.order(schools, date(2024, 7, 10))
	old.Unit = eduBuild
	if err := s.IssueOrder(ctx, &old, "li.na"); err != nil {
		t.Fatal(err)
	}
	// An escalation that fails changes nothing.
	bad := ledger.SupervisionOrder{ReplyBy: date(2024, 7, 20)}
	wantErr(t, s.EscalateOrder(ctx, old.ID, &bad, "li.na"), ledger.EInvalid, "督办要求")
	if got := must(s.Orders(ctx, old.CommitmentID))(t); len(got) != 1 || !got[0].EscalatedAt.IsZero() {
		t.Fatalf("failed escalation left %+v", got)
	}
	next := ledger.SupervisionOrder{Requirement: "逾期未回复，升级督办", ReplyBy: date(2024, 7, 20), Level: 7}
	if err := s.EscalateOrder(ctx, old.ID, &next, "zhao"); err != nil {
		t.Fatal(err)
	}
	if next.ID <= 0 || next.Level != 2 || next.CommitmentID != old.CommitmentID || next.Unit != eduBuild || next.IssuedBy != "zhao" {
		t.Fatalf("escalated order: %+v", next)
	}
	got := must(s.Orders(ctx, old.CommitmentID))(t)
	old.EscalatedAt = next.IssuedAt
	diff(t, "orders after escalation", []ledger.SupervisionOrder{old, next}, got)
	diff(t, "OpenOrders after escalation", []ledger.SupervisionOrder{next}, must(s.OpenOrders(ctx))(t))
	wantAudit(t, f, "supervision_order", fmtID(old.ID), "zhao", "order.escalate", `"EscalatedAt":"0001-01-01T00:00:00Z"`, `"Level":1`)
	wantAudit(t, f, "supervision_order", fmtID(next.ID), "zhao", "order.issue", "", `"Level":2`)

	again := ledger.SupervisionOrder{Requirement: "再次升级", ReplyBy: date(2024, 7, 30)}
	wantErr(t, s.EscalateOrder(ctx, old.ID, &again, "zhao"), ledger.EConflict, "已升级")
	wantErr(t, s.ReplyOrder(ctx, old.ID, "迟到的回复", "wang"), ledger.EConflict, "已升级")
	other := again
	other.CommitmentID = f.id(income)
	wantErr(t, s.EscalateOrder(ctx, next.ID, &other, "zhao"), ledger.EInvalid)
	wantErr(t, s.EscalateOrder(ctx, next.ID+1000, &again, "zhao"), ledger.ENotFound)
	wantErr(t, s.EscalateOrder(ctx, next.ID, &again, ""), ledger.EInvalid)
	// The third level goes to another unit.
	third := ledger.SupervisionOrder{Requirement: "三级督办", ReplyBy: date(2024, 7, 30), Unit: edu}
	if err := s.EscalateOrder(ctx, next.ID, &third, "zhao"); err != nil {
		t.Fatal(err)
	}
	if third.Level != 3 || third.Unit != edu {
		t.Fatalf("third order: %+v", third)
	}
	if err := s.ReplyOrder(ctx, third.ID, "已整改", "wang"); err != nil {
		t.Fatal(err)
	}
	wantErr(t, s.EscalateOrder(ctx, third.ID, &again, "zhao"), ledger.EConflict, "已回复")
	if open := must(s.OpenOrders(ctx))(t); len(open) != 0 {
		t.Fatalf("open orders: %+v", open)
	}
}

func testComments(t *testing.T, f *fixture) {
	ctx, s := t.Context(), f.s
	start := time.Now()
	a := ledger.Comment{CommitmentID: f.id(schools), Unit: finance, Body: " 资金已安排，请抓紧使用。 "}
	if err := s.AddComment(ctx, &a, "qian"); err != nil {
		t.Fatal(err)
	}
	if a.ID <= 0 || a.Author != "qian" || a.Body != "资金已安排，请抓紧使用。" {
		t.Fatalf("added comment: %+v", a)
	}
	recent(t, "comment At", a.At, start)
	b := ledger.Comment{CommitmentID: f.id(schools), Author: "赵区长", Body: "要确保秋季学期投入使用。",
		At: time.Date(2024, 5, 1, 8, 0, 0, 0, time.UTC)}
	if err := s.AddComment(ctx, &b, "zhao"); err != nil {
		t.Fatal(err)
	}
	diff(t, "Comments", []ledger.Comment{b, a}, must(s.Comments(ctx, f.id(schools)))(t))
	if cs := must(s.Comments(ctx, f.id(jobs)))(t); len(cs) != 0 {
		t.Fatalf("comments of another commitment: %+v", cs)
	}
	wantAudit(t, f, "comment", fmtID(a.ID), "qian", "comment.add", "", "资金已安排")
	for name, c := range map[string]ledger.Comment{
		"empty body":    {CommitmentID: f.id(schools), Body: "  "},
		"unknown unit":  {CommitmentID: f.id(schools), Body: "x", Unit: "示例区宇宙局"},
		"no commitment": {Body: "x"},
	} {
		if err := s.AddComment(ctx, &c, "qian"); ledger.ErrorCode(err) != ledger.EInvalid || c.ID != 0 {
			t.Errorf("%s: %v, id %d", name, err, c.ID)
		}
	}
	unknown := ledger.Comment{CommitmentID: f.id(schools) + 1000, Body: "x"}
	wantErr(t, s.AddComment(ctx, &unknown, "qian"), ledger.ENotFound)
	_, err := s.Comments(ctx, f.id(schools)+1000)
	wantErr(t, err, ledger.ENotFound)
}

func testAPITokens(t *testing.T, f *fixture) {
	ctx, s := t.Context(), f.s
	const hash = "9F86D081884C7D659A2FEAA0C55AD015A3BF4F1B2B0B822CD15D6C15B0F00A08"
	lower := strings.ToLower(hash)
	start := time.Now()
	tok := ledger.APIToken{Unit: edu, Name: "教育局统计系统", Hash: hash, Revoked: true}
	if err := s.CreateAPIToken(ctx, &tok, "admin"); err != nil {
		t.Fatal(err)
	}
	if tok.ID <= 0 || tok.Hash != lower || tok.CreatedBy != "admin" || tok.Revoked {
		t.Fatalf("created token: %+v", tok)
	}
	recent(t, "token CreatedAt", tok.CreatedAt, start)
	wantAudit(t, f, "api_token", fmtID(tok.ID), "admin", "token.create", "", "教育局统计系统", lower, hash)
	diff(t, "APITokenByHash", tok, must(s.APITokenByHash(ctx, hash))(t))
	other := ledger.APIToken{Unit: finance, Hash: strings.Repeat("ab", 32), CreatedBy: "wang",
		CreatedAt: time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC)}
	if err := s.CreateAPIToken(ctx, &other, "admin"); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name string
		tok  ledger.APIToken
		code string
	}{
		{"same hash", ledger.APIToken{Unit: finance, Hash: lower}, ledger.EConflict},
		{"short hash", ledger.APIToken{Unit: finance, Hash: "abc"}, ledger.EInvalid},
		{"hash not hex", ledger.APIToken{Unit: finance, Hash: strings.Repeat("zz", 32)}, ledger.EInvalid},
		{"no unit", ledger.APIToken{Hash: strings.Repeat("cd", 32)}, ledger.EInvalid},
		{"unknown unit", ledger.APIToken{Unit: "示例区宇宙局", Hash: strings.Repeat("cd", 32)}, ledger.EInvalid},
	} {
		t.Run(tt.name, func(t *testing.T) {
			tok := tt.tok
			wantErr(t, s.CreateAPIToken(ctx, &tok, "admin"), tt.code)
			if tok.ID != 0 {
				t.Fatalf("failed CreateAPIToken set ID %d", tok.ID)
			}
		})
	}
	_, err := s.APITokenByHash(ctx, strings.Repeat("00", 32))
	wantErr(t, err, ledger.ENotFound)
	if err := s.RevokeAPIToken(ctx, tok.ID, "admin"); err != nil {
		t.Fatal(err)
	}
	_, err = s.APITokenByHash(ctx, lower)
	wantErr(t, err, ledger.ENotFound)
	wantAudit(t, f, "api_token", fmtID(tok.ID), "admin", "token.revoke", `"Revoked":false`, `"Revoked":true`, lower)
	entries := f.auditCount(t)
	if err := s.RevokeAPIToken(ctx, tok.ID, "admin"); err != nil || f.auditCount(t) != entries {
		t.Fatalf("revoking again: %v, %d new audit entries", err, f.auditCount(t)-entries)
	}
	wantErr(t, s.RevokeAPIToken(ctx, other.ID+1000, "admin"), ledger.ENotFound)
	wantErr(t, s.RevokeAPIToken(ctx, other.ID, ""), ledger.EInvalid)
	tok.Revoked = true
	diff(t, "APITokens", []ledger.APIToken{tok, other}, must(s.APITokens(ctx))(t))
	diff(t, "the other token", other, must(s.APITokenByHash(ctx, other.Hash))(t))
}

func testSettings(t *testing.T, f *fixture) {
	ctx, s := t.Context(), f.s
	if v, found, err := s.Setting(ctx, "thresholds"); err != nil || found || v != "" {
		t.Fatalf("missing setting = %q, %v, %v", v, found, err)
	}
	const v1 = `{"lag": 0.8, "serious":0.5}`
	if err := s.SetSetting(ctx, "thresholds", v1, "admin"); err != nil {
		t.Fatal(err)
	}
	if v, found, err := s.Setting(ctx, "thresholds"); err != nil || !found || v != v1 {
		t.Fatalf("Setting = %q, %v, %v; want %q as given", v, found, err, v1)
	}
	wantAudit(t, f, "setting", "thresholds", "admin", "setting.set", "", `"lag":0.8`)
	if err := s.SetSetting(ctx, "thresholds", `"quarter"`, "admin"); err != nil {
		t.Fatal(err)
	}
	if v, _, _ := s.Setting(ctx, "thresholds"); v != `"quarter"` {
		t.Fatalf("overwritten setting = %q", v)
	}
	wantAudit(t, f, "setting", "thresholds", "admin", "setting.set", `"serious":0.5`, `"Value":"quarter"`)
	entries := f.auditCount(t)
	if err := s.SetSetting(ctx, "thresholds", `"quarter"`, "admin"); err != nil || f.auditCount(t) != entries {
		t.Fatalf("setting the same value: %v, %d new entries", err, f.auditCount(t)-entries)
	}
	wantErr(t, s.SetSetting(ctx, "thresholds", "{not json", "admin"), ledger.EInvalid, "thresholds", "JSON")
	wantErr(t, s.SetSetting(ctx, "thresholds", "", "admin"), ledger.EInvalid)
	wantErr(t, s.SetSetting(ctx, " ", "1", "admin"), ledger.EInvalid)
	wantErr(t, s.SetSetting(ctx, "period", "1", ""), ledger.EInvalid)
	if v, _, _ := s.Setting(ctx, "thresholds"); v != `"quarter"` {
		t.Fatalf("failed sets changed the setting to %q", v)
	}
}

func testAudit(t *testing.T, f *fixture) {
	ctx, s := t.Context(), f.s
	start := time.Now()
	login := ledger.AuditEntry{Actor: "zhang.wei", Action: "user.login", Entity: "user", Ref: "zhang.wei"}
	if err := s.AppendAudit(ctx, login); err != nil {
		t.Fatal(err)
	}
	export := ledger.AuditEntry{At: time.Date(2024, 6, 1, 8, 0, 0, 5, time.FixedZone("CST", 8*3600)), Actor: "li.na",
		Action: "tasks.export", Entity: "report", Ref: fmtID(f.report.ID), After: `{"rows": 8}`}
	if err := s.AppendAudit(ctx, export); err != nil {
		t.Fatal(err)
	}
	if err := s.AppendAudit(ctx, ledger.AuditEntry{Actor: "zhang.wei", Action: "user.logout", Entity: "user", Ref: "zhang.wei"}); err != nil {
		t.Fatal(err)
	}
	if err := s.SetSetting(ctx, "zhang.wei", "1", "admin"); err != nil { // another entity, the same ref
		t.Fatal(err)
	}
	all := must(s.Audit(ctx, "", "", 0))(t)
	if len(all) != 4 || all[0].Action != "setting.set" || all[3].Action != "user.login" {
		t.Fatalf("whole log: %+v", all)
	}
	for i := 1; i < len(all); i++ {
		if all[i].ID >= all[i-1].ID {
			t.Fatalf("log not newest first: %+v", all)
		}
	}
	got := all[2]
	if got.After != `{"rows": 8}` || !got.At.Equal(time.Date(2024, 6, 1, 0, 0, 0, 0, time.UTC)) || got.Before != "" {
		t.Fatalf("appended export: %+v", got)
	}
	recent(t, "login At", all[3].At, start)
	for _, tt := range []struct {
		entity, ref string
		limit       int
		want        []string
	}{
		{"user", "zhang.wei", 0, []string{"user.logout", "user.login"}},
		{"user", "zhang.wei", 1, []string{"user.logout"}},
		{"user", "", 0, []string{"user.logout", "user.login"}},
		{"", "zhang.wei", 0, []string{"setting.set", "user.logout", "user.login"}},
		{"report", fmtID(f.report.ID), 5, []string{"tasks.export"}},
		{"", "", 2, []string{"setting.set", "user.logout"}},
		{"user", "nobody", 0, nil},
	} {
		var actions []string
		for _, e := range must(s.Audit(ctx, tt.entity, tt.ref, tt.limit))(t) {
			actions = append(actions, e.Action)
		}
		diff(t, fmt.Sprintf("Audit(%q, %q, %d)", tt.entity, tt.ref, tt.limit), tt.want, actions)
	}
	// AuditOf: the newest entries of each record, in one list.
	rec := func(entity, ref string) ledger.AuditRecord { return ledger.AuditRecord{Entity: entity, Ref: ref} }
	if err := s.AppendAudit(ctx, ledger.AuditEntry{Actor: "li.na", Action: "user.login", Entity: "user", Ref: "li.na"}); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		records []ledger.AuditRecord
		limit   int
		want    []string
	}{
		{[]ledger.AuditRecord{rec("user", "zhang.wei"), rec("report", fmtID(f.report.ID))}, 0,
			[]string{"user.logout", "tasks.export", "user.login"}},
		{[]ledger.AuditRecord{rec("user", "zhang.wei"), rec("user", "li.na"), rec("setting", "zhang.wei")}, 1,
			[]string{"user.login", "setting.set", "user.logout"}},
		{[]ledger.AuditRecord{rec("user", "li.na"), rec("user", "nobody")}, 5, []string{"user.login"}},
		{[]ledger.AuditRecord{rec("user", "nobody")}, 0, nil},
		{nil, 0, nil},
	} {
		var actions []string
		got := must(s.AuditOf(ctx, tt.records, tt.limit))(t)
		for i, e := range got {
			actions = append(actions, e.Action)
			if i > 0 && e.ID >= got[i-1].ID {
				t.Fatalf("AuditOf(%v) not newest first: %+v", tt.records, got)
			}
		}
		diff(t, fmt.Sprintf("AuditOf(%v, %d)", tt.records, tt.limit), tt.want, actions)
	}
	if byOne := must(s.Audit(ctx, "report", fmtID(f.report.ID), 0))(t); !reflect.DeepEqual(byOne,
		must(s.AuditOf(ctx, []ledger.AuditRecord{rec("report", fmtID(f.report.ID))}, 0))(t)) {
		t.Fatal("AuditOf of one record is not Audit of it")
	}
	for name, e := range map[string]ledger.AuditEntry{
		"no actor":        {Action: "x"},
		"no action":       {Actor: "x"},
		"before not JSON": {Actor: "x", Action: "x", Before: "{"},
		"after not JSON":  {Actor: "x", Action: "x", After: "after"},
	} {
		if err := s.AppendAudit(ctx, e); ledger.ErrorCode(err) != ledger.EInvalid {
			t.Errorf("AppendAudit %s: %v", name, err)
		}
	}
	if n := f.auditCount(t); n != 5 {
		t.Fatalf("%d entries after refused appends", n)
	}
}

// testAuditAppendOnly: the database itself refuses to change or delete an
// audit entry, whoever asks.
func testAuditAppendOnly(t *testing.T, f *fixture) {
	ctx, s := t.Context(), f.s
	if err := s.AppendAudit(ctx, ledger.AuditEntry{Actor: "zhang.wei", Action: "user.login", Entity: "user", Ref: "zhang.wei"}); err != nil {
		t.Fatal(err)
	}
	before := must(s.Audit(ctx, "", "", 0))(t)
	for _, q := range []string{
		`UPDATE audit_log SET actor = 'someone else'`,
		`DELETE FROM audit_log`,
		`DELETE FROM audit_log WHERE actor = 'zhang.wei'`,
	} {
		if err := f.exec(ctx, q); err == nil {
			t.Errorf("%s: no error", q)
		} else if !strings.Contains(err.Error(), "append-only") {
			t.Errorf("%s: %v, want the trigger's error", q, err)
		}
	}
	diff(t, "audit log after refused changes", before, must(s.Audit(ctx, "", "", 0))(t))
	// Appending still works.
	if err := f.exec(ctx, `INSERT INTO audit_log (at, actor, action) VALUES ('2024-01-01T00:00:00Z', 'x', 'y')`); err != nil {
		t.Fatalf("appending: %v", err)
	}
}

// testFailedChangeNotAudited: a change that fails leaves no audit entry:
// the entry is written in the change's transaction.
func testFailedChangeNotAudited(t *testing.T, f *fixture) {
	ctx, s := t.Context(), f.s
	r := f.progress(schools, "2024-Q1", ledger.ReportSubmitted)
	if err := s.SaveProgressReport(ctx, &r, "u"); err != nil {
		t.Fatal(err)
	}
	o := f.order(schools, date(2024, 7, 1))
	if err := s.IssueOrder(ctx, &o, "u"); err != nil {
		t.Fatal(err)
	}
	if err := s.ReplyOrder(ctx, o.ID, "已办", "u"); err != nil {
		t.Fatal(err)
	}
	if err := s.CreateUser(ctx, &ledger.User{Login: "wang", Role: "admin"}, "u"); err != nil {
		t.Fatal(err)
	}
	entries := f.auditCount(t)
	for name, err := range map[string]error{
		"save":    s.SaveProgressReport(ctx, &r, "u"),
		"review":  s.ReviewProgressReport(ctx, r.ID, ledger.ReportReturned, "", "u"),
		"state":   s.SetCommitmentState(ctx, r.CommitmentID, ledger.StateClosed, ledger.OutcomeCompleted, "", "u"),
		"reply":   s.ReplyOrder(ctx, o.ID, "再办", "u"),
		"user":    s.CreateUser(ctx, &ledger.User{Login: "wang", Role: "leader"}, "u"),
		"order":   s.IssueOrder(ctx, &ledger.SupervisionOrder{CommitmentID: r.CommitmentID, ReplyBy: date(2024, 1, 1)}, "u"),
		"token":   s.CreateAPIToken(ctx, &ledger.APIToken{Unit: "示例区宇宙局", Hash: strings.Repeat("ab", 32)}, "u"),
		"comment": s.AddComment(ctx, &ledger.Comment{CommitmentID: r.CommitmentID}, "u"),
	} {
		if err == nil {
			t.Errorf("%s did not fail", name)
		}
	}
	if n := f.auditCount(t); n != entries {
		t.Fatalf("failed changes left %d audit entries", n-entries)
	}
}

// testReimportRefused: replacing a report whose commitments carry
// supervision records is a conflict that changes nothing.
func testReimportRefused(t *testing.T, f *fixture) {
	ctx, s := t.Context(), f.s
	before := must(s.Commitments(ctx, f.report.ID))(t)
	refused := func(step string, parts ...string) {
		t.Helper()
		for _, tag := range []string{"final", "shili-2024"} { // another file, the same file again
			r := newReport(f.gov.ID, 2024, tag)
			err := s.SaveReport(ctx, r, fixtureCommitments()[:3])
			wantErr(t, err, ledger.EConflict, append([]string{"2024", "不能整体替换"}, parts...)...)
			if r.ID != 0 {
				t.Fatalf("%s: refused SaveReport set r.ID", step)
			}
		}
		diff(t, step+": the report", normal(*f.report), must(s.Report(ctx, f.gov.ID, 2024))(t))
		diff(t, step+": its commitments", before, must(s.Commitments(ctx, f.report.ID))(t))
	}
	if err := s.SetCommitmentState(ctx, f.id(schools), ledger.StateDispatched, "", "", "li.na"); err != nil {
		t.Fatal(err)
	}
	refused("dispatched", "已交办事项1项")
	r := f.progress(income, "2024-Q1", ledger.ReportDraft)
	if err := s.SaveProgressReport(ctx, &r, "u"); err != nil {
		t.Fatal(err)
	}
	refused("progress report", "已交办事项1项", "进展填报1条")
	// Recalled, the commitment has only reports left.
	if err := s.SetCommitmentState(ctx, f.id(schools), ledger.StateNew, "", "", "li.na"); err != nil {
		t.Fatal(err)
	}
	refused("recalled", "进展填报1条")
	o := f.order(jobs, date(2024, 7, 1))
	o.Unit = housing
	if err := s.IssueOrder(ctx, &o, "li.na"); err != nil {
		t.Fatal(err)
	}
	if err := s.AddComment(ctx, &ledger.Comment{CommitmentID: f.id(jobs), Body: "请抓紧"}, "zhao"); err != nil {
		t.Fatal(err)
	}
	refused("orders and comments", "进展填报1条", "督办单1份", "评论1条")
	// The task sheet still edits the report in place.
	c := f.byCode[jobs]
	c.Title = "稳就业"
	if err := s.ApplyTasks(ctx, f.report.ID, []ledger.Commitment{c}); err != nil {
		t.Fatal(err)
	}
	if got := must(s.Commitment(ctx, c.ID))(t); got.Title != "稳就业" {
		t.Fatalf("ApplyTasks on a supervised report: title %q", got.Title)
	}

	// A report whose commitments were only dispatched and recalled is
	// replaced, states and all.
	other := newReport(f.gov.ID, 2025, "shili-2025")
	ocs := fixtureCommitments()[:2]
	if err := s.SaveReport(ctx, other, ocs); err != nil {
		t.Fatal(err)
	}
	for _, st := range []ledger.State{ledger.StateDispatched, ledger.StateNew} {
		if err := s.SetCommitmentState(ctx, ocs[0].ID, st, "", "", "li.na"); err != nil {
			t.Fatal(err)
		}
	}
	again := newReport(f.gov.ID, 2025, "shili-2025-final")
	acs := fixtureCommitments()[:2]
	if err := s.SaveReport(ctx, again, acs); err != nil {
		t.Fatalf("replacing a report without supervision records: %v", err)
	}
	vs := must(s.Views(ctx, again.ID))(t)
	if len(vs) != 2 || vs[0].State != ledger.StateNew || !vs[0].StateChangedAt.IsZero() || !vs[1].StateChangedAt.IsZero() {
		t.Fatalf("views of the replacement: %+v", vs)
	}
	_, err := s.Commitment(ctx, ocs[0].ID)
	wantErr(t, err, ledger.ENotFound)
	_, err = s.CommitmentState(ctx, ocs[0].ID)
	wantErr(t, err, ledger.ENotFound)
}
