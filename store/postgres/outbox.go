package postgres

import (
	"context"
	"errors"
	"time"

	"ducha/notify"
	"ducha/store/internal/shared"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

const messageColumns = `id, channel, recipient, subject, body, link, secret, attempts, next_at, last_error, status, sent_at`

// messageDest scans messageColumns into r, with the status into status.
func messageDest(r *notify.Record, status *string) []any {
	return []any{&r.ID, &r.Channel, &r.To, &r.Subject, &r.Body, &r.Link, &r.Secret, &r.Attempts, stampDest(&r.NextAt),
		&r.LastError, status, stampDest(&r.SentAt)}
}

// Enqueue queues a message (due at m.NextAt, at once when zero). A
// non-empty key queues it only once: when a message with that key was
// queued before, nothing is added and added is false.
func (d *DB) Enqueue(ctx context.Context, key string, m notify.Message) (added bool, err error) {
	m, err = shared.CheckMessage(m)
	if err != nil {
		return false, err
	}
	var k *string
	if key != "" {
		k = &key
	}
	tag, err := d.pool.Exec(ctx, `INSERT INTO outbox (key, channel, recipient, subject, body, link, secret, next_at, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (key) DO NOTHING`,
		k, string(m.Channel), m.To, m.Subject, m.Body, m.Link, m.Secret, stampArg(m.NextAt), shared.Stamp(d.now()))
	if err != nil {
		return false, wrap("enqueue", err)
	}
	return tag.RowsAffected() > 0, nil
}

// Due returns up to limit pending messages due at now (limit <= 0: all),
// the longest waiting first, and leases them to the caller for
// shared.OutboxLease: until then, or until MarkSent or MarkFailed, no
// other call of Due returns them. Dispatchers running at once skip each
// other's messages (FOR UPDATE SKIP LOCKED).
func (d *DB) Due(ctx context.Context, now time.Time, limit int) ([]notify.Message, error) {
	var lim *int
	if limit > 0 {
		lim = &limit
	}
	at := shared.Stamp(now)
	var out []notify.Message
	var r notify.Record
	var status string
	err := scanRows(ctx, d.pool, "due messages", `UPDATE outbox SET lease_until = $2 WHERE id IN (
			SELECT id FROM outbox WHERE status = 'pending' AND (next_at IS NULL OR next_at <= $1)
				AND (lease_until IS NULL OR lease_until <= $1)
			ORDER BY next_at NULLS FIRST, id LIMIT $3 FOR UPDATE SKIP LOCKED)
		RETURNING `+messageColumns, []any{at, shared.Stamp(now.Add(shared.OutboxLease)), lim},
		messageDest(&r, &status), func() error {
			out = append(out, r.Message)
			return nil
		})
	if err != nil {
		return nil, err
	}
	shared.SortDue(out)
	return out, nil
}

// MarkSent records that message id was delivered at at; marking it again
// keeps the first time.
func (d *DB) MarkSent(ctx context.Context, id int64, at time.Time) error {
	tag, err := d.pool.Exec(ctx, `UPDATE outbox SET status = 'sent', sent_at = $1, next_at = NULL, lease_until = NULL
		WHERE id = $2 AND status <> 'sent'`, shared.Stamp(at), id)
	return d.mustExist(ctx, "mark sent", tag, err, id)
}

// MarkFailed records a failed attempt at message id: the attempts so far,
// when to try next and the error; a dead message is never tried again.
// A message already sent stays sent.
func (d *DB) MarkFailed(ctx context.Context, id int64, attempts int, next time.Time, lastErr string, dead bool) error {
	status := shared.OutboxPending
	if dead {
		status, next = shared.OutboxDead, time.Time{}
	}
	tag, err := d.pool.Exec(ctx, `UPDATE outbox SET status = $1, attempts = $2, next_at = $3, last_error = $4,
		lease_until = NULL WHERE id = $5 AND status <> 'sent'`, status, attempts, stampArg(next), lastErr, id)
	return d.mustExist(ctx, "mark failed", tag, err, id)
}

// mustExist returns the error of an update of message id, or not_found
// when it changed no row because there is no such message.
func (d *DB) mustExist(ctx context.Context, what string, tag pgconn.CommandTag, err error, id int64) error {
	if err != nil || tag.RowsAffected() > 0 {
		return wrap(what, err)
	}
	var one int
	err = d.pool.QueryRow(ctx, `SELECT 1 FROM outbox WHERE id = $1`, id).Scan(&one)
	if errors.Is(err, pgx.ErrNoRows) {
		return shared.NoMessage(id)
	}
	return wrap(what, err)
}

// OutboxMessages returns the newest limit messages (limit <= 0: all),
// pending, sent and dead, with their delivery state, newest first.
func (d *DB) OutboxMessages(ctx context.Context, limit int) ([]notify.Record, error) {
	var lim *int
	if limit > 0 {
		lim = &limit
	}
	var out []notify.Record
	var r notify.Record
	var status string
	err := scanRows(ctx, d.pool, "outbox", `SELECT `+messageColumns+` FROM outbox ORDER BY id DESC LIMIT $1`, []any{lim},
		messageDest(&r, &status), func() error {
			r.Dead = status == shared.OutboxDead
			out = append(out, r)
			return nil
		})
	return out, err
}
