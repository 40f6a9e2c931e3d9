package progress

import "strings"

// Status is where a commitment stands at a moment.
type Status string

// The statuses of a commitment.
const (
	NotStarted       Status = "not_started"       // 未启动
	OnTrack          Status = "on_track"          // 达进度
	Ahead            Status = "ahead"             // 超进度
	Lagging          Status = "lagging"           // 欠进度
	SeriouslyLagging Status = "seriously_lagging" // 严重滞后
	Completed        Status = "completed"         // 已完成
	Overdue          Status = "overdue"           // 逾期
)

// Statuses lists every Status, in the order of a supervision table.
var Statuses = []Status{NotStarted, OnTrack, Ahead, Lagging, SeriouslyLagging, Completed, Overdue}

var statusLabels = map[Status][2]string{
	NotStarted:       {"未启动", "Not started"},
	OnTrack:          {"达进度", "On track"},
	Ahead:            {"超进度", "Ahead"},
	Lagging:          {"欠进度", "Lagging"},
	SeriouslyLagging: {"严重滞后", "Seriously lagging"},
	Completed:        {"已完成", "Completed"},
	Overdue:          {"逾期", "Overdue"},
}

// Valid reports whether s is one of Statuses.
func (s Status) Valid() bool {
	_, ok := statusLabels[s]
	return ok
}

// Label names s for people: Chinese (未启动) when lang is "zh" or starts
// with "zh-", English (Not started) otherwise. An unknown status is returned
// as it is.
func (s Status) Label(lang string) string {
	l, ok := statusLabels[s]
	if !ok {
		return string(s)
	}
	return l[langIndex(lang)]
}

// Light is the traffic light (红黄绿) shown beside a status.
type Light string

// The lights.
const (
	Green  Light = "green"  // 绿灯: on track, ahead, completed, or not yet due to start
	Yellow Light = "yellow" // 黄灯: lagging, or not started in the first days of the work
	Red    Light = "red"    // 红灯: seriously lagging, overdue, or stale
)

var lightLabels = map[Light][2]string{
	Green:  {"绿灯", "Green"},
	Yellow: {"黄灯", "Yellow"},
	Red:    {"红灯", "Red"},
}

// Label names l for people, in Chinese (绿灯) or English (Green) as for
// Status.Label. An unknown light is returned as it is.
func (l Light) Label(lang string) string {
	s, ok := lightLabels[l]
	if !ok {
		return string(l)
	}
	return s[langIndex(lang)]
}

// langIndex is 0 for Chinese and 1 for English.
func langIndex(lang string) int {
	lang = strings.ToLower(lang)
	if lang == "zh" || strings.HasPrefix(lang, "zh-") || strings.HasPrefix(lang, "zh_") {
		return 0
	}
	return 1
}

// lightOf is the light of a status; NotStarted is decided by Evaluate.
func lightOf(s Status) Light {
	switch s {
	case OnTrack, Ahead, Completed:
		return Green
	case Lagging, NotStarted:
		return Yellow
	default:
		return Red
	}
}
