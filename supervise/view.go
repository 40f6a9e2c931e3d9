package supervise

import (
	"context"
	"slices"
	"sync"
	"time"

	"ducha/access"
)

// View is what an actor sees of a report's commitments: the items it may
// read (see Visible) and what is derived from them, each computed once.
// A view is shared by every caller that sees the same items (everyone but
// reporters; the reporters of one unit) until the items change: do not
// modify it or what it returns.
type View struct {
	// Items are the visible items, in code order.
	Items []Item

	words *wordIndex // of the report's items, nil when not kept
	mu    sync.Mutex
	memo  map[string]*memoEntry
}

type memoEntry struct {
	once sync.Once
	v    any
}

// View returns the view of report reportID that a has.
func (s *Service) View(ctx context.Context, a Actor, reportID int64) (*View, error) {
	items, err := s.Items(ctx, reportID)
	if err != nil {
		return nil, err
	}
	key := ""
	if a.Role == access.Reporter {
		key = "unit:" + a.Unit
	}
	s.mu.Lock()
	c := s.items[reportID]
	if c == nil || len(c.items) != len(items) || len(items) > 0 && &c.items[0] != &items[0] {
		// The items changed meanwhile: this view is not kept.
		s.mu.Unlock()
		return &View{Items: Visible(a, items)}, nil
	}
	v := c.views[key]
	if v == nil {
		v = &View{words: c.words}
		if key == "" {
			v.Items = items
		}
		if c.views == nil {
			c.views = map[string]*View{}
		}
		c.views[key] = v
	}
	layout := c.layout
	s.mu.Unlock()
	if key != "" {
		v.Memo("items", func() any {
			v.Items = s.visible(c, layout, a, items)
			return nil
		})
	}
	return v, nil
}

// visible returns Visible(a, items) for a reporter, items being c's items
// of layout: the positions a's unit sees are found once per layout.
func (s *Service) visible(c *itemsCache, layout uint64, a Actor, items []Item) []Item {
	s.mu.Lock()
	pos, ok := c.visible[a.Unit]
	ok = ok && c.layout == layout
	s.mu.Unlock()
	if !ok {
		pos = nil
		sub := a.subject()
		for i := range items {
			as := &items[i].Assignment
			if access.Allowed(sub, access.ViewInternal, access.Object{Lead: as.Lead, Cooperating: as.Cooperating}) {
				pos = append(pos, int32(i))
			}
		}
		s.mu.Lock()
		if c.layout == layout {
			if c.visible == nil {
				c.visible = map[string][]int32{}
			}
			c.visible[a.Unit] = pos
		}
		s.mu.Unlock()
	}
	if len(pos) == 0 {
		return nil
	}
	out := make([]Item, len(pos))
	for i, p := range pos {
		out[i] = items[p]
	}
	return out
}

// Memo returns the value of f, called once for the view and key.
func (v *View) Memo(key string, f func() any) any {
	v.mu.Lock()
	if v.memo == nil {
		v.memo = map[string]*memoEntry{}
	}
	e := v.memo[key]
	if e == nil {
		e = &memoEntry{}
		v.memo[key] = e
	}
	v.mu.Unlock()
	e.once.Do(func() { e.v = f() })
	return e.v
}

// Summary is the dashboard of the view's items in the month of now (see
// Summarize).
func (v *View) Summary(now time.Time) Summary {
	return v.Memo("summary "+now.Format("2006-01"), func() any { return Summarize(v.Items, now) }).(Summary)
}

// Facets are what a list of commitments can be narrowed to.
type Facets struct {
	Categories []string // in the order of the items
	Units      []string // lead units, sorted
}

// Facets are the categories and lead units of the view's items.
func (v *View) Facets() Facets {
	return v.Memo("facets", func() any {
		var f Facets
		cats, units := map[string]bool{}, map[string]bool{}
		for i := range v.Items {
			it := &v.Items[i]
			if c := it.Category; c != "" && !cats[c] {
				cats[c] = true
				f.Categories = append(f.Categories, c)
			}
			if u := it.Assignment.Lead; u != "" && !units[u] {
				units[u] = true
				f.Units = append(f.Units, u)
			}
		}
		slices.Sort(f.Units)
		return f
	}).(Facets)
}

// Summary returns the dashboard of report reportID as a sees it, as
// View(a, reportID).Summary(now) at the service's clock.
func (s *Service) Summary(ctx context.Context, a Actor, reportID int64) (Summary, error) {
	v, err := s.View(ctx, a, reportID)
	if err != nil {
		return Summary{}, err
	}
	return v.Summary(s.now()), nil
}
