package proposal

import (
	"strings"
	"time"

	"ducha/ledger"
)

// Kind says who made the item.
type Kind string

// Kinds.
const (
	KindSuggestion Kind = "suggestion" // 人大代表建议
	KindProposal   Kind = "proposal"   // 政协委员提案
)

// Label names a kind in Chinese (建议, 提案) or English.
func (k Kind) Label(lang string) string {
	zh := map[Kind]string{KindSuggestion: "建议", KindProposal: "提案"}
	en := map[Kind]string{KindSuggestion: "Suggestion", KindProposal: "Proposal"}
	if strings.HasPrefix(lang, "zh") {
		return zh[k]
	}
	return en[k]
}

// ParseKind reads 建议/提案 (or the English code).
func ParseKind(s string) (Kind, bool) {
	switch strings.TrimSpace(s) {
	case "建议", "代表建议", "人大代表建议", string(KindSuggestion):
		return KindSuggestion, true
	case "提案", "委员提案", "政协委员提案", string(KindProposal):
		return KindProposal, true
	}
	return "", false
}

// Person is a deputy or member who made the item, with their contact.
type Person struct {
	Name    string
	Contact string
}

// Limits of the fields, in characters (see ledger.TooLong).
const (
	MaxNumberLen   = 32
	MaxTitleLen    = 500
	MaxTextLen     = 20000
	MaxPersons     = 100 // co-signers
	MaxCategoryLen = 100
	MaxSessionLen  = 100
	MaxSummaryLen  = 4000 // a 沟通 summary, a follow-up note, a feedback comment
	MaxReplyLen    = 20000
	MaxDocRefLen   = 500 // the signed document's reference
)

// Item is one 建议 or 提案 and its handling.
type Item struct {
	ID        int64
	Number    string // 第0012号
	Kind      Kind
	Title     string
	Text      string
	Lead      Person   // 领衔人
	CoSigners []Person // 附议人
	Category  string
	Session   string // 届次, e.g. 十五届三次会议
	Received  time.Time
	Public    bool

	State      ledger.State
	LeadUnit   string   // 主办单位
	CoUnits    []string // 协办/会办单位
	AssignedAt time.Time
	Deadline   time.Time // 办理期限 of the current round
	AckedAt    time.Time
	Round      int // 1 for the first handling, 2 after the first 重新办理 …

	Adjust    *Adjustment // the pending 申请调整, nil if none
	Contacts  []Contact
	Replies   []Reply
	FollowUps []FollowUp
	Feedback  []Feedback
	ClosedAt  time.Time
}

// Adjustment is a unit's request to change the handler (申请调整).
type Adjustment struct {
	Unit        string // who asks
	Reason      string
	SuggestUnit string // the unit it thinks should lead, may be ""
	At          time.Time
}

// Way is how a unit communicated with the deputy.
type Way string

// Ways of 沟通.
const (
	WayFace    Way = "face"    // 当面沟通（面商）
	WayMeeting Way = "meeting" // 座谈、现场调研
	WayPhone   Way = "phone"   // 电话
	WayLetter  Way = "letter"  // 书面、邮件、微信
)

// Ways lists the ways in form order.
var Ways = []Way{WayFace, WayMeeting, WayPhone, WayLetter}

// Label names a way.
func (w Way) Label(lang string) string {
	zh := map[Way]string{WayFace: "当面沟通", WayMeeting: "座谈调研", WayPhone: "电话沟通", WayLetter: "书面沟通"}
	en := map[Way]string{WayFace: "In person", WayMeeting: "Meeting or site visit", WayPhone: "Phone", WayLetter: "In writing"}
	if strings.HasPrefix(lang, "zh") {
		return zh[w]
	}
	return en[w]
}

// InPerson is the one rule of 面商: met the deputy in person (face to
// face or at a meeting or site visit).
func (w Way) InPerson() bool { return w == WayFace || w == WayMeeting }

// Contact is a 沟通 record.
type Contact struct {
	Round   int
	Date    time.Time
	Way     Way
	Summary string
	By      string // the unit
}

// Class is a reply's classification.
type Class string

// Classes.
const (
	ClassA Class = "A" // 已解决或采纳
	ClassB Class = "B" // 正在解决或列入计划
	ClassC Class = "C" // 因条件限制暂不能解决
)

// Classes lists the classes in order.
var Classes = []Class{ClassA, ClassB, ClassC}

// Label names a class.
func (c Class) Label(lang string) string {
	zh := map[Class]string{ClassA: "A类（已解决或采纳）", ClassB: "B类（正在解决或列入计划）", ClassC: "C类（因条件限制暂不能解决）"}
	en := map[Class]string{ClassA: "A (solved or adopted)", ClassB: "B (being solved or planned)", ClassC: "C (cannot be solved for now)"}
	if strings.HasPrefix(lang, "zh") {
		return zh[c]
	}
	return en[c]
}

