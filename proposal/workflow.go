package proposal

import (
	"slices"
	"strings"
	"time"

	"ducha/access"
	"ducha/ledger"
)

// States of an item. The first four are ledger's commitment states, the
// rest only a proposal has.
const (
	StateNew          = ledger.StateNew          // 未交办
	StateDispatched   = ledger.StateDispatched   // 已交办, waiting for 签收
	StateAcknowledged = ledger.StateAcknowledged // 已签收, being handled
	StateClosed       = ledger.StateClosed       // 已办结

	StateAdjusting ledger.State = "adjusting" // 申请调整中: the office decides
	StateAnswered  ledger.State = "answered"  // 已答复: waiting for the deputy's feedback
	StateFollowing ledger.State = "following" // 跟踪落实: a B item until its promised day
	StateRedo      ledger.State = "redo"      // 重新办理: the deputy was not satisfied
)

// States lists every state in workflow order.
var States = []ledger.State{StateNew, StateDispatched, StateAdjusting, StateAcknowledged, StateAnswered,
	StateRedo, StateFollowing, StateClosed}

// StateLabel names a state of an item.
func StateLabel(s ledger.State, lang string) string {
	zh := map[ledger.State]string{StateAdjusting: "申请调整中", StateAnswered: "已答复待反馈",
		StateFollowing: "跟踪落实", StateRedo: "重新办理", StateAcknowledged: "办理中"}
	en := map[ledger.State]string{StateAdjusting: "Handler change requested", StateAnswered: "Answered, awaiting feedback",
		StateFollowing: "Follow-up", StateRedo: "Being handled again", StateAcknowledged: "Being handled"}
	m := en
	if strings.HasPrefix(lang, "zh") {
		m = zh
	}
	if l, ok := m[s]; ok {
		return l
	}
	return s.Label(lang)
}

// EventType is what happens to an item.
type EventType string

// Events.
const (
	EvAssign        EventType = "assign"         // office: 交办 to the lead and co-units with the 办理期限
	EvSetDeadline   EventType = "set_deadline"   // office: change the 办理期限
	EvAcknowledge   EventType = "acknowledge"    // lead unit: 签收
	EvRequestAdjust EventType = "request_adjust" // lead unit: 申请调整
	EvApproveAdjust EventType = "approve_adjust" // office: the new lead unit takes it
	EvRefuseAdjust  EventType = "refuse_adjust"  // office: the unit keeps it
	EvContact       EventType = "contact"        // lead unit: a 沟通 record
	EvReply         EventType = "reply"          // lead unit: 答复
	EvFeedback      EventType = "feedback"       // deputy (token): 满意 / 基本满意 / 不满意
	EvFollowUp      EventType = "follow_up"      // lead unit: progress on a B item
	EvClose         EventType = "close"          // office: 办结 without (more) feedback
)

// Events lists every event.
var Events = []EventType{EvAssign, EvSetDeadline, EvAcknowledge, EvRequestAdjust, EvApproveAdjust,
	EvRefuseAdjust, EvContact, EvReply, EvFeedback, EvFollowUp, EvClose}

// Transition is one allowed move: event e in state From may lead to To.
type Transition struct {
	From  ledger.State
	Event EventType
	To    ledger.State
}

// Transitions is the whole state machine: nothing else moves an item.
// Where one event has several targets, the event's content decides (see
// Apply).
var Transitions = []Transition{
	{StateNew, EvAssign, StateDispatched},
	{StateDispatched, EvSetDeadline, StateDispatched},
	{StateAdjusting, EvSetDeadline, StateAdjusting},
	{StateAcknowledged, EvSetDeadline, StateAcknowledged},
	{StateRedo, EvSetDeadline, StateRedo},
	{StateDispatched, EvAcknowledge, StateAcknowledged},
	{StateDispatched, EvRequestAdjust, StateAdjusting},
	{StateAdjusting, EvApproveAdjust, StateDispatched},
	{StateAdjusting, EvRefuseAdjust, StateDispatched},
	{StateAcknowledged, EvContact, StateAcknowledged},
	{StateRedo, EvContact, StateRedo},
	{StateAcknowledged, EvReply, StateAnswered},
	{StateRedo, EvReply, StateAnswered},
	{StateAnswered, EvFeedback, StateClosed},    // 满意/基本满意 on an A or C reply
	{StateAnswered, EvFeedback, StateFollowing}, // 满意/基本满意 on a B reply
	{StateAnswered, EvFeedback, StateRedo},      // 不满意
	{StateAnswered, EvClose, StateClosed},       // no feedback came; A or C
	{StateAnswered, EvClose, StateFollowing},    // no feedback came; B
	{StateFollowing, EvFollowUp, StateFollowing},
	{StateFollowing, EvClose, StateClosed}, // solved, or the promised day came
}

