package shared

import (
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"ducha/ledger"
	"ducha/progress"
)

// Audit actions and entities of the office's decisions on the target model.
const (
	ActionTargetKind     = "commitment.kind"
	ActionExclude        = "commitment.exclude"
	ActionInclude        = "commitment.include"
	ActionReconcileCheck = "reconcile.review"

	EntityReconcileReview = "reconcile_review"
)

// MaxReasonRunes bounds a reason of 不列入 and a note on a reconciliation
// row: ledger's limit, which the forms check first.
const MaxReasonRunes = ledger.MaxReasonLen

// KindRecord is a target's kind as the audit log shows it.
type KindRecord struct {
	Kind string `json:"kind"`
}

// CheckKind checks a kind given by the office: "" (inferred) or one of
// progress.Kinds.
func CheckKind(kind string) (string, error) {
	kind = strings.TrimSpace(kind)
	if kind != "" && !progress.Kind(kind).Valid() {
		return kind, ledger.Errorf(ledger.EInvalid, "目标类型 %q 无效，应为 %s 之一", kind, kindList())
	}
	return kind, nil
}

func kindList() string {
	s := make([]string, len(progress.Kinds))
	for i, k := range progress.Kinds {
		s[i] = string(k)
	}
	return strings.Join(s, ", ")
}

// ExclusionRecord is a commitment's exclusion as the audit log shows it.
type ExclusionRecord struct {
	Excluded bool      `json:"excluded"`
	Reason   string    `json:"reason,omitempty"`
	By       string    `json:"by,omitempty"`
	At       time.Time `json:"at,omitzero"`
}

// ExclusionOf is the audit record of e (nil: included).
func ExclusionOf(e *ledger.Exclusion) ExclusionRecord {
	if e == nil {
		return ExclusionRecord{}
	}
	return ExclusionRecord{Excluded: true, Reason: e.Reason, By: e.By, At: e.At}
}

// CheckReason checks and trims the reason of 不列入: required, at most
// MaxReasonRunes.
func CheckReason(reason string) (string, error) {
	reason = strings.TrimSpace(reason)
	if reason == "" {
		return reason, ledger.Errorf(ledger.EInvalid, "不列入须填写理由")
	}
	if utf8.RuneCountInString(reason) > MaxReasonRunes {
		return reason, ledger.Errorf(ledger.EInvalid, "理由不得超过 %d 字", MaxReasonRunes)
	}
	return reason, nil
}

// CheckIDs returns the distinct ids, sorted; none is invalid.
func CheckIDs(ids []int64) ([]int64, error) {
	if len(ids) == 0 {
		return nil, ledger.Errorf(ledger.EInvalid, "未选择任何承诺事项")
	}
	out := slices.Clone(ids)
	slices.Sort(out)
	return slices.Compact(out), nil
}

// CheckReconcileReview checks and normalises a reconciliation review: a report, a
// span, an override that is "" or one of progress.Verdicts, a note of at
// most MaxReasonRunes.
func CheckReconcileReview(r *ledger.ReconcileReview) error {
	r.Override, r.Note = strings.TrimSpace(r.Override), strings.TrimSpace(r.Note)
	switch {
	case r.ReportID <= 0:
		return ledger.Errorf(ledger.EInvalid, "对照表核实须指明报告")
	case r.Start < 0 || r.End <= r.Start:
		return ledger.Errorf(ledger.EInvalid, "对照表核实：目标位置 %d–%d 无效", r.Start, r.End)
	case r.Override != "" && !progress.Verdict(r.Override).Valid():
		return ledger.Errorf(ledger.EInvalid, "对照表核实：结论 %q 无效", r.Override)
	case utf8.RuneCountInString(r.Note) > MaxReasonRunes:
		return ledger.Errorf(ledger.EInvalid, "对照表核实：说明不得超过 %d 字", MaxReasonRunes)
	}
	return nil
}

// ReviewRef is the audit reference of a reconciliation row: the report and
// the target's span.
func ReviewRef(reportID int64, start, end int) string {
	return fmt.Sprintf("%d:%d-%d", reportID, start, end)
}

// ReviewRecord is a reconciliation review as the audit log shows it.
type ReviewRecord struct {
	Override string `json:"override"`
	Note     string `json:"note,omitempty"`
}
