package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"strings"

	"ducha/ledger"
	"ducha/store/internal/shared"
)

// AddComment adds a comment on a commitment and sets c's ID, author
// (actor when empty) and time (now when zero).
func (d *DB) AddComment(ctx context.Context, c *ledger.Comment, actor string) error {
	if err := shared.CheckActor(actor); err != nil {
		return err
	}
	now := d.now()
	nc, err := shared.CheckComment(*c, actor, now)
	if err != nil {
		return err
	}
	err = d.write(ctx, "add comment", func(tx *sql.Tx) error {
		if _, err := commitmentLead(ctx, tx, nc.CommitmentID); err != nil {
			return err
		}
		unit, err := unitRef(ctx, tx, nc.Unit)
		if err != nil {
			return err
		}
		if err := tx.QueryRowContext(ctx, `INSERT INTO comments (commitment_id, author, unit_id, body, at)
			VALUES (?, ?, ?, ?, ?) RETURNING id`, nc.CommitmentID, nc.Author, unit, nc.Body, stampValue(nc.At)).Scan(&nc.ID); err != nil {
			return err
		}
		return appendAudit(ctx, tx, shared.NewAudit(now, actor, shared.ActionCommentAdd, shared.EntityComment, shared.Ref(nc.ID), nil, nc))
	})
	if err != nil {
		return err
	}
	*c = nc
	return nil
}

// Comments returns the comments on a commitment, oldest first; an
// unknown commitment is not_found.
func (d *DB) Comments(ctx context.Context, commitmentID int64) ([]ledger.Comment, error) {
	var out []ledger.Comment
	err := d.read(ctx, "comments", func(tx *sql.Tx) error {
		if _, err := commitmentLead(ctx, tx, commitmentID); err != nil {
			return err
		}
		return scanRows(ctx, tx, "comments", `SELECT c.id, c.commitment_id, c.author, coalesce(u.name, ''), c.body, c.at
			FROM comments c LEFT JOIN units u ON u.id = c.unit_id WHERE c.commitment_id = ? ORDER BY c.at, c.id`,
			[]any{commitmentID}, func(rows *sql.Rows) error {
				var c ledger.Comment
				err := rows.Scan(&c.ID, &c.CommitmentID, &c.Author, &c.Unit, &c.Body, stampDest{&c.At})
				out = append(out, c)
				return err
			})
	})
	return out, err
}

const selectToken = `SELECT t.id, u.name, t.name, t.hash, t.created_by, t.created_at, t.revoked_at IS NOT NULL
	FROM api_tokens t JOIN units u ON u.id = t.unit_id`

func scanToken(s scanner) (ledger.APIToken, error) {
	var t ledger.APIToken
	err := s.Scan(&t.ID, &t.Unit, &t.Name, &t.Hash, &t.CreatedBy, stampDest{&t.CreatedAt}, &t.Revoked)
	return t, err
}

// CreateAPIToken stores a unit's API token by its hash and sets t's ID,
// creator (actor when empty) and time (now when zero). A hash already
// stored is a conflict.
func (d *DB) CreateAPIToken(ctx context.Context, t *ledger.APIToken, actor string) error {
	if err := shared.CheckActor(actor); err != nil {
		return err
	}
	now := d.now()
	nt, err := shared.CheckToken(*t, actor, now)
	if err != nil {
		return err
	}
	err = d.write(ctx, "create API token", func(tx *sql.Tx) error {
		unit, err := unitRef(ctx, tx, nt.Unit)
		if err != nil {
			return err
		}
		err = tx.QueryRowContext(ctx, `INSERT INTO api_tokens (unit_id, name, hash, created_by, created_at)
			VALUES (?, ?, ?, ?, ?) RETURNING id`, unit, nt.Name, nt.Hash, nt.CreatedBy, stampValue(nt.CreatedAt)).Scan(&nt.ID)
		if isConstraint(err) {
			return shared.DuplicateToken()
		} else if err != nil {
			return err
		}
		return appendAudit(ctx, tx, shared.NewAudit(now, actor, shared.ActionTokenCreate, shared.EntityToken, shared.Ref(nt.ID),
			nil, shared.AuditToken(nt)))
	})
	if err != nil {
		return err
	}
	*t = nt
	return nil
}

// APITokenByHash returns the token with that hash unless it is unknown or
// revoked (not_found).
func (d *DB) APITokenByHash(ctx context.Context, hash string) (ledger.APIToken, error) {
	t, err := scanToken(d.db.QueryRowContext(ctx, selectToken+` WHERE t.hash = ? AND t.revoked_at IS NULL`,
		strings.ToLower(strings.TrimSpace(hash))))
	if errors.Is(err, sql.ErrNoRows) {
		return ledger.APIToken{}, shared.NoToken()
	}
	return t, wrap("API token", err)
}

// APITokens returns every token, revoked ones too, oldest first.
func (d *DB) APITokens(ctx context.Context) ([]ledger.APIToken, error) {
	var out []ledger.APIToken
	err := scanRows(ctx, d.db, "API tokens", selectToken+` ORDER BY t.id`, nil, func(rows *sql.Rows) error {
		t, err := scanToken(rows)
		out = append(out, t)
		return err
	})
	return out, err
}

