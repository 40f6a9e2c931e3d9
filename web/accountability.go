package web

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"ducha/access"
	"ducha/accountability"
	"ducha/ledger"
	"ducha/progress"
	"ducha/supervise"
)

// 责任追究: the office's list of proposed triggers and the records. The
// pages are internal only: the office (HoldAccountable) decides, leaders
// read every record, a unit's reporter reads its own unit's only, and the
// public never reaches them.

// accountabilityStore is the store's 责任追究 part.
func (s *Server) accountabilityStore() (ledger.AccountabilityStore, error) {
	as, ok := s.store.(ledger.AccountabilityStore)
	if !ok {
		return nil, fmt.Errorf("the store keeps no 责任追究 records")
	}
	return as, nil
}

// canReadAllRecords: the office and leaders read every record; a reporter
// only its own unit's.
func canReadAllRecords(a supervise.Actor) bool {
	return a.Role == access.Admin || a.Role == access.Supervisor || a.Role == access.Leader
}

// recordsFor returns every version of the records actor may read.
func (s *Server) recordsFor(ctx context.Context, a supervise.Actor) ([]ledger.AccountabilityRecord, error) {
	as, err := s.accountabilityStore()
	if err != nil {
		return nil, err
	}
	switch {
	case canReadAllRecords(a):
		return as.AccountabilityRecords(ctx, "")
	case a.Role == access.Reporter && a.Unit != "":
		return as.AccountabilityRecords(ctx, a.Unit)
	}
	return nil, ledger.Errorf(supervise.EForbidden, "无权查看责任追究记录")
}

// accountabilitySettings reads the office's 责任追究 settings.
func (s *Server) accountabilitySettings(ctx context.Context) (accountability.Settings, error) {
	v, _, err := s.store.Setting(ctx, accountability.SettingsKey)
	if err != nil {
		return accountability.Settings{}, err
	}
	return accountability.ParseSettings(v)
}

// triggers proposes the records of the current report at the server's
// clock, from the one judgment (supervise.Evaluate) of its commitments.
func (s *Server) triggers(ctx context.Context, rep *ledger.Report) ([]accountability.Trigger, error) {
	if rep == nil {
		return nil, nil
	}
	as, err := s.accountabilityStore()
	if err != nil {
		return nil, err
	}
	st, err := s.svc.Settings(ctx)
	if err != nil {
		return nil, err
	}
	ast, err := s.accountabilitySettings(ctx)
	if err != nil {
		return nil, err
	}
	items, err := s.svc.Items(ctx, rep.ID)
	if err != nil {
		return nil, err
	}
	in := accountability.Input{At: s.now(), Period: st.Period, Settings: ast, Decided: map[string]bool{}}
	ids := map[int64]bool{}
	for _, it := range items {
		in.Items = append(in.Items, accountability.Item{View: *it.CommitmentView, Result: it.Result})
		ids[it.ID] = true
	}
	th := st.Thresholds()
	in.Judge = func(v ledger.CommitmentView, at time.Time) progress.Result {
		return supervise.Evaluate(v, at, st.Period, th)
	}
	orders, err := s.store.OpenOrders(ctx)
	if err != nil {
		return nil, err
	}
	for _, o := range orders {
		if ids[o.CommitmentID] {
			in.Orders = append(in.Orders, o)
		}
	}
	decisions, err := as.AccountabilityDecisions(ctx)
	if err != nil {
		return nil, err
	}
	for _, d := range decisions {
		in.Decided[d.Key] = true
	}
	return accountability.Propose(in), nil
}

// recordRow is a record as the lists show it.
type recordRow struct {
	ledger.AccountabilityRecord
	Versions int
	Code     string // of the commitment
}

