package supervise

import (
	"slices"
	"strings"
	"time"

	"ducha/ledger"
	"ducha/progress"
)

// ItemKind is the kind of a supervised item.
type ItemKind string

// The kinds of supervised items.
const (
	KindCommitment ItemKind = "commitment" // a commitment of the work report
	KindProject    ItemKind = "project"    // a major project (package project)
)

// Supervised is what the to-do list, reminders and 督办单 need of any
// supervised item, whatever its kind: a commitment (Item, through
// CommitmentDue) or a major project (project.Item). A new kind (建议提案,
// 批示件) implements it and reuses the machinery; see package project's
// documentation for the design.
type Supervised interface {
	ItemKind() ItemKind
	ItemID() int64
	ItemCode() string
	ItemTitle() string
	// ItemLead is the unit that acknowledges and reports.
	ItemLead() string
	// ItemLight is the item's light by its kind's one judgment.
	ItemLight() progress.Light
	// ItemOwed is the period whose report the lead unit owes and the day
	// it is due by; ok false when none is owed.
	ItemOwed() (period string, due time.Time, ok bool)
}

// Due is one report a unit owes on a supervised item of any kind.
type Due struct {
	Kind        ItemKind
	ID          int64
	Code, Title string
	Unit        string
	Period      string
	Due         time.Time
	Late        bool // Due has passed
	Light       progress.Light
}

// DueOf is the reports unit owes at now on items (of any kind), by due
// day then code. Only items unit leads count.
func DueOf(unit string, items []Supervised, now time.Time) []Due {
	var out []Due
	if unit == "" {
		return nil
	}
	today := day(now)
	for _, it := range items {
		if it.ItemLead() != unit {
			continue
		}
		period, due, ok := it.ItemOwed()
		if !ok {
			continue
		}
		out = append(out, Due{Kind: it.ItemKind(), ID: it.ItemID(), Code: it.ItemCode(), Title: it.ItemTitle(),
			Unit: unit, Period: period, Due: due, Late: today.After(due), Light: it.ItemLight()})
	}
	slices.SortStableFunc(out, func(a, b Due) int {
		if c := a.Due.Compare(b.Due); c != 0 {
			return c
		}
		return strings.Compare(a.Code, b.Code)
	})
	return out
}

// Commitment is a commitment as a Supervised item: its Item with the
// report it owes (see CommitmentDue).
type Commitment struct {
	*Item
	period string
	due    time.Time
	owed   bool
}

// CommitmentDue is it as a Supervised item at now, owing what DuePeriod
// says from its reports reps and the settings.
func CommitmentDue(it *Item, reps []ledger.ProgressReport, st Settings, now time.Time) Commitment {
	c := Commitment{Item: it}
	c.period, c.due, c.owed = DuePeriod(*it.CommitmentView, it.Result, reps, st, now)
	return c
}

func (c Commitment) ItemKind() ItemKind        { return KindCommitment }
func (c Commitment) ItemID() int64             { return c.ID }
func (c Commitment) ItemCode() string          { return c.Code }
func (c Commitment) ItemTitle() string         { return c.Title }
func (c Commitment) ItemLead() string          { return c.Assignment.Lead }
func (c Commitment) ItemLight() progress.Light { return c.Result.Light }
func (c Commitment) ItemOwed() (string, time.Time, bool) {
	return c.period, c.due, c.owed
}
