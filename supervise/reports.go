package supervise

import (
	"context"
	"time"

	"ducha/ledger"
)

// ReportRef is a report without its text and structure, and its
// government.
type ReportRef struct {
	ledger.Report
	Government ledger.Government
}

type cachedReports struct {
	gen  uint64
	at   time.Time
	list []ReportRef
}

// Reports returns the reports of every government, in the order of the
// store (governments, then years), without their text. The list is kept
// as the statuses are (for CacheFor; Forget drops it) and shared by the
// callers: do not modify it.
func (s *Service) Reports(ctx context.Context) ([]ReportRef, error) {
	s.mu.Lock()
	now := s.now()
	if c := s.reports; c != nil && c.gen >= s.allGen && now.Sub(c.at) < s.cacheFor() {
		s.mu.Unlock()
		return c.list, nil
	}
	gen := s.gen
	s.mu.Unlock()
	govs, err := s.Store.Governments(ctx)
	if err != nil {
		return nil, err
	}
	var list []ReportRef
	for _, g := range govs {
		rs, err := s.Store.Reports(ctx, g.ID)
		if err != nil {
			return nil, err
		}
		for _, r := range rs {
			r.Text, r.Structure = "", nil
			list = append(list, ReportRef{Report: r, Government: g})
		}
	}
	s.mu.Lock()
	s.reports = &cachedReports{gen: gen, at: now, list: list}
	s.mu.Unlock()
	return list, nil
}