// Allowed reports whether event e may happen in state s at all.
func Allowed(s ledger.State, e EventType) bool {
	return slices.ContainsFunc(Transitions, func(t Transition) bool { return t.From == s && t.Event == e })
}

func allowedTo(s ledger.State, e EventType, to ledger.State) bool {
	return slices.Contains(Transitions, Transition{s, e, to})
}

// Action is the access action an event needs: the office's events
// dispatch or close, the lead unit's acknowledge or report. The deputy's
// feedback needs a token instead ("").
func (e EventType) Action() access.Action {
	switch e {
	case EvAssign, EvSetDeadline, EvApproveAdjust, EvRefuseAdjust:
		return access.Dispatch
	case EvClose:
		return access.Close
	case EvAcknowledge, EvRequestAdjust:
		return access.Acknowledge
	case EvContact, EvReply, EvFollowUp:
		return access.ReportProgress
	}
	return ""
}

// Actor is who causes an event: a user, or the deputy through a checked
// feedback token.
type Actor struct {
	Subject access.Subject
	Name    string // for the records: the user's name
	Deputy  bool   // the holder of a valid feedback token for this item
}

// Event is one event with what it carries.
type Event struct {
	Type EventType

	LeadUnit string    // assign, approve_adjust
	CoUnits  []string  // assign, approve_adjust
	Deadline time.Time // assign (zero: three months), set_deadline, feedback 不满意 (zero: one month)

	Reason      string // request_adjust, refuse_adjust
	SuggestUnit string // request_adjust

	Contact  Contact  // contact
	Reply    Reply    // reply
	Verdict  Verdict  // feedback
	Comment  string   // feedback
	FollowUp FollowUp // follow_up
}

// Default periods.
const (
	// HandlingMonths is the default 办理期限: three months from 交办.
	HandlingMonths = 3
	// RedoMonths is the default deadline of a 重新办理 after 不满意.
	RedoMonths = 1
	// AckDays is the days a unit has to 签收 from 交办 (按期签收).
	AckDays = 5
)

