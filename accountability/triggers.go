package accountability

import (
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"ducha/ledger"
	"ducha/progress"
)

// TriggerKind is why a record is proposed.
type TriggerKind string

// The triggers.
const (
	// Shortfall: a commitment closed short of its target (部分完成 or
	// 未完成) for a reason the office does not accept as beyond the unit.
	Shortfall TriggerKind = "shortfall"
	// Unanswered: a 督办单 already escalated is still unanswered past its
	// reply day.
	Unanswered TriggerKind = "unanswered"
	// Stale: the lead unit has not reported for StalePeriods periods in a
	// row.
	Stale TriggerKind = "stale"
)

// Label names the trigger for people.
func (k TriggerKind) Label(lang string) string {
	l := map[TriggerKind][2]string{
		Shortfall:  {"办结未达目标且无认可理由", "closed short of target without an accepted reason"},
		Unanswered: {"督办单升级后仍未回复", "督办单 unanswered after escalation"},
		Stale:      {"连续多期未报送进展", "no report for several periods"},
	}[k]
	if l[0] == "" {
		return string(k)
	}
	if zh(lang) {
		return l[0]
	}
	return l[1]
}

// Trigger is a record proposed to the office. Key names it for good: once
// the office accepts or dismisses it, it is not proposed again.
type Trigger struct {
	Key          string
	Kind         TriggerKind
	Unit         string
	CommitmentID int64
	Code, Title  string
	OrderID      int64  // Unanswered: the 督办单
	OrderNo      string // Unanswered
	Periods      int    // Stale: periods in a row without a report
	Outcome      ledger.Outcome
	Reason       string // Shortfall: the coded reason given
	Facts        []Fact
}

// Settings are the office's choices for 责任追究, kept as a setting.
type Settings struct {
	// StalePeriods is N: a unit that has not reported for N periods in a
	// row is proposed (1–12).
	StalePeriods int `json:"stale_periods"`
	// AcceptedReasons are the coded reasons (ledger.ShortfallReasons) the
	// office accepts for closing short of the target: no record is
	// proposed for them.
	AcceptedReasons []string `json:"accepted_reasons"`
}

// SettingsKey is where the settings are kept.
const SettingsKey = "accountability"

// DefaultSettings: two periods without a report; a shortfall for a
// change of the higher level's policy or another outside cause accepted.
func DefaultSettings() Settings {
	return Settings{StalePeriods: 2, AcceptedReasons: []string{"external"}}
}

// Validate names what is wrong, in Chinese.
func (st Settings) Validate() error {
	var bad []string
	if st.StalePeriods < 1 || st.StalePeriods > 12 {
		bad = append(bad, fmt.Sprintf("连续未报送期数 %d 无效（1–12）", st.StalePeriods))
	}
	for _, r := range st.AcceptedReasons {
		if _, ok := ledger.ShortfallReasons[r]; !ok {
			bad = append(bad, fmt.Sprintf("认可理由 %q 无效", r))
		}
	}
	if len(bad) > 0 {
		return ledger.Errorf(ledger.EInvalid, "%s", strings.Join(bad, "；"))
	}
	return nil
}

// ParseSettings reads settings stored as JSON over the defaults; "" gives
// the defaults.
func ParseSettings(s string) (Settings, error) {
	st := DefaultSettings()
	if strings.TrimSpace(s) == "" {
		return st, nil
	}
	if err := json.Unmarshal([]byte(s), &st); err != nil {
		return DefaultSettings(), ledger.Errorf(ledger.EInvalid, "责任追究设置不是有效的 JSON：%v", err)
	}
	return st, st.Validate()
}

// Item is a commitment with the judgment of where it stands now.
type Item struct {
	View   ledger.CommitmentView
	Result progress.Result
}

// Judge says where a commitment stands at a moment: supervise.Evaluate
// with the office's period and thresholds, the one judgment every view
// calls.
type Judge func(v ledger.CommitmentView, at time.Time) progress.Result