// Reply is a 答复: its text, the signed document and its class.
type Reply struct {
	Round    int
	Text     string
	Document string // reference of the signed document (文号 or stored file)
	Class    Class
	Reason   string    // C: why it cannot be solved
	Promised time.Time // B: the day the unit promises it solved
	At       time.Time // day of the reply
	Due      time.Time // the deadline it answered against
	By       string
}

// OnTime reports whether the reply came by its deadline.
func (r Reply) OnTime() bool { return !r.At.After(r.Due) }

// FollowUp is a progress note on a B item after its reply.
type FollowUp struct {
	Date   time.Time
	Note   string
	Solved bool // the unit reports it solved
	By     string
}

// Verdict is the deputy's feedback.
type Verdict string

// Verdicts.
const (
	Satisfied      Verdict = "satisfied"       // 满意
	BasicSatisfied Verdict = "basic_satisfied" // 基本满意
	Dissatisfied   Verdict = "dissatisfied"    // 不满意
)

// Verdicts lists the verdicts in form order.
var Verdicts = []Verdict{Satisfied, BasicSatisfied, Dissatisfied}

// Label names a verdict.
func (v Verdict) Label(lang string) string {
	zh := map[Verdict]string{Satisfied: "满意", BasicSatisfied: "基本满意", Dissatisfied: "不满意"}
	en := map[Verdict]string{Satisfied: "Satisfied", BasicSatisfied: "Basically satisfied", Dissatisfied: "Dissatisfied"}
	if strings.HasPrefix(lang, "zh") {
		return zh[v]
	}
	return en[v]
}

// Content is whether the verdict counts as satisfied (满意 or 基本满意).
func (v Verdict) Content() bool { return v == Satisfied || v == BasicSatisfied }

// Feedback is the deputy's feedback on a round's reply.
type Feedback struct {
	Round   int
	Verdict Verdict
	Comment string
	At      time.Time
}

// LastReply is the reply of the latest round, nil if none.
func (it *Item) LastReply() *Reply {
	if len(it.Replies) == 0 {
		return nil
	}
	return &it.Replies[len(it.Replies)-1]
}

// LastFeedback is the latest feedback, nil if none.
func (it *Item) LastFeedback() *Feedback {
	if len(it.Feedback) == 0 {
		return nil
	}
	return &it.Feedback[len(it.Feedback)-1]
}

// Open reports whether the item still waits for the unit to answer:
// assigned, acknowledged, adjusting or redone, not yet answered.
func (it *Item) Open() bool {
	switch it.State {
	case StateDispatched, StateAcknowledged, StateAdjusting, StateRedo:
		return true
	}
	return false
}

// Late reports whether the current round's deadline passed at now
// without a reply (the day of the deadline itself is not late).
func (it *Item) Late(now time.Time) bool {
	return it.Open() && !it.Deadline.IsZero() && day(now).After(it.Deadline)
}

// day is t's calendar day as midnight UTC.
func day(t time.Time) time.Time {
	if t.IsZero() {
		return t
	}
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// Day is t's calendar day as midnight UTC, the form every date of an
// item takes.
func Day(t time.Time) time.Time { return day(t) }

// Check validates an item as received (import or form): every error,
// naming the field.
func Check(it Item) []FieldError {
	var errs []FieldError
	add := func(field, msg string) { errs = append(errs, FieldError{Field: field, Message: msg}) }
	limit := func(field, s string, max int) {
		if m := ledger.TooLong(s, max); m != "" {
			add(field, m)
		}
	}
	if strings.TrimSpace(it.Number) == "" {
		add("编号", "编号不能为空")
	}
	limit("编号", it.Number, MaxNumberLen)
	if it.Kind != KindSuggestion && it.Kind != KindProposal {
		add("类型", "类型须为建议或提案")
	}
	if strings.TrimSpace(it.Title) == "" {
		add("标题", "标题不能为空")
	}
	limit("标题", it.Title, MaxTitleLen)
	limit("内容", it.Text, MaxTextLen)
	if strings.TrimSpace(it.Lead.Name) == "" {
		add("领衔人", "领衔人不能为空")
	}
	limit("领衔人", it.Lead.Name, ledger.MaxPersonLen)
	limit("领衔人", it.Lead.Contact, ledger.MaxContactLen)
	if len(it.CoSigners) > MaxPersons {
		add("附议人", "附议人超过100人上限")
	}
	for _, p := range it.CoSigners {
		limit("附议人", p.Name, ledger.MaxPersonLen)
		limit("附议人", p.Contact, ledger.MaxContactLen)
	}
	limit("类别", it.Category, MaxCategoryLen)
	limit("届次", it.Session, MaxSessionLen)
	limit("主办单位", it.LeadUnit, ledger.MaxUnitNameLen)
	for _, u := range it.CoUnits {
		limit("协办单位", u, ledger.MaxUnitNameLen)
	}
	return errs
}

// FieldError is an error in one field.
type FieldError struct {
	Field   string
	Message string
}

func (e FieldError) Error() string { return e.Field + "：" + e.Message }