func (s *Server) recordRows(ctx context.Context, versions []ledger.AccountabilityRecord) []recordRow {
	count := map[int64]int{}
	for _, v := range versions {
		count[v.Root()]++
	}
	var out []recordRow
	for _, r := range accountability.Current(versions) {
		row := recordRow{AccountabilityRecord: r, Versions: count[r.Root()]}
		if c, err := s.store.Commitment(ctx, r.CommitmentID); err == nil {
			row.Code = c.Code
		}
		out = append(out, row)
	}
	return out
}

// accountabilityPage lists the proposed triggers (to the office) and the
// records the user may read.
func (s *Server) accountabilityPage(w http.ResponseWriter, r *http.Request, rq *request) error {
	ctx := r.Context()
	versions, err := s.recordsFor(ctx, rq.Actor)
	if err != nil {
		return err
	}
	data := map[string]any{"Title": translate(rq.Lang, "Accountability"), "Records": s.recordRows(ctx, versions),
		"Office": rq.Actor.CanDo(access.HoldAccountable), "Measures": measureOptions(rq.Lang), "Today": s.now().Format("2006-01-02"),
		"Year": s.now().Year()}
	if rq.Actor.CanDo(access.HoldAccountable) {
		rep, err := s.currentReport(r, rq)
		if err != nil {
			return err
		}
		ts, err := s.triggers(ctx, rep)
		if err != nil {
			return err
		}
		data["Triggers"] = ts
		st, err := s.accountabilitySettings(ctx)
		if err != nil {
			return err
		}
		data["Settings"] = st
	}
	s.render(w, r, rq, "accountability", http.StatusOK, data)
	return nil
}

type measureOption struct {
	Code  accountability.Measure
	Label string
}

func measureOptions(lang string) []measureOption {
	var out []measureOption
	for _, m := range accountability.Measures {
		out = append(out, measureOption{m, m.Label(lang)})
	}
	return out
}

// recordForm reads the fields of a record from the form.
func recordForm(r *http.Request) (ledger.AccountabilityRecord, error) {
	rec := ledger.AccountabilityRecord{
		Unit: strings.TrimSpace(r.PostFormValue("unit")), Person: strings.TrimSpace(r.PostFormValue("person")),
		Measure: accountability.Measure(r.PostFormValue("measure")), DocNo: strings.TrimSpace(r.PostFormValue("doc_no")),
		Note: strings.TrimSpace(r.PostFormValue("note")),
	}
	var bad []string
	if v := strings.TrimSpace(r.PostFormValue("date")); v != "" {
		d, err := time.Parse("2006-01-02", v)
		if err != nil {
			bad = append(bad, fmt.Sprintf("决定日期 %q 不是日期（YYYY-MM-DD）", v))
		}
		rec.Date = d
	}
	if v := strings.TrimSpace(r.PostFormValue("deduction")); v != "" {
		f, err := strconv.ParseFloat(v, 64)
		if err != nil {
			bad = append(bad, fmt.Sprintf("考核扣分 %q 不是数字", v))
		}
		rec.Deduction = f
	}
	if v := r.PostFormValue("commitment"); v != "" {
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			bad = append(bad, fmt.Sprintf("事项编号 %q 无效", v))
		}
		rec.CommitmentID = id
	}
	if len(bad) > 0 {
		return rec, ledger.Errorf(ledger.EInvalid, "%s", strings.Join(bad, "；"))
	}
	return rec, nil
}

// findTrigger is the proposed trigger of key, if still proposed.
func (s *Server) findTrigger(r *http.Request, rq *request, key string) (accountability.Trigger, error) {
	rep, err := s.currentReport(r, rq)
	if err != nil {
		return accountability.Trigger{}, err
	}
	ts, err := s.triggers(r.Context(), rep)
	if err != nil {
		return accountability.Trigger{}, err
	}
	for _, t := range ts {
		if t.Key == key {
			return t, nil
		}
	}
	return accountability.Trigger{}, ledger.Errorf(ledger.EConflict, "该追责提示已处理或已不再成立，请刷新页面")
}

