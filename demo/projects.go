package demo

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"math"
	"time"

	"ducha/access"
	"ducha/ledger"
	"ducha/project"
	"ducha/projectsheet"
	"ducha/supervise"
)

// ProjectCount is the number of projects of the demo's ledger.
const ProjectCount = 24

// projects builds the sample district's project ledger: an invented plan
// sheet of ProjectCount projects owned by the demo's reporting units,
// dispatched and taken on, with approved monthly reports up to AsOf at
// four paces (some ahead, some behind, some far behind, with 开工 late),
// and the plan's project commitments linked to them.
func projects(ctx context.Context, st supervise.Store, res *Result, log io.Writer) error {
	ps, ok := st.(project.Store)
	if !ok {
		return nil
	}
	var units []supervise.Actor
	for _, a := range res.Accounts {
		if a.Role == access.Reporter {
			units = append(units, supervise.Actor{Login: a.Login, Name: a.Name, Role: a.Role, Unit: a.Unit})
		}
	}
	if len(units) == 0 {
		return nil
	}
	var b bytes.Buffer
	csv.NewWriter(&b).WriteAll(projectsheet.Sample(ProjectCount, res.Year))
	list, err := projectsheet.Parse(b.Bytes(), "demo.csv", res.Year)
	if err != nil {
		return err
	}
	day := func(m, d int) time.Time { return time.Date(res.Year, time.Month(m), d, 0, 0, 0, 0, time.UTC) }
	for i := range list {
		p := &list[i]
		p.OwnerUnit = units[i%len(units)].Unit
		if p.Category == project.Continuing {
			// Started before the plan year.
			for j, m := range []int{3, 6, 9, 11} {
				p.Stages[j].Actual = time.Date(res.Year-1, time.Month(m), 15, 0, 0, 0, 0, time.UTC)
			}
		}
	}
	clock := time.Date(res.Year, 1, 10, 9, 0, 0, 0, time.UTC)
	if c, ok := st.(interface{ SetClock(func() time.Time) }); ok {
		c.SetClock(func() time.Time { return clock })
		defer c.SetClock(nil)
	}
	if _, _, err := ps.ImportProjects(ctx, list, "ducha"); err != nil {
		return err
	}
	stored, err := ps.Projects(ctx, res.Year)
	if err != nil {
		return err
	}
	byUnit := map[string]supervise.Actor{}
	for _, u := range units {
		byUnit[u.Unit] = u
	}
	paces := []float64{1.08, 0.97, 0.8, 0.45}
	reports := 0
	for i, p := range stored {
		if p.AnnualPlan == 0 {
			continue // 储备 and 前期 projects are not reported on
		}
		for _, s := range []ledger.State{ledger.StateDispatched, ledger.StateAcknowledged} {
			if err := ps.SetProjectState(ctx, p.ID, s, "ducha"); err != nil {
				return err
			}
		}
		p.State = ledger.StateAcknowledged
		pace := paces[i%len(paces)]
		unit := byUnit[p.OwnerUnit]
		var prev *project.MonthlyReport
		for m := 1; m < int(AsOf.Month()); m++ {
			clock = day(m+1, 5).Add(9 * time.Hour)
			cum := math.Round(p.PlannedBy(m) * pace)
			r := project.MonthlyReport{ProjectID: p.ID, Period: fmt.Sprintf("%d-%02d", res.Year, m), Cumulative: cum,
				Progress: activities[(i+m)%len(activities)]}
			if prev != nil {
				r.Month = cum - prev.Cumulative
			} else {
				r.Month = cum
			}
			// New projects: 签约 in January, 前期手续 in February, 开工 in
			// the planned month unless the project is far behind.
			if p.Category == project.New {
				start := p.Stages[p.StageIndex("开工")].Planned
				switch {
				case m == 1:
					r.Stage, r.StageDate = "签约", day(1, 20)
				case m == 2:
					r.Stage, r.StageDate = "前期手续", day(2, 20)
				case !start.IsZero() && int(start.Month()) == m && pace > 0.5:
					r.Stage, r.StageDate = "开工", start
				}
			}
			r, next, err := project.Submit(p, prev, r, true, unit.Login, clock)
			if err != nil {
				return fmt.Errorf("demo project %s %s: %w", p.Code, r.Period, err)
			}
			p.State = next
			if err := ps.SaveProjectReport(ctx, p, &r, unit.Login); err != nil {
				return err
			}
			clock = clock.Add(48 * time.Hour)
			np, rr, err := project.Review(p, r, true, "", "ducha", clock)
			if err != nil {
				return fmt.Errorf("demo project %s %s: %w", p.Code, r.Period, err)
			}
			if err := ps.SaveProjectReport(ctx, np, &rr, "ducha"); err != nil {
				return err
			}
			p, prev = np, &rr
			reports++
		}
	}
	// The plan's project commitments, computed from every reported project.
	linked := 0
	cs, err := st.Commitments(ctx, res.ReportID)
	if err != nil {
		return err
	}
	var ids []int64
	for _, p := range stored {
		if p.AnnualPlan > 0 {
			ids = append(ids, p.ID)
		}
	}
	for _, c := range cs {
		if c.Kind != ledger.KindTarget {
			continue
		}
		if props := project.Propose(c.Title); len(props) > 0 {
			if err := ps.LinkProjects(ctx, c.ID, props[0].Link, ids, "ducha"); err != nil {
				return err
			}
			linked++
		}
	}
	fmt.Fprintf(log, "projects: %d, %d monthly reports, %d commitments linked\n", len(stored), reports, linked)
	return nil
}
