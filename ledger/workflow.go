package ledger

import (
	"strings"
	"time"
)

// State is where a commitment stands in the supervision workflow:
// 交办 → 签收 → 填报 → 复核 → 办结.
type State string

// Workflow states.
const (
	StateNew          State = "new"          // 未交办: in the ledger, not yet dispatched
	StateDispatched   State = "dispatched"   // 已交办: sent to the lead unit
	StateAcknowledged State = "acknowledged" // 已签收: the lead unit took it on
	StateInProgress   State = "in_progress"  // 办理中: progress is being reported
	StateClosed       State = "closed"       // 已办结/销号
)

// Label names a state in Chinese or English.
func (s State) Label(lang string) string {
	if strings.HasPrefix(lang, "zh") {
		return stateLabelsZH[s]
	}
	return stateLabelsEN[s]
}

var (
	stateLabelsZH = map[State]string{StateNew: "未交办", StateDispatched: "已交办", StateAcknowledged: "已签收",
		StateInProgress: "办理中", StateClosed: "已办结"}
	stateLabelsEN = map[State]string{StateNew: "Not dispatched", StateDispatched: "Dispatched",
		StateAcknowledged: "Acknowledged", StateInProgress: "In progress", StateClosed: "Closed"}
)

// StateOnReport is the one rule joining a unit's progress report and its
// commitment's workflow state: a commitment acknowledged or in progress
// takes reports (ok); submitting one (not saving a draft) starts the work
// of an acknowledged commitment, so next is in progress. Every other
// state takes none.
func StateOnReport(s State, submit bool) (next State, ok bool) {
	switch s {
	case StateAcknowledged:
		if submit {
			return StateInProgress, true
		}
		return s, true
	case StateInProgress:
		return s, true
	}
	return s, false
}

// Outcome of a closed commitment.
type Outcome string

// Outcomes.
const (
	OutcomeCompleted    Outcome = "completed"     // 完成
	OutcomePartly       Outcome = "partly"        // 部分完成
	OutcomeNotCompleted Outcome = "not_completed" // 未完成
)

// ShortfallReasons are the coded reasons for an outcome short of
// completed, so that year-end evaluation can count them.
var ShortfallReasons = map[string]string{
	"funding":  "资金未到位",
	"land":     "用地、征收或拆迁问题",
	"approval": "审批手续未完成",
	"external": "上级政策调整或外部因素",
	"plan":     "规划或方案调整",
	"capacity": "承办单位力量不足",
	"other":    "其他原因",
}

// ReportStatus is the review status of a progress report.
type ReportStatus string

// Progress report statuses.
const (
	ReportDraft     ReportStatus = "draft"     // saved, not submitted
	ReportSubmitted ReportStatus = "submitted" // waiting for 复核
	ReportReturned  ReportStatus = "returned"  // returned with a reason, to be corrected
	ReportApproved  ReportStatus = "approved"  // approved: feeds status, dashboards and the public site
)

// ProgressReport is a unit's structured report on one commitment for one
// period (month or quarter): one per commitment per period, so a figure is
// entered once and feeds every view (最多报一次).
type ProgressReport struct {
	ID           int64
	CommitmentID int64
	Period       string // 2024-06 or 2024-Q2
	Unit         string
	Value        string // exact decimal, "" for descriptive tasks
	Percent      int    // self-assessed progress 0–100 for descriptive tasks, -1 if none
	Done         bool   // the unit declares the task finished
	Narrative    string
	Problems     string
	NextSteps    string
	Explanation  string // required when a cumulative figure goes down
	Status       ReportStatus
	ReturnReason string
	SubmittedBy  string
	SubmittedAt  time.Time
	ReviewedBy   string
	ReviewedAt   time.Time
	Evidence     []Evidence
}

// Evidence is a file attached to a progress report.
type Evidence struct {
	ID          int64
	Name        string
	ContentType string
	Size        int64
	SHA256      string
}

// EvidenceUse is one attachment of a file of evidence: to which report, of
// which commitment and period. The same file (by SHA-256) attached twice
// is one document counted for two reports.
type EvidenceUse struct {
	Evidence     Evidence
	ReportID     int64
	Period       string
	CommitmentID int64
	Code         string // of the commitment
}

// SupervisionOrder is a 督办单: a supervisor or leader orders a unit to act
// on a lagging commitment and to reply by a date; unanswered orders
// escalate.
type SupervisionOrder struct {
	ID           int64
	CommitmentID int64
	No           string // 督办单 number, e.g. 督〔2024〕12号
	Unit         string
	Requirement  string
	ReplyBy      time.Time
	IssuedBy     string
	IssuedAt     time.Time
	Reply        string
	RepliedAt    time.Time
	Level        int       // 1 for the first order; escalation raises it
	EscalatedAt  time.Time // when a higher-level order replaced it, zero if not
}

// Overdue reports whether the order's reply deadline passed without a reply.
func (o SupervisionOrder) Overdue(now time.Time) bool {
	return o.RepliedAt.IsZero() && now.After(o.ReplyBy.AddDate(0, 0, 1))
}

// transitions lists the allowed state changes.
var transitions = map[State][]State{
	StateNew:          {StateDispatched},
	StateDispatched:   {StateAcknowledged, StateNew},
	StateAcknowledged: {StateInProgress, StateClosed},
	StateInProgress:   {StateInProgress, StateClosed},
	StateClosed:       {StateInProgress}, // reopened by the office
}

// CanMove reports whether a commitment may go from one state to another.
func CanMove(from, to State) bool {
	for _, s := range transitions[from] {
		if s == to {
			return true
		}
	}
	return false
}

// Dispatchable checks that a commitment can be dispatched: it needs a
// confirmed lead unit and a deadline (DueDate: its own, else the end of
// its year).
func Dispatchable(c Commitment) error {
	switch {
	case c.Kind != KindTarget:
		return Errorf(EInvalid, "%s 是回顾部分的已完成事项，不能交办", c.Code)
	case c.Assignment.Lead == "":
		return Errorf(EInvalid, "%s 尚未确定牵头单位，不能交办", c.Code)
	case !hasDueDate(c):
		return Errorf(EInvalid, "%s 尚未确定完成时限，不能交办", c.Code)
	}
	return nil
}

// CheckClose validates closing a commitment: an outcome short of completed
// needs a coded reason.
func CheckClose(o Outcome, reason string) error {
	switch o {
	case OutcomeCompleted:
		return nil
	case OutcomePartly, OutcomeNotCompleted:
		if _, ok := ShortfallReasons[reason]; !ok {
			return Errorf(EInvalid, "未完成或部分完成须选择原因")
		}
		return nil
	}
	return Errorf(EInvalid, "办结结果 %q 无效", o)
}

// CheckReturn validates returning a report: the unit must be told why.
func CheckReturn(reason string) error {
	if strings.TrimSpace(reason) == "" {
		return Errorf(EInvalid, "退回须填写退回原因")
	}
	return nil
}

// CanReview reports whether a report in status s can be approved or
// returned.
func CanReview(s ReportStatus) bool { return s == ReportSubmitted }

// CanEditReport reports whether the unit may still change a report.
func CanEditReport(s ReportStatus) bool { return s == ReportDraft || s == ReportReturned }

func hasDueDate(c Commitment) bool {
	_, ok := DueDate(c)
	return ok
}
