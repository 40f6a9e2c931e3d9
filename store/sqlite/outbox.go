package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"ducha/notify"
	"ducha/store/internal/shared"
)

const selectMessage = `SELECT id, channel, recipient, subject, body, link, secret, attempts, next_at, last_error,
	status, sent_at FROM outbox`

func scanMessage(s scanner) (notify.Record, error) {
	var r notify.Record
	var status string
	err := s.Scan(&r.ID, &r.Channel, &r.To, &r.Subject, &r.Body, &r.Link, &r.Secret, &r.Attempts, stampDest{&r.NextAt},
		&r.LastError, &status, stampDest{&r.SentAt})
	r.Dead = status == shared.OutboxDead
	return r, err
}

// Enqueue queues a message (due at m.NextAt, at once when zero). A
// non-empty key queues it only once: when a message with that key was
// queued before, nothing is added and added is false.
func (d *DB) Enqueue(ctx context.Context, key string, m notify.Message) (added bool, err error) {
	m, err = shared.CheckMessage(m)
	if err != nil {
		return false, err
	}
	var k any
	if key != "" {
		k = key
	}
	err = d.write(ctx, "enqueue", func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `INSERT INTO outbox (key, channel, recipient, subject, body, link, secret, next_at,
			created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (key) DO NOTHING`,
			k, string(m.Channel), m.To, m.Subject, m.Body, m.Link, m.Secret, stampValue(m.NextAt), stampValue(d.now()))
		if err != nil {
			return err
		}
		n, err := res.RowsAffected()
		added = n > 0
		return err
	})
	return added, err
}

// Due returns up to limit pending messages due at now (limit <= 0: all),
// the longest waiting first, and leases them to the caller for
// shared.OutboxLease: until then, or until MarkSent or MarkFailed, no
// other call of Due returns them.
func (d *DB) Due(ctx context.Context, now time.Time, limit int) ([]notify.Message, error) {
	if limit <= 0 {
		limit = -1
	}
	at := stampValue(now)
	var out []notify.Message
	err := d.write(ctx, "due messages", func(tx *sql.Tx) error {
		var ids []int64
		err := scanRows(ctx, tx, "due messages", selectMessage+` WHERE status = 'pending'
			AND (next_at IS NULL OR next_at <= ?) AND (lease_until IS NULL OR lease_until <= ?)
			ORDER BY next_at, id LIMIT ?`, []any{at, at, limit}, func(rows *sql.Rows) error {
			r, err := scanMessage(rows)
			out = append(out, r.Message)
			ids = append(ids, r.ID)
			return err
		})
		if err != nil || len(ids) == 0 {
			return err
		}
		_, err = tx.ExecContext(ctx, `UPDATE outbox SET lease_until = ? WHERE id IN (SELECT value FROM json_each(?))`,
			stampValue(now.Add(shared.OutboxLease)), idsJSON(ids))
		return err
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
	return d.write(ctx, "mark sent", func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE outbox SET status = 'sent', sent_at = ?, next_at = NULL, lease_until = NULL
			WHERE id = ? AND status <> 'sent'`, stampValue(at), id)
		if err != nil {
			return err
		}
		return mustExist(ctx, tx, res, id)
	})
}

// MarkFailed records a failed attempt at message id: the attempts so far,
// when to try next and the error; a dead message is never tried again.
// A message already sent stays sent.
func (d *DB) MarkFailed(ctx context.Context, id int64, attempts int, next time.Time, lastErr string, dead bool) error {
	status := shared.OutboxPending
	if dead {
		status, next = shared.OutboxDead, time.Time{}
	}
	return d.write(ctx, "mark failed", func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE outbox SET status = ?, attempts = ?, next_at = ?, last_error = ?,
			lease_until = NULL WHERE id = ? AND status <> 'sent'`, status, attempts, stampValue(next), lastErr, id)
		if err != nil {
			return err
		}
		return mustExist(ctx, tx, res, id)
	})
}

// mustExist returns not_found when an update of message id changed no row
// because there is no such message.
func mustExist(ctx context.Context, tx *sql.Tx, res sql.Result, id int64) error {
	if n, err := res.RowsAffected(); err != nil || n > 0 {
		return err
	}
	var one int
	err := tx.QueryRowContext(ctx, `SELECT 1 FROM outbox WHERE id = ?`, id).Scan(&one)
	if errors.Is(err, sql.ErrNoRows) {
		return shared.NoMessage(id)
	}
	return err
}

// OutboxMessages returns the newest limit messages (limit <= 0: all),
// pending, sent and dead, with their delivery state, newest first.
func (d *DB) OutboxMessages(ctx context.Context, limit int) ([]notify.Record, error) {
	if limit <= 0 {
		limit = -1
	}
	var out []notify.Record
	err := scanRows(ctx, d.db, "outbox", selectMessage+` ORDER BY id DESC LIMIT ?`, []any{limit}, func(rows *sql.Rows) error {
		r, err := scanMessage(rows)
		out = append(out, r)
		return err
	})
	return out, err
}
