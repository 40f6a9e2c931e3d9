package supervise_test

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"ducha/access"
	"ducha/demo"
	"ducha/ledger"
	"ducha/notify"
	"ducha/progress"
	"ducha/store"
	"ducha/supervise"
)

// setUp builds the demo ledger in a fresh SQLite file and returns a
// service whose clock the test moves.
func setUp(t *testing.T) (*supervise.Service, store.DB, demo.Result, *time.Time) {
	t.Helper()
	ctx := context.Background()
	st, err := store.Open(ctx, filepath.Join(t.TempDir(), "ducha.db"), store.Options{Migrate: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	res, err := demo.Build(ctx, st, nil)
	if err != nil {
		t.Fatal(err)
	}
	now := demo.AsOf
	st.SetClock(func() time.Time { return now })
	svc := &supervise.Service{Store: st, Outbox: st, Now: func() time.Time { return now }, CacheFor: time.Nanosecond,
		BaseURL: "https://ducha.example.gov.cn"}
	return svc, st, res, &now
}

func code(err error) string {
	var ie *supervise.InputError
	if errors.As(err, &ie) {
		return "input"
	}
	return ledger.ErrorCode(err)
}

func reporter(res demo.Result, unit string) supervise.Actor {
	for _, a := range res.Accounts {
		if a.Unit == unit {
			return supervise.Actor{Login: a.Login, Name: a.Name, Role: access.Reporter, Unit: unit}
		}
	}
	return supervise.Actor{Login: "nobody", Role: access.Reporter, Unit: unit}
}

var office = supervise.Actor{Login: "ducha", Role: access.Supervisor}

// TestWorkflow walks one commitment from 交办 to 办结 through every check
// on the way.
func TestWorkflow(t *testing.T) {
	svc, st, res, now := setUp(t)
	ctx := context.Background()
	items, err := svc.Items(ctx, res.ReportID)
	if err != nil {
		t.Fatal(err)
	}
	// A quantified target still new: give it a lead unit (the office's
	// first step) and walk it.
	var c ledger.Commitment
	for _, it := range items {
		if it.Kind == ledger.KindTarget && it.State == ledger.StateNew && it.Target != nil && it.Target.Unit != "%" && it.Target.Value != "" {
			c = it.Commitment
			break
		}
	}
	if c.ID == 0 {
		t.Fatal("no new quantified target in the demo")
	}
	lead, other := "示例区教育局", "示例区民政局"
	c.Assignment.Lead = lead
	d := time.Date(2024, 12, 31, 0, 0, 0, 0, time.UTC)
	c.Deadline = &d
	if err := st.ApplyTasks(ctx, res.ReportID, []ledger.Commitment{c}); err != nil {
		t.Fatal(err)
	}
	unit, stranger := reporter(res, lead), reporter(res, other)
	leader := supervise.Actor{Login: "leader", Role: access.Leader}
	steps := []struct {
		name string
		do   func() error
		want string // error code, "" for success
	}{
		{"a unit cannot dispatch", func() error { return svc.Dispatch(ctx, unit, c.ID) }, supervise.EForbidden},
		{"a leader cannot dispatch", func() error { return svc.Dispatch(ctx, leader, c.ID) }, supervise.EForbidden},
		{"report before dispatch", func() error {
			_, _, err := svc.SaveProgress(ctx, unit, c.ID, supervise.ProgressInput{Percent: -1, Narrative: "x"})
			return err
		}, ledger.EConflict},
		{"the office dispatches", func() error { return svc.Dispatch(ctx, office, c.ID) }, ""},
		{"dispatching twice", func() error { return svc.Dispatch(ctx, office, c.ID) }, ledger.EConflict},
		{"another unit cannot see it", func() error { return svc.Acknowledge(ctx, stranger, c.ID) }, ledger.ENotFound},
		{"report before 签收", func() error {
			_, _, err := svc.SaveProgress(ctx, unit, c.ID, supervise.ProgressInput{Percent: -1, Narrative: "x"})
			return err
		}, ledger.EConflict},
		{"the lead unit acknowledges", func() error { return svc.Acknowledge(ctx, unit, c.ID) }, ""},
		{"a figure that is not a number", func() error {
			_, _, err := svc.SaveProgress(ctx, unit, c.ID, supervise.ProgressInput{Value: "约两千", Percent: -1, Narrative: "x", Submit: true})
			return err
		}, "input"},
		{"a negative count", func() error {
			_, _, err := svc.SaveProgress(ctx, unit, c.ID, supervise.ProgressInput{Value: "-5", Percent: -1, Narrative: "x", Submit: true})
			return err
		}, "input"},
		{"submitting without a narrative", func() error {
			_, _, err := svc.SaveProgress(ctx, unit, c.ID, supervise.ProgressInput{Value: "10", Percent: -1, Submit: true})
			return err
		}, "input"},
		{"a bad period", func() error {
			_, _, err := svc.SaveProgress(ctx, unit, c.ID, supervise.ProgressInput{Period: "2024-13", Value: "10", Percent: -1, Narrative: "x"})
			return err
		}, "input"},
	}
	for _, s := range steps {
		if got := code(s.do()); got != s.want {
			t.Fatalf("%s: error code %q, want %q", s.name, got, s.want)
		}
	}
	target, _ := ledgerValue(c)
	half := formatFloat(target / 2)
	r, _, err := svc.SaveProgress(ctx, unit, c.ID, supervise.ProgressInput{Value: half, Percent: -1, Narrative: firstNarrative, Submit: true})
	if err != nil {
		t.Fatal(err)
	}
	if st, _ := st.CommitmentState(ctx, c.ID); st != ledger.StateInProgress {
		t.Errorf("state after the first report: %s", st)
	}
	if _, _, err := svc.SaveProgress(ctx, unit, c.ID, supervise.ProgressInput{Value: half, Percent: -1, Narrative: "改", Submit: true}); code(err) != ledger.EConflict {
		t.Errorf("changing a submitted report: %v", err)
	}
	if err := svc.Review(ctx, unit, c.ID, r.ID, true, ""); code(err) != supervise.EForbidden {
		t.Errorf("a unit reviews its own report: %v", err)
	}
	if err := svc.Review(ctx, office, c.ID, r.ID, false, "  "); code(err) != ledger.EInvalid {
		t.Errorf("returning without a reason: %v", err)
	}
	if err := svc.Review(ctx, office, c.ID, r.ID, false, "请附上验收材料"); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.AddEvidence(ctx, unit, c.ID, r.ID, "验收材料.pdf", []byte("%PDF-1.7\n")); err != nil {
		t.Fatal(err)
	}
	if err := svc.Submit(ctx, unit, c.ID, r.ID); err != nil {
		t.Fatal(err)
	}
	if err := svc.Review(ctx, office, c.ID, r.ID, true, ""); err != nil {
		t.Fatal(err)
	}
	it := item(t, svc, res.ReportID, c.ID)
	if it.LatestApproved == nil || it.LatestApproved.Value != half {
		t.Fatalf("latest approved: %+v", it.LatestApproved)
	}
	// Half of the target by mid-September is behind plan (about 70%
	// expected): lagging or worse, never on track.
	if it.Result.Status == progress.OnTrack || it.Result.Status == progress.NotStarted {
		t.Errorf("status with half the target in September: %s", it.Result.Status)
	}
	// Next month: last month's narrative copied is saved, with a warning,
	// and marked on the commitment's page.
	*now = now.AddDate(0, 1, 0)
	copied, warns, err := svc.SaveProgress(ctx, unit, c.ID, supervise.ProgressInput{Value: half, Percent: -1,
		Narrative: " " + firstNarrative + " "})
	if err != nil {
		t.Fatal(err)
	}
	if len(warns) != 1 || warns[0].Field != "narrative" || !strings.Contains(warns[0].Message, "相似度100%") ||
		!strings.Contains(warns[0].Message, progress.PeriodName(r.Period)) {
		t.Errorf("warnings for a copied narrative: %+v", warns)
	}
	det, err := svc.Detail(ctx, office, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	if rep, ok := det.Repeats[copied.ID]; !ok || rep.Period != r.Period || len(det.Repeats) != 1 {
		t.Errorf("repeats on the page: %+v", det.Repeats)
	}
	// A lower cumulative figure must be explained.
	lower := formatFloat(target / 4)
	_, _, err = svc.SaveProgress(ctx, unit, c.ID, supervise.ProgressInput{Value: lower, Percent: -1, Narrative: "口径调整", Submit: true})
	var ie *supervise.InputError
	if !errors.As(err, &ie) || ie.Fields[0].Field != "explanation" {
		t.Fatalf("a lower cumulative figure without explanation: %v", err)
	}
	if _, _, err := svc.SaveProgress(ctx, unit, c.ID, supervise.ProgressInput{Value: lower, Percent: -1, Narrative: "口径调整",
		Explanation: "按上级统计口径剔除了未验收项目", Submit: true}); err != nil {
		t.Fatal(err)
	}
	// 办结 short of completed needs a coded reason.
	if err := svc.Close(ctx, office, c.ID, ledger.OutcomePartly, ""); code(err) != ledger.EInvalid {
		t.Errorf("closing partly without a reason: %v", err)
	}
	if err := svc.Close(ctx, office, c.ID, ledger.OutcomePartly, "funding"); err != nil {
		t.Fatal(err)
	}
	it = item(t, svc, res.ReportID, c.ID)
	if it.State != ledger.StateClosed || it.Outcome != ledger.OutcomePartly || it.OutcomeReason != "funding" {
		t.Errorf("closed: %s %s %s", it.State, it.Outcome, it.OutcomeReason)
	}
	// Every step is in the trail; the copied draft was replaced.
	det, err = svc.Detail(ctx, office, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(det.Repeats) != 0 {
		t.Errorf("repeats after the copy was replaced: %+v", det.Repeats)
	}
	var actions []string
	for _, a := range det.Audit {
		actions = append(actions, a.Action)
	}
	for _, want := range []string{"commitment.state", "report.save", "report.review", "evidence.add"} {
		if !strings.Contains(strings.Join(actions, " "), want) {
			t.Errorf("audit trail lacks %s: %v", want, actions)
		}
	}
}

// firstNarrative is the narrative of the first report in TestWorkflow.
const firstNarrative = "已完成一半，新建学校主体结构全部封顶，设备采购完成招标"

func item(t *testing.T, svc *supervise.Service, reportID, id int64) supervise.Item {
	t.Helper()
	items, err := svc.Items(context.Background(), reportID)
	if err != nil {
		t.Fatal(err)
	}
	for _, it := range items {
		if it.ID == id {
			return it
		}
	}
	t.Fatalf("commitment %d not found", id)
	return supervise.Item{}
}

// TestTick: overdue 督办单 escalate once; reminders and warnings are
// queued once per period whatever the number of runs.
func TestTick(t *testing.T) {
	svc, st, res, now := setUp(t)
	ctx := context.Background()
	set := supervise.DefaultSettings()
	set.Recipients = []supervise.Recipient{{Unit: "", Channel: notify.ChannelEmail, To: "ducha@example.gov.cn"}}
	for _, a := range res.Accounts {
		if a.Role == access.Reporter {
			set.Recipients = append(set.Recipients, supervise.Recipient{Unit: a.Unit, Channel: notify.ChannelWeCom,
				To: "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=" + a.Login})
		}
	}
	admin := supervise.Actor{Login: "admin", Role: access.Admin}
	if err := svc.SaveSettings(ctx, office, set); code(err) != supervise.EForbidden {
		t.Errorf("the office changes settings: %v", err)
	}
	if err := svc.SaveSettings(ctx, admin, set); err != nil {
		t.Fatal(err)
	}
	open, err := st.OpenOrders(ctx)
	if err != nil || len(open) == 0 {
		t.Fatalf("open orders: %d, %v", len(open), err)
	}
	// The demo's orders are due five days after issue; at AsOf they are
	// overdue except the one answered.
	*now = demo.AsOf.Add(24 * time.Hour)
	r1, err := svc.Tick(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if r1.Escalated == 0 || r1.Queued == 0 {
		t.Fatalf("first tick: %+v", r1)
	}
	r2, err := svc.Tick(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if r2.Escalated != 0 || r2.Queued != 0 {
		t.Errorf("second tick the same day: %+v, want nothing", r2)
	}
	for _, o := range open {
		os, _ := st.Orders(ctx, o.CommitmentID)
		levels := 0
		for _, x := range os {
			if x.Level > 1 {
				levels++
				if x.IssuedBy != "system" || !strings.Contains(x.Requirement, "逾期未回复") {
					t.Errorf("escalated order: %+v", x)
				}
			}
		}
		if levels != 1 {
			t.Errorf("commitment %d: %d escalated orders, want 1", o.CommitmentID, levels)
		}
	}
	msgs, err := st.OutboxMessages(ctx, 1000)
	if err != nil {
		t.Fatal(err)
	}
	kinds := map[string]int{}
	for _, m := range msgs {
		for _, k := range []string{"督办通知", "填报提醒", "逾期预警"} {
			if strings.Contains(m.Subject, k) {
				kinds[k]++
			}
		}
		if m.Link != "" && !strings.HasPrefix(m.Link, "https://ducha.example.gov.cn/commitments/") {
			t.Errorf("link %q", m.Link)
		}
	}
	t.Logf("queued: %v", kinds)
	if kinds["督办通知"] == 0 {
		t.Errorf("queued kinds: %v", kinds)
	}
	// Five days before September's report is due (10 October: the
	// month's end and the ten days' grace) every active commitment
	// without a September report gets one reminder; August's, due on
	// 10 September, were reminded of on the first tick.
	*now = time.Date(2024, 10, 5, 9, 0, 0, 0, time.UTC)
	r3, err := svc.Tick(ctx)
	if err != nil {
		t.Fatal(err)
	}
	r4, _ := svc.Tick(ctx)
	if r3.Queued == 0 || r4.Queued != 0 {
		t.Errorf("reminder ticks: %+v then %+v", r3, r4)
	}
	msgs, _ = st.OutboxMessages(ctx, 5000)
	due := 0
	for _, m := range msgs {
		if strings.Contains(m.Subject, "填报提醒") {
			due++
			september := strings.Contains(m.Body, "填报期次：2024年9月") && strings.Contains(m.Body, "截止时间：2024年10月10日")
			august := strings.Contains(m.Body, "填报期次：2024年8月") && strings.Contains(m.Body, "截止时间：2024年9月10日")
			if !september && !august {
				t.Errorf("reminder body: %s", m.Body)
			}
		}
	}
	if due == 0 {
		t.Error("no 填报提醒 queued")
	}
}

// TestReminderFollowsTodo: a reminder names the period and the last day
// of the unit's to-do (DuePeriod), and goes out RemindDays (5) before that
// day: September's report is due on 10 October, so nothing on 4 October
// and, on 5 October, a reminder for every September report on a unit's
// list, with that day.
func TestReminderFollowsTodo(t *testing.T) {
	svc, st, res, now := setUp(t)
	ctx := context.Background()
	set := supervise.DefaultSettings()
	for _, a := range res.Accounts {
		if a.Role == access.Reporter {
			set.Recipients = append(set.Recipients, supervise.Recipient{Unit: a.Unit, Channel: notify.ChannelEmail, To: a.Login + "@example.gov.cn"})
		}
	}
	if err := svc.SaveSettings(ctx, supervise.Actor{Login: "admin", Role: access.Admin}, set); err != nil {
		t.Fatal(err)
	}
	septemberReminders := func() map[string]string {
		msgs, err := st.OutboxMessages(ctx, 5000)
		if err != nil {
			t.Fatal(err)
		}
		out := map[string]string{} // subject → body
		for _, m := range msgs {
			if strings.Contains(m.Subject, "填报提醒") && strings.Contains(m.Subject, "2024年9月进展待填报") {
				out[m.Subject] = m.Body
			}
		}
		return out
	}
	*now = time.Date(2024, 10, 4, 9, 0, 0, 0, time.UTC)
	if _, err := svc.Tick(ctx); err != nil {
		t.Fatal(err)
	}
	if got := septemberReminders(); len(got) != 0 {
		t.Errorf("%d September reminders on 4 October, six days before the day", len(got))
	}
	*now = time.Date(2024, 10, 5, 9, 0, 0, 0, time.UTC)
	if _, err := svc.Tick(ctx); err != nil {
		t.Fatal(err)
	}
	reminders := septemberReminders()
	listed := 0
	for _, a := range res.Accounts {
		if a.Role != access.Reporter {
			continue
		}
		todos, err := svc.Todo(ctx, supervise.Actor{Login: a.Login, Role: a.Role, Unit: a.Unit}, res.ReportID)
		if err != nil {
			t.Fatal(err)
		}
		for _, x := range todos.Report {
			if x.Period != "2024-09" {
				continue
			}
			listed++
			if x.Due.Format("2006-01-02") != "2024-10-10" {
				t.Errorf("%s: September due %s on the to-do list, want 2024-10-10", x.Code, x.Due.Format("2006-01-02"))
			}
			found := false
			for subj, body := range reminders {
				if strings.Contains(subj, x.Code+" ") {
					found = true
					if !strings.Contains(body, "截止时间：2024年10月10日") {
						t.Errorf("%s: reminder body %s", x.Code, body)
					}
				}
			}
			if !found {
				t.Errorf("%s: on %s's list for September, no reminder", x.Code, a.Unit)
			}
		}
	}
	if listed == 0 || len(reminders) == 0 {
		t.Errorf("%d September to-dos, %d reminders: the demo should owe some", listed, len(reminders))
	}
}

func ledgerValue(c ledger.Commitment) (float64, bool) {
	p := supervise.PlanOf(c)
	return p.Target, p.Direction != 0
}

func formatFloat(f float64) string {
	return strings.TrimRight(strings.TrimRight(strconv.FormatFloat(f, 'f', 2, 64), "0"), ".")
}

// TestDraftReview: the demo's approved progress drafts a review section
// per part of the plan; commitments without approved figures are marked.
func TestDraftReview(t *testing.T) {
	svc, _, res, _ := setUp(t)
	d, err := svc.DraftReview(context.Background(), res.ReportID)
	if err != nil {
		t.Fatal(err)
	}
	text := d.Text()
	if len(d.Sections) < 3 || !strings.Contains(text, "完成年度目标的") || !strings.Contains(text, "【待补充】") {
		t.Errorf("draft:\n%s", text)
	}
	if strings.Contains(text, "王明远") {
		t.Error("the speaker's line became a section")
	}
}

// TestDelivery: what the schedule queues reaches a WeCom robot and a mail
// server on loopback through the store's outbox and the dispatcher, and
// is not sent twice.
func TestDelivery(t *testing.T) {
	svc, st, res, now := setUp(t)
	ctx := context.Background()
	var mu sync.Mutex
	var robot []map[string]any
	hook := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var body map[string]any
		json.NewDecoder(r.Body).Decode(&body)
		mu.Lock()
		robot = append(robot, body)
		mu.Unlock()
		w.Write([]byte(`{"errcode":0,"errmsg":"ok"}`))
	}))
	defer hook.Close()
	mails := smtpSink(t)
	lead := ""
	for _, a := range res.Accounts {
		if a.Role == access.Reporter {
			lead = a.Unit
			break
		}
	}
	set := supervise.DefaultSettings()
	set.Recipients = []supervise.Recipient{
		{Unit: lead, Channel: notify.ChannelWeCom, To: hook.URL + "/cgi-bin/webhook/send?key=k"},
		{Unit: "", Channel: notify.ChannelEmail, To: "ducha@example.gov.cn"},
	}
	if err := svc.SaveSettings(ctx, supervise.Actor{Login: "admin", Role: access.Admin}, set); err != nil {
		t.Fatal(err)
	}
	// Five days before September's reports are due (10 October): the
	// lead unit's reminders go to its robot.
	*now = time.Date(2024, 10, 5, 9, 0, 0, 0, time.UTC)
	if _, err := svc.Tick(ctx); err != nil {
		t.Fatal(err)
	}
	disp := &notify.Dispatcher{Outbox: st, Now: func() time.Time { return *now },
		Sender: notify.Router{Email: notify.SMTPSender{Addr: mails.addr, From: "督查室 <ducha@example.gov.cn>"}, Webhook: notify.WebhookSender{}}}
	sent, failed, err := disp.RunOnce(ctx)
	if err != nil || failed != 0 || sent == 0 {
		t.Fatalf("dispatch: sent %d, failed %d, %v", sent, failed, err)
	}
	mu.Lock()
	n := len(robot)
	mu.Unlock()
	if n == 0 || robot[0]["msgtype"] != "markdown" {
		t.Fatalf("robot got %d messages: %v", n, robot)
	}
	if len(mails.got()) == 0 {
		t.Error("no mail to the office")
	}
	if sent2, _, _ := disp.RunOnce(ctx); sent2 != 0 {
		t.Errorf("second dispatch sent %d", sent2)
	}
	if _, err := svc.Tick(ctx); err != nil {
		t.Fatal(err)
	}
	if sent3, _, _ := disp.RunOnce(ctx); sent3 != 0 {
		t.Errorf("a second tick the same day sent %d more", sent3)
	}
}

// sink is a minimal SMTP server that accepts every message.
type sink struct {
	addr string
	mu   sync.Mutex
	msgs []string
}

func (s *sink) got() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.msgs...)
}

func smtpSink(t *testing.T) *sink {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	s := &sink{addr: ln.Addr().String()}
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go func(c net.Conn) {
				defer c.Close()
				r := bufio.NewReader(c)
				fmt.Fprintf(c, "220 sink ESMTP\r\n")
				var data strings.Builder
				inData := false
				for {
					line, err := r.ReadString('\n')
					if err != nil {
						return
					}
					if inData {
						if line == ".\r\n" {
							inData = false
							s.mu.Lock()
							s.msgs = append(s.msgs, data.String())
							s.mu.Unlock()
							fmt.Fprintf(c, "250 ok\r\n")
						} else {
							data.WriteString(line)
						}
						continue
					}
					switch cmd := strings.ToUpper(strings.TrimSpace(line)); {
					case strings.HasPrefix(cmd, "EHLO"), strings.HasPrefix(cmd, "HELO"):
						fmt.Fprintf(c, "250 sink\r\n")
					case cmd == "DATA":
						inData = true
						fmt.Fprintf(c, "354 go on\r\n")
					case cmd == "QUIT":
						fmt.Fprintf(c, "221 bye\r\n")
						return
					default:
						fmt.Fprintf(c, "250 ok\r\n")
					}
				}
			}(c)
		}
	}()
	return s
}
