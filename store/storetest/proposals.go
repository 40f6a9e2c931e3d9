package storetest

import (
	"strconv"
	"testing"
	"time"

	"ducha/access"
	"ducha/ledger"
	"ducha/proposal"
	"ducha/proposalsheet"

	"github.com/google/go-cmp/cmp"
)

// testProposals: the 建议提案 store on the 175-item sample list: import
// all or nothing, the workflow written and read back, an audit entry per
// change, and the feedback token used once, expiring, opening one item.
func testProposals(t *testing.T, s ledger.Store) {
	ctx := t.Context()
	ps, ok := s.(proposal.Store)
	if !ok {
		t.Fatalf("%T is not a proposal.Store", s)
	}
	sup := s.(ledger.SupervisionStore)
	now := time.Date(2024, 3, 1, 9, 30, 0, 0, time.UTC)
	s.(interface{ SetClock(func() time.Time) }).SetClock(func() time.Time { return now })

	sample := proposalsheet.SampleItems(76, 99, "十五届三次会议")
	got := must(ps.ImportProposals(ctx, sample, "office"))(t)
	if len(got) != 175 || got[0].ID <= 0 || got[0].State != proposal.StateNew {
		t.Fatalf("imported %d, first %+v", len(got), got[0])
	}
	all := must(ps.Proposals(ctx, proposal.Filter{}))(t)
	sugg := must(ps.Proposals(ctx, proposal.Filter{Kind: proposal.KindSuggestion}))(t)
	props := must(ps.Proposals(ctx, proposal.Filter{Kind: proposal.KindProposal}))(t)
	if len(all) != 175 || len(sugg) != 76 || len(props) != 99 {
		t.Fatalf("stored %d: %d 建议, %d 提案; want 175: 76, 99", len(all), len(sugg), len(props))
	}
	// Read back as imported, with ids and state new.
	want := sample[0]
	want.ID, want.State = got[0].ID, proposal.StateNew
	diff(t, "first item", want, all[0])

	// A list with one item stored already adds nothing.
	again := []proposal.Item{{Number: "第0500号", Kind: proposal.KindSuggestion, Session: "十五届三次会议", Title: "新", Lead: proposal.Person{Name: "甲"}},
		sample[3]}
	_, err := ps.ImportProposals(ctx, again, "office")
	wantCode(t, err, ledger.EConflict)
	// An invalid item adds nothing either.
	_, err = ps.ImportProposals(ctx, []proposal.Item{again[0], {Number: "第0501号", Kind: proposal.KindSuggestion}}, "office")
	wantCode(t, err, ledger.EInvalid)
	if n := len(must(ps.Proposals(ctx, proposal.Filter{}))(t)); n != 175 {
		t.Fatalf("after refused imports: %d items", n)
	}

	// The workflow, written and read back.
	id := got[0].ID
	unit := got[0].LeadUnit
	office := proposal.Actor{Subject: access.Subject{Role: access.Supervisor}}
	rep := proposal.Actor{Subject: access.Subject{Role: access.Reporter, Unit: unit}}
	apply := func(a proposal.Actor, ev proposal.Event) proposal.Item {
		t.Helper()
		it, err := ps.UpdateProposal(ctx, id, "proposal."+string(ev.Type), "user-"+string(a.Subject.Role),
			func(it proposal.Item) (proposal.Item, error) { return proposal.Apply(it, a, ev, now) })
		if err != nil {
			t.Fatalf("%s: %v", ev.Type, err)
		}
		back := must(ps.Proposal(ctx, id))(t)
		diff(t, "after "+string(ev.Type), it, back)
		return it
	}
	apply(office, proposal.Event{Type: proposal.EvAssign, LeadUnit: unit, CoUnits: []string{"示例区财政局"}})
	now = now.AddDate(0, 0, 2)
	apply(rep, proposal.Event{Type: proposal.EvAcknowledge})
	apply(rep, proposal.Event{Type: proposal.EvContact, Contact: proposal.Contact{Date: now, Way: proposal.WayFace, Summary: "当面听取意见"}})
	now = now.AddDate(0, 1, 0)
	it := apply(rep, proposal.Event{Type: proposal.EvReply, Reply: proposal.Reply{Text: "答复", Document: "函〔2024〕1号",
		Class: proposal.ClassB, Promised: time.Date(2024, 10, 1, 0, 0, 0, 0, time.UTC)}})
	if it.State != proposal.StateAnswered || it.Deadline != time.Date(2024, 6, 1, 0, 0, 0, 0, time.UTC) || len(it.Replies) != 1 {
		t.Fatalf("answered: %+v", it)
	}
	// The co-unit filter finds it.
	if n := len(must(ps.Proposals(ctx, proposal.Filter{Unit: "示例区财政局"}))(t)); n < 1 {
		t.Error("co-unit filter found nothing")
	}
	// A refused change writes nothing and no audit entry.
	before := must(sup.Audit(ctx, "proposal", ledgerRef(id), 0))(t)
	_, err = ps.UpdateProposal(ctx, id, "proposal.reply", "x", func(it proposal.Item) (proposal.Item, error) {
		return proposal.Apply(it, rep, proposal.Event{Type: proposal.EvReply}, now)
	})
	wantCode(t, err, ledger.EConflict)
	after := must(sup.Audit(ctx, "proposal", ledgerRef(id), 0))(t)
	if len(after) != len(before) || len(before) != 5 {
		t.Fatalf("audit entries %d then %d, want 5 (import, assign, acknowledge, contact, reply)", len(before), len(after))
	}
	if after[0].Action != "proposal.reply" || after[0].Actor != "user-reporter" || after[0].Before == "" || after[0].After == "" {
		t.Errorf("newest entry %+v", after[0])
	}

	// The feedback token: opens this item only, once.
	tok, hash := proposal.NewToken()
	if err := ps.IssueFeedbackToken(ctx, id, hash, proposal.TokenTTL, "office"); err != nil {
		t.Fatal(err)
	}
	opened := must(ps.FeedbackItem(ctx, proposal.HashToken(tok)))(t)
	if opened.ID != id {
		t.Fatalf("token opened item %d, want %d", opened.ID, id)
	}
	_, err = ps.FeedbackItem(ctx, proposal.HashToken(tok+"x"))
	wantCode(t, err, ledger.ENotFound)
	deputy := proposal.Actor{Deputy: true}
	feedback := func(v proposal.Verdict) func(proposal.Item) (proposal.Item, error) {
		return func(it proposal.Item) (proposal.Item, error) {
			return proposal.Apply(it, deputy, proposal.Event{Type: proposal.EvFeedback, Verdict: v, Comment: "意见"}, now)
		}
	}
	// A refused feedback (no verdict) leaves the token usable.
	_, err = ps.UseFeedbackToken(ctx, hash, feedback(""))
	wantCode(t, err, ledger.EInvalid)
	it = must(ps.UseFeedbackToken(ctx, hash, feedback(proposal.Dissatisfied)))(t)
	if it.State != proposal.StateRedo || it.Round != 2 || len(it.Feedback) != 1 {
		t.Fatalf("after 不满意: %+v", it)
	}
	_, err = ps.UseFeedbackToken(ctx, hash, feedback(proposal.Satisfied))
	wantCode(t, err, ledger.ENotFound)
	_, err = ps.FeedbackItem(ctx, hash)
	wantCode(t, err, ledger.ENotFound)
	entries := must(sup.Audit(ctx, "proposal", ledgerRef(id), 1))(t)
	if entries[0].Action != "proposal.feedback" || entries[0].Actor != "代表委员（反馈链接）" {
		t.Errorf("feedback audit %+v", entries[0])
	}

	// A token expires; a new one replaces the unused old one.
	_, h1 := proposal.NewToken()
	_, h2 := proposal.NewToken()
	must(0, ps.IssueFeedbackToken(ctx, id, h1, 48*time.Hour, "office"))(t)
	must(0, ps.IssueFeedbackToken(ctx, id, h2, 48*time.Hour, "office"))(t)
	_, err = ps.FeedbackItem(ctx, h1)
	wantCode(t, err, ledger.ENotFound)
	must(ps.FeedbackItem(ctx, h2))(t)
	now = now.Add(49 * time.Hour)
	_, err = ps.FeedbackItem(ctx, h2)
	wantCode(t, err, ledger.ENotFound)
	_, err = ps.UseFeedbackToken(ctx, h2, feedback(proposal.Satisfied))
	wantCode(t, err, ledger.ENotFound)

	// Unknown item.
	_, err = ps.Proposal(ctx, 999999)
	wantCode(t, err, ledger.ENotFound)
	if d := cmp.Diff(all[1], must(ps.Proposal(ctx, all[1].ID))(t)); d != "" {
		t.Errorf("untouched item changed: %s", d)
	}
}

func ledgerRef(id int64) string { return strconv.FormatInt(id, 10) }
