package accountability_test

import (
	"strings"
	"testing"
	"time"

	"ducha/accountability"
	"ducha/evaluate"
	"ducha/ledger"
	"ducha/progress"
	"ducha/supervise"

	"github.com/google/go-cmp/cmp"
)

func day(y, m, d int) time.Time { return time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC) }

const (
	edu     = "示例区教育局"
	housing = "示例区住房和城乡建设局"
)

// judge is the one judgment (supervise.Evaluate) with monthly reports and
// the default thresholds: a unit is stale ten days after a month it owed
// a report for.
func judge(v ledger.CommitmentView, at time.Time) progress.Result {
	return supervise.Evaluate(v, at, progress.Month, supervise.DefaultSettings().Thresholds())
}

// target is a 2024 target of 6000 places led by edu, in progress since
// 10 January, whose unit last reported on lastReport.
func target(id int64, code string, lastReport time.Time) ledger.CommitmentView {
	deadline := day(2024, 12, 31)
	return ledger.CommitmentView{
		Commitment: ledger.Commitment{ID: id, Code: code, Kind: ledger.KindTarget, Title: "新增学位6000个", Period: 2024,
			Deadline: &deadline, Target: &ledger.Target{Value: "6000", Unit: "个", Comparator: "ge"},
			Assignment: ledger.Assignment{Lead: edu}},
		State: ledger.StateInProgress, StateChangedAt: day(2024, 1, 10), LastReportAt: lastReport,
	}
}

func closed(id int64, code string, o ledger.Outcome, reason string) ledger.CommitmentView {
	v := target(id, code, day(2024, 11, 30))
	v.State, v.Outcome, v.OutcomeReason, v.StateChangedAt = ledger.StateClosed, o, reason, day(2024, 12, 20)
	return v
}

func items(at time.Time, vs ...ledger.CommitmentView) []accountability.Item {
	var out []accountability.Item
	for _, v := range vs {
		out = append(out, accountability.Item{View: v, Result: judge(v, at)})
	}
	return out
}