// Apply returns the item after event ev by actor at now, or why it is
// refused: a ledger.Error with code conflict when the state does not
// allow it, invalid when what it carries is wrong, and invalid naming
// the role when the actor may not.
func Apply(it Item, a Actor, ev Event, now time.Time) (Item, error) {
	today := day(now)
	if !slices.Contains(Events, ev.Type) {
		return it, ledger.Errorf(ledger.EInvalid, "未知操作 %q", ev.Type)
	}
	if ev.Type == EvFeedback {
		if !a.Deputy {
			return it, ledger.Errorf(ledger.EInvalid, "满意度反馈只能由代表委员通过反馈链接填写")
		}
	} else if !access.Allowed(a.Subject, ev.Type.Action(), access.Object{Lead: it.LeadUnit, Cooperating: it.CoUnits}) {
		return it, ledger.Errorf(EForbidden, "%s无权进行此操作", a.Subject.Role.Label("zh"))
	}
	if !Allowed(it.State, ev.Type) {
		return it, ledger.Errorf(ledger.EConflict, "%s状态下不能%s", StateLabel(it.State, "zh"), eventLabelsZH[ev.Type])
	}
	out := clone(it)
	var to ledger.State
	switch ev.Type {
	case EvAssign:
		lead, co, err := checkUnits(ev.LeadUnit, ev.CoUnits)
		if err != nil {
			return it, err
		}
		deadline := day(ev.Deadline)
		if deadline.IsZero() {
			deadline = today.AddDate(0, HandlingMonths, 0)
		} else if deadline.Before(today) {
			return it, ledger.Errorf(ledger.EInvalid, "办理期限不能早于交办日期")
		}
		out.LeadUnit, out.CoUnits, out.AssignedAt, out.Deadline, out.Round = lead, co, today, deadline, 1
		to = StateDispatched
	case EvSetDeadline:
		d := day(ev.Deadline)
		if d.IsZero() || d.Before(it.AssignedAt) {
			return it, ledger.Errorf(ledger.EInvalid, "办理期限须不早于交办日期")
		}
		out.Deadline, to = d, it.State
	case EvAcknowledge:
		out.AckedAt, to = today, StateAcknowledged
	case EvRequestAdjust:
		if strings.TrimSpace(ev.Reason) == "" {
			return it, ledger.Errorf(ledger.EInvalid, "申请调整须填写理由")
		}
		if m := ledger.TooLong(ev.Reason, MaxSummaryLen); m != "" {
			return it, ledger.Errorf(ledger.EInvalid, "调整理由%s", m)
		}
		out.Adjust = &Adjustment{Unit: it.LeadUnit, Reason: strings.TrimSpace(ev.Reason),
			SuggestUnit: strings.TrimSpace(ev.SuggestUnit), At: today}
		to = StateAdjusting
	case EvApproveAdjust:
		lead, co, err := checkUnits(ev.LeadUnit, ev.CoUnits)
		if err != nil {
			return it, err
		}
		if lead == it.LeadUnit {
			return it, ledger.Errorf(ledger.EInvalid, "同意调整须改由其他单位主办")
		}
		// The new unit's 签收 clock starts now; the 办理期限 stays.
		out.LeadUnit, out.CoUnits, out.AssignedAt, out.Adjust = lead, co, today, nil
		to = StateDispatched
	case EvRefuseAdjust:
		if strings.TrimSpace(ev.Reason) == "" {
			return it, ledger.Errorf(ledger.EInvalid, "不同意调整须说明理由")
		}
		out.Adjust, to = nil, StateDispatched
	case EvContact:
		c := ev.Contact
		c.Date, c.Round, c.By, c.Summary = day(c.Date), it.Round, it.LeadUnit, strings.TrimSpace(c.Summary)
		switch {
		case !slices.Contains(Ways, c.Way):
			return it, ledger.Errorf(ledger.EInvalid, "请选择沟通方式")
		case c.Date.IsZero() || c.Date.After(today):
			return it, ledger.Errorf(ledger.EInvalid, "沟通日期须填写且不能晚于今天")
		case c.Date.Before(it.AssignedAt):
			return it, ledger.Errorf(ledger.EInvalid, "沟通日期不能早于交办日期")
		case c.Summary == "":
			return it, ledger.Errorf(ledger.EInvalid, "请填写沟通情况")
		case ledger.TooLong(c.Summary, MaxSummaryLen) != "":
			return it, ledger.Errorf(ledger.EInvalid, "沟通情况%s", ledger.TooLong(c.Summary, MaxSummaryLen))
		}
		out.Contacts, to = append(out.Contacts, c), it.State
	case EvReply:
		r, err := checkReply(it, ev.Reply, today)
		if err != nil {
			return it, err
		}
		out.Replies, to = append(out.Replies, r), StateAnswered
	case EvFeedback:
		if !slices.Contains(Verdicts, ev.Verdict) {
			return it, ledger.Errorf(ledger.EInvalid, "请选择满意、基本满意或不满意")
		}
		comment := strings.TrimSpace(ev.Comment)
		if m := ledger.TooLong(comment, MaxSummaryLen); m != "" {
			return it, ledger.Errorf(ledger.EInvalid, "意见%s", m)
		}
		if ev.Verdict == Dissatisfied && comment == "" {
			return it, ledger.Errorf(ledger.EInvalid, "不满意请写明意见，以便重新办理")
		}
		out.Feedback = append(out.Feedback, Feedback{Round: it.Round, Verdict: ev.Verdict, Comment: comment, At: today})
		if ev.Verdict == Dissatisfied {
			d := day(ev.Deadline)
			if d.IsZero() {
				d = today.AddDate(0, RedoMonths, 0)
			}
			out.Round++
			out.Deadline, to = d, StateRedo
		} else {
			to = afterAnswer(it)
			if to == StateClosed {
				out.ClosedAt = today
			}
		}
	case EvFollowUp:
		f := ev.FollowUp
		f.Date, f.Note, f.By = day(f.Date), strings.TrimSpace(f.Note), it.LeadUnit
		if f.Date.IsZero() {
			f.Date = today
		}
		switch {
		case f.Note == "":
			return it, ledger.Errorf(ledger.EInvalid, "请填写落实情况")
		case ledger.TooLong(f.Note, MaxSummaryLen) != "":
			return it, ledger.Errorf(ledger.EInvalid, "落实情况%s", ledger.TooLong(f.Note, MaxSummaryLen))
		case f.Date.After(today):
			return it, ledger.Errorf(ledger.EInvalid, "落实日期不能晚于今天")
		}
		out.FollowUps, to = append(out.FollowUps, f), StateFollowing
	case EvClose:
		if it.State == StateAnswered {
			to = afterAnswer(it)
		} else {
			r := it.LastReply()
			if !it.Solved() && today.Before(r.Promised) {
				return it, ledger.Errorf(ledger.EConflict, "B类答复承诺%s前解决，尚未报告解决，不能办结",
					r.Promised.Format("2006-01-02"))
			}
			to = StateClosed
		}
		if to == StateClosed {
			out.ClosedAt = today
		}
	}
	if !allowedTo(it.State, ev.Type, to) {
		return it, ledger.Errorf(ledger.EInternal, "proposal: %s → %s by %s is not in the table", it.State, to, ev.Type)
	}
	out.State = to
	return out, nil
}

