package progress

import (
	"testing"
	"time"
)

func TestPeriodEnd(t *testing.T) {
	// The last nanosecond of a day.
	last := func(y int, m time.Month, d int) time.Time { return day(y, m, d+1).Add(-time.Nanosecond) }
	tests := []struct {
		at     time.Time
		period string
		want   time.Time
	}{
		{day(2024, 7, 15), "month", last(2024, 6, 30)},
		{day(2024, 7, 1), "month", last(2024, 6, 30)},              // June is complete at midnight
		{last(2024, 6, 30), "month", last(2024, 5, 31)},            // June is not complete yet
		{day(2024, 3, 1), "month", last(2024, 2, 29)},              // leap year
		{day(2023, 3, 5), "month", last(2023, 2, 28)},              // common year
		{day(2024, 1, 10), "month", last(2023, 12, 31)},            // across the year
		{clock(2024, 12, 31, 23, 59), "month", last(2024, 11, 30)}, // 30-day month
		{day(2024, 5, 20), "quarter", last(2024, 3, 31)},           // Q2 → Q1
		{day(2024, 4, 1), "quarter", last(2024, 3, 31)},            // Q1 is complete at midnight
		{clock(2024, 3, 31, 12, 0), "quarter", last(2023, 12, 31)}, // Q1 is not complete yet
		{day(2024, 12, 31), "quarter", last(2024, 9, 30)},          // Q4 → Q3
		{day(2025, 1, 1), "quarter", last(2024, 12, 31)},           // across the year
		{day(2024, 8, 20), "quarter", last(2024, 6, 30)},           // Q3 → Q2
		{day(2024, 7, 15), "year", time.Time{}},                    // unknown period
		{time.Date(2024, 7, 1, 0, 0, 0, 0, time.UTC), "month", time.Date(2024, 6, 30, 23, 59, 59, 999999999, time.UTC)},
	}
	for _, tt := range tests {
		got := PeriodEnd(tt.at, tt.period)
		if !got.Equal(tt.want) {
			t.Errorf("PeriodEnd(%s, %s) = %s, want %s", tt.at, tt.period, got, tt.want)
		}
	}
	// The end keeps the location of at, so that its Date is the last day.
	if y, m, d := PeriodEnd(day(2024, 3, 1), "month").Date(); y != 2024 || m != time.February || d != 29 {
		t.Errorf("PeriodEnd(2024-03-01, month).Date() = %d-%d-%d, want 2024-2-29", y, m, d)
	}
}

func TestPeriodOf(t *testing.T) {
	tests := []struct {
		t              time.Time
		month, quarter string
	}{
		{day(2024, 1, 1), "2024-01", "2024-Q1"},
		{day(2024, 2, 29), "2024-02", "2024-Q1"},
		{clock(2024, 3, 31, 23, 59), "2024-03", "2024-Q1"},
		{day(2024, 4, 1), "2024-04", "2024-Q2"},
		{day(2024, 6, 30), "2024-06", "2024-Q2"},
		{day(2024, 7, 1), "2024-07", "2024-Q3"},
		{day(2024, 10, 1), "2024-10", "2024-Q4"},
		{day(2024, 12, 31), "2024-12", "2024-Q4"},
		// 2024-06-30 20:00 UTC is already 1 July in China: the location counts.
		{time.Date(2024, 6, 30, 20, 0, 0, 0, time.UTC).In(cst), "2024-07", "2024-Q3"},
	}
	for _, tt := range tests {
		if got := PeriodOf(tt.t, "month"); got != tt.month {
			t.Errorf("PeriodOf(%s, month) = %q, want %q", tt.t, got, tt.month)
		}
		if got := PeriodOf(tt.t, "quarter"); got != tt.quarter {
			t.Errorf("PeriodOf(%s, quarter) = %q, want %q", tt.t, got, tt.quarter)
		}
	}
	if got := PeriodOf(day(2024, 6, 30), "week"); got != "" {
		t.Errorf("PeriodOf(week) = %q, want \"\"", got)
	}
}

func TestPeriodName(t *testing.T) {
	for in, want := range map[string]string{"2024-06": "2024年6月", "2024-12": "2024年12月", "2024-Q2": "2024年第二季度",
		"2024-Q4": "2024年第四季度", "2024-Q5": "2024-Q5", "2024": "2024", "": "", "2024/06": "2024/06"} {
		if got := PeriodName(in); got != want {
			t.Errorf("PeriodName(%q) = %q, want %q", in, got, want)
		}
	}
}
