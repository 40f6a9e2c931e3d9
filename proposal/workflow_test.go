package proposal

import (
	"strings"
	"testing"
	"time"

	"ducha/access"
	"ducha/ledger"
)

func d(y, m, dd int) time.Time { return time.Date(y, time.Month(m), dd, 0, 0, 0, 0, time.UTC) }

const (
	edu = "示例区教育局"
	fin = "示例区财政局"
	civ = "示例区民政局"
)

var (
	office = Actor{Subject: access.Subject{Role: access.Supervisor}, Name: "督查室"}
	eduRep = Actor{Subject: access.Subject{Role: access.Reporter, Unit: edu}, Name: "教育局填报员"}
	finRep = Actor{Subject: access.Subject{Role: access.Reporter, Unit: fin}, Name: "财政局填报员"}
	leader = Actor{Subject: access.Subject{Role: access.Leader}, Name: "领导"}
	deputy = Actor{Deputy: true}
)

// inState is an item in state s as it would stand after the usual
// events: assigned on 3 March to 教育局 with 财政局 co-handling, deadline 3
// June, acknowledged on 5 March, met the deputy on 10 March, replied A on
// 20 April.
func inState(s ledger.State) Item {
	it := Item{ID: 7, Number: "第0012号", Kind: KindSuggestion, Title: "关于增加学校周边停车位的建议",
		Lead: Person{Name: "张三", Contact: "13800000000"}, Received: d(2024, 2, 1), State: s}
	if s == StateNew {
		return it
	}
	it.LeadUnit, it.CoUnits, it.AssignedAt, it.Deadline, it.Round = edu, []string{fin}, d(2024, 3, 3), d(2024, 6, 3), 1
	switch s {
	case StateDispatched:
		return it
	case StateAdjusting:
		it.Adjust = &Adjustment{Unit: edu, Reason: "不属于本单位职责", At: d(2024, 3, 4)}
		return it
	}
	it.AckedAt = d(2024, 3, 5)
	it.Contacts = []Contact{{Round: 1, Date: d(2024, 3, 10), Way: WayFace, Summary: "到代表家中面商", By: edu}}
	if s == StateAcknowledged {
		return it
	}
	it.Replies = []Reply{{Round: 1, Text: "已增设车位", Document: "教函〔2024〕3号", Class: ClassA, At: d(2024, 4, 20), Due: d(2024, 6, 3), By: edu}}
	switch s {
	case StateAnswered:
		return it
	case StateRedo:
		it.Feedback = []Feedback{{Round: 1, Verdict: Dissatisfied, Comment: "车位仍不足", At: d(2024, 5, 1)}}
		it.Round, it.Deadline = 2, d(2024, 6, 1)
		it.Contacts = append(it.Contacts, Contact{Round: 2, Date: d(2024, 5, 5), Way: WayPhone, Summary: "再次沟通", By: edu})
		return it
	case StateFollowing:
		it.Replies[0].Class, it.Replies[0].Promised = ClassB, d(2024, 9, 30)
		it.Feedback = []Feedback{{Round: 1, Verdict: Satisfied, At: d(2024, 5, 1)}}
		return it
	case StateClosed:
		it.Feedback = []Feedback{{Round: 1, Verdict: Satisfied, At: d(2024, 5, 1)}}
		it.ClosedAt = d(2024, 5, 1)
		return it
	}
	panic(s)
}

// goodEvent is a well-formed event of type e with the actor entitled to it.
func goodEvent(e EventType) (Actor, Event) {
	switch e {
	case EvAssign:
		return office, Event{Type: e, LeadUnit: edu, CoUnits: []string{fin}}
	case EvSetDeadline:
		return office, Event{Type: e, Deadline: d(2024, 7, 1)}
	case EvAcknowledge:
		return eduRep, Event{Type: e}
	case EvRequestAdjust:
		return eduRep, Event{Type: e, Reason: "主要涉及停车管理", SuggestUnit: "示例区公安分局"}
	case EvApproveAdjust:
		return office, Event{Type: e, LeadUnit: civ}
	case EvRefuseAdjust:
		return office, Event{Type: e, Reason: "学校周边交通属教育局牵头"}
	case EvContact:
		return eduRep, Event{Type: e, Contact: Contact{Date: d(2024, 5, 10), Way: WayPhone, Summary: "电话听取意见"}}
	case EvReply:
		return eduRep, Event{Type: e, Reply: Reply{Text: "答复如下", Document: "教函〔2024〕9号", Class: ClassA}}
	case EvFeedback:
		return deputy, Event{Type: e, Verdict: Satisfied}
	case EvFollowUp:
		return eduRep, Event{Type: e, FollowUp: FollowUp{Note: "已完成招标"}}
	case EvClose:
		return office, Event{Type: e}
	}
	panic(e)
}

