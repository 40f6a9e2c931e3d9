package proposal

import (
	"fmt"
	"slices"
	"time"
)

// Rate is a count of Num out of Den.
type Rate struct{ Num, Den int }

// Percent is the rate in percent, rounded to one decimal, "—" when
// nothing is counted.
func (r Rate) Percent() string {
	if r.Den == 0 {
		return "—"
	}
	return fmt.Sprintf("%.1f%%", float64(r.Num)*100/float64(r.Den))
}

// Stats is the 办理情况 of a set of items: of one unit (by 主办单位) or of
// all.
type Stats struct {
	Unit        string // "" for all
	Items       int    // items assigned
	AckOnTime   Rate   // 按期签收率: acknowledged within AckDays of 交办, of those acknowledged or past that day
	ReplyOnTime Rate   // 按期答复率: first reply by its deadline, of those answered or past the deadline
	InPerson    Rate   // 面商率: answered items whose latest round met the deputy in person before the reply
	Content     Rate   // 满意率: 满意 or 基本满意, of the latest feedback received
	A, B, C     Rate   // shares of the latest reply's class, of answered items
}

// Compute is the statistics of items at now, overall then one row per
// lead unit in name order. Items not yet assigned are not counted.
func Compute(items []Item, now time.Time) (overall Stats, byUnit []Stats) {
	today := day(now)
	units := map[string]*Stats{}
	overall = Stats{}
	for i := range items {
		it := &items[i]
		if it.AssignedAt.IsZero() {
			continue
		}
		s := units[it.LeadUnit]
		if s == nil {
			s = &Stats{Unit: it.LeadUnit}
			units[it.LeadUnit] = s
		}
		add(&overall, it, today)
		add(s, it, today)
	}
	for _, s := range units {
		byUnit = append(byUnit, *s)
	}
	slices.SortFunc(byUnit, func(a, b Stats) int {
		if a.Unit < b.Unit {
			return -1
		} else if a.Unit > b.Unit {
			return 1
		}
		return 0
	})
	return overall, byUnit
}

func count(r *Rate, counted, yes bool) {
	if counted {
		r.Den++
		if yes {
			r.Num++
		}
	}
}

// add counts it into s. The 签收 counts against the current lead unit's
// assignment day (an approved 申请调整 restarts it); the reply against the
// first round's deadline.
func add(s *Stats, it *Item, today time.Time) {
	s.Items++
	ackDue := it.AckDue()
	acked := !it.AckedAt.IsZero()
	count(&s.AckOnTime, acked || today.After(ackDue), acked && !it.AckedAt.After(ackDue))

	var first *Reply
	for i := range it.Replies {
		if it.Replies[i].Round == 1 {
			first = &it.Replies[i]
			break
		}
	}
	firstDue := it.Deadline
	if first != nil {
		firstDue = first.Due
	}
	count(&s.ReplyOnTime, first != nil || (it.Round == 1 && today.After(firstDue)), first != nil && first.OnTime())

	r := it.LastReply()
	if r != nil {
		met := slices.ContainsFunc(it.Contacts, func(c Contact) bool {
			return c.Round == r.Round && c.Way.InPerson() && !c.Date.After(r.At)
		})
		count(&s.InPerson, true, met)
		count(&s.A, true, r.Class == ClassA)
		count(&s.B, true, r.Class == ClassB)
		count(&s.C, true, r.Class == ClassC)
	}
	if f := it.LastFeedback(); f != nil {
		count(&s.Content, true, f.Verdict.Content())
	}
}
