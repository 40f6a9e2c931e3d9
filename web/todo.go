package web

import (
	"net/http"
	"time"

	"ducha/access"
	"ducha/ledger"
	"ducha/progress"
	"ducha/supervise"
)

// todoData is what awaits the actor in report rep, for the dashboard: a
// unit's to-do list, or the office's and leaders' queues (computed by
// supervise.Service.Todo, which lists only commitments the actor may
// open).
func (s *Server) todoData(r *http.Request, rq *request, rep *ledger.Report) (map[string]any, error) {
	td, err := s.svc.Todo(r.Context(), rq.Actor, rep.ID)
	if err != nil {
		return nil, err
	}
	projects, err := s.projectsDue(r, rq.Actor)
	if err != nil {
		return nil, err
	}
	return map[string]any{
		"List": td, "Unit": rq.Actor.Role == access.Reporter, "Projects": projects,
		"CanReview": rq.Actor.CanDo(access.Review), "CanOrder": rq.Actor.CanDo(access.OrderSupervision),
	}, nil
}

// reportPanel is what the commitment page shows its lead unit about the
// period's report: the form for the period owed (or the draft or returned
// report to correct), and the report already submitted with the next
// period's due day in place of a form for a period that cannot change.
type reportPanel struct {
	Form     bool                   // show the form (else only the submitted report and the next period)
	Folded   bool                   // the form is offered folded, below a submitted report
	Period   string                 // the form's period
	Due      time.Time              // its last day to report
	Returned *ledger.ProgressReport // the report being corrected, returned by the office
	// Submitted is the newest report waiting for review, or, when nothing
	// is owed, the newest approved one.
	Submitted         *ledger.ProgressReport
	Next              string    // the period after Submitted
	NextFrom, NextDue time.Time // when it begins, its last day to report
}

// reportPanelOf works out the panel of d at now. editable is the draft or
// returned report the form edits, nil if none; retry: the form comes back
// with what was typed before a failed save, and is shown whatever else.
func reportPanelOf(d supervise.Detail, editable *ledger.ProgressReport, st supervise.Settings, now time.Time, retry bool) reportPanel {
	var p reportPanel
	var waiting, approved *ledger.ProgressReport
	for i := range d.Reports {
		r := &d.Reports[i]
		switch r.Status {
		case ledger.ReportSubmitted:
			if waiting == nil || r.Period > waiting.Period {
				waiting = r
			}
		case ledger.ReportApproved:
			if approved == nil || r.Period > approved.Period {
				approved = r
			}
		}
	}
	period, due, owed := supervise.DuePeriod(*d.Item.CommitmentView, d.Item.Result, d.Reports, st, now)
	switch {
	case editable != nil:
		p.Form, p.Period = true, editable.Period
		p.Due, _ = st.ReportDue(editable.Period)
		if editable.Status == ledger.ReportReturned {
			p.Returned = editable
		}
	case owed:
		p.Form, p.Period, p.Due = true, period, due
		p.Folded = waiting != nil
	case waiting != nil || approved != nil:
		// The current period is reported: no form for a period that can
		// no longer change.
	default:
		// Nothing owed and nothing reported (a completed task): the form
		// of the current period, as before.
		p.Form, p.Period = true, progress.PeriodOf(now, st.Period)
		p.Due, _ = st.ReportDue(p.Period)
	}
	if retry {
		p.Form, p.Folded = true, false
	}
	p.Submitted = waiting
	if p.Submitted == nil && !p.Form {
		p.Submitted = approved
	}
	if p.Submitted != nil {
		p.Next, p.NextFrom, p.NextDue, _ = st.NextPeriod(p.Submitted.Period)
	}
	return p
}

// todoZH are the Chinese of the to-do list's and the review queue's UI
// strings, added to zh.
var todoZH = map[string]string{
	"To do":                          "待办事项",
	"Nothing to do":                  "暂无待办事项",
	"To acknowledge":                 "待签收",
	"Report due":                     "本期待填报",
	"Returned for correction":        "被退回",
	"Supervision order to answer":    "督办单待回复",
	"Past the deadline":              "已超期",
	"Dispatched on":                  "交办于",
	"Due by":                         "截止",
	"Late":                           "已逾期",
	"Draft saved, not submitted":     "草稿已保存，尚未提交",
	"progress report":                "进展",
	"Awaiting you":                   "待处理",
	"Reports to review":              "待复核的进展报告",
	"Supervision orders overdue":     "逾期未回复的督办单",
	"Open the review queue":          "进入复核",
	"Submitted for review":           "已提交，等待督查室复核",
	"Next period":                    "下一期",
	"Report again from":              "可于以下日期起填报",
	"Returned: correct and resubmit": "已退回，请按退回原因修改后重新提交",
	"Approve selected":               "通过所选报告",
	"Select":                         "选择",
	"Target value":                   "目标",
	"Actions":                        "操作",
	"Return with this reason":        "填写原因后退回",
}

func init() {
	for k, v := range todoZH {
		if _, ok := zh[k]; !ok {
			zh[k] = v
		}
	}
}