// Input is what triggers are computed from.
type Input struct {
	At     time.Time
	Period string // progress.Month or progress.Quarter
	Items  []Item
	// Orders are the 督办单 not answered and not replaced by escalation
	// (ledger.SupervisionStore.OpenOrders).
	Orders   []ledger.SupervisionOrder
	Judge    Judge
	Settings Settings
	// Decided are the keys the office has accepted or dismissed.
	Decided map[string]bool
}

// Propose returns the triggers at in.At the office has not decided, by
// kind (shortfalls, unanswered 督办单, stale units) then commitment code.
// It applies nothing.
func Propose(in Input) []Trigger {
	var out []Trigger
	add := func(t Trigger) {
		if !in.Decided[t.Key] {
			out = append(out, t)
		}
	}
	byID := map[int64]*Item{}
	for i := range in.Items {
		byID[in.Items[i].View.ID] = &in.Items[i]
	}
	for _, it := range in.Items {
		v := it.View
		if v.Kind != ledger.KindTarget || v.Excluded != nil || v.Assignment.Lead == "" {
			continue
		}
		if v.State == ledger.StateClosed && (v.Outcome == ledger.OutcomePartly || v.Outcome == ledger.OutcomeNotCompleted) &&
			!slices.Contains(in.Settings.AcceptedReasons, v.OutcomeReason) {
			add(Trigger{Key: "shortfall:" + itoa(v.ID) + ":" + stamp(v.StateChangedAt), Kind: Shortfall, Unit: v.Assignment.Lead,
				CommitmentID: v.ID, Code: v.Code, Title: v.Title, Outcome: v.Outcome, Reason: v.OutcomeReason,
				Facts: []Fact{{Kind: FactCommitment, ID: v.ID}}})
		}
	}
	for _, o := range in.Orders {
		if o.Level < 2 || !o.EscalatedAt.IsZero() || !o.RepliedAt.IsZero() || !o.Overdue(in.At) {
			continue
		}
		t := Trigger{Key: "unanswered:" + itoa(o.ID), Kind: Unanswered, Unit: o.Unit, CommitmentID: o.CommitmentID,
			OrderID: o.ID, OrderNo: o.No, Facts: []Fact{{Kind: FactCommitment, ID: o.CommitmentID}, {Kind: FactOrder, ID: o.ID}}}
		if it := byID[o.CommitmentID]; it != nil {
			t.Code, t.Title = it.View.Code, it.View.Title
		}
		add(t)
	}
	n := in.Settings.StalePeriods
	for _, it := range in.Items {
		v := it.View
		if v.Kind != ledger.KindTarget || v.Excluded != nil || v.Assignment.Lead == "" || !it.Result.Stale || n < 1 || in.Judge == nil {
			continue
		}
		k := stalePeriods(v, in.At, in.Period, in.Judge, maxStalePeriods)
		if k < n {
			continue
		}
		facts := []Fact{{Kind: FactCommitment, ID: v.ID}}
		if v.LatestApproved != nil {
			facts = append(facts, Fact{Kind: FactReport, ID: v.LatestApproved.ID})
		}
		add(Trigger{Key: "stale:" + itoa(v.ID) + ":" + stamp(v.LastReportAt), Kind: Stale, Unit: v.Assignment.Lead,
			CommitmentID: v.ID, Code: v.Code, Title: v.Title, Periods: k, Facts: facts})
	}
	return out
}

// maxStalePeriods bounds the count of stale periods looked back on.
const maxStalePeriods = 36

// stalePeriods counts the periods in a row, back from at, for which judge
// finds the unit stale, up to max: the judgment at at, at the same moment
// of the period before, and so on.
func stalePeriods(v ledger.CommitmentView, at time.Time, period string, judge Judge, max int) int {
	months := 1
	if period == progress.Quarter {
		months = 3
	}
	k := 0
	for k < max && judge(v, at.AddDate(0, -months*k, 0)).Stale {
		k++
	}
	return k
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// stamp is a moment in a key: its day, "0" for none.
func stamp(t time.Time) string {
	if t.IsZero() {
		return "0"
	}
	return t.UTC().Format("20060102")
}
