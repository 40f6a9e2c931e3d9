package sqlstore

import (
	"context"
	"errors"
	"time"

	"ducha/notify"
	"ducha/store/internal/shared"
)

const messageColumns = `id, channel, recipient, subject, body, link, secret, attempts, next_at, last_error, status, sent_at`

// messageDest scans messageColumns into r, with the status into status.
func messageDest(r *notify.Record, status *string) []any {
	return []any{&r.ID, &r.Channel, &r.To, &r.Subject, &r.Body, &r.Link, &r.Secret, &r.Attempts, StampDest(&r.NextAt),
		&r.LastError, status, StampDest(&r.SentAt)}
}

// Enqueue queues a message (due at m.NextAt, at once when zero). A
// non-empty key queues it only once: when a message with that key was
// queued before, nothing is added and added is false.
func (s *Store) Enqueue(ctx context.Context, key string, m notify.Message) (added bool, err error) {
	m, err = shared.CheckMessage(m)
	if err != nil {
		return false, err
	}
	var k *string
	if key != "" {
		k = &key
	}
	n, err := s.d.Pool().Exec(ctx, `INSERT INTO outbox (key, channel, recipient, subject, body, link, secret, next_at,
		created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (key) DO NOTHING`,
		k, string(m.Channel), m.To, m.Subject, m.Body, m.Link, m.Secret, s.d.Stamp(m.NextAt), s.d.Stamp(s.Now()))
	return n > 0, s.wrap("enqueue", err)
}

// Due returns up to limit pending messages due at now (limit <= 0: all),
// the longest waiting first, and leases them to the caller for
// shared.OutboxLease: until then, or until MarkSent or MarkFailed, no
// other call of Due returns them. Dispatchers running at once skip each
// other's messages (on PostgreSQL, FOR UPDATE SKIP LOCKED).
func (s *Store) Due(ctx context.Context, now time.Time, n int) ([]notify.Message, error) {
	skip := s.d.ForUpdate()
	if skip != "" {
		skip += " SKIP LOCKED"
	}
	at := s.d.Stamp(now)
	var out []notify.Message
	var r notify.Record
	var status string
	err := s.write(ctx, "due messages", func(tx Tx) error {
		return scanRows(ctx, tx, `UPDATE outbox SET lease_until = ? WHERE id IN (
				SELECT id FROM outbox WHERE status = 'pending' AND (next_at IS NULL OR next_at <= ?)
					AND (lease_until IS NULL OR lease_until <= ?)
				ORDER BY next_at NULLS FIRST, id`+limit(n)+skip+`)
			RETURNING `+messageColumns, []any{s.d.Stamp(now.Add(shared.OutboxLease)), at, at},
			messageDest(&r, &status), func() error {
				out = append(out, r.Message)
				return nil
			})
	})
	if err != nil {
		return nil, err
	}
	shared.SortDue(out)
	return out, nil
}

// MarkSent records that message id was delivered at at; marking it again
// keeps the first time.
func (s *Store) MarkSent(ctx context.Context, id int64, at time.Time) error {
	return s.mustExist(ctx, "mark sent", id, `UPDATE outbox SET status = 'sent', sent_at = ?, next_at = NULL,
		lease_until = NULL WHERE id = ? AND status <> 'sent'`, s.d.Stamp(at), id)
}

// MarkFailed records a failed attempt at message id: the attempts so far,
// when to try next and the error; a dead message is never tried again.
// A message already sent stays sent.
func (s *Store) MarkFailed(ctx context.Context, id int64, attempts int, next time.Time, lastErr string, dead bool) error {
	status := shared.OutboxPending
	if dead {
		status, next = shared.OutboxDead, time.Time{}
	}
	return s.mustExist(ctx, "mark failed", id, `UPDATE outbox SET status = ?, attempts = ?, next_at = ?, last_error = ?,
		lease_until = NULL WHERE id = ? AND status <> 'sent'`, status, attempts, s.d.Stamp(next), lastErr, id)
}

// mustExist runs an update of message id, and returns not_found when it
// changed no row because there is no such message.
func (s *Store) mustExist(ctx context.Context, what string, id int64, update string, args ...any) error {
	n, err := s.d.Pool().Exec(ctx, update, args...)
	if err != nil || n > 0 {
		return s.wrap(what, err)
	}
	var one int
	err = s.d.Pool().QueryRow(ctx, `SELECT 1 FROM outbox WHERE id = ?`, id).Scan(&one)
	if errors.Is(err, ErrNoRows) {
		return shared.NoMessage(id)
	}
	return s.wrap(what, err)
}

// OutboxMessages returns the newest n messages (n <= 0: all), pending,
// sent and dead, with their delivery state, newest first.
func (s *Store) OutboxMessages(ctx context.Context, n int) ([]notify.Record, error) {
	var out []notify.Record
	var r notify.Record
	var status string
	err := scanRows(ctx, s.d.Pool(), `SELECT `+messageColumns+` FROM outbox ORDER BY id DESC`+limit(n), nil,
		messageDest(&r, &status), func() error {
			r.Dead = status == shared.OutboxDead
			out = append(out, r)
			return nil
		})
	return out, s.wrap("outbox", err)
}