// RevokeAPIToken revokes token id; revoking it again changes nothing.
func (d *DB) RevokeAPIToken(ctx context.Context, id int64, actor string) error {
	if err := shared.CheckActor(actor); err != nil {
		return err
	}
	return d.write(ctx, "revoke API token", func(tx *sql.Tx) error {
		old, err := scanToken(tx.QueryRowContext(ctx, selectToken+` WHERE t.id = ?`, id))
		if errors.Is(err, sql.ErrNoRows) {
			return ledger.Errorf(ledger.ENotFound, "API 令牌 %d 不存在", id)
		} else if err != nil {
			return err
		}
		if old.Revoked {
			return nil
		}
		now := d.now()
		if _, err := tx.ExecContext(ctx, `UPDATE api_tokens SET revoked_at = ? WHERE id = ?`, stampValue(now), id); err != nil {
			return err
		}
		t := old
		t.Revoked = true
		return appendAudit(ctx, tx, shared.NewAudit(now, actor, shared.ActionTokenRevoke, shared.EntityToken, shared.Ref(id),
			shared.AuditToken(old), shared.AuditToken(t)))
	})
}

// Setting returns the JSON value of a setting, if set.
func (d *DB) Setting(ctx context.Context, key string) (string, bool, error) {
	var v string
	err := d.db.QueryRowContext(ctx, `SELECT value FROM settings WHERE key = ?`, strings.TrimSpace(key)).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return "", false, nil
	}
	if err != nil {
		return "", false, wrap("setting", err)
	}
	return v, true, nil
}

// SetSetting sets a setting to a JSON value; setting the value it has
// changes nothing.
func (d *DB) SetSetting(ctx context.Context, key, value, actor string) error {
	if err := shared.CheckActor(actor); err != nil {
		return err
	}
	key, err := shared.CheckSetting(key, value)
	if err != nil {
		return err
	}
	return d.write(ctx, "set setting", func(tx *sql.Tx) error {
		var before any
		var old string
		err := tx.QueryRowContext(ctx, `SELECT value FROM settings WHERE key = ?`, key).Scan(&old)
		switch {
		case err == nil && old == value:
			return nil
		case err == nil:
			before = shared.SettingRecord{Key: key, Value: []byte(old)}
		case !errors.Is(err, sql.ErrNoRows):
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO settings (key, value) VALUES (?, ?)
			ON CONFLICT (key) DO UPDATE SET value = excluded.value`, key, value); err != nil {
			return err
		}
		return appendAudit(ctx, tx, shared.NewAudit(d.now(), actor, shared.ActionSettingSet, shared.EntitySetting, key,
			before, shared.SettingRecord{Key: key, Value: []byte(value)}))
	})
}

// Audit returns the audit log, newest first: of one entity ("" for all)
// and one record of it ("" for all), at most limit entries (limit <= 0:
// all).
func (d *DB) Audit(ctx context.Context, entity, ref string, limit int) ([]ledger.AuditEntry, error) {
	var where []string
	var args []any
	if entity != "" {
		where, args = append(where, "entity = ?"), append(args, entity)
	}
	if ref != "" {
		where, args = append(where, "ref = ?"), append(args, ref)
	}
	q := `SELECT id, at, actor, action, entity, ref, before, after FROM audit_log`
	if len(where) > 0 {
		q += " WHERE " + strings.Join(where, " AND ")
	}
	if limit <= 0 {
		limit = -1
	}
	var out []ledger.AuditEntry
	err := scanRows(ctx, d.db, "audit", q+` ORDER BY id DESC LIMIT ?`, append(args, limit), func(rows *sql.Rows) error {
		var e ledger.AuditEntry
		err := rows.Scan(&e.ID, stampDest{&e.At}, &e.Actor, &e.Action, &e.Entity, &e.Ref, &e.Before, &e.After)
		out = append(out, e)
		return err
	})
	return out, err
}

// AuditOf returns the newest limit entries of each record, newest first.
func (d *DB) AuditOf(ctx context.Context, records []ledger.AuditRecord, limit int) ([]ledger.AuditEntry, error) {
	if len(records) == 0 {
		return nil, nil
	}
	pairs := make([][2]string, len(records))
	for i, r := range records {
		pairs[i] = [2]string{r.Entity, r.Ref}
	}
	list, err := json.Marshal(pairs)
	if err != nil {
		return nil, err
	}
	if limit <= 0 {
		limit = -1
	}
	var out []ledger.AuditEntry
	err = scanRows(ctx, d.db, "audit", `SELECT id, at, actor, action, entity, ref, before, after FROM (
		SELECT l.*, row_number() OVER (PARTITION BY l.entity, l.ref ORDER BY l.id DESC) AS n FROM audit_log l
		WHERE (l.entity, l.ref) IN (SELECT value ->> 0, value ->> 1 FROM json_each(?)))
		WHERE ? < 0 OR n <= ? ORDER BY id DESC`, []any{string(list), limit, limit}, func(rows *sql.Rows) error {
		var e ledger.AuditEntry
		err := rows.Scan(&e.ID, stampDest{&e.At}, &e.Actor, &e.Action, &e.Entity, &e.Ref, &e.Before, &e.After)
		out = append(out, e)
		return err
	})
	return out, err
}

// AppendAudit records an action that changes nothing in the store.
func (d *DB) AppendAudit(ctx context.Context, e ledger.AuditEntry) error {
	e, err := shared.CheckAudit(e, d.now())
	if err != nil {
		return err
	}
	return d.write(ctx, "audit", func(tx *sql.Tx) error { return appendAudit(ctx, tx, e) })
}
