// Package demo builds the demonstration ledger of ducha from the shipped
// samples: the units directory, the two sample reports of the fictional
// 示例区, confirmed lead units, accounts for every role, and eight months
// of supervision history (dispatch, acknowledgement, monthly reports,
// reviews, returns, 督办单, comments) made through the real workflow.
package demo

import (
	"context"
	"fmt"
	"hash/fnv"
	"io"
	"sort"
	"strconv"
	"time"

	"ducha/access"
	"ducha/importer"
	"ducha/ledger"
	"ducha/progress"
	"ducha/samples"
	"ducha/supervise"
)

// Government is the fictional district of the samples.
const Government = "示例区"

// Password is the password of every demo account.
const Password = "ducha-demo-2024"

// activities vary what the demo's monthly reports say was done.
var activities = []string{"完成项目前期手续办理", "组织施工单位进场作业", "召开专题推进会协调解决用地问题",
	"完成主体工程招标并签订合同", "开展现场督导检查并督促整改", "完成阶段性验收", "推进配套设施同步建设",
	"委托第三方开展中期评估"}

// AsOf is the day the demo's history runs up to, in the plan year of the
// 2024 sample, and the clock of a demo server.
var AsOf = time.Date(2024, time.September, 15, 10, 0, 0, 0, time.UTC)

// Account is a demo login.
type Account struct {
	Login, Name string
	Role        access.Role
	Unit        string
}

// Result says what was built.
type Result struct {
	ReportID int64 // the 2024 report, the one supervised
	Year     int
	Accounts []Account
	Reports  int // progress reports made
	Orders   int
}

// Build fills an empty store. log receives a line per step (may be nil).
func Build(ctx context.Context, st supervise.Store, log io.Writer) (Result, error) {
	if log == nil {
		log = io.Discard
	}
	var res Result
	im := &importer.Importer{Store: st, Now: func() time.Time { return time.Date(2024, 1, 8, 9, 0, 0, 0, time.UTC) }}
	raw, err := samples.FS.ReadFile(samples.Units)
	if err != nil {
		return res, err
	}
	n, _, err := im.ImportUnitsData(ctx, samples.Units, raw)
	if err != nil {
		return res, err
	}
	fmt.Fprintf(log, "units directory: %d units\n", n)
	for _, name := range samples.Reports {
		raw, err := samples.FS.ReadFile(name)
		if err != nil {
			return res, err
		}
		r, err := im.ImportReportData(ctx, "samples/"+name, raw, importer.ReportOptions{
			Government: Government, Level: ledger.LevelCounty, Parent: "示例市"})
		if err != nil {
			return res, err
		}
		fmt.Fprintf(log, "%s %d年: %d commitments, %d achievements\n", Government, r.Year, r.Commitments, r.Achievements)
		if res.ReportID == 0 {
			res.ReportID, res.Year = r.ReportID, r.Year
		}
	}
	if err := confirmLeads(ctx, st, res.ReportID, res.Year); err != nil {
		return res, err
	}
	if res.Accounts, err = addAccounts(ctx, st, res.ReportID); err != nil {
		return res, err
	}
	if err := history(ctx, st, &res); err != nil {
		return res, err
	}
	fmt.Fprintf(log, "history to %s: %d progress reports, %d 督办单\n", AsOf.Format("2006-01-02"), res.Reports, res.Orders)
	if err := projects(ctx, st, &res, log); err != nil {
		return res, err
	}
	return res, nil
}

// confirmLeads does what a supervision office does first: confirm the
// suggested lead units and give every task a deadline (年底前 when the
// report names none).
func confirmLeads(ctx context.Context, st supervise.Store, reportID int64, year int) error {
	cs, err := st.Commitments(ctx, reportID)
	if err != nil {
		return err
	}
	eoy := time.Date(year, 12, 31, 0, 0, 0, 0, time.UTC)
	var edit []ledger.Commitment
	for _, c := range cs {
		if c.Kind != ledger.KindTarget {
			continue
		}
		changed := false
		if c.Assignment.Lead == "" && c.Assignment.SuggestedLead != "" {
			c.Assignment.Lead = c.Assignment.SuggestedLead
			changed = true
		}
		if c.Deadline == nil {
			c.Deadline = &eoy
			changed = true
		}
		if c.Assignment.Lead != "" && c.Assignment.Leader == "" {
			c.Assignment.Leader = "王副区长"
			changed = true
		}
		if changed {
			edit = append(edit, c)
		}
	}
	return st.ApplyTasks(ctx, reportID, edit)
}

