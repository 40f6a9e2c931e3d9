package progress

import "testing"

func TestStatusLabel(t *testing.T) {
	tests := []struct {
		s      Status
		zh, en string
	}{
		{NotStarted, "未启动", "Not started"},
		{OnTrack, "达进度", "On track"},
		{Ahead, "超进度", "Ahead"},
		{Lagging, "欠进度", "Lagging"},
		{SeriouslyLagging, "严重滞后", "Seriously lagging"},
		{Completed, "已完成", "Completed"},
		{Overdue, "逾期", "Overdue"},
		{Status("paused"), "paused", "paused"},
	}
	for _, tt := range tests {
		if got := tt.s.Label("zh"); got != tt.zh {
			t.Errorf("%s.Label(zh) = %q, want %q", tt.s, got, tt.zh)
		}
		if got := tt.s.Label("zh-CN"); got != tt.zh {
			t.Errorf("%s.Label(zh-CN) = %q, want %q", tt.s, got, tt.zh)
		}
		if got := tt.s.Label("en"); got != tt.en {
			t.Errorf("%s.Label(en) = %q, want %q", tt.s, got, tt.en)
		}
		if got := tt.s.Label(""); got != tt.en {
			t.Errorf("%s.Label('') = %q, want the English %q", tt.s, got, tt.en)
		}
	}
	if len(Statuses) != 7 {
		t.Errorf("len(Statuses) = %d, want 7", len(Statuses))
	}
	for _, s := range Statuses {
		if !s.Valid() {
			t.Errorf("%s.Valid() = false", s)
		}
	}
	if Status("paused").Valid() {
		t.Error(`Status("paused").Valid() = true`)
	}
}

func TestLightLabel(t *testing.T) {
	tests := []struct {
		l      Light
		zh, en string
	}{
		{Green, "绿灯", "Green"},
		{Yellow, "黄灯", "Yellow"},
		{Red, "红灯", "Red"},
		{Light("blue"), "blue", "blue"},
	}
	for _, tt := range tests {
		if got := tt.l.Label("zh"); got != tt.zh {
			t.Errorf("%s.Label(zh) = %q, want %q", tt.l, got, tt.zh)
		}
		if got := tt.l.Label("en"); got != tt.en {
			t.Errorf("%s.Label(en) = %q, want %q", tt.l, got, tt.en)
		}
	}
}
