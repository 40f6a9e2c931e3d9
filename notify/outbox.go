package notify

import (
	"context"
	"time"
)

// Outbox is the durable queue of messages: a database table in
// production (the store implements it), MemoryOutbox in tests and in
// demo mode.
//
// A message is pending until MarkSent (sent) or MarkFailed with dead set
// (dead); a pending message is due when its NextAt is not after now.
// Outbox implementations used by several dispatchers at once must hand
// each due message to one of them only (e.g. SELECT … FOR UPDATE SKIP
// LOCKED, or a lease column); MemoryOutbox assumes a single Dispatcher.
type Outbox interface {
	// Due returns up to limit pending messages with NextAt <= now, the
	// longest-waiting first; limit <= 0 means no limit.
	Due(ctx context.Context, now time.Time, limit int) ([]Message, error)
	// MarkSent records that message id was delivered at at.
	MarkSent(ctx context.Context, id int64, at time.Time) error
	// MarkFailed records a failed attempt: the attempt count so far, when
	// to try next, the error, and whether the message is dead (never to
	// be tried again; next is then zero).
	MarkFailed(ctx context.Context, id int64, attempts int, next time.Time, lastErr string, dead bool) error
}
