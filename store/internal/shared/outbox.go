package shared

import (
	"cmp"
	"slices"
	"strings"
	"time"

	"ducha/ledger"
	"ducha/notify"
)

// Outbox states.
const (
	OutboxPending = "pending"
	OutboxSent    = "sent"
	OutboxDead    = "dead"
)

// OutboxLease is how long Due hands a message to one dispatcher: other
// dispatchers skip it until MarkSent or MarkFailed, or until the lease
// runs out (the dispatcher died with it). It exceeds what a batch of
// sends takes.
const OutboxLease = 15 * time.Minute

// CheckMessage checks a message to be queued: a known channel and a
// recipient. The delivery state starts afresh.
func CheckMessage(m notify.Message) (notify.Message, error) {
	m.To = strings.TrimSpace(m.To)
	if !m.Channel.Valid() {
		return m, ledger.Errorf(ledger.EInvalid, "通知渠道「%s」无效", m.Channel)
	}
	if m.To == "" {
		return m, ledger.Errorf(ledger.EInvalid, "通知须有接收方")
	}
	m.ID, m.Attempts, m.LastError = 0, 0, ""
	if !m.NextAt.IsZero() {
		m.NextAt = Stamp(m.NextAt)
	}
	return m, nil
}

// NoMessage is the not-found error for an outbox message id.
func NoMessage(id int64) error { return ledger.Errorf(ledger.ENotFound, "通知 %d 不存在", id) }

// SortDue orders due messages as Due returns them: the longest waiting
// first (a zero NextAt, due from the start, before any other), then by id.
func SortDue(ms []notify.Message) {
	slices.SortFunc(ms, func(a, b notify.Message) int {
		return cmp.Or(a.NextAt.Compare(b.NextAt), cmp.Compare(a.ID, b.ID))
	})
}
