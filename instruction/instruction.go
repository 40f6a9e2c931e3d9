// Package instruction is the domain of 领导批示件: a document received (来文
// 单位, 文号, title, received date, attachment) with a leader's written
// instruction (批示内容, 批示领导, date), the office's 交办 to units with a
// deadline and a requirement, the units' progress notes, their 反馈 (result
// and evidence), and the office's 办结 or return. It imports no storage
// and no HTTP.
//
// Like package proposal it reuses ledger's states (未交办, 已交办, 已签收,
// 办理中, 已办结 are ledger.State values; only 已反馈待确认 is added), package
// access's table for who may act, and ledger's errors; the deadline and
// the lead unit make it a supervised item for the unit's to-do (ItemDue).
// Only the domain is written so far: no store, no pages.
package instruction

import (
	"slices"
	"strings"
	"time"

	"ducha/access"
	"ducha/ledger"
)

// States: ledger's, and the one only a 批示件 has.
const (
	StateNew          = ledger.StateNew
	StateDispatched   = ledger.StateDispatched
	StateAcknowledged = ledger.StateAcknowledged
	StateInProgress   = ledger.StateInProgress
	StateClosed       = ledger.StateClosed

	StateReported ledger.State = "reported" // 已反馈待确认: the office confirms or returns
)

// Item is one 批示件.
type Item struct {
	ID         int64
	FromUnit   string // 来文单位
	DocNo      string // 文号
	Title      string
	Received   time.Time
	Attachment string // reference of the stored document

	Instruction  string // 批示内容
	Leader       string // 批示领导
	InstructedAt time.Time

	State       ledger.State
	LeadUnit    string
	CoUnits     []string
	Requirement string
	AssignedAt  time.Time
	Deadline    time.Time
	Notes       []Note
	Reports     []Report
	ClosedAt    time.Time
}

// Note is a progress note of the lead unit.
type Note struct {
	Date time.Time
	Text string
}

// Report is the unit's 反馈: the result and its evidence; Returned is the
// office's reason when it sent it back.
type Report struct {
	Date     time.Time
	Result   string
	Evidence string
	Returned string
}

// EventType is what happens to a 批示件.
type EventType string

// Events.
const (
	EvAssign      EventType = "assign"      // office
	EvAcknowledge EventType = "acknowledge" // lead unit
	EvNote        EventType = "note"        // lead unit: progress
	EvReport      EventType = "report"      // lead unit: 反馈
	EvConfirm     EventType = "confirm"     // office: 办结
	EvReturn      EventType = "return"      // office: not done, with the reason
)

// Transition is one allowed move.
type Transition struct {
	From  ledger.State
	Event EventType
	To    ledger.State
}

// Transitions is the whole state machine.
var Transitions = []Transition{
	{StateNew, EvAssign, StateDispatched},
	{StateDispatched, EvAcknowledge, StateAcknowledged},
	{StateAcknowledged, EvNote, StateInProgress},
	{StateInProgress, EvNote, StateInProgress},
	{StateAcknowledged, EvReport, StateReported},
	{StateInProgress, EvReport, StateReported},
	{StateReported, EvConfirm, StateClosed},
	{StateReported, EvReturn, StateInProgress},
}

// Event is one event with what it carries.
type Event struct {
	Type        EventType
	LeadUnit    string
	CoUnits     []string
	Requirement string
	Deadline    time.Time
	Text        string // note, report result, return reason
	Evidence    string // report
}

func (e EventType) action() access.Action {
	switch e {
	case EvAssign:
		return access.Dispatch
	case EvConfirm, EvReturn:
		return access.Close
	case EvAcknowledge:
		return access.Acknowledge
	}
	return access.ReportProgress
}

// EForbidden is the code of an actor who may not act (as supervise's).
const EForbidden = "forbidden"

