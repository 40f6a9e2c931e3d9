// Package accountability is 责任追究: the triggers proposed to the
// supervision office, the records it opens against a unit, the unit's
// statement (申辩), corrections and the year's statistics. It is pure: no
// storage, no HTTP, no clock.
//
// Triggers are computed from the one judgment of where a commitment
// stands (supervise.Evaluate, passed in as Judge) and from the 督办单 as
// the schedule escalates them; they are only proposed: nothing is
// applied until the office accepts one, opening a record, or dismisses it
// with a reason.
//
// A record is never changed: a correction is a new version of it, the
// original kept (Correct). A record can carry points off the unit's
// year-end evaluation (Deductions, package evaluate).
package accountability

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"

	"ducha/evaluate"
	"ducha/ledger"
)

// Measure is the coded measure a record takes.
type Measure = ledger.AccountabilityMeasure

// The measures, mildest first.
const (
	Reminder   Measure = "reminder"   // 提醒谈话
	Interview  Measure = "interview"  // 约谈
	Criticism  Measure = "criticism"  // 通报批评
	Admonition Measure = "admonition" // 诫勉谈话
	Referral   Measure = "referral"   // 移交纪检监察机关
)

// Measures lists the measures, mildest first.
var Measures = []Measure{Reminder, Interview, Criticism, Admonition, Referral}

func zh(lang string) bool {
	lang = strings.ToLower(lang)
	return lang == "zh" || strings.HasPrefix(lang, "zh-") || strings.HasPrefix(lang, "zh_")
}

// Fact is a link to a record of the ledger a finding rests on; facts are
// never copied.
type Fact = ledger.AccountabilityFact

// What a fact links to.
const (
	FactCommitment = "commitment"      // the commitment, its state and outcome
	FactOrder      = "order"           // a 督办单
	FactReport     = "progress_report" // a progress report
)

func validFact(f Fact) bool {
	return (f.Kind == FactCommitment || f.Kind == FactOrder || f.Kind == FactReport) && f.ID > 0
}

// Limits of a record's text, in characters.
const (
	MaxDocNoLen     = 64
	MaxNoteLen      = 2000
	MaxStatementLen = 5000
	MaxReasonLen    = 1000
	MaxFacts        = 50
)

// Record is a 责任追究 record, one version of it: the original (Version
// 1, OriginalID 0) or a correction (Version 2, 3 …, OriginalID the
// original's ID).
type Record = ledger.AccountabilityRecord

// Statement is the unit's 申辩 on a record, kept with it.
type Statement = ledger.AccountabilityStatement

// Check names every field of a new record that is wrong, in Chinese.
func Check(r Record) error {
	var bad []string
	if strings.TrimSpace(r.Unit) == "" {
		bad = append(bad, "被追责单位不能为空")
	} else if m := ledger.TooLong(r.Unit, ledger.MaxUnitNameLen); m != "" {
		bad = append(bad, "被追责单位"+m)
	}
	if m := ledger.TooLong(r.Person, ledger.MaxPersonLen); m != "" {
		bad = append(bad, "责任人"+m)
	}
	if !r.Measure.Valid() {
		bad = append(bad, fmt.Sprintf("追责方式 %q 无效", r.Measure))
	}
	if r.Date.IsZero() {
		bad = append(bad, "决定日期不能为空")
	}
	if strings.TrimSpace(r.DocNo) == "" {
		bad = append(bad, "文号不能为空")
	} else if m := ledger.TooLong(r.DocNo, MaxDocNoLen); m != "" {
		bad = append(bad, "文号"+m)
	}
	if r.CommitmentID <= 0 {
		bad = append(bad, "须指明所涉事项")
	}
	if len(r.Facts) > MaxFacts {
		bad = append(bad, fmt.Sprintf("事实依据至多%d项", MaxFacts))
	}
	for i, f := range r.Facts {
		if !validFact(f) {
			bad = append(bad, fmt.Sprintf("第%d项事实依据无效", i+1))
		}
	}
	if m := ledger.TooLong(r.Note, MaxNoteLen); m != "" {
		bad = append(bad, "认定说明"+m)
	}
	if math.IsNaN(r.Deduction) || r.Deduction < 0 || r.Deduction > evaluate.MaxDeduction {
		bad = append(bad, fmt.Sprintf("考核扣分 %v 无效（0–%d）", r.Deduction, evaluate.MaxDeduction))
	}
	if m := ledger.TooLong(r.Reason, MaxReasonLen); m != "" {
		bad = append(bad, "更正理由"+m)
	}
	if len(bad) > 0 {
		return ledger.Errorf(ledger.EInvalid, "%s", strings.Join(bad, "；"))
	}
	return nil
}

