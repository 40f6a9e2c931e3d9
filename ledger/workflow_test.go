package ledger

import (
	"testing"
	"time"
)

func TestWorkflow(t *testing.T) {
	moves := []struct {
		from, to State
		ok       bool
	}{
		{StateNew, StateDispatched, true},
		{StateNew, StateAcknowledged, false},
		{StateDispatched, StateAcknowledged, true},
		{StateDispatched, StateNew, true}, // withdrawn
		{StateDispatched, StateClosed, false},
		{StateAcknowledged, StateInProgress, true},
		{StateInProgress, StateClosed, true},
		{StateClosed, StateInProgress, true},
		{StateClosed, StateNew, false},
	}
	for _, m := range moves {
		if got := CanMove(m.from, m.to); got != m.ok {
			t.Errorf("%s → %s: %v, want %v", m.from, m.to, got, m.ok)
		}
	}
	d := time.Date(2024, 12, 31, 0, 0, 0, 0, time.UTC)
	ok := Commitment{Code: "2024-01-01-1", Kind: KindTarget, Deadline: &d, Assignment: Assignment{Lead: "示例区教育局"}}
	if err := Dispatchable(ok); err != nil {
		t.Error(err)
	}
	noLead := ok
	noLead.Assignment.Lead = ""
	noDeadline := ok
	noDeadline.Deadline = nil
	achievement := ok
	achievement.Kind = KindAchievement
	for _, c := range []Commitment{noLead, noDeadline, achievement} {
		if err := Dispatchable(c); ErrorCode(err) != EInvalid {
			t.Errorf("%+v dispatchable: %v", c.Assignment, err)
		}
	}
	if CheckClose(OutcomeCompleted, "") != nil || CheckClose(OutcomePartly, "funding") != nil {
		t.Error("valid close refused")
	}
	if CheckClose(OutcomeNotCompleted, "") == nil || CheckClose(OutcomePartly, "bad") == nil || CheckClose("maybe", "") == nil {
		t.Error("invalid close accepted")
	}
	if CheckReturn("  ") == nil || CheckReturn("数据与佐证材料不符") != nil {
		t.Error("return reason")
	}
	if !CanReview(ReportSubmitted) || CanReview(ReportApproved) || !CanEditReport(ReportReturned) || CanEditReport(ReportSubmitted) {
		t.Error("report status rules")
	}
	o := SupervisionOrder{ReplyBy: time.Date(2024, 7, 10, 0, 0, 0, 0, time.UTC)}
	if o.Overdue(time.Date(2024, 7, 10, 18, 0, 0, 0, time.UTC)) || !o.Overdue(time.Date(2024, 7, 11, 1, 0, 0, 0, time.UTC)) {
		t.Error("order overdue on the reply day")
	}
	o.RepliedAt = time.Date(2024, 7, 12, 0, 0, 0, 0, time.UTC)
	if o.Overdue(time.Date(2024, 8, 1, 0, 0, 0, 0, time.UTC)) {
		t.Error("a replied order is overdue")
	}
}

func TestStateOnReport(t *testing.T) {
	for _, tc := range []struct {
		s      State
		submit bool
		next   State
		ok     bool
	}{
		{StateNew, true, StateNew, false},
		{StateDispatched, true, StateDispatched, false}, // 签收 first
		{StateAcknowledged, false, StateAcknowledged, true},
		{StateAcknowledged, true, StateInProgress, true},
		{StateInProgress, true, StateInProgress, true},
		{StateInProgress, false, StateInProgress, true},
		{StateClosed, true, StateClosed, false},
	} {
		if next, ok := StateOnReport(tc.s, tc.submit); next != tc.next || ok != tc.ok {
			t.Errorf("StateOnReport(%s, %v) = %s, %v; want %s, %v", tc.s, tc.submit, next, ok, tc.next, tc.ok)
		}
	}
}
