package project

import (
	"testing"

	"ducha/ledger"
	"ducha/progress"
	"ducha/supervise"
)

func TestDueOf(t *testing.T) {
	now := d(2024, 7, 12)
	owes := sample() // in progress, June not reported
	owes.ID, owes.Code = 1, "XM-001"
	reported := sample()
	reported.ID, reported.Code = 2, "XM-002"
	other := sample()
	other.ID, other.Code, other.OwnerUnit = 3, "XM-003", "示例区交通运输局"
	notTaken := sample()
	notTaken.ID, notTaken.Code, notTaken.State = 4, "XM-004", ledger.StateDispatched
	items := []supervise.Supervised{
		NewItem(owes, []MonthlyReport{{Period: "2024-05", Status: ledger.ReportApproved, Cumulative: 500}}, progress.Thresholds{}, 10, now),
		NewItem(reported, []MonthlyReport{{Period: "2024-06", Status: ledger.ReportSubmitted}}, progress.Thresholds{}, 10, now),
		NewItem(other, nil, progress.Thresholds{}, 10, now),
		NewItem(notTaken, nil, progress.Thresholds{}, 10, now),
	}
	got := supervise.DueOf("示例区发展和改革局", items, now)
	if len(got) != 1 {
		t.Fatalf("due %+v, want XM-001's June report only", got)
	}
	// June's report is due by 10 July: two days late on 12 July.
	g := got[0]
	if g.Kind != supervise.KindProject || g.Code != "XM-001" || g.Period != "2024-06" || !g.Due.Equal(d(2024, 7, 10)) || !g.Late {
		t.Errorf("due %+v, want XM-001 2024-06 by 2024-07-10, late", g)
	}
	// 开工 planned for 31 May is not reached: yellow.
	if g.Light != progress.Yellow {
		t.Errorf("light %s, want yellow", g.Light)
	}
}