// addAccounts makes an administrator, the office, a leader and one
// reporter per lead unit (unit01, unit02 … in the order of the directory).
func addAccounts(ctx context.Context, st supervise.Store, reportID int64) ([]Account, error) {
	cs, err := st.Commitments(ctx, reportID)
	if err != nil {
		return nil, err
	}
	leads := map[string]bool{}
	for _, c := range cs {
		if c.Assignment.Lead != "" {
			leads[c.Assignment.Lead] = true
		}
	}
	units, err := st.Units(ctx)
	if err != nil {
		return nil, err
	}
	accts := []Account{
		{"admin", "系统管理员", access.Admin, ""},
		{"ducha", "督查室 李明", access.Supervisor, ""},
		{"leader", "王副区长", access.Leader, ""},
	}
	i := 0
	for _, u := range units {
		if !leads[u.Name] {
			continue
		}
		i++
		name := u.ShortName
		if name == "" {
			name = u.Name
		}
		accts = append(accts, Account{"unit" + fmt.Sprintf("%02d", i), name + "填报员", access.Reporter, u.Name})
	}
	hash, err := access.HashPassword(Password, access.DefaultParams)
	if err != nil {
		return nil, err
	}
	for _, a := range accts {
		u := ledger.User{Login: a.Login, Name: a.Name, Role: string(a.Role), Unit: a.Unit, PasswordHash: hash}
		if err := st.CreateUser(ctx, &u, "demo"); err != nil {
			return nil, err
		}
	}
	return accts, nil
}

// pace is how fast a commitment goes, chosen from its code so the demo is
// the same every time: most on track, some ahead, some lagging, a few far
// behind, a few whose unit stopped reporting.
func pace(code string) (float64, bool) {
	h := fnv.New32a()
	h.Write([]byte(code))
	switch v := h.Sum32() % 20; {
	case v < 3:
		return 1.2, false
	case v < 12:
		return 1.0, false
	case v < 15:
		return 0.82, false
	case v < 17:
		return 0.45, false
	case v < 18:
		return 0.9, true // stale from May
	default:
		return 0.97, false
	}
}

// holdFigure is the year-to-date figure of a rate, ceiling or fall after
// month m for a unit working at pace p: a rate or fall near the target times
// the pace, a ceiling under it when
// the unit keeps pace and above it when not.
func holdFigure(plan progress.Plan, p float64, m int) float64 {
	t := plan.Target
	if plan.HasHigh {
		t = (plan.Target + plan.High) / 2
	}
	if plan.Kind == progress.KindCeiling {
		if p >= 1 {
			return t * (0.88 + 0.01*float64(m%3))
		}
		return t * (1 + (1-p)/2)
	}
	return t*p + 0.1*float64(m%3-1) // a tenth up or down from month to month
}