// Apply returns the item after ev by s at now, or why not.
func Apply(it Item, s access.Subject, ev Event, now time.Time) (Item, error) {
	today := day(now)
	if !access.Allowed(s, ev.Type.action(), access.Object{Lead: it.LeadUnit, Cooperating: it.CoUnits}) {
		return it, ledger.Errorf(EForbidden, "%s无权进行此操作", s.Role.Label("zh"))
	}
	var to ledger.State
	for _, t := range Transitions {
		if t.From == it.State && t.Event == ev.Type {
			to = t.To
		}
	}
	if to == "" {
		return it, ledger.Errorf(ledger.EConflict, "批示件当前状态（%s）不能进行此操作", it.State.Label("zh"))
	}
	out := it
	out.Notes, out.Reports, out.CoUnits = slices.Clone(it.Notes), slices.Clone(it.Reports), slices.Clone(it.CoUnits)
	text := strings.TrimSpace(ev.Text)
	switch ev.Type {
	case EvAssign:
		switch {
		case strings.TrimSpace(ev.LeadUnit) == "":
			return it, ledger.Errorf(ledger.EInvalid, "请选择承办单位")
		case ev.Deadline.IsZero() || day(ev.Deadline).Before(today):
			return it, ledger.Errorf(ledger.EInvalid, "请填写不早于今天的办理时限")
		case strings.TrimSpace(ev.Requirement) == "":
			return it, ledger.Errorf(ledger.EInvalid, "请填写办理要求")
		}
		out.LeadUnit, out.CoUnits, out.Requirement = strings.TrimSpace(ev.LeadUnit), ev.CoUnits, strings.TrimSpace(ev.Requirement)
		out.AssignedAt, out.Deadline = today, day(ev.Deadline)
	case EvNote:
		if text == "" {
			return it, ledger.Errorf(ledger.EInvalid, "请填写办理进展")
		}
		out.Notes = append(out.Notes, Note{Date: today, Text: text})
	case EvReport:
		if text == "" || strings.TrimSpace(ev.Evidence) == "" {
			return it, ledger.Errorf(ledger.EInvalid, "反馈须写明办理结果并附佐证材料")
		}
		out.Reports = append(out.Reports, Report{Date: today, Result: text, Evidence: strings.TrimSpace(ev.Evidence)})
	case EvReturn:
		if text == "" {
			return it, ledger.Errorf(ledger.EInvalid, "退回须说明理由")
		}
		out.Reports[len(out.Reports)-1].Returned = text
	case EvConfirm:
		out.ClosedAt = today
	}
	out.State = to
	return out, nil
}

// Overdue reports whether the item is past its deadline at now and not
// reported or closed: it gets 督办单 and reminders like a commitment.
func (it Item) Overdue(now time.Time) bool {
	switch it.State {
	case StateDispatched, StateAcknowledged, StateInProgress:
		return !it.Deadline.IsZero() && day(now).After(it.Deadline)
	}
	return false
}

// ClosedOnTime reports whether the item was closed by its deadline: the
// 按期办结率's count.
func (it Item) ClosedOnTime() bool {
	return it.State == StateClosed && !it.ClosedAt.After(it.Deadline)
}

// OfLeader is the items leader instructed, as the leader's own page
// lists them.
func OfLeader(items []Item, leader string) []Item {
	var out []Item
	for _, it := range items {
		if it.Leader == leader {
			out = append(out, it)
		}
	}
	return out
}

// OnTimeRate is 按期办结率 at now: items closed on time out of those closed
// or past their deadline.
func OnTimeRate(items []Item, now time.Time) (num, den int) {
	for _, it := range items {
		if it.AssignedAt.IsZero() {
			continue
		}
		if it.State == StateClosed || day(now).After(it.Deadline) {
			den++
			if it.ClosedOnTime() {
				num++
			}
		}
	}
	return num, den
}

func day(t time.Time) time.Time {
	if t.IsZero() {
		return t
	}
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}