// TestEveryStateEveryEvent walks the state × event matrix with a
// well-formed event: where it leads, or "refused".
func TestEveryStateEveryEvent(t *testing.T) {
	const no = "refused"
	want := map[ledger.State]map[EventType]string{
		StateNew: {EvAssign: "dispatched"},
		StateDispatched: {EvSetDeadline: "dispatched", EvAcknowledge: "acknowledged",
			EvRequestAdjust: "adjusting"},
		StateAdjusting:    {EvSetDeadline: "adjusting", EvApproveAdjust: "dispatched", EvRefuseAdjust: "dispatched"},
		StateAcknowledged: {EvSetDeadline: "acknowledged", EvContact: "acknowledged", EvReply: "answered"},
		StateAnswered:     {EvFeedback: "closed", EvClose: "closed"},
		StateRedo:         {EvSetDeadline: "redo", EvContact: "redo", EvReply: "answered"},
		// following from a B reply promised for 30 September; on 15 May
		// it cannot close yet.
		StateFollowing: {EvFollowUp: "following"},
		StateClosed:    {},
	}
	now := d(2024, 5, 15)
	for _, s := range States {
		for _, e := range Events {
			a, ev := goodEvent(e)
			exp := want[s][e]
			if exp == "" {
				exp = no
			}
			it := inState(s)
			got, err := Apply(it, a, ev, now)
			res := string(got.State)
			if err != nil {
				res = no
			}
			if res != exp {
				t.Errorf("%s + %s = %s (%v), want %s", s, e, res, err, exp)
			}
		}
	}
}