func TestPropose(t *testing.T) {
	june15 := day(2024, 6, 15)
	order := func(id int64, level int, replyBy time.Time) ledger.SupervisionOrder {
		return ledger.SupervisionOrder{ID: id, CommitmentID: 1, No: "督〔2024〕" + string(rune('0'+id)) + "号", Unit: edu,
			Level: level, ReplyBy: replyBy, IssuedAt: replyBy.AddDate(0, 0, -5)}
	}
	st := accountability.DefaultSettings()
	tests := []struct {
		name    string
		at      time.Time
		items   []ledger.CommitmentView
		orders  []ledger.SupervisionOrder
		stale   int
		decided []string
		want    []accountability.Trigger
	}{
		{
			// Last report 5 March: May, April and March missed by 15 June
			// (February was reported): three periods in a row.
			name: "stale three months, N=2", at: june15, stale: 2,
			items: []ledger.CommitmentView{target(1, "2024-01", day(2024, 3, 5))},
			want: []accountability.Trigger{{Key: "stale:1:20240305", Kind: accountability.Stale, Unit: edu, CommitmentID: 1,
				Code: "2024-01", Title: "新增学位6000个", Periods: 3, Facts: []accountability.Fact{{Kind: "commitment", ID: 1}}}},
		},
		{name: "stale three months, N=4: nothing", at: june15, stale: 4,
			items: []ledger.CommitmentView{target(1, "2024-01", day(2024, 3, 5))}},
		{
			// Reported on 3 June for May: not stale at all.
			name: "reported last month", at: june15, stale: 1,
			items: []ledger.CommitmentView{target(1, "2024-01", day(2024, 6, 3))},
		},
		{
			// 5 June is within May's ten days of grace: not yet stale,
			// although April was missed too.
			name: "within the grace period", at: day(2024, 6, 5), stale: 1,
			items: []ledger.CommitmentView{target(1, "2024-01", day(2024, 3, 5))},
		},
		{
			name: "stale, decided already", at: june15, stale: 2, decided: []string{"stale:1:20240305"},
			items: []ledger.CommitmentView{target(1, "2024-01", day(2024, 3, 5))},
		},
		{
			name: "closed short without an accepted reason", at: day(2024, 12, 28), stale: 2,
			items: []ledger.CommitmentView{
				closed(1, "2024-01", ledger.OutcomePartly, "capacity"),
				closed(2, "2024-02", ledger.OutcomeNotCompleted, "external"), // accepted by default
				closed(3, "2024-03", ledger.OutcomeCompleted, ""),
			},
			want: []accountability.Trigger{{Key: "shortfall:1:20241220", Kind: accountability.Shortfall, Unit: edu, CommitmentID: 1,
				Code: "2024-01", Title: "新增学位6000个", Outcome: ledger.OutcomePartly, Reason: "capacity",
				Facts: []accountability.Fact{{Kind: "commitment", ID: 1}}}},
		},
		{
			// Order 7 was escalated (level 2) and its reply day, 10 June,
			// has passed; order 8 is a first order past its day (the
			// schedule escalates it first); order 9 is escalated but not
			// yet due.
			name: "unanswered after escalation", at: june15, stale: 2,
			items:  []ledger.CommitmentView{target(1, "2024-01", day(2024, 6, 3))},
			orders: []ledger.SupervisionOrder{order(7, 2, day(2024, 6, 10)), order(8, 1, day(2024, 6, 1)), order(9, 3, day(2024, 6, 14))},
			want: []accountability.Trigger{{Key: "unanswered:7", Kind: accountability.Unanswered, Unit: edu, CommitmentID: 1,
				Code: "2024-01", Title: "新增学位6000个", OrderID: 7, OrderNo: "督〔2024〕7号",
				Facts: []accountability.Fact{{Kind: "commitment", ID: 1}, {Kind: "order", ID: 7}}}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := st
			s.StalePeriods = tt.stale
			decided := map[string]bool{}
			for _, k := range tt.decided {
				decided[k] = true
			}
			in := accountability.Input{At: tt.at, Period: progress.Month, Items: items(tt.at, tt.items...), Orders: tt.orders,
				Judge: judge, Settings: s, Decided: decided}
			before := cmp.Diff(nil, in.Items) // Propose changes nothing it is given
			got := accountability.Propose(in)
			if d := cmp.Diff(tt.want, got); d != "" {
				t.Errorf("triggers (-want +got):\n%s", d)
			}
			if after := cmp.Diff(nil, in.Items); after != before {
				t.Errorf("Propose changed its input")
			}
		})
	}
}

func record() accountability.Record {
	return accountability.Record{ID: 5, Version: 1, Unit: edu, Person: "李四", Measure: accountability.Criticism,
		Date: day(2024, 7, 1), DocNo: "区督责〔2024〕3号", CommitmentID: 1, TriggerKey: "stale:1:20240305",
		Facts: []accountability.Fact{{Kind: "commitment", ID: 1}}, Deduction: 2}
}

func TestCheck(t *testing.T) {
	tests := []struct {
		name string
		edit func(r *accountability.Record)
		want string // "" valid, else a part of the error
	}{
		{"valid", func(r *accountability.Record) {}, ""},
		{"no unit", func(r *accountability.Record) { r.Unit = " " }, "被追责单位不能为空"},
		{"bad measure", func(r *accountability.Record) { r.Measure = "fine" }, `追责方式 "fine" 无效`},
		{"no date", func(r *accountability.Record) { r.Date = time.Time{} }, "决定日期不能为空"},
		{"no document number", func(r *accountability.Record) { r.DocNo = "" }, "文号不能为空"},
		{"no item", func(r *accountability.Record) { r.CommitmentID = 0 }, "须指明所涉事项"},
		{"deduction too high", func(r *accountability.Record) { r.Deduction = 21 }, "考核扣分 21 无效（0–20）"},
		{"negative deduction", func(r *accountability.Record) { r.Deduction = -1 }, "考核扣分 -1 无效"},
		{"bad fact", func(r *accountability.Record) { r.Facts = append(r.Facts, accountability.Fact{Kind: "mail", ID: 3}) }, "第2项事实依据无效"},
		{"person too long", func(r *accountability.Record) { r.Person = strings.Repeat("张", 101) }, "责任人超过100个字符上限"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := record()
			tt.edit(&r)
			err := accountability.Check(r)
			switch {
			case tt.want == "" && err != nil:
				t.Errorf("error %v, want none", err)
			case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)):
				t.Errorf("error %v, want one saying %q", err, tt.want)
			}
		})
	}
}

