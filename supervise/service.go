package supervise

import (
	"cmp"
	"context"
	"log/slog"
	"slices"
	"sync"
	"time"

	"ducha/access"
	"ducha/ledger"
	"ducha/notify"
)

// Store is what the service keeps its records in.
type Store interface {
	ledger.Store
	ledger.SupervisionStore
}

// Outbox queues notifications durably; key makes a scheduled reminder
// idempotent (an Enqueue with a key already queued adds nothing).
type Outbox interface {
	Enqueue(ctx context.Context, key string, m notify.Message) (bool, error)
}

// Actor is the person (or unit system, through an API token) acting.
type Actor struct {
	Login string
	Name  string
	Role  access.Role
	Unit  string // the reporter's unit, "" for other roles
}

// System is the actor of scheduled work (escalation, reminders).
var System = Actor{Login: "system", Name: "系统", Role: access.Admin}

func (a Actor) subject() access.Subject { return access.Subject{Role: a.Role, Unit: a.Unit} }

// object is the commitment as package access sees it.
func object(c ledger.Commitment) access.Object {
	return access.Object{Lead: c.Assignment.Lead, Cooperating: c.Assignment.Cooperating}
}

// Can reports whether a may do action on c.
func (a Actor) Can(action access.Action, c ledger.Commitment) bool {
	return access.Allowed(a.subject(), action, object(c))
}

// CanDo reports whether a may do an action that concerns no single
// commitment (manage users, export).
func (a Actor) CanDo(action access.Action) bool {
	return access.Allowed(a.subject(), action, access.Object{})
}

// Service runs the supervision workflow. Set the exported fields, then
// use it from many goroutines.
type Service struct {
	Store  Store
	Outbox Outbox // nil: no notifications are queued
	// BaseURL is the server's public address, for links in messages
	// (https://ducha.example.gov.cn); "" leaves links out.
	BaseURL string
	Now     func() time.Time // nil means time.Now
	Log     *slog.Logger     // nil means slog.Default()
	// CacheFor is how long statuses are reused before they are evaluated
	// again at the service's clock (from the commitments held, without
	// reading the store; at once on a new day). Zero means a minute.
	// Changes made through the service show up at once: the commitments
	// they touched are read again on the next read.
	CacheFor time.Duration
	// ReloadEvery is how often every commitment is read again, in the
	// background, for changes made by other processes (an import run
	// from the command line while the server runs). Zero means ten
	// minutes; negative, never.
	ReloadEvery time.Duration
	// EvaluateInline is the largest report whose statuses a caller
	// evaluates again itself when the clock moved; larger ones are
	// evaluated in the background while callers go on with the statuses
	// they have. Zero means 5,000 commitments (a few milliseconds);
	// negative, none.
	EvaluateInline int

	mu       sync.Mutex
	items    map[int64]*itemsCache
	settings *cachedSettings
	reports  *cachedReports
	gen      uint64 // bumped by every change made through the service
	allGen   uint64 // the gen of the latest change that may touch every commitment
	// changes lists the commitments changed by the changes after gen
	// logged (those up to logged are forgotten), oldest first.
	changes []change
	logged  uint64
}

// change is a commitment changed through the service.
type change struct {
	gen uint64
	id  int64
}

// maxChanges bounds the log of changes: a cache older than the log is
// recomputed in full.
const maxChanges = 4096

type cachedSettings struct {
	gen uint64
	at  time.Time
	s   Settings
}

func (s *Service) now() time.Time {
	if s.Now != nil {
		return s.Now()
	}
	return time.Now()
}

func (s *Service) log() *slog.Logger {
	if s.Log != nil {
		return s.Log
	}
	return slog.Default()
}

func (s *Service) cacheFor() time.Duration {
	if s.CacheFor > 0 {
		return s.CacheFor
	}
	return time.Minute
}

func (s *Service) reloadEvery() time.Duration {
	if s.ReloadEvery != 0 {
		return s.ReloadEvery
	}
	return 10 * time.Minute
}

// changed records a change of commitments ids, or of everything (settings,
// the ledger behind the service's back) when no id is given: cached
// statuses of those commitments are recomputed on the next read.
func (s *Service) changed(ids ...int64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.gen++
	if len(ids) == 0 {
		s.allGen, s.logged, s.changes = s.gen, s.gen, s.changes[:0]
		return
	}
	for _, id := range ids {
		s.changes = append(s.changes, change{s.gen, id})
	}
	if len(s.changes) > maxChanges {
		drop := len(s.changes) - maxChanges/2
		s.logged = s.changes[drop-1].gen
		for drop < len(s.changes) && s.changes[drop].gen == s.logged {
			drop++
		}
		s.changes = append(s.changes[:0], s.changes[drop:]...)
	}
}

// changedSince returns the commitments changed after gen, or all when
// that is not known (a change of everything, or one forgotten). The
// caller holds s.mu.
func (s *Service) changedSince(gen uint64) (ids []int64, all bool) {
	if gen < s.allGen || gen < s.logged {
		return nil, true
	}
	i, _ := slices.BinarySearchFunc(s.changes, gen+1, func(c change, g uint64) int { return cmp.Compare(c.gen, g) })
	for _, c := range s.changes[i:] {
		ids = append(ids, c.id)
	}
	slices.Sort(ids)
	return slices.Compact(ids), false
}

// Forget drops every cached status, setting and list of reports: call it
// after changing the store behind the service's back (an import).
func (s *Service) Forget() { s.changed() }

// denied is the error of an action the actor may not take.
func denied() error { return ledger.Errorf(EForbidden, "无权进行此操作") }

// EForbidden is the error code of an action the actor may not take.
const EForbidden = "forbidden"

// commitment loads commitment id and checks that a may do action on it.
// A reporter who may not even see it gets ENotFound, so that ids of other
// units' commitments are not confirmed.
func (s *Service) commitment(ctx context.Context, a Actor, id int64, action access.Action) (ledger.Commitment, error) {
	c, err := s.Store.Commitment(ctx, id)
	if err != nil {
		return c, err
	}
	if !a.Can(access.ViewInternal, c) {
		return c, ledger.Errorf(ledger.ENotFound, "承诺事项 %d 不存在", id)
	}
	if !a.Can(action, c) {
		return c, denied()
	}
	return c, nil
}

// Commitment returns commitment id if a may read it.
func (s *Service) Commitment(ctx context.Context, a Actor, id int64) (ledger.Commitment, error) {
	return s.commitment(ctx, a, id, access.ViewInternal)
}

// link is the address of a commitment's page, or "".
func (s *Service) link(id int64) string {
	if s.BaseURL == "" {
		return ""
	}
	return s.BaseURL + "/commitments/" + itoa(id)
}

// Authorize checks that a may do action on commitment id, with the same
// errors as the actions (ENotFound for a commitment a may not see).
func (s *Service) Authorize(ctx context.Context, a Actor, id int64, action access.Action) error {
	_, err := s.commitment(ctx, a, id, action)
	return err
}