func TestApply(t *testing.T) {
	now := d(2024, 5, 15)
	tests := []struct {
		name  string
		state ledger.State
		edit  func(*Item)
		actor Actor
		ev    Event
		want  func(t *testing.T, it Item)
		err   string // substring of the refusal
	}{
		{name: "assign defaults to three months", state: StateNew, actor: office,
			ev: Event{Type: EvAssign, LeadUnit: " 示例区教育局 ", CoUnits: []string{fin, "", edu, fin}},
			want: func(t *testing.T, it Item) {
				if it.Deadline != d(2024, 8, 15) || it.AssignedAt != d(2024, 5, 15) || it.LeadUnit != edu ||
					len(it.CoUnits) != 1 || it.CoUnits[0] != fin || it.Round != 1 {
					t.Errorf("%+v", it)
				}
			}},
		{name: "assign with a deadline", state: StateNew, actor: office,
			ev: Event{Type: EvAssign, LeadUnit: edu, Deadline: d(2024, 7, 1)},
			want: func(t *testing.T, it Item) {
				if it.Deadline != d(2024, 7, 1) {
					t.Error(it.Deadline)
				}
			}},
		{name: "assign in the past", state: StateNew, actor: office,
			ev: Event{Type: EvAssign, LeadUnit: edu, Deadline: d(2024, 5, 14)}, err: "办理期限不能早于交办日期"},
		{name: "assign without a unit", state: StateNew, actor: office, ev: Event{Type: EvAssign}, err: "请选择主办单位"},
		{name: "a unit cannot assign", state: StateNew, actor: eduRep, ev: Event{Type: EvAssign, LeadUnit: edu}, err: "单位填报员无权"},
		{name: "a leader cannot assign", state: StateNew, actor: leader, ev: Event{Type: EvAssign, LeadUnit: edu}, err: "领导无权"},
		{name: "deadline before assignment", state: StateAcknowledged, actor: office,
			ev: Event{Type: EvSetDeadline, Deadline: d(2024, 3, 2)}, err: "不早于交办日期"},
		{name: "co-unit cannot acknowledge", state: StateDispatched, actor: finRep, ev: Event{Type: EvAcknowledge}, err: "无权"},
		{name: "office cannot acknowledge for the unit", state: StateDispatched, actor: office, ev: Event{Type: EvAcknowledge}, err: "无权"},
		{name: "acknowledge stamps the day", state: StateDispatched, actor: eduRep, ev: Event{Type: EvAcknowledge},
			want: func(t *testing.T, it Item) {
				if it.AckedAt != now {
					t.Error(it.AckedAt)
				}
			}},
		{name: "adjust needs a reason", state: StateDispatched, actor: eduRep, ev: Event{Type: EvRequestAdjust, Reason: "  "}, err: "申请调整须填写理由"},
		{name: "adjust after 签收 refused", state: StateAcknowledged, actor: eduRep, ev: Event{Type: EvRequestAdjust, Reason: "x"}, err: "办理中状态下不能申请调整"},
		{name: "approve moves the item and restarts 签收", state: StateAdjusting, actor: office,
			ev: Event{Type: EvApproveAdjust, LeadUnit: civ, CoUnits: []string{edu}},
			want: func(t *testing.T, it Item) {
				if it.LeadUnit != civ || it.AssignedAt != now || it.Deadline != d(2024, 6, 3) || it.Adjust != nil ||
					len(it.CoUnits) != 1 || it.CoUnits[0] != edu {
					t.Errorf("%+v", it)
				}
			}},
		{name: "approve to the same unit", state: StateAdjusting, actor: office, ev: Event{Type: EvApproveAdjust, LeadUnit: edu}, err: "改由其他单位"},
		{name: "refuse needs a reason", state: StateAdjusting, actor: office, ev: Event{Type: EvRefuseAdjust}, err: "说明理由"},
		{name: "refuse keeps the unit", state: StateAdjusting, actor: office, ev: Event{Type: EvRefuseAdjust, Reason: "职责明确"},
			want: func(t *testing.T, it Item) {
				if it.LeadUnit != edu || it.Adjust != nil || it.AssignedAt != d(2024, 3, 3) {
					t.Errorf("%+v", it)
				}
			}},
		{name: "the unit cannot decide its own adjustment", state: StateAdjusting, actor: eduRep,
			ev: Event{Type: EvApproveAdjust, LeadUnit: civ}, err: "无权"},
		{name: "contact in the future", state: StateAcknowledged, actor: eduRep,
			ev: Event{Type: EvContact, Contact: Contact{Date: d(2024, 5, 16), Way: WayFace, Summary: "x"}}, err: "不能晚于今天"},
		{name: "contact before assignment", state: StateAcknowledged, actor: eduRep,
			ev: Event{Type: EvContact, Contact: Contact{Date: d(2024, 3, 1), Way: WayFace, Summary: "x"}}, err: "不能早于交办日期"},
		{name: "contact without a way", state: StateAcknowledged, actor: eduRep,
			ev: Event{Type: EvContact, Contact: Contact{Date: d(2024, 5, 1), Summary: "x"}}, err: "沟通方式"},
		{name: "contact without a summary", state: StateAcknowledged, actor: eduRep,
			ev: Event{Type: EvContact, Contact: Contact{Date: d(2024, 5, 1), Way: WayPhone}}, err: "沟通情况"},
		{name: "reply without contact", state: StateAcknowledged, edit: func(it *Item) { it.Contacts = nil }, actor: eduRep,
			ev: Event{Type: EvReply, Reply: Reply{Text: "x", Document: "y", Class: ClassA}}, err: "答复前须与代表委员沟通"},
		{name: "reply without a document", state: StateAcknowledged, actor: eduRep,
			ev: Event{Type: EvReply, Reply: Reply{Text: "x", Class: ClassA}}, err: "答复函"},
		{name: "reply without a class", state: StateAcknowledged, actor: eduRep,
			ev: Event{Type: EvReply, Reply: Reply{Text: "x", Document: "y"}}, err: "答复类别"},
		{name: "C needs its reason", state: StateAcknowledged, actor: eduRep,
			ev: Event{Type: EvReply, Reply: Reply{Text: "x", Document: "y", Class: ClassC}}, err: "C类答复须说明"},
		{name: "B needs a promised day after today", state: StateAcknowledged, actor: eduRep,
			ev: Event{Type: EvReply, Reply: Reply{Text: "x", Document: "y", Class: ClassB, Promised: now}}, err: "承诺解决的日期"},
		{name: "B reply is stamped", state: StateAcknowledged, actor: eduRep,
			ev: Event{Type: EvReply, Reply: Reply{Text: "x", Document: "y", Class: ClassB, Promised: d(2024, 12, 31), Reason: "dropped"}},
			want: func(t *testing.T, it Item) {
				r := it.Replies[0]
				if r.At != now || r.Due != d(2024, 6, 3) || r.Round != 1 || r.By != edu || r.Reason != "" || r.Promised != d(2024, 12, 31) || !r.OnTime() {
					t.Errorf("%+v", r)
				}
			}},
		{name: "redo reply needs a contact of round 2", state: StateRedo, edit: func(it *Item) { it.Contacts = it.Contacts[:1] }, actor: eduRep,
			ev: Event{Type: EvReply, Reply: Reply{Text: "x", Document: "y", Class: ClassA}}, err: "答复前须与代表委员沟通"},
		{name: "a user cannot give the deputy's feedback", state: StateAnswered, actor: office,
			ev: Event{Type: EvFeedback, Verdict: Satisfied}, err: "反馈链接"},
		{name: "不满意 needs a comment", state: StateAnswered, actor: deputy,
			ev: Event{Type: EvFeedback, Verdict: Dissatisfied}, err: "写明意见"},
		{name: "不满意 reopens for a month", state: StateAnswered, actor: deputy,
			ev: Event{Type: EvFeedback, Verdict: Dissatisfied, Comment: "没有解决"},
			want: func(t *testing.T, it Item) {
				if it.State != StateRedo || it.Round != 2 || it.Deadline != d(2024, 6, 15) || it.Feedback[0].Round != 1 {
					t.Errorf("%+v", it)
				}
			}},
		{name: "基本满意 on B goes to follow-up", state: StateAnswered,
			edit: func(it *Item) { it.Replies[0].Class, it.Replies[0].Promised = ClassB, d(2024, 9, 30) }, actor: deputy,
			ev: Event{Type: EvFeedback, Verdict: BasicSatisfied},
			want: func(t *testing.T, it Item) {
				if it.State != StateFollowing || !it.ClosedAt.IsZero() {
					t.Errorf("%+v", it)
				}
			}},
		{name: "满意 on C closes", state: StateAnswered,
			edit: func(it *Item) { it.Replies[0].Class, it.Replies[0].Reason = ClassC, "资金不足" }, actor: deputy,
			ev: Event{Type: EvFeedback, Verdict: Satisfied},
			want: func(t *testing.T, it Item) {
				if it.State != StateClosed || it.ClosedAt != now {
					t.Errorf("%+v", it)
				}
			}},
		{name: "office close of B without feedback follows it", state: StateAnswered,
			edit: func(it *Item) { it.Replies[0].Class, it.Replies[0].Promised = ClassB, d(2024, 9, 30) }, actor: office,
			ev: Event{Type: EvClose},
			want: func(t *testing.T, it Item) {
				if it.State != StateFollowing {
					t.Error(it.State)
				}
			}},
		{name: "follow-up before the promised day cannot close", state: StateFollowing, actor: office, ev: Event{Type: EvClose}, err: "2024-09-30前解决"},
		{name: "follow-up solved closes early", state: StateFollowing,
			edit:  func(it *Item) { it.FollowUps = []FollowUp{{Date: d(2024, 5, 10), Note: "已建成", Solved: true}} },
			actor: office, ev: Event{Type: EvClose},
			want: func(t *testing.T, it Item) {
				if it.State != StateClosed {
					t.Error(it.State)
				}
			}},
		{name: "a unit cannot close", state: StateFollowing,
			edit: func(it *Item) { it.FollowUps = []FollowUp{{Note: "x", Solved: true}} }, actor: eduRep, ev: Event{Type: EvClose}, err: "无权"},
		{name: "follow-up needs a note", state: StateFollowing, actor: eduRep, ev: Event{Type: EvFollowUp}, err: "落实情况"},
		{name: "unknown event", state: StateNew, actor: office, ev: Event{Type: "delete"}, err: "未知操作"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			it := inState(tt.state)
			if tt.edit != nil {
				tt.edit(&it)
			}
			before := len(it.Contacts)
			got, err := Apply(it, tt.actor, tt.ev, now)
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("err = %v, want %q", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if len(it.Contacts) != before {
				t.Error("Apply changed its argument")
			}
			tt.want(t, got)
		})
	}
}

