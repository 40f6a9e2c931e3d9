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
// callers: do not modify it. Report finds one in it.
func (s *Service) Reports(ctx context.Context) ([]ReportRef, error) {
	return s.reportList(ctx, false)
}

// Report returns report id of Reports, reading the list again when id is
// not in it (a report imported since): false if there is no such report.
func (s *Service) Report(ctx context.Context, id int64) (ReportRef, bool, error) {
	for fresh := range 2 {
		list, err := s.reportList(ctx, fresh == 1)
		if err != nil {
			return ReportRef{}, false, err
		}
		for _, r := range list {
			if r.ID == id {
				return r, true, nil
			}
		}
	}
	return ReportRef{}, false, nil
}

// reportList returns the list of reports, kept or read again.
func (s *Service) reportList(ctx context.Context, fresh bool) ([]ReportRef, error) {
	s.mu.Lock()
	now := s.now()
	if c := s.reports; !fresh && c != nil && c.gen >= s.allGen && now.Sub(c.at) < s.cacheFor() {
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