// TestCorrect: a correction is a new version pointing at the original,
// which stays as it was.
func TestCorrect(t *testing.T) {
	orig := record()
	fix := orig
	fix.Measure, fix.Deduction, fix.DocNo = accountability.Interview, 1, "区督责〔2024〕4号"
	c, err := accountability.Correct(orig, fix, "追责方式有误")
	if err != nil {
		t.Fatal(err)
	}
	if c.ID != 0 || c.OriginalID != 5 || c.Version != 2 || c.Reason != "追责方式有误" || c.Measure != accountability.Interview {
		t.Errorf("correction %+v", c)
	}
	if orig.Measure != accountability.Criticism || orig.Version != 1 || orig.Deduction != 2 {
		t.Errorf("the original changed: %+v", orig)
	}
	// A second correction follows the first and points at the original.
	c.ID = 9
	c2, err := accountability.Correct(c, c, "再次更正")
	if err != nil || c2.OriginalID != 5 || c2.Version != 3 {
		t.Errorf("second correction %+v, %v", c2, err)
	}
	cur := accountability.Current([]accountability.Record{c, orig})
	if len(cur) != 1 || cur[0].ID != 9 {
		t.Errorf("current %+v, want version 2 (id 9)", cur)
	}
	for name, bad := range map[string]func() (accountability.Record, string){
		"no reason":    func() (accountability.Record, string) { return fix, " " },
		"another unit": func() (accountability.Record, string) { f := fix; f.Unit = housing; return f, "改单位" },
		"another item": func() (accountability.Record, string) { f := fix; f.CommitmentID = 2; return f, "改事项" },
		"invalid":      func() (accountability.Record, string) { f := fix; f.Measure = ""; return f, "清空方式" },
	} {
		f, reason := bad()
		if _, err := accountability.Correct(orig, f, reason); ledger.ErrorCode(err) != ledger.EInvalid {
			t.Errorf("%s: error %v, want invalid", name, err)
		}
	}
}

func TestCheckStatement(t *testing.T) {
	r := record()
	if err := accountability.CheckStatement(r, accountability.Statement{Unit: edu, Body: "因征地未完成，非本单位原因"}); err != nil {
		t.Errorf("the unit's own statement: %v", err)
	}
	if err := accountability.CheckStatement(r, accountability.Statement{Unit: housing, Body: "代为申辩"}); err == nil {
		t.Error("another unit's statement accepted")
	}
	if err := accountability.CheckStatement(r, accountability.Statement{Unit: edu, Body: "  "}); err == nil {
		t.Error("an empty statement accepted")
	}
}