// TestFollowDueAndTodo: a B item is owed its follow-up until solved, and
// the office is told when the promised day comes.
func TestFollowDueAndTodo(t *testing.T) {
	it := inState(StateFollowing)
	if it.FollowDue(d(2024, 9, 29)) || !it.FollowDue(d(2024, 9, 30)) {
		t.Error("FollowDue around 30 September")
	}
	if what, due, ok := it.ItemDue(); !ok || what != EvFollowUp || due != d(2024, 9, 30) {
		t.Errorf("ItemDue = %s %v %v", what, due, ok)
	}
	it.FollowUps = []FollowUp{{Note: "done", Solved: true}}
	if it.FollowDue(d(2024, 10, 1)) {
		t.Error("solved item still due")
	}
	if _, _, ok := it.ItemDue(); ok {
		t.Error("solved item owes something")
	}
	disp := inState(StateDispatched)
	if what, due, _ := disp.ItemDue(); what != EvAcknowledge || due != d(2024, 3, 8) {
		t.Errorf("dispatched owes %s by %v, want 签收 by 8 March", what, due)
	}
	ack := inState(StateAcknowledged)
	if ack.Late(d(2024, 6, 3)) || !ack.Late(d(2024, 6, 4)) {
		t.Error("Late around the 3 June deadline")
	}
}