// afterAnswer is where an answered item goes once the deputy is content
// or the office closes it: a B reply is followed until its promised day.
func afterAnswer(it Item) ledger.State {
	if r := it.LastReply(); r != nil && r.Class == ClassB {
		return StateFollowing
	}
	return StateClosed
}

// Solved reports whether a follow-up reported the B item solved.
func (it *Item) Solved() bool {
	return slices.ContainsFunc(it.FollowUps, func(f FollowUp) bool { return f.Solved })
}

// FollowDue reports whether a B item in follow-up reached its promised
// day at now without being reported solved: the office should ask.
func (it *Item) FollowDue(now time.Time) bool {
	r := it.LastReply()
	return it.State == StateFollowing && r != nil && !it.Solved() && !day(now).Before(r.Promised)
}

func checkReply(it Item, r Reply, today time.Time) (Reply, error) {
	r.Text, r.Document, r.Reason = strings.TrimSpace(r.Text), strings.TrimSpace(r.Document), strings.TrimSpace(r.Reason)
	r.Round, r.At, r.Due, r.By, r.Promised = it.Round, today, it.Deadline, it.LeadUnit, day(r.Promised)
	switch {
	case r.Text == "":
		return r, ledger.Errorf(ledger.EInvalid, "请填写答复内容")
	case ledger.TooLong(r.Text, MaxReplyLen) != "":
		return r, ledger.Errorf(ledger.EInvalid, "答复内容%s", ledger.TooLong(r.Text, MaxReplyLen))
	case r.Document == "":
		return r, ledger.Errorf(ledger.EInvalid, "请附上经领导签发的答复函")
	case ledger.TooLong(r.Document, MaxDocRefLen) != "":
		return r, ledger.Errorf(ledger.EInvalid, "答复函%s", ledger.TooLong(r.Document, MaxDocRefLen))
	case !slices.Contains(Classes, r.Class):
		return r, ledger.Errorf(ledger.EInvalid, "请选择答复类别 A、B 或 C")
	case r.Class == ClassC && r.Reason == "":
		return r, ledger.Errorf(ledger.EInvalid, "C类答复须说明暂不能解决的原因")
	case ledger.TooLong(r.Reason, MaxSummaryLen) != "":
		return r, ledger.Errorf(ledger.EInvalid, "原因%s", ledger.TooLong(r.Reason, MaxSummaryLen))
	case r.Class == ClassB && !r.Promised.After(today):
		return r, ledger.Errorf(ledger.EInvalid, "B类答复须写明承诺解决的日期（晚于今天）")
	}
	if r.Class != ClassB {
		r.Promised = time.Time{}
	}
	if r.Class != ClassC {
		r.Reason = ""
	}
	if !slices.ContainsFunc(it.Contacts, func(c Contact) bool { return c.Round == it.Round }) {
		return r, ledger.Errorf(ledger.EConflict, "答复前须与代表委员沟通并登记沟通情况")
	}
	return r, nil
}