// Correct returns the correction of latest, the current version of a
// record, to fix: a new version after it, the original untouched. The
// unit and the item stay those of the record (a record against another
// unit or item is a new record); a reason is required.
func Correct(latest, fix Record, reason string) (Record, error) {
	reason = strings.TrimSpace(reason)
	if reason == "" {
		return Record{}, ledger.Errorf(ledger.EInvalid, "更正须说明理由")
	}
	if fix.Unit != latest.Unit || fix.CommitmentID != latest.CommitmentID {
		return Record{}, ledger.Errorf(ledger.EInvalid, "更正不能改变被追责单位或所涉事项；请另行作出记录")
	}
	out := fix
	out.ID, out.OriginalID, out.Version = 0, latest.Root(), latest.Version+1
	out.TriggerKey, out.OrderID = latest.TriggerKey, latest.OrderID
	if out.Facts == nil {
		out.Facts = latest.Facts
	}
	out.Reason = reason
	if err := Check(out); err != nil {
		return Record{}, err
	}
	return out, nil
}

// CheckStatement checks a unit's 申辩 on record r: only the unit held to
// account states its case, and the statement is not empty.
func CheckStatement(r Record, s Statement) error {
	switch {
	case s.Unit != r.Unit:
		return ledger.Errorf(ledger.EInvalid, "只有被追责单位可以申辩")
	case strings.TrimSpace(s.Body) == "":
		return ledger.Errorf(ledger.EInvalid, "申辩内容不能为空")
	case utf8.RuneCountInString(s.Body) > MaxStatementLen:
		return ledger.Errorf(ledger.EInvalid, "申辩内容%s", ledger.TooLong(s.Body, MaxStatementLen))
	}
	return nil
}

// Current returns the current version of every record among versions
// (any order): the highest version of each original, ordered by date
// then original ID.
func Current(versions []Record) []Record {
	best := map[int64]Record{}
	var order []int64
	for _, r := range versions {
		b, ok := best[r.Root()]
		if !ok {
			order = append(order, r.Root())
		}
		if !ok || r.Version > b.Version {
			best[r.Root()] = r
		}
	}
	out := make([]Record, 0, len(order))
	for _, id := range order {
		out = append(out, best[id])
	}
	sortRecords(out)
	return out
}

func sortRecords(rs []Record) {
	for i := 1; i < len(rs); i++ {
		for j := i; j > 0 && less(rs[j], rs[j-1]); j-- {
			rs[j], rs[j-1] = rs[j-1], rs[j]
		}
	}
}

func less(a, b Record) bool {
	if !a.Date.Equal(b.Date) {
		return a.Date.Before(b.Date)
	}
	return a.Root() < b.Root()
}

// Deductions returns the evaluation deductions of the records current in
// versions whose decision falls in year, by unit.
func Deductions(versions []Record, year int, lang string) map[string][]evaluate.Deduction {
	out := map[string][]evaluate.Deduction{}
	for _, r := range Current(versions) {
		if r.Date.Year() != year || !(r.Deduction > 0) {
			continue
		}
		ref := r.DocNo
		if ref == "" {
			ref = "#" + strconv.FormatInt(r.Root(), 10)
		}
		out[r.Unit] = append(out[r.Unit], evaluate.Deduction{Ref: ref, Measure: r.Measure.Label(lang), Points: r.Deduction})
	}
	return out
}