// TestFullRound: 交办 → 签收 → 沟通 → 答复 B → 不满意 → 重新办理 → 沟通 → 答复 A → 满意.
func TestFullRound(t *testing.T) {
	it := inState(StateNew)
	step := func(a Actor, ev Event, on time.Time) {
		t.Helper()
		var err error
		if it, err = Apply(it, a, ev, on); err != nil {
			t.Fatalf("%s on %s: %v", ev.Type, on.Format("01-02"), err)
		}
	}
	step(office, Event{Type: EvAssign, LeadUnit: edu}, d(2024, 3, 1))
	step(eduRep, Event{Type: EvAcknowledge}, d(2024, 3, 4))
	step(eduRep, Event{Type: EvContact, Contact: Contact{Date: d(2024, 3, 20), Way: WayPhone, Summary: "电话"}}, d(2024, 3, 20))
	step(eduRep, Event{Type: EvReply, Reply: Reply{Text: "列入计划", Document: "函1", Class: ClassB, Promised: d(2024, 12, 1)}}, d(2024, 6, 2))
	step(deputy, Event{Type: EvFeedback, Verdict: Dissatisfied, Comment: "太慢"}, d(2024, 6, 10))
	if it.State != StateRedo || it.Round != 2 || it.Deadline != d(2024, 7, 10) {
		t.Fatalf("after 不满意: %s round %d deadline %v", it.State, it.Round, it.Deadline)
	}
	step(eduRep, Event{Type: EvContact, Contact: Contact{Date: d(2024, 6, 20), Way: WayFace, Summary: "面商"}}, d(2024, 6, 20))
	step(eduRep, Event{Type: EvReply, Reply: Reply{Text: "已解决", Document: "函2", Class: ClassA}}, d(2024, 7, 12))
	step(deputy, Event{Type: EvFeedback, Verdict: Satisfied}, d(2024, 7, 20))
	if it.State != StateClosed || len(it.Replies) != 2 || it.Replies[0].OnTime() != false || it.Replies[1].OnTime() {
		// first reply 2 June against 1 June: late; second 12 July against 10 July: late.
		t.Fatalf("end: %+v", it)
	}
}