func checkUnits(lead string, co []string) (string, []string, error) {
	lead = strings.TrimSpace(lead)
	if lead == "" {
		return "", nil, ledger.Errorf(ledger.EInvalid, "请选择主办单位")
	}
	if m := ledger.TooLong(lead, ledger.MaxUnitNameLen); m != "" {
		return "", nil, ledger.Errorf(ledger.EInvalid, "主办单位%s", m)
	}
	var out []string
	for _, u := range co {
		u = strings.TrimSpace(u)
		if u == "" || u == lead || slices.Contains(out, u) {
			continue
		}
		if m := ledger.TooLong(u, ledger.MaxUnitNameLen); m != "" {
			return "", nil, ledger.Errorf(ledger.EInvalid, "协办单位%s", m)
		}
		out = append(out, u)
	}
	return lead, out, nil
}

// clone copies the slices an event may append to, so that Apply never
// changes its argument.
func clone(it Item) Item {
	it.CoUnits = slices.Clone(it.CoUnits)
	it.CoSigners = slices.Clone(it.CoSigners)
	it.Contacts = slices.Clone(it.Contacts)
	it.Replies = slices.Clone(it.Replies)
	it.FollowUps = slices.Clone(it.FollowUps)
	it.Feedback = slices.Clone(it.Feedback)
	if it.Adjust != nil {
		a := *it.Adjust
		it.Adjust = &a
	}
	return it
}

var eventLabelsZH = map[EventType]string{EvAssign: "交办", EvSetDeadline: "调整办理期限", EvAcknowledge: "签收",
	EvRequestAdjust: "申请调整", EvApproveAdjust: "同意调整", EvRefuseAdjust: "不同意调整", EvContact: "登记沟通",
	EvReply: "答复", EvFeedback: "反馈意见", EvFollowUp: "报告落实情况", EvClose: "办结"}

// EventLabel names an event.
func EventLabel(e EventType, lang string) string {
	if strings.HasPrefix(lang, "zh") {
		return eventLabelsZH[e]
	}
	return strings.ReplaceAll(string(e), "_", " ")
}

// AckDue is the last day to 签收 an assigned item.
func (it *Item) AckDue() time.Time {
	if it.AssignedAt.IsZero() {
		return time.Time{}
	}
	return it.AssignedAt.AddDate(0, 0, AckDays)
}

// The item as a supervised item of the unit's to-do (see doc.go).
func (it *Item) ItemKind() string  { return "proposal" }
func (it *Item) ItemID() int64     { return it.ID }
func (it *Item) ItemCode() string  { return it.Number }
func (it *Item) ItemTitle() string { return it.Title }
func (it *Item) ItemLead() string  { return it.LeadUnit }

// ItemDue is what the lead unit owes and by when: 签收 by AckDue, 答复 by
// the deadline, the follow-up by the promised day; ok false when nothing
// is owed.
func (it *Item) ItemDue() (what EventType, due time.Time, ok bool) {
	switch it.State {
	case StateDispatched:
		return EvAcknowledge, it.AckDue(), true
	case StateAcknowledged, StateRedo:
		return EvReply, it.Deadline, true
	case StateFollowing:
		if !it.Solved() {
			return EvFollowUp, it.LastReply().Promised, true
		}
	}
	return "", time.Time{}, false
}

// EForbidden is the error code of an actor who may not cause an event:
// the same code as supervise.EForbidden, so that the web answers 403.
const EForbidden = "forbidden"
