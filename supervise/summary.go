package supervise

import (
	"ducha/access"
	"sort"
	"strings"
	"time"

	"ducha/ledger"
	"ducha/progress"
)

// Group counts the commitments of one category or unit.
type Group struct {
	Name     string
	Total    int
	ByStatus map[progress.Status]int
	ByLight  map[progress.Light]int
	// Completion is the mean progress (actual fraction capped at 1) of
	// the group's targets, weighted equally, 0–1.
	Completion float64
}

// Summary is what the dashboard shows for one report.
type Summary struct {
	Targets      int // target commitments (the review's achievements are not counted)
	Dispatched   int // past 交办
	Closed       int
	All          Group
	ByCategory   []Group
	ByUnit       []Group // by lead unit; "" for unassigned
	Lagging      []Item  // seriously lagging, lagging and overdue targets, worst first
	DueThisMonth []Item  // targets due in the calendar month of now, not yet completed
	Stale        []Item  // targets whose unit missed a reporting period
}

// Summarize computes the dashboard of items at now.
func Summarize(items []Item, now time.Time) Summary {
	var s Summary
	s.All = newGroup("")
	cats, units := map[string]*Group{}, map[string]*Group{}
	var catOrder []string
	for i := range items {
		it := &items[i]
		if it.Kind != ledger.KindTarget || hasChildren(items, i) {
			continue
		}
		s.Targets++
		if it.State != ledger.StateNew {
			s.Dispatched++
		}
		if it.State == ledger.StateClosed {
			s.Closed++
		}
		s.All.add(it)
		cat := it.Category
		g, ok := cats[cat]
		if !ok {
			ng := newGroup(cat)
			g = &ng
			cats[cat] = g
			catOrder = append(catOrder, cat)
		}
		g.add(it)
		u, ok := units[it.Assignment.Lead]
		if !ok {
			ng := newGroup(it.Assignment.Lead)
			u = &ng
			units[it.Assignment.Lead] = u
		}
		u.add(it)
		switch it.Result.Status {
		case progress.Lagging, progress.SeriouslyLagging, progress.Overdue:
			s.Lagging = append(s.Lagging, *it)
		}
		if it.Deadline != nil && it.Deadline.Year() == now.Year() && it.Deadline.Month() == now.Month() &&
			it.Result.Status != progress.Completed {
			s.DueThisMonth = append(s.DueThisMonth, *it)
		}
		if it.Result.Stale {
			s.Stale = append(s.Stale, *it)
		}
	}
	s.All.finish()
	for _, c := range catOrder {
		cats[c].finish()
		s.ByCategory = append(s.ByCategory, *cats[c])
	}
	for _, u := range units {
		u.finish()
		s.ByUnit = append(s.ByUnit, *u)
	}
	sort.Slice(s.ByUnit, func(i, j int) bool {
		a, b := s.ByUnit[i], s.ByUnit[j]
		if (a.Name == "") != (b.Name == "") {
			return b.Name == ""
		}
		if a.ByLight[progress.Red] != b.ByLight[progress.Red] {
			return a.ByLight[progress.Red] > b.ByLight[progress.Red]
		}
		return a.Name < b.Name
	})
	rank := map[progress.Status]int{progress.Overdue: 0, progress.SeriouslyLagging: 1, progress.Lagging: 2}
	sort.SliceStable(s.Lagging, func(i, j int) bool {
		a, b := s.Lagging[i], s.Lagging[j]
		if rank[a.Result.Status] != rank[b.Result.Status] {
			return rank[a.Result.Status] < rank[b.Result.Status]
		}
		return a.Result.Ratio < b.Result.Ratio
	})
	sort.SliceStable(s.DueThisMonth, func(i, j int) bool { return s.DueThisMonth[i].Deadline.Before(*s.DueThisMonth[j].Deadline) })
	return s
}

// hasChildren reports whether items[i] is the parent of others (whose
// progress it rolls up; only leaves are counted).
func hasChildren(items []Item, i int) bool {
	code := items[i].Code + "."
	return i+1 < len(items) && strings.HasPrefix(items[i+1].Code, code)
}

func newGroup(name string) Group {
	return Group{Name: name, ByStatus: map[progress.Status]int{}, ByLight: map[progress.Light]int{}}
}

func (g *Group) add(it *Item) {
	g.Total++
	g.ByStatus[it.Result.Status]++
	g.ByLight[it.Result.Light]++
	a := it.Result.Actual
	if it.Result.Status == progress.Completed {
		a = 1
	}
	g.Completion += min(max(a, 0), 1)
}

func (g *Group) finish() {
	if g.Total > 0 {
		g.Completion /= float64(g.Total)
	}
}

// Filter selects commitments for a list.
type Filter struct {
	Kind     ledger.Kind     // "" for every kind
	Status   progress.Status // "" for every status
	Light    progress.Light
	State    ledger.State
	Unit     string // lead or cooperating unit
	Category string
	Query    string // words that must all occur (code, title, text, indicator, units)
	Review   bool   // only those with a report waiting for review
}

// Match reports whether it passes f.
func (f Filter) Match(it *Item) bool {
	switch {
	case f.Kind != "" && it.Kind != f.Kind,
		f.Status != "" && it.Result.Status != f.Status,
		f.Light != "" && it.Result.Light != f.Light,
		f.State != "" && it.State != f.State,
		f.Category != "" && it.Category != f.Category,
		f.Review && it.LatestStatus != ledger.ReportSubmitted:
		return false
	}
	if f.Unit != "" && it.Assignment.Lead != f.Unit && !contains(it.Assignment.Cooperating, f.Unit) {
		return false
	}
	if q := strings.TrimSpace(f.Query); q != "" {
		hay := it.Code + "\n" + it.Title + "\n" + it.Text + "\n" + it.Assignment.Lead + "\n" +
			strings.Join(it.Assignment.Cooperating, "\n") + "\n" + it.Assignment.Leader
		if it.Target != nil {
			hay += "\n" + it.Target.Indicator + "\n" + it.Target.Quantity
		}
		hay = strings.ToLower(hay)
		for _, w := range strings.Fields(strings.ToLower(q)) {
			if !strings.Contains(hay, w) {
				return false
			}
		}
	}
	return true
}

// Select returns the items passing f, and which of them a page of size n
// (page from 1) shows, with the total.
func Select(items []Item, f Filter, page, n int) (out []Item, total int) {
	if page < 1 {
		page = 1
	}
	from := (page - 1) * n
	for i := range items {
		if !f.Match(&items[i]) {
			continue
		}
		if total >= from && (n <= 0 || total < from+n) {
			out = append(out, items[i])
		}
		total++
	}
	return out, total
}

func contains(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}

// Visible returns the items a may read: all of them for every role but a
// unit reporter, who sees those its unit leads or cooperates on.
func Visible(a Actor, items []Item) []Item {
	if a.Role != access.Reporter {
		return items
	}
	var out []Item
	for i := range items {
		if a.Can(access.ViewInternal, items[i].Commitment) {
			out = append(out, items[i])
		}
	}
	return out
}
