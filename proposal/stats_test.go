package proposal

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestCompute: seven items counted by hand on 1 July 2024 (签收 is due
// five days after 交办).
func TestCompute(t *testing.T) {
	face := func(r int, m, dd int) Contact { return Contact{Round: r, Date: d(2024, m, dd), Way: WayFace} }
	phone := func(r int, m, dd int) Contact { return Contact{Round: r, Date: d(2024, m, dd), Way: WayPhone} }
	meet := func(r int, m, dd int) Contact { return Contact{Round: r, Date: d(2024, m, dd), Way: WayMeeting} }
	items := []Item{
		// 1 教育局: 签收 on time, met in person, A on time, 满意.
		{LeadUnit: edu, AssignedAt: d(2024, 3, 1), AckedAt: d(2024, 3, 4), Round: 1, Deadline: d(2024, 6, 1),
			Contacts: []Contact{face(1, 3, 10)},
			Replies:  []Reply{{Round: 1, Class: ClassA, At: d(2024, 5, 20), Due: d(2024, 6, 1)}},
			Feedback: []Feedback{{Round: 1, Verdict: Satisfied}}},
		// 2 教育局: 签收 late (8 March), phone only, B late, 基本满意.
		{LeadUnit: edu, AssignedAt: d(2024, 3, 1), AckedAt: d(2024, 3, 8), Round: 1, Deadline: d(2024, 6, 1),
			Contacts: []Contact{phone(1, 3, 10)},
			Replies:  []Reply{{Round: 1, Class: ClassB, At: d(2024, 6, 5), Due: d(2024, 6, 1)}},
			Feedback: []Feedback{{Round: 1, Verdict: BasicSatisfied}}},
		// 3 教育局: 签收 on time, no reply by 1 June: late.
		{LeadUnit: edu, AssignedAt: d(2024, 3, 1), AckedAt: d(2024, 3, 5), Round: 1, Deadline: d(2024, 6, 1)},
		// 4 财政局: assigned 28 June, nothing due yet: counts in neither rate.
		{LeadUnit: fin, AssignedAt: d(2024, 6, 28), Round: 1, Deadline: d(2024, 9, 28)},
		// 5 财政局: never acknowledged, never answered: late on both.
		{LeadUnit: fin, AssignedAt: d(2024, 3, 1), Round: 1, Deadline: d(2024, 6, 1)},
		// 6 财政局: met at a meeting, C on time, 不满意, round 2 by phone,
		// A, 满意: in person counts for the latest round only (no).
		{LeadUnit: fin, AssignedAt: d(2024, 3, 1), AckedAt: d(2024, 3, 2), Round: 2, Deadline: d(2024, 5, 30),
			Contacts: []Contact{meet(1, 3, 15), phone(2, 5, 1)},
			Replies: []Reply{{Round: 1, Class: ClassC, At: d(2024, 4, 1), Due: d(2024, 6, 1)},
				{Round: 2, Class: ClassA, At: d(2024, 5, 20), Due: d(2024, 5, 30)}},
			Feedback: []Feedback{{Round: 1, Verdict: Dissatisfied}, {Round: 2, Verdict: Satisfied}}},
		// 7 not assigned: not counted.
		{},
	}
	overall, units := Compute(items, d(2024, 7, 1))
	want := Stats{Items: 6, AckOnTime: Rate{3, 5}, ReplyOnTime: Rate{2, 5}, InPerson: Rate{1, 3},
		Content: Rate{3, 3}, A: Rate{2, 3}, B: Rate{1, 3}, C: Rate{0, 3}}
	if diff := cmp.Diff(want, overall); diff != "" {
		t.Errorf("overall (-want +got):\n%s", diff)
	}
	wantUnits := []Stats{
		// by name: 教 (U+6559) before 财 (U+8D22).
		{Unit: edu, Items: 3, AckOnTime: Rate{2, 3}, ReplyOnTime: Rate{1, 3}, InPerson: Rate{1, 2},
			Content: Rate{2, 2}, A: Rate{1, 2}, B: Rate{1, 2}, C: Rate{0, 2}},
		{Unit: fin, Items: 3, AckOnTime: Rate{1, 2}, ReplyOnTime: Rate{1, 2}, InPerson: Rate{0, 1},
			Content: Rate{1, 1}, A: Rate{1, 1}, B: Rate{0, 1}, C: Rate{0, 1}},
	}
	if diff := cmp.Diff(wantUnits, units); diff != "" {
		t.Errorf("by unit (-want +got):\n%s", diff)
	}
}

func TestRatePercent(t *testing.T) {
	for _, tt := range []struct {
		r    Rate
		want string
	}{{Rate{2, 3}, "66.7%"}, {Rate{1, 3}, "33.3%"}, {Rate{5, 5}, "100.0%"}, {Rate{0, 0}, "—"}, {Rate{1, 8}, "12.5%"}} {
		if got := tt.r.Percent(); got != tt.want {
			t.Errorf("%v = %s, want %s", tt.r, got, tt.want)
		}
	}
}
