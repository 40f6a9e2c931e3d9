package supervise

import (
	"context"
	"log/slog"
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
	// CacheFor is how long computed statuses of a report are reused when
	// nothing changed through this service (changes made by another
	// process show up after it). Zero means 5 seconds.
	CacheFor time.Duration

	mu       sync.Mutex
	items    map[int64]cachedItems
	settings *cachedSettings
	gen      uint64 // bumped by every change made through the service
}

type cachedItems struct {
	gen   uint64
	at    time.Time
	items []Item
}

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
	return 5 * time.Second
}

// changed drops cached statuses after a change.
func (s *Service) changed() {
	s.mu.Lock()
	s.gen++
	s.mu.Unlock()
}

// Forget drops every cached status and setting: call it after changing the
// store behind the service's back (an import).
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