// TestStatisticsAndDeductions: counts by measure and unit over 2024, the
// current versions only; the deductions as the evaluation takes them,
// and the unit's total computed by hand.
func TestStatisticsAndDeductions(t *testing.T) {
	r1 := record() // edu, 通报批评, 2 points
	r1fix := r1    // corrected to 约谈, 1 point
	r1fix.ID, r1fix.OriginalID, r1fix.Version = 8, 5, 2
	r1fix.Measure, r1fix.Deduction = accountability.Interview, 1
	r2 := accountability.Record{ID: 6, Version: 1, Unit: edu, Measure: accountability.Reminder, Date: day(2024, 9, 3), DocNo: "区督责〔2024〕7号",
		CommitmentID: 2, Deduction: 0.5}
	r3 := accountability.Record{ID: 7, Version: 1, Unit: housing, Measure: accountability.Interview, Date: day(2024, 10, 9), DocNo: "区督责〔2024〕9号",
		CommitmentID: 3}
	r4 := accountability.Record{ID: 4, Version: 1, Unit: housing, Measure: accountability.Referral, Date: day(2023, 12, 1), DocNo: "区督责〔2023〕1号",
		CommitmentID: 4, Deduction: 5} // another year
	all := []accountability.Record{r1, r2, r3, r4, r1fix}
	st := accountability.Statistics(all, 2024)
	want := accountability.Stats{Year: 2024, Total: 3,
		ByMeasure: map[accountability.Measure]int{accountability.Interview: 2, accountability.Reminder: 1},
		Units: []accountability.UnitStats{
			{Unit: edu, Counts: map[accountability.Measure]int{accountability.Interview: 1, accountability.Reminder: 1}, Total: 2, Deduction: 1.5},
			{Unit: housing, Counts: map[accountability.Measure]int{accountability.Interview: 1}, Total: 1},
		}}
	if d := cmp.Diff(want, st); d != "" {
		t.Errorf("statistics (-want +got):\n%s", d)
	}
	ds := accountability.Deductions(all, 2024, "zh")
	wantDs := map[string][]evaluate.Deduction{edu: {{Ref: "区督责〔2024〕3号", Measure: "约谈", Points: 1}, {Ref: "区督责〔2024〕7号", Measure: "提醒谈话", Points: 0.5}}}
	if d := cmp.Diff(wantDs, ds); d != "" {
		t.Errorf("deductions (-want +got):\n%s", d)
	}
	// edu: one task 80% done (0.8 × 60 = 48), one period owed and on time
	// (20), one 督办单 answered on time (10), two reports none returned
	// (10): 88, less 1 and 0.5: 86.5.
	at := day(2024, 12, 31)
	u := evaluate.Score(evaluate.Input{Unit: edu, At: at,
		Commitments: []evaluate.Commitment{{Code: "2024-01", Kind: ledger.KindTarget, Done: 0.8}},
		Periods:     []evaluate.Period{{Code: "2024-01", Period: "2024-11", End: day(2024, 11, 30), Submitted: day(2024, 12, 2)}},
		Orders:      []evaluate.Order{{No: "督〔2024〕1号", IssuedAt: day(2024, 6, 1), ReplyBy: day(2024, 6, 6), RepliedAt: day(2024, 6, 5)}},
		Reports:     2, Deductions: ds[edu]}, evaluate.DefaultFormula())
	if u.Total != 86.5 || u.Deducted != 1.5 {
		t.Errorf("total %v deducted %v, want 86.5 and 1.5", u.Total, u.Deducted)
	}
	if w := u.Working("zh"); w != "88 − 1（约谈 区督责〔2024〕3号） − 0.5（提醒谈话 区督责〔2024〕7号） = 86.5" {
		t.Errorf("working %q", w)
	}
}

func TestSettings(t *testing.T) {
	if st, err := accountability.ParseSettings(""); err != nil || st.StalePeriods != 2 {
		t.Errorf("defaults %+v %v", st, err)
	}
	if st, err := accountability.ParseSettings(`{"stale_periods":3,"accepted_reasons":["external","land"]}`); err != nil || st.StalePeriods != 3 || len(st.AcceptedReasons) != 2 {
		t.Errorf("parsed %+v %v", st, err)
	}
	for _, bad := range []string{`{"stale_periods":0}`, `{"stale_periods":13}`, `{"accepted_reasons":["weather"]}`, `{`} {
		if _, err := accountability.ParseSettings(bad); err == nil {
			t.Errorf("%s accepted", bad)
		}
	}
}