// postAcceptTrigger opens a record from a proposed trigger: the unit, the
// item and the facts are the trigger's; the measure, date, document
// number, 责任人 and deduction the office's.
func (s *Server) postAcceptTrigger(w http.ResponseWriter, r *http.Request, rq *request) error {
	t, err := s.findTrigger(r, rq, r.PostFormValue("key"))
	if err == nil {
		var rec ledger.AccountabilityRecord
		rec, err = recordForm(r)
		if err == nil {
			rec.Unit, rec.CommitmentID, rec.OrderID, rec.TriggerKey, rec.Facts = t.Unit, t.CommitmentID, t.OrderID, t.Key, t.Facts
			if err = accountability.Check(rec); err == nil {
				var as ledger.AccountabilityStore
				if as, err = s.accountabilityStore(); err == nil {
					if err = as.OpenRecord(r.Context(), &rec, string(t.Kind), rq.Actor.Login); err == nil {
						s.flash(r, "已作出责任追究记录 "+rec.DocNo)
						http.Redirect(w, r, "/accountability/records/"+strconv.FormatInt(rec.ID, 10), http.StatusSeeOther)
						return nil
					}
				}
			}
		}
	}
	return s.backToAccountability(w, r, "未能作出记录", err)
}

// postDismissTrigger dismisses a proposed trigger with a reason.
func (s *Server) postDismissTrigger(w http.ResponseWriter, r *http.Request, rq *request) error {
	t, err := s.findTrigger(r, rq, r.PostFormValue("key"))
	if err == nil {
		reason := strings.TrimSpace(r.PostFormValue("reason"))
		if m := ledger.TooLong(reason, accountability.MaxReasonLen); m != "" {
			err = ledger.Errorf(ledger.EInvalid, "理由%s", m)
		} else {
			var as ledger.AccountabilityStore
			if as, err = s.accountabilityStore(); err == nil {
				err = as.DismissTrigger(r.Context(), &ledger.AccountabilityDecision{Key: t.Key, Kind: string(t.Kind), Unit: t.Unit,
					CommitmentID: t.CommitmentID, Reason: reason}, rq.Actor.Login)
			}
		}
		if err == nil {
			s.flash(r, "已决定不予追责")
		}
	}
	return s.backToAccountability(w, r, "未能处理", err)
}

// postAccountabilitySettings sets N, the periods in a row without a
// report that propose a record, and the accepted shortfall reasons.
func (s *Server) postAccountabilitySettings(w http.ResponseWriter, r *http.Request, rq *request) error {
	st := accountability.DefaultSettings()
	n, err := strconv.Atoi(strings.TrimSpace(r.PostFormValue("stale_periods")))
	if err != nil {
		err = ledger.Errorf(ledger.EInvalid, "连续未报送期数须为整数")
	} else {
		st.StalePeriods = n
		st.AcceptedReasons = r.PostForm["accepted_reason"]
		if st.AcceptedReasons == nil {
			st.AcceptedReasons = []string{}
		}
		if err = st.Validate(); err == nil {
			err = s.store.SetSetting(r.Context(), accountability.SettingsKey, settingsJSON(st), rq.Actor.Login)
		}
		if err == nil {
			s.flash(r, "已保存责任追究设置")
		}
	}
	return s.backToAccountability(w, r, "未能保存设置", err)
}

// backToAccountability goes back to the list, flashing what the office
// can correct.
func (s *Server) backToAccountability(w http.ResponseWriter, r *http.Request, what string, err error) error {
	switch ledger.ErrorCode(err) {
	case "":
	case ledger.EInvalid, ledger.EConflict, ledger.ENotFound:
		s.flashError(r, what+"："+err.Error())
	default:
		return err
	}
	http.Redirect(w, r, "/accountability", http.StatusSeeOther)
	return nil
}

func settingsJSON(st accountability.Settings) string {
	b, _ := json.Marshal(st)
	return string(b)
}