// history runs the workflow month by month up to AsOf.
func history(ctx context.Context, st supervise.Store, res *Result) error {
	clock := time.Date(res.Year, 1, 15, 9, 0, 0, 0, time.UTC)
	// The store stamps reviews and state changes with the same calendar.
	if c, ok := st.(interface{ SetClock(func() time.Time) }); ok {
		c.SetClock(func() time.Time { return clock })
		defer c.SetClock(nil)
	}
	svc := &supervise.Service{Store: st, Now: func() time.Time { return clock }, CacheFor: time.Nanosecond}
	office := supervise.Actor{Login: "ducha", Name: "督查室 李明", Role: access.Supervisor}
	leader := supervise.Actor{Login: "leader", Name: "王副区长", Role: access.Leader}
	reporters := map[string]supervise.Actor{}
	for _, a := range res.Accounts {
		if a.Role == access.Reporter {
			reporters[a.Unit] = supervise.Actor{Login: a.Login, Name: a.Name, Role: a.Role, Unit: a.Unit}
		}
	}
	cs, err := st.Commitments(ctx, res.ReportID)
	if err != nil {
		return err
	}
	var tasks []ledger.Commitment
	parents := map[string]bool{}
	for _, c := range cs {
		if c.ParentCode != "" {
			parents[c.ParentCode] = true
		}
	}
	for _, c := range cs {
		if c.Kind == ledger.KindTarget && c.Assignment.Lead != "" && c.Deadline != nil && !parents[c.Code] {
			tasks = append(tasks, c)
		}
	}
	sort.Slice(tasks, func(i, j int) bool { return tasks[i].ID < tasks[j].ID })
	// 交办 in the second week of January, 签收 within days.
	for _, c := range tasks {
		if err := svc.Dispatch(ctx, office, c.ID); err != nil {
			return fmt.Errorf("dispatch %s: %w", c.Code, err)
		}
	}
	clock = time.Date(res.Year, 1, 19, 10, 0, 0, 0, time.UTC)
	for _, c := range tasks {
		if err := svc.Acknowledge(ctx, reporters[c.Assignment.Lead], c.ID); err != nil {
			return fmt.Errorf("acknowledge %s: %w", c.Code, err)
		}
	}
	last := int(AsOf.Month()) - 1 // the last complete month
	for m := 1; m <= last; m++ {
		period := fmt.Sprintf("%d-%02d", res.Year, m)
		end := time.Date(res.Year, time.Month(m)+1, 0, 0, 0, 0, 0, time.UTC)
		for k, c := range tasks {
			p, stale := pace(c.Code)
			if stale && m >= 5 {
				continue
			}
			plan := supervise.PlanOf(c)
			frac := min(progress.ExpectedFraction(plan, end)*p, 1)
			in := supervise.ProgressInput{Period: period, Percent: -1, Submit: true,
				NextSteps: "继续按时间节点推进，确保按期完成。"}
			figure := ""
			if plan.Holds() {
				// A rate, ceiling or fall is reported as the year-to-date
				// figure itself, never "done" before the year's end.
				v := holdFigure(plan, p, m)
				in.Value = decimal(v, "0.0")
				figure = "1—" + strconv.Itoa(m) + "月" + supervise.FormatAmount(in.Value, c.Target.Unit)
				frac = 0
			} else if plan.Direction != 0 && c.Target != nil {
				v := plan.Baseline + (plan.Target-plan.Baseline)*frac
				in.Value = decimal(v, c.Target.Value)
				figure = "累计完成" + in.Value + c.Target.Unit
			} else {
				in.Percent = int(frac * 100)
				figure = fmt.Sprintf("完成总体进度的%d%%", in.Percent)
			}
			in.Narrative = fmt.Sprintf("%d月，%s：%s，%s。", m, short(c.Title), activities[(m+k)%len(activities)], figure)
			if frac >= 1 {
				in.Done = true
				in.Narrative = fmt.Sprintf("%d月，%s已全部完成，%s。", m, short(c.Title), figure)
			}
			if m == last && k%13 == 5 && frac < 1 {
				// A unit that copied last month's text: the page marks it.
				in.Narrative = fmt.Sprintf("%d月，%s：%s，%s。", m, short(c.Title), activities[(m-1+k)%len(activities)], figure)
			}
			if p < 0.5 {
				in.Problems = "项目用地手续尚未办结，资金拨付滞后。"
			}
			clock = end.AddDate(0, 0, 3+k%4).Add(9 * time.Hour)
			r, _, err := svc.SaveProgress(ctx, reporters[c.Assignment.Lead], c.ID, in)
			if err != nil {
				return fmt.Errorf("report %s %s: %w", c.Code, period, err)
			}
			res.Reports++
			// The newest month stays partly in the review queue.
			if m == last && k%6 == 0 {
				continue
			}
			clock = clock.AddDate(0, 0, 2)
			if k%11 == 3 && m%3 == 0 {
				if err := svc.Review(ctx, office, c.ID, r.ID, false, "完成值与佐证材料不一致，请核实后重新报送，并上传现场照片。"); err != nil {
					return err
				}
				clock = clock.AddDate(0, 0, 1)
				in.Narrative += "（已按督查室要求核实数据并补充现场照片。）"
				if _, _, err := svc.SaveProgress(ctx, reporters[c.Assignment.Lead], c.ID, in); err != nil {
					return fmt.Errorf("correct %s %s: %w", c.Code, period, err)
				}
				clock = clock.AddDate(0, 0, 1)
			}
			if err := svc.Review(ctx, office, c.ID, r.ID, true, ""); err != nil {
				return fmt.Errorf("approve %s %s: %w", c.Code, period, err)
			}
		}
	}
	// 督办单 on the commitments furthest behind; the first is answered.
	clock = AsOf.AddDate(0, 0, -10)
	items, err := svc.Items(ctx, res.ReportID)
	if err != nil {
		return err
	}
	for _, it := range items {
		if res.Orders >= 3 || it.Result.Status != progress.SeriouslyLagging || it.State != ledger.StateInProgress {
			continue
		}
		o, err := svc.IssueOrder(ctx, office, it.ID, "该事项进度严重滞后，请说明原因，制定赶进度措施，明确完成时间，于回复时限前书面回复督查室。", time.Time{})
		if err != nil {
			return err
		}
		res.Orders++
		if res.Orders == 1 {
			clock = clock.AddDate(0, 0, 3)
			if err := svc.ReplyOrder(ctx, reporters[it.Assignment.Lead], it.ID, o.ID, "已召开专题会议研究，用地手续预计10月底前办结，届时加快施工进度，确保年底前完成。"); err != nil {
				return err
			}
		}
		if _, err := svc.AddComment(ctx, leader, it.ID, "请督查室持续跟踪，每周报告进展。"); err != nil {
			return err
		}
	}
	return nil
}

// decimal writes v with as many decimals as the target value has.
func decimal(v float64, like string) string {
	prec := 0
	for i := len(like) - 1; i >= 0; i-- {
		if like[i] == '.' {
			prec = len(like) - 1 - i
		}
	}
	return strconv.FormatFloat(v, 'f', prec, 64)
}

func short(s string) string {
	r := []rune(s)
	if len(r) > 20 {
		return string(r[:20]) + "等工作"
	}
	return s
}
