package supervise

import (
	"cmp"
	"maps"
	"slices"
	"sort"
	"strings"
	"time"

	"ducha/access"

	"ducha/ledger"
	"ducha/progress"
)

// Group counts the commitments of one category or unit.
type Group struct {
	Name     string
	Total    int
	ByStatus map[progress.Status]int
	ByLight  map[progress.Light]int
	// Completion is what is due that is done, 0–1: for the whole report
	// and a category the top-level targets rolled up by weight (their
	// sub-tasks rolled up into them), for a unit the mean of the targets it
	// leads (progress.Result.Completion).
	Completion float64
}

// Summary is what the dashboard shows for one report.
type Summary struct {
	Targets      int // target commitments (the review's achievements are not counted)
	Excluded     int // proposals marked 不列入, counted nowhere else
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
	var all tally
	cats, units := map[string]*tally{}, map[string]*tally{}
	var catOrder []string
	// The lists hold positions in items until sorted: items are large.
	var lagging, due, stale []int32
	var cat *tally // the category of the item before: items come by section
	for i := range items {
		it := &items[i]
		if it.Kind == ledger.KindTarget && it.Excluded != nil {
			s.Excluded++ // 不列入 is not a commitment: counted nowhere else
			continue
		}
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
		all.add(it)
		if cat == nil || cat.name != it.Category {
			var ok bool
			if cat, ok = cats[it.Category]; !ok {
				cat = &tally{name: it.Category}
				cats[it.Category] = cat
				catOrder = append(catOrder, it.Category)
			}
		}
		cat.add(it)
		u, ok := units[it.Assignment.Lead]
		if !ok {
			u = &tally{name: it.Assignment.Lead}
			units[it.Assignment.Lead] = u
		}
		u.add(it)
		switch it.Result.Status {
		case progress.Lagging, progress.SeriouslyLagging, progress.Overdue:
			lagging = append(lagging, int32(i))
		}
		if it.Deadline != nil && it.Deadline.Year() == now.Year() && it.Deadline.Month() == now.Month() &&
			it.Result.Status != progress.Completed {
			due = append(due, int32(i))
		}
		if it.Result.Stale {
			stale = append(stale, int32(i))
		}
	}
	s.All = all.group()
	s.All.Completion = rolledCompletion(items, "", false)
	for _, c := range catOrder {
		g := cats[c].group()
		g.Completion = rolledCompletion(items, c, true)
		s.ByCategory = append(s.ByCategory, g)
	}
	for _, u := range units {
		s.ByUnit = append(s.ByUnit, u.group())
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
	rank := func(st progress.Status) int {
		switch st {
		case progress.Overdue:
			return 0
		case progress.SeriouslyLagging:
			return 1
		}
		return 2
	}
	s.Lagging = sortedItems(items, lagging, func(a, b *Item) int {
		if ra, rb := rank(a.Result.Status), rank(b.Result.Status); ra != rb {
			return cmp.Compare(ra, rb)
		}
		return cmp.Compare(a.Result.Ratio, b.Result.Ratio)
	})
	s.DueThisMonth = sortedItems(items, due, func(a, b *Item) int { return a.Deadline.Compare(*b.Deadline) })
	s.Stale = sortedItems(items, stale, nil)
	return s
}

// rolledCompletion is the completion of the report's targets (of one
// category, when byCategory) rolled up by weight (ledger.RollUp) from the
// top-level tasks, each of which carries its sub-tasks rolled up already
// (rollUpParents): a parent of three weighted sub-tasks counts once, as
// their weighted mean, not as three equal leaves.
func rolledCompletion(items []Item, category string, byCategory bool) float64 {
	var parts []ledger.Progress
	for i := range items {
		it := &items[i]
		if it.Kind != ledger.KindTarget || it.Excluded != nil || it.ParentCode != "" || byCategory && it.Category != category {
			continue
		}
		parts = append(parts, ledger.Progress{Code: it.Code, Weight: it.Weight, Done: it.Result.Completion})
	}
	return ledger.RollUp(parts)
}

// sortedItems returns the items at positions pos (ascending), sorted
// stably by cmp (nil: in the order of pos).
func sortedItems(items []Item, pos []int32, cmp func(a, b *Item) int) []Item {
	if len(pos) == 0 {
		return nil
	}
	if cmp != nil {
		// Stable: equal items keep the order of their positions.
		slices.SortFunc(pos, func(a, b int32) int {
			if c := cmp(&items[a], &items[b]); c != 0 {
				return c
			}
			return int(a - b)
		})
	}
	out := make([]Item, len(pos))
	for i, p := range pos {
		out[i] = items[p]
	}
	return out
}

// hasChildren reports whether items[i] is the parent of others (whose
// progress it rolls up; only leaves are counted).
func hasChildren(items []Item, i int) bool {
	if i+1 >= len(items) {
		return false
	}
	code, next := items[i].Code, items[i+1].Code
	return len(next) > len(code) && next[len(code)] == '.' && strings.HasPrefix(next, code)
}

// tally counts a group while Summarize goes through the items: the
// known statuses and lights by position, anything else in maps.
type tally struct {
	name       string
	total      int
	statuses   [7]int // by position in progress.Statuses
	lights     [3]int // red, yellow, green
	other      map[progress.Status]int
	otherLight map[progress.Light]int
	completion float64
}

var lights = [3]progress.Light{progress.Red, progress.Yellow, progress.Green}

func statusIndex(st progress.Status) int {
	switch st {
	case progress.NotStarted:
		return 0
	case progress.OnTrack:
		return 1
	case progress.Ahead:
		return 2
	case progress.Lagging:
		return 3
	case progress.SeriouslyLagging:
		return 4
	case progress.Completed:
		return 5
	case progress.Overdue:
		return 6
	}
	return -1
}

func lightIndex(l progress.Light) int {
	switch l {
	case progress.Red:
		return 0
	case progress.Yellow:
		return 1
	case progress.Green:
		return 2
	}
	return -1
}

func (t *tally) add(it *Item) {
	t.total++
	if i := statusIndex(it.Result.Status); i >= 0 {
		t.statuses[i]++
	} else {
		if t.other == nil {
			t.other = map[progress.Status]int{}
		}
		t.other[it.Result.Status]++
	}
	if i := lightIndex(it.Result.Light); i >= 0 {
		t.lights[i]++
	} else {
		if t.otherLight == nil {
			t.otherLight = map[progress.Light]int{}
		}
		t.otherLight[it.Result.Light]++
	}
	t.completion += it.Result.Completion
}

// group is the Group counted: its maps hold the statuses and lights met.
func (t *tally) group() Group {
	g := Group{Name: t.name, Total: t.total, ByStatus: map[progress.Status]int{}, ByLight: map[progress.Light]int{}}
	for i, n := range t.statuses {
		if n > 0 {
			g.ByStatus[progress.Statuses[i]] = n
		}
	}
	for i, n := range t.lights {
		if n > 0 {
			g.ByLight[lights[i]] = n
		}
	}
	maps.Copy(g.ByStatus, t.other)
	maps.Copy(g.ByLight, t.otherLight)
	if t.total > 0 {
		g.Completion = t.completion / float64(t.total)
	}
	return g
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
	// Excluded shows only the proposals marked 不列入; without it they are
	// left out.
	Excluded bool
}

// canonical is f with the values compared to each item's in the one copy
// the items have (see canonical).
func (f Filter) canonical() Filter {
	f.Kind = ledger.Kind(intern(string(f.Kind)))
	f.State = ledger.State(intern(string(f.State)))
	for _, s := range progress.Statuses { // the items have the constants
		if s == f.Status {
			f.Status = s
		}
	}
	for _, l := range lights {
		if l == f.Light {
			f.Light = l
		}
	}
	f.Category, f.Unit = intern(f.Category), intern(f.Unit)
	return f
}

// Match reports whether it passes f.
func (f Filter) Match(it *Item) bool { return f.match(it, queryWords(f.Query)) }

// queryWords are the words of a query, in lower case.
func queryWords(q string) []string { return strings.Fields(strings.ToLower(q)) }

// match is Match with the query's words.
func (f Filter) match(it *Item, words []string) bool {
	switch {
	case f.Kind != "" && it.Kind != f.Kind,
		f.Status != "" && it.Result.Status != f.Status,
		f.Light != "" && it.Result.Light != f.Light,
		f.State != "" && it.State != f.State,
		f.Category != "" && it.Category != f.Category,
		f.Review && it.LatestStatus != ledger.ReportSubmitted,
		f.Excluded != (it.Excluded != nil):
		return false
	}
	if f.Unit != "" && it.Assignment.Lead != f.Unit && !contains(it.Assignment.Cooperating, f.Unit) {
		return false
	}
	if len(words) > 0 {
		hay := it.search
		if hay == "" {
			hay = searchText(it)
		}
		for _, w := range words {
			if !strings.Contains(hay, w) {
				return false
			}
		}
	}
	return true
}

// searchText is what a query searches in an item, in lower case: code,
// title, text, units, leader, indicator and quantity.
func searchText(it *Item) string {
	hay := it.Code + "\n" + it.Title + "\n" + it.Text + "\n" + it.Assignment.Lead + "\n" +
		strings.Join(it.Assignment.Cooperating, "\n") + "\n" + it.Assignment.Leader
	if it.Target != nil {
		hay += "\n" + it.Target.Indicator + "\n" + it.Target.Quantity
	}
	return strings.ToLower(hay)
}

// Select returns the items passing f, and which of them a page of size n
// (page from 1) shows, with the total.
func Select(items []Item, f Filter, page, n int) (out []Item, total int) {
	f = f.canonical()
	words := queryWords(f.Query)
	return selectPage(items, page, n, func(it *Item) bool { return f.match(it, words) })
}

// selectPage returns the items that keep keeps, and which of them a page of
// size n (page from 1, n <= 0 for all) shows, with the total.
func selectPage(items []Item, page, n int, keep func(*Item) bool) (out []Item, total int) {
	from := (max(page, 1) - 1) * n
	for i := range items {
		if !keep(&items[i]) {
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
	sub := a.subject()
	for i := range items {
		// a.Can(access.ViewInternal, items[i].Commitment), without
		// copying the commitment.
		as := &items[i].Assignment
		if access.Allowed(sub, access.ViewInternal, access.Object{Lead: as.Lead, Cooperating: as.Cooperating}) {
			out = append(out, items[i])
		}
	}
	return out
}
