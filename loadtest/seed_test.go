package loadtest

import (
	"context"
	"fmt"
	"hash/fnv"
	"strconv"
	"strings"
	"sync"
	"time"

	"ducha/access"
	"ducha/ledger"
	"ducha/store"
)

// The dataset of the load test: one report of the fictional 示例区 for
// the plan year 2026, as of 26 November 2026, with ten monthly reports
// (January to October) on each commitment.
const (
	planYear   = 2026
	password   = "ducha-load-2026"
	government = "示例区"
	periods    = 10
)

// asOf is the clock of the service and the server.
var asOf = time.Date(planYear, time.November, 26, 10, 0, 0, 0, time.UTC)

// unitNames are the lead units, 40 departments of a district.
var unitNames = []string{
	"教育局", "财政局", "人力资源和社会保障局", "住房和城乡建设局", "民政局", "卫生健康局", "交通运输局",
	"发展和改革局", "工业和信息化局", "科学技术局", "公安分局", "司法局", "自然资源局", "生态环境分局",
	"水利局", "农业农村局", "商务局", "文化和旅游局", "应急管理局", "审计局", "市场监督管理局", "统计局",
	"医疗保障局", "城市管理局", "退役军人事务局", "林业局", "体育局", "信访局", "行政审批局", "数据资源局",
	"投资促进局", "乡村振兴局", "园林绿化局", "粮食和物资储备局", "机关事务管理局", "国有资产监督管理局",
	"残疾人联合会", "妇女联合会", "税务局", "供电公司",
}

// sections are the categories of the report's plan part.
var sections = []string{
	"（一）扎实推动高质量发展", "（二）全面深化改革开放", "（三）着力保障和改善民生", "（四）全面推进乡村振兴",
	"（五）加强生态环境保护", "（六）持续提升城市品质", "（七）统筹发展和安全", "（八）加强政府自身建设",
}

// indicators are what the targets count.
var indicators = []struct{ name, unit string }{
	{"新增学位", "个"}, {"新建改建农村公路", "公里"}, {"城镇新增就业", "人"}, {"改造城镇老旧小区", "个"},
	{"新增养老床位", "张"}, {"建成5G基站", "个"}, {"新增城市绿地", "公顷"}, {"完成人工造林", "亩"},
	{"新增公共停车泊位", "个"}, {"筹集保障性租赁住房", "套"}, {"开展职业技能培训", "人次"},
	{"新增经营主体", "户"}, {"引进亿元以上项目", "个"}, {"新建高标准农田", "亩"}, {"新建改造污水管网", "公里"},
	{"新增社区嵌入式服务设施", "处"},
}

// account is a user the clients sign in as.
type account struct {
	login string
	role  access.Role
	unit  string
}

// dataset is what seed made.
type dataset struct {
	reportID int64
	ids      []int64 // commitment ids, in generation order
	lead     []int   // lead unit (index of unitNames) of each commitment
	active   []bool  // in progress: the lead unit may report
	target   []int   // target value of each commitment
	units    []string
	accounts []account
	// byUnit lists the indexes of the commitments each unit leads,
	// activeByUnit those in progress.
	byUnit, activeByUnit [][]int
}

// seedCounts are the sizes of the dataset.
type seedCounts struct {
	commitments int
	supervisors int
	leaders     int
}

// pace is how fast commitment i goes: most on track, some ahead, some
// lagging, a few far behind.
func pace(i int) float64 {
	h := fnv.New32a()
	fmt.Fprint(h, i)
	switch v := h.Sum32() % 20; {
	case v < 3:
		return 1.2
	case v < 13:
		return 1.0
	case v < 16:
		return 0.8
	case v < 18:
		return 0.45
	default:
		return 0.95
	}
}

