package notify

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"time"
)

// ErrNoMessage is returned by MemoryOutbox for an unknown message ID.
var ErrNoMessage = errors.New("notify: no such message")

// Record is a message with its delivery state: in a MemoryOutbox, or as
// the stores list their outbox for the admin pages.
type Record struct {
	Message
	SentAt time.Time // zero until sent
	Dead   bool
}

// MemoryOutbox is an in-memory Outbox, for tests and for the in-process
// demo server. It is safe for concurrent use. Its zero value is not
// usable; call NewMemoryOutbox.
type MemoryOutbox struct {
	mu     sync.Mutex
	lastID int64
	recs   map[int64]*Record
}

// NewMemoryOutbox returns an empty outbox.
func NewMemoryOutbox() *MemoryOutbox {
	return &MemoryOutbox{recs: map[int64]*Record{}}
}

// Add queues m under a new ID (any ID in m is ignored) and returns the ID.
// A zero NextAt makes it due at once.
func (o *MemoryOutbox) Add(m Message) int64 {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.lastID++
	m.ID = o.lastID
	o.recs[m.ID] = &Record{Message: m}
	return m.ID
}

// Due returns the pending messages due at now, by NextAt then ID.
func (o *MemoryOutbox) Due(ctx context.Context, now time.Time, limit int) ([]Message, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	o.mu.Lock()
	defer o.mu.Unlock()
	var out []Message
	for _, r := range o.recs {
		if r.SentAt.IsZero() && !r.Dead && !r.NextAt.After(now) {
			out = append(out, r.Message)
		}
	}
	slices.SortFunc(out, func(a, b Message) int {
		return cmp.Or(a.NextAt.Compare(b.NextAt), cmp.Compare(a.ID, b.ID))
	})
	if limit > 0 && len(out) > limit {
		out = out[:limit]
	}
	return out, nil
}

// MarkSent records message id as sent at at.
func (o *MemoryOutbox) MarkSent(ctx context.Context, id int64, at time.Time) error {
	o.mu.Lock()
	defer o.mu.Unlock()
	r, ok := o.recs[id]
	if !ok {
		return fmt.Errorf("%w: %d", ErrNoMessage, id)
	}
	if r.SentAt.IsZero() {
		r.SentAt = at
	}
	return nil
}

// MarkFailed records a failed attempt of message id.
func (o *MemoryOutbox) MarkFailed(ctx context.Context, id int64, attempts int, next time.Time, lastErr string, dead bool) error {
	o.mu.Lock()
	defer o.mu.Unlock()
	r, ok := o.recs[id]
	if !ok {
		return fmt.Errorf("%w: %d", ErrNoMessage, id)
	}
	r.Attempts, r.NextAt, r.LastError, r.Dead = attempts, next, lastErr, dead
	return nil
}

// All returns a copy of every message, by ID.
func (o *MemoryOutbox) All() []Message {
	recs := o.Records()
	out := make([]Message, len(recs))
	for i, r := range recs {
		out[i] = r.Message
	}
	return out
}

// Records returns a copy of every message with its state, by ID.
func (o *MemoryOutbox) Records() []Record {
	o.mu.Lock()
	defer o.mu.Unlock()
	out := make([]Record, 0, len(o.recs))
	for _, r := range o.recs {
		out = append(out, *r)
	}
	slices.SortFunc(out, func(a, b Record) int { return cmp.Compare(a.ID, b.ID) })
	return out
}

// Get returns message id with its state.
func (o *MemoryOutbox) Get(id int64) (Record, bool) {
	o.mu.Lock()
	defer o.mu.Unlock()
	r, ok := o.recs[id]
	if !ok {
		return Record{}, false
	}
	return *r, true
}
