package shared

import (
	"encoding/json"
	"strconv"
	"strings"
	"time"

	"ducha/ledger"
)

// Audit actions and entities of the supervision store.
const (
	ActionState        = "commitment.state"
	ActionReportSave   = "report.save"
	ActionReportReview = "report.review"
	ActionEvidenceAdd  = "evidence.add"
	ActionOrderIssue   = "order.issue"
	ActionOrderReply   = "order.reply"
	ActionOrderEscal   = "order.escalate"
	ActionCommentAdd   = "comment.add"
	ActionTokenCreate  = "token.create"
	ActionTokenRevoke  = "token.revoke"
	ActionSettingSet   = "setting.set"
	ActionUserAdd      = "user.add"
	ActionUserUpdate   = "user.update"

	EntityCommitment = "commitment"
	EntityReport     = "progress_report"
	EntityOrder      = "supervision_order"
	EntityComment    = "comment"
	EntityToken      = "api_token"
	EntitySetting    = "setting"
	EntityUser       = "user"
)

// NewAudit returns the audit entry of a change at now: before and after
// are the record before and after as JSON; nil gives "" (a creation or a
// deletion).
func NewAudit(now time.Time, actor, action, entity, ref string, before, after any) ledger.AuditEntry {
	return ledger.AuditEntry{At: Stamp(now), Actor: strings.TrimSpace(actor), Action: action, Entity: entity, Ref: ref,
		Before: auditJSON(before), After: auditJSON(after)}
}

// Ref is the audit reference of a record with a numeric id.
func Ref(id int64) string { return strconv.FormatInt(id, 10) }

func auditJSON(v any) string {
	if v == nil {
		return ""
	}
	b, err := json.Marshal(v)
	if err != nil {
		panic(err) // the records are plain structs
	}
	return string(b)
}

// CheckAudit checks and completes an entry given to AppendAudit: an actor,
// an action, Before and After empty or JSON, At now when zero.
func CheckAudit(e ledger.AuditEntry, now time.Time) (ledger.AuditEntry, error) {
	e.Actor, e.Action = strings.TrimSpace(e.Actor), strings.TrimSpace(e.Action)
	e.Entity, e.Ref = strings.TrimSpace(e.Entity), strings.TrimSpace(e.Ref)
	if e.Actor == "" || e.Action == "" {
		return e, ledger.Errorf(ledger.EInvalid, "审计记录须有操作人和操作")
	}
	for _, s := range []string{e.Before, e.After} {
		if s != "" && !json.Valid([]byte(s)) {
			return e, ledger.Errorf(ledger.EInvalid, "审计记录的前后内容须为 JSON")
		}
	}
	if e.At.IsZero() {
		e.At = now
	}
	e.At = Stamp(e.At)
	return e, nil
}

// UserRecord is a user as the audit log shows it: never the password
// hash, only whether it was changed.
type UserRecord struct {
	ID              int64
	Login           string
	Name            string
	Role            string
	Unit            string
	Disabled        bool
	CreatedAt       time.Time
	PasswordChanged bool `json:",omitempty"`
}

// AuditUser returns the audit record of u.
func AuditUser(u ledger.User, passwordChanged bool) UserRecord {
	return UserRecord{ID: u.ID, Login: u.Login, Name: u.Name, Role: u.Role, Unit: u.Unit, Disabled: u.Disabled,
		CreatedAt: u.CreatedAt, PasswordChanged: passwordChanged}
}

// TokenRecord is an API token as the audit log shows it: never the hash.
type TokenRecord struct {
	ID        int64
	Unit      string
	Name      string
	CreatedBy string
	CreatedAt time.Time
	Revoked   bool
}

// AuditToken returns the audit record of t.
func AuditToken(t ledger.APIToken) TokenRecord {
	return TokenRecord{ID: t.ID, Unit: t.Unit, Name: t.Name, CreatedBy: t.CreatedBy, CreatedAt: t.CreatedAt, Revoked: t.Revoked}
}

// StateRecord is the workflow state of a commitment in the audit log.
type StateRecord struct {
	State         ledger.State
	Outcome       ledger.Outcome `json:",omitempty"`
	OutcomeReason string         `json:",omitempty"`
}

// AuditReport returns the audit record of a progress report: the report
// without its evidence, which has entries of its own.
func AuditReport(r ledger.ProgressReport) ledger.ProgressReport {
	r.Evidence = nil
	return r
}

// EvidenceRecord is evidence added to a progress report, in the audit log.
type EvidenceRecord struct {
	ReportID int64
	ledger.Evidence
}

// SettingRecord is a setting in the audit log, its secrets masked
// (ledger.RedactJSON).
type SettingRecord struct {
	Key   string
	Value json.RawMessage
}

// MarshalJSON writes the record with the value's secrets masked.
func (r SettingRecord) MarshalJSON() ([]byte, error) {
	type plain SettingRecord
	return json.Marshal(plain{Key: r.Key, Value: ledger.RedactJSON(r.Value)})
}