// generate returns the report and its commitments.
func generate(n int, units []string) (*ledger.Report, []ledger.Commitment, []int, []int) {
	var text strings.Builder
	for text.Len() < 20_000 {
		text.WriteString("坚持稳中求进工作总基调，完整准确全面贯彻新发展理念，新增学位6000个以上，城镇新增就业8000人。\n")
	}
	r := &ledger.Report{
		Title: government + "人民政府工作报告", SourceName: "load.txt", Format: "text", Encoding: "UTF-8",
		Text: text.String(), Structure: []byte(`{"title":"示例区人民政府工作报告","parts":[]}`),
		ImportedAt: time.Date(planYear, 1, 15, 9, 30, 0, 0, time.UTC), Year: planYear, ReviewYear: planYear - 1,
		Checksum: fmt.Sprintf("%064x", 2026),
	}
	deadlines := []time.Time{
		time.Date(planYear, 12, 31, 0, 0, 0, 0, time.UTC), time.Date(planYear, 6, 30, 0, 0, 0, 0, time.UTC),
		time.Date(planYear, 12, 31, 0, 0, 0, 0, time.UTC), time.Date(planYear, 9, 30, 0, 0, 0, 0, time.UTC),
		time.Date(planYear, 11, 30, 0, 0, 0, 0, time.UTC), time.Date(planYear, 12, 31, 0, 0, 0, 0, time.UTC),
	}
	cs := make([]ledger.Commitment, n)
	lead := make([]int, n)
	targets := make([]int, n)
	perSection := (n + len(sections) - 1) / len(sections)
	for i := range cs {
		sec := i / perSection
		para, item := (i%perSection)/10+1, i%10+1
		ind := indicators[(i*7+sec)%len(indicators)]
		value := 100 + (i*37)%9900
		targets[i] = value
		quantity := strconv.Itoa(value) + ind.unit
		clause := ind.name + quantity + "以上"
		d := deadlines[i%len(deadlines)]
		lead[i] = i % len(units)
		c := ledger.Commitment{
			Code: fmt.Sprintf("%d-02-%02d-%04d-%d", planYear, sec+1, para, item), Kind: ledger.KindTarget,
			Title: clause, Text: clause, Sentence: "围绕" + sections[sec][9:] + "，" + clause + "，确保按期完成。",
			Start: 0, End: 0, Section: []string{"二、" + strconv.Itoa(planYear) + "年工作安排", sections[sec]},
			Category: sections[sec], Lead: sections[sec][9:], Period: planYear,
			DeadlineText: fmt.Sprintf("%d月底前", d.Month()), Deadline: &d,
			Target: &ledger.Target{Indicator: ind.name, Quantity: quantity, Unit: ind.unit, Comparator: "ge",
				Value: strconv.Itoa(value), Change: "increase", BaselineValue: strconv.Itoa(value * 9 / 10),
				BaselineYear: planYear - 1, Binding: "预期性"},
			Assignment: ledger.Assignment{
				Lead: units[lead[i]], SuggestedLead: units[lead[i]],
				Cooperating: []string{units[(lead[i]+1)%len(units)], units[(lead[i]+7)%len(units)]},
				Leader:      []string{"王副区长", "李副区长", "张副区长", "赵副区长"}[i%4], Person: "科长" + strconv.Itoa(i%50),
			},
		}
		if i%3 == 0 {
			c.Milestones = []ledger.Milestone{
				{Due: time.Date(planYear, 3, 31, 0, 0, 0, 0, time.UTC), Expected: strconv.Itoa(value / 4)},
				{Due: time.Date(planYear, 6, 30, 0, 0, 0, 0, time.UTC), Expected: strconv.Itoa(value / 2), Description: "完成过半"},
			}
		}
		cs[i] = c
	}
	return r, cs, lead, targets
}

