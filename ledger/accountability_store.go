package ledger

import (
	"context"
	"time"
)

// The records of 责任追究 (package accountability holds their rules).

// AccountabilityMeasure is the coded measure of a 责任追究 record.
type AccountabilityMeasure string

var accountabilityMeasures = map[AccountabilityMeasure][2]string{
	"reminder":   {"提醒谈话", "reminder talk"},
	"interview":  {"约谈", "formal interview"},
	"criticism":  {"通报批评", "circulated criticism"},
	"admonition": {"诫勉谈话", "admonishment talk"},
	"referral":   {"移交纪检监察机关", "referral to the discipline inspection authority"},
}

// Valid reports whether m is one of the five coded measures.
func (m AccountabilityMeasure) Valid() bool { _, ok := accountabilityMeasures[m]; return ok }

// Label names the measure in Chinese (lang "zh…") or English.
func (m AccountabilityMeasure) Label(lang string) string {
	l, ok := accountabilityMeasures[m]
	if !ok {
		return string(m)
	}
	if len(lang) >= 2 && (lang[:2] == "zh" || lang[:2] == "ZH") {
		return l[0]
	}
	return l[1]
}

// AccountabilityFact links a record to what its finding rests on: a
// commitment, a 督办单 or a progress report, by id. Facts are linked,
// never copied.
type AccountabilityFact struct {
	Kind string `json:"kind"` // commitment, order, progress_report
	ID   int64  `json:"id"`
}

// AccountabilityRecord is one version of a 责任追究 record: the original
// (Version 1, OriginalID 0) or a correction (Version 2, 3 …, OriginalID
// the original's ID). Versions are never changed or deleted.
type AccountabilityRecord struct {
	ID           int64
	OriginalID   int64
	Version      int
	Unit         string // the unit held to account (full name)
	Person       string // 责任人, "" when none is named
	Measure      AccountabilityMeasure
	Date         time.Time // the day of the decision
	DocNo        string    // 文号
	CommitmentID int64     // the item the record concerns
	OrderID      int64     // the 督办单 it concerns, 0 if none
	TriggerKey   string    // the trigger it was opened from, "" if none
	Facts        []AccountabilityFact
	Note         string  // the office's finding in its own words
	Deduction    float64 // points off the unit's evaluation of Date's year
	Reason       string  // why a correction was made; "" on the original
	CreatedBy    string
	CreatedAt    time.Time
}

// Root is the ID of the record's original, which every version shares.
func (r AccountabilityRecord) Root() int64 {
	if r.OriginalID != 0 {
		return r.OriginalID
	}
	return r.ID
}

// AccountabilityStatement is a unit's 申辩 on a record (on its original:
// it stays with every version).
type AccountabilityStatement struct {
	ID       int64
	RecordID int64
	Unit     string
	Body     string
	By       string
	At       time.Time
}

// AccountabilityDecision is the office's decision on a proposed trigger:
// accepted (a record opened, RecordID) or dismissed with a reason.
type AccountabilityDecision struct {
	Key          string
	Kind         string
	Unit         string
	CommitmentID int64
	Accepted     bool
	RecordID     int64 // the record opened, when Accepted
	Reason       string
	By           string
	At           time.Time
}

// AccountabilityStore keeps 责任追究: records (append-only: a correction
// is a new version pointing at the original), the units' statements and
// the office's decisions on triggers. Every change appends its audit entry
// in the same transaction.
type AccountabilityStore interface {
	// OpenRecord stores r as a new original (ID, Version 1, CreatedBy and
	// CreatedAt set) and, when r.TriggerKey is set, the decision accepting
	// the trigger (kind is the trigger's). A trigger decided already is a
	// conflict; an unknown unit, commitment or 督办单 is not_found.
	OpenRecord(ctx context.Context, r *AccountabilityRecord, kind, actor string) error
	// CorrectRecord stores r as the next version of its original
	// (r.OriginalID): r.Version must be one after the newest, else it is a
	// conflict (someone corrected it meanwhile).
	CorrectRecord(ctx context.Context, r *AccountabilityRecord, actor string) error
	// DismissTrigger records the office's dismissal of a trigger (a reason
	// is required); one decided already is a conflict.
	DismissTrigger(ctx context.Context, d *AccountabilityDecision, actor string) error
	// AccountabilityDecisions returns every decision on a trigger.
	AccountabilityDecisions(ctx context.Context) ([]AccountabilityDecision, error)
	// AccountabilityRecords returns every version of the records against
	// unit ("" every unit), by original then version.
	AccountabilityRecords(ctx context.Context, unit string) ([]AccountabilityRecord, error)
	// AccountabilityRecord returns every version of the record whose
	// original is id, oldest first, and the unit's statements on it;
	// not_found if there is none.
	AccountabilityRecord(ctx context.Context, id int64) ([]AccountabilityRecord, []AccountabilityStatement, error)
	// AddStatement adds a unit's 申辩 to the record whose original is
	// s.RecordID (ID, At set).
	AddStatement(ctx context.Context, s *AccountabilityStatement, actor string) error
}
