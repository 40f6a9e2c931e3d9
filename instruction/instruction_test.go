package instruction

import (
	"strings"
	"testing"
	"time"

	"ducha/access"
	"ducha/ledger"
)

func d(m, dd int) time.Time { return time.Date(2024, time.Month(m), dd, 0, 0, 0, 0, time.UTC) }

const edu = "示例区教育局"

var (
	office = access.Subject{Role: access.Supervisor}
	unit   = access.Subject{Role: access.Reporter, Unit: edu}
	leader = access.Subject{Role: access.Leader}
)

func inState(s ledger.State) Item {
	it := Item{ID: 1, DocNo: "示政办〔2024〕5号", Title: "关于校园安全的报告", Instruction: "请教育局牵头抓好落实", Leader: "王副区长", State: s}
	if s != StateNew {
		it.LeadUnit, it.AssignedAt, it.Deadline, it.Requirement = edu, d(3, 1), d(4, 1), "一个月内反馈"
	}
	if s == StateReported {
		it.Reports = []Report{{Date: d(3, 20), Result: "已排查", Evidence: "排查表.pdf"}}
	}
	return it
}

func good(e EventType) (access.Subject, Event) {
	switch e {
	case EvAssign:
		return office, Event{Type: e, LeadUnit: edu, Requirement: "一个月内反馈", Deadline: d(4, 15)}
	case EvAcknowledge:
		return unit, Event{Type: e}
	case EvNote:
		return unit, Event{Type: e, Text: "已部署"}
	case EvReport:
		return unit, Event{Type: e, Text: "已完成", Evidence: "报告.pdf"}
	case EvConfirm:
		return office, Event{Type: e}
	case EvReturn:
		return office, Event{Type: e, Text: "缺少整改清单"}
	}
	panic(e)
}

func TestEveryStateEveryEvent(t *testing.T) {
	want := map[ledger.State]map[EventType]ledger.State{
		StateNew:          {EvAssign: StateDispatched},
		StateDispatched:   {EvAcknowledge: StateAcknowledged},
		StateAcknowledged: {EvNote: StateInProgress, EvReport: StateReported},
		StateInProgress:   {EvNote: StateInProgress, EvReport: StateReported},
		StateReported:     {EvConfirm: StateClosed, EvReturn: StateInProgress},
		StateClosed:       {},
	}
	for _, s := range []ledger.State{StateNew, StateDispatched, StateAcknowledged, StateInProgress, StateReported, StateClosed} {
		for _, e := range []EventType{EvAssign, EvAcknowledge, EvNote, EvReport, EvConfirm, EvReturn} {
			who, ev := good(e)
			got, err := Apply(inState(s), who, ev, d(3, 25))
			exp, ok := want[s][e]
			switch {
			case ok && (err != nil || got.State != exp):
				t.Errorf("%s + %s = %s, %v; want %s", s, e, got.State, err, exp)
			case !ok && s != StateNew && ledger.ErrorCode(err) != ledger.EConflict:
				t.Errorf("%s + %s: %v, want a conflict", s, e, err)
			case !ok && s == StateNew && err == nil:
				// Unassigned, the unit is nobody's lead: refused as forbidden.
				t.Errorf("%s + %s accepted", s, e)
			}
		}
	}
}

func TestRefusals(t *testing.T) {
	for _, tt := range []struct {
		state ledger.State
		who   access.Subject
		ev    Event
		want  string
	}{
		{StateNew, office, Event{Type: EvAssign, Requirement: "x", Deadline: d(4, 1)}, "请选择承办单位"},
		{StateNew, office, Event{Type: EvAssign, LeadUnit: edu, Requirement: "x", Deadline: d(3, 24)}, "不早于今天"},
		{StateNew, office, Event{Type: EvAssign, LeadUnit: edu, Deadline: d(4, 1)}, "办理要求"},
		{StateNew, leader, Event{Type: EvAssign, LeadUnit: edu, Requirement: "x", Deadline: d(4, 1)}, "领导无权"},
		{StateAcknowledged, unit, Event{Type: EvReport, Text: "已完成"}, "佐证材料"},
		{StateReported, office, Event{Type: EvReturn}, "退回须说明理由"},
		{StateReported, unit, Event{Type: EvConfirm}, "无权"},
		{StateDispatched, access.Subject{Role: access.Reporter, Unit: "示例区财政局"}, Event{Type: EvAcknowledge}, "无权"},
	} {
		_, err := Apply(inState(tt.state), tt.who, tt.ev, d(3, 25))
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s %s: %v, want %q", tt.state, tt.ev.Type, err, tt.want)
		}
	}
}

// TestOnTimeRate: four assigned items on 10 April, counted by hand.
func TestOnTimeRate(t *testing.T) {
	items := []Item{
		{AssignedAt: d(3, 1), Deadline: d(4, 1), State: StateClosed, ClosedAt: d(3, 30), Leader: "王副区长"}, // on time
		{AssignedAt: d(3, 1), Deadline: d(4, 1), State: StateClosed, ClosedAt: d(4, 5)},                  // late
		{AssignedAt: d(3, 1), Deadline: d(4, 5), State: StateInProgress, Leader: "王副区长"},                 // overdue
		{AssignedAt: d(3, 1), Deadline: d(5, 1), State: StateInProgress},                                 // not due
		{}, // not assigned
	}
	if n, dd := OnTimeRate(items, d(4, 10)); n != 1 || dd != 3 {
		t.Errorf("按期办结 %d/%d, want 1/3", n, dd)
	}
	if !items[2].Overdue(d(4, 6)) || items[2].Overdue(d(4, 5)) || items[0].Overdue(d(6, 1)) {
		t.Error("Overdue around 5 April")
	}
	if got := OfLeader(items, "王副区长"); len(got) != 2 {
		t.Errorf("王副区长's items: %d, want 2", len(got))
	}
}