// seed fills an empty, migrated store: the units, the report, the
// workflow states (every tenth commitment of each unit dispatched, the
// others in progress), ten monthly progress reports on each commitment (the
// first nine approved, the tenth submitted and waiting) and the accounts.
// It logs how long each step took.
func seed(ctx context.Context, st store.DB, n seedCounts, logf func(string, ...any)) (*dataset, error) {
	step := time.Now()
	lap := func(format string, args ...any) {
		logf("seed: "+format+" in %v", append(args, time.Since(step).Round(time.Millisecond))...)
		step = time.Now()
	}
	var units []ledger.Unit
	ds := &dataset{}
	for _, name := range unitNames {
		units = append(units, ledger.Unit{Name: government + name, ShortName: "区" + name})
		ds.units = append(ds.units, government+name)
	}
	if _, _, err := st.SaveUnits(ctx, units); err != nil {
		return nil, err
	}
	gov, err := st.EnsureGovernment(ctx, ledger.Government{Name: government, Level: ledger.LevelCounty, Parent: "示例市"})
	if err != nil {
		return nil, err
	}
	r, cs, lead, targets := generate(n.commitments, ds.units)
	r.GovernmentID = gov.ID
	if err := st.SaveReport(ctx, r, cs); err != nil {
		return nil, err
	}
	ds.reportID, ds.lead, ds.target = r.ID, lead, targets
	ds.byUnit = make([][]int, len(ds.units))
	ds.activeByUnit = make([][]int, len(ds.units))
	for i, c := range cs {
		ds.ids = append(ds.ids, c.ID)
		// Every tenth commitment of each unit is only dispatched.
		ds.active = append(ds.active, (i/len(ds.units))%10 != 9)
		ds.byUnit[lead[i]] = append(ds.byUnit[lead[i]], i)
		if ds.active[i] {
			ds.activeByUnit[lead[i]] = append(ds.activeByUnit[lead[i]], i)
		}
	}
	lap("saved %d commitments", len(cs))

	// Workflow states, through the store's one-at-a-time method, by a
	// few workers (SQLite serialises them; PostgreSQL runs them side by
	// side).
	err = parallel(ctx, len(cs), seedConns, func(i int) error {
		moves := []ledger.State{ledger.StateDispatched}
		if ds.active[i] {
			moves = append(moves, ledger.StateAcknowledged, ledger.StateInProgress)
		}
		for _, s := range moves {
			if err := st.SetCommitmentState(ctx, cs[i].ID, s, "", "", "ducha"); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	lap("moved %d commitments to their states", len(cs))

	// Progress reports, 10,000 to a transaction.
	const chunk = 10_000
	batch := make([]ledger.ProgressReport, 0, chunk)
	var approve []int64
	total := 0
	flush := func() error {
		if err := st.ImportProgressReports(ctx, batch, "load"); err != nil {
			return err
		}
		for _, p := range batch {
			if p.Period <= period(periods-1) {
				approve = append(approve, p.ID)
			}
		}
		total += len(batch)
		batch = batch[:0]
		return nil
	}
	for i, c := range cs {
		// The figures grow at the commitment's pace towards its
		// deadline (a report of a month, made early the next, counts
		// what was done by then), and stop at the target.
		due := float64(cs[i].Deadline.Month())
		for m := 1; m <= periods; m++ {
			v := float64(targets[i]) * min(1, pace(i)*(float64(m)+1.5)/due)
			batch = append(batch, ledger.ProgressReport{
				CommitmentID: c.ID, Period: period(m), Value: strconv.Itoa(int(v)), Percent: -1,
				Narrative: "按计划推进，" + strconv.Itoa(m) + "月完成阶段目标。", Problems: "无", NextSteps: "继续推进。",
				Status: ledger.ReportSubmitted, SubmittedBy: "rep", SubmittedAt: time.Date(planYear, time.Month(m+1), 5, 9, 0, 0, 0, time.UTC),
			})
			if len(batch) == chunk {
				if err := flush(); err != nil {
					return nil, err
				}
			}
		}
	}
	if len(batch) > 0 {
		if err := flush(); err != nil {
			return nil, err
		}
	}
	lap("imported %d progress reports", total)
	err = parallel(ctx, len(approve), seedConns, func(i int) error {
		return st.ReviewProgressReport(ctx, approve[i], ledger.ReportApproved, "", "ducha")
	})
	if err != nil {
		return nil, err
	}
	lap("approved %d progress reports", len(approve))

	hash, err := access.HashPassword(password, access.DefaultParams)
	if err != nil {
		return nil, err
	}
	add := func(a account, name string) error {
		ds.accounts = append(ds.accounts, a)
		u := ledger.User{Login: a.login, Name: name, Role: string(a.role), Unit: a.unit, PasswordHash: hash}
		return st.CreateUser(ctx, &u, "load")
	}
	if err := add(account{"admin", access.Admin, ""}, "系统管理员"); err != nil {
		return nil, err
	}
	for i := range n.supervisors {
		if err := add(account{fmt.Sprintf("sup%02d", i+1), access.Supervisor, ""}, fmt.Sprintf("督查室%d", i+1)); err != nil {
			return nil, err
		}
	}
	for i := range n.leaders {
		if err := add(account{fmt.Sprintf("leader%02d", i+1), access.Leader, ""}, fmt.Sprintf("领导%d", i+1)); err != nil {
			return nil, err
		}
	}
	for i, u := range ds.units {
		if err := add(account{fmt.Sprintf("unit%02d", i+1), access.Reporter, u}, u+"填报员"); err != nil {
			return nil, err
		}
	}
	lap("created %d accounts", len(ds.accounts))
	return ds, nil
}

// period is month m of the plan year: 2026-03.
func period(m int) string { return fmt.Sprintf("%d-%02d", planYear, m) }

// parallel runs f(0) … f(n-1) on workers goroutines, stopping at the
// first error.
func parallel(ctx context.Context, n, workers int, f func(i int) error) error {
	var (
		wg    sync.WaitGroup
		mu    sync.Mutex
		first error
		next  int
	)
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				mu.Lock()
				i := next
				next++
				stop := first != nil || i >= n || ctx.Err() != nil
				mu.Unlock()
				if stop {
					return
				}
				if err := f(i); err != nil {
					mu.Lock()
					if first == nil {
						first = err
					}
					mu.Unlock()
					return
				}
			}
		}()
	}
	wg.Wait()
	if first == nil {
		first = ctx.Err()
	}
	return first
}
