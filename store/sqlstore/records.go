package sqlstore

import (
	"context"
	"errors"
	"strings"

	"ducha/ledger"
	"ducha/store/internal/shared"
)

// AddComment adds a comment on a commitment and sets c's ID, author
// (actor when empty) and time (now when zero).
func (s *Store) AddComment(ctx context.Context, c *ledger.Comment, actor string) error {
	if err := shared.CheckActor(actor); err != nil {
		return err
	}
	now := s.Now()
	nc, err := shared.CheckComment(*c, actor, now)
	if err != nil {
		return err
	}
	err = s.write(ctx, "add comment", func(tx Tx) error {
		if _, err := commitmentLead(ctx, tx, nc.CommitmentID); err != nil {
			return err
		}
		unit, err := unitRef(ctx, tx, nc.Unit)
		if err != nil {
			return err
		}
		if err := tx.QueryRow(ctx, `INSERT INTO comments (commitment_id, author, unit_id, body, at)
			VALUES (?, ?, ?, ?, ?) RETURNING id`, nc.CommitmentID, nc.Author, unit, nc.Body, s.d.Stamp(nc.At)).Scan(&nc.ID); err != nil {
			return err
		}
		return s.appendAudit(ctx, tx, shared.NewAudit(now, actor, shared.ActionCommentAdd, shared.EntityComment, shared.Ref(nc.ID), nil, nc))
	})
	if err == nil {
		*c = nc
	}
	return err
}

// Comments returns the comments on a commitment, oldest first; an
// unknown commitment is not_found.
func (s *Store) Comments(ctx context.Context, commitmentID int64) ([]ledger.Comment, error) {
	var out []ledger.Comment
	err := s.read(ctx, "comments", func(tx Tx) error {
		if _, err := commitmentLead(ctx, tx, commitmentID); err != nil {
			return err
		}
		var c ledger.Comment
		var err error
		out, err = collect(ctx, tx, `SELECT c.id, c.commitment_id, c.author, coalesce(u.name, ''), c.body, c.at
			FROM comments c LEFT JOIN units u ON u.id = c.unit_id WHERE c.commitment_id = ? ORDER BY c.at, c.id`,
			[]any{commitmentID}, &c, &c.ID, &c.CommitmentID, &c.Author, &c.Unit, &c.Body, StampDest(&c.At))
		return err
	})
	return out, err
}

const selectToken = `SELECT t.id, u.name, t.name, t.hash, t.created_by, t.created_at, t.revoked_at IS NOT NULL
	FROM api_tokens t JOIN units u ON u.id = t.unit_id`

func tokenDest(t *ledger.APIToken) []any {
	return []any{&t.ID, &t.Unit, &t.Name, &t.Hash, &t.CreatedBy, StampDest(&t.CreatedAt), &t.Revoked}
}

// CreateAPIToken stores a unit's API token by its hash and sets t's ID,
// creator (actor when empty) and time (now when zero). A hash already
// stored is a conflict.
func (s *Store) CreateAPIToken(ctx context.Context, t *ledger.APIToken, actor string) error {
	if err := shared.CheckActor(actor); err != nil {
		return err
	}
	now := s.Now()
	nt, err := shared.CheckToken(*t, actor, now)
	if err != nil {
		return err
	}
	err = s.write(ctx, "create API token", func(tx Tx) error {
		unit, err := unitRef(ctx, tx, nt.Unit)
		if err != nil {
			return err
		}
		err = tx.QueryRow(ctx, `INSERT INTO api_tokens (unit_id, name, hash, created_by, created_at)
			VALUES (?, ?, ?, ?, ?) RETURNING id`, unit, nt.Name, nt.Hash, nt.CreatedBy, s.d.Stamp(nt.CreatedAt)).Scan(&nt.ID)
		if s.d.IsUnique(err) {
			return shared.DuplicateToken()
		} else if err != nil {
			return err
		}
		return s.appendAudit(ctx, tx, shared.NewAudit(now, actor, shared.ActionTokenCreate, shared.EntityToken, shared.Ref(nt.ID),
			nil, shared.AuditToken(nt)))
	})
	if err == nil {
		*t = nt
	}
	return err
}

// APITokenByHash returns the token with that hash unless it is unknown or
// revoked (not_found).
func (s *Store) APITokenByHash(ctx context.Context, hash string) (ledger.APIToken, error) {
	var t ledger.APIToken
	err := s.d.Pool().QueryRow(ctx, selectToken+` WHERE t.hash = ? AND t.revoked_at IS NULL`,
		strings.ToLower(strings.TrimSpace(hash))).Scan(tokenDest(&t)...)
	if errors.Is(err, ErrNoRows) {
		return ledger.APIToken{}, shared.NoToken()
	}
	return t, s.wrap("API token", err)
}

// APITokens returns every token, revoked ones too, oldest first.
func (s *Store) APITokens(ctx context.Context) ([]ledger.APIToken, error) {
	var t ledger.APIToken
	out, err := collect(ctx, s.d.Pool(), selectToken+` ORDER BY t.id`, nil, &t, tokenDest(&t)...)
	return out, s.wrap("API tokens", err)
}

// RevokeAPIToken revokes token id; revoking it again changes nothing.
func (s *Store) RevokeAPIToken(ctx context.Context, id int64, actor string) error {
	if err := shared.CheckActor(actor); err != nil {
		return err
	}
	return s.write(ctx, "revoke API token", func(tx Tx) error {
		var old ledger.APIToken
		err := tx.QueryRow(ctx, selectToken+` WHERE t.id = ?`+s.d.ForUpdate("t"), id).Scan(tokenDest(&old)...)
		if errors.Is(err, ErrNoRows) {
			return ledger.Errorf(ledger.ENotFound, "API 令牌 %d 不存在", id)
		} else if err != nil {
			return err
		}
		if old.Revoked {
			return nil
		}
		now := s.Now()
		if _, err := tx.Exec(ctx, `UPDATE api_tokens SET revoked_at = ? WHERE id = ?`, s.d.Stamp(now), id); err != nil {
			return err
		}
		t := old
		t.Revoked = true
		return s.appendAudit(ctx, tx, shared.NewAudit(now, actor, shared.ActionTokenRevoke, shared.EntityToken, shared.Ref(id),
			shared.AuditToken(old), shared.AuditToken(t)))
	})
}

// Setting returns the JSON value of a setting, if set.
func (s *Store) Setting(ctx context.Context, key string) (string, bool, error) {
	var v string
	err := s.d.Pool().QueryRow(ctx, `SELECT `+s.d.JSON("value")+` FROM settings WHERE key = ?`, strings.TrimSpace(key)).Scan(&v)
	if errors.Is(err, ErrNoRows) {
		return "", false, nil
	}
	if err != nil {
		return "", false, s.wrap("setting", err)
	}
	return v, true, nil
}

// SetSetting sets a setting to a JSON value; setting the value it has
// changes nothing.
func (s *Store) SetSetting(ctx context.Context, key, value, actor string) error {
	if err := shared.CheckActor(actor); err != nil {
		return err
	}
	key, err := shared.CheckSetting(key, value)
	if err != nil {
		return err
	}
	return s.write(ctx, "set setting", func(tx Tx) error {
		var before any
		var old string
		err := tx.QueryRow(ctx, `SELECT `+s.d.JSON("value")+` FROM settings WHERE key = ?`+s.d.ForUpdate(), key).Scan(&old)
		switch {
		case err == nil && old == value:
			return nil
		case err == nil:
			before = shared.SettingRecord{Key: key, Value: []byte(old)}
		case !errors.Is(err, ErrNoRows):
			return err
		}
		if _, err := tx.Exec(ctx, `INSERT INTO settings (key, value) VALUES (?, ?)
			ON CONFLICT (key) DO UPDATE SET value = excluded.value`, key, value); err != nil {
			return err
		}
		return s.appendAudit(ctx, tx, shared.NewAudit(s.Now(), actor, shared.ActionSettingSet, shared.EntitySetting, key,
			before, shared.SettingRecord{Key: key, Value: []byte(value)}))
	})
}

func (s *Store) selectAudit() string {
	return `SELECT id, at, actor, action, entity, ref, coalesce(` + s.d.JSON("before") + `, ''), coalesce(` +
		s.d.JSON("after") + `, '')`
}

// audit runs a query of selectAudit.
func (s *Store) audit(ctx context.Context, query string, args []any) ([]ledger.AuditEntry, error) {
	var e ledger.AuditEntry
	out, err := collect(ctx, s.d.Pool(), query, args, &e,
		&e.ID, StampDest(&e.At), &e.Actor, &e.Action, &e.Entity, &e.Ref, &e.Before, &e.After)
	return out, s.wrap("audit", err)
}

// Audit returns the audit log, newest first: of one entity ("" for all)
// and one record of it ("" for all), at most n entries (n <= 0: all).
func (s *Store) Audit(ctx context.Context, entity, ref string, n int) ([]ledger.AuditEntry, error) {
	var where []string
	var args []any
	if entity != "" {
		where, args = append(where, "entity = ?"), append(args, entity)
	}
	if ref != "" {
		where, args = append(where, "ref = ?"), append(args, ref)
	}
	q := s.selectAudit() + ` FROM audit_log`
	if len(where) > 0 {
		q += " WHERE " + strings.Join(where, " AND ")
	}
	return s.audit(ctx, q+` ORDER BY id DESC`+limit(n), args)
}

// AuditOf returns the newest n entries of each record (n <= 0: all),
// newest first.
func (s *Store) AuditOf(ctx context.Context, records []ledger.AuditRecord, n int) ([]ledger.AuditEntry, error) {
	if len(records) == 0 {
		return nil, nil
	}
	pairs := strings.Repeat(", (?, ?)", len(records))[2:]
	args := make([]any, 0, 2*len(records)+2)
	for _, r := range records {
		args = append(args, r.Entity, r.Ref)
	}
	return s.audit(ctx, s.selectAudit()+` FROM (
			SELECT l.*, row_number() OVER (PARTITION BY l.entity, l.ref ORDER BY l.id DESC) AS n FROM audit_log l
			WHERE (l.entity, l.ref) IN (VALUES `+pairs+`)) x
		WHERE ? <= 0 OR n <= ? ORDER BY id DESC`, append(args, n, n))
}

// AppendAudit records an action that changes nothing in the store.
func (s *Store) AppendAudit(ctx context.Context, e ledger.AuditEntry) error {
	e, err := shared.CheckAudit(e, s.Now())
	if err != nil {
		return err
	}
	return s.exec(ctx, "audit", `INSERT INTO audit_log (at, actor, action, entity, ref, before, after)
		VALUES (?, ?, ?, ?, ?, ?, ?)`, s.auditValues(e)...)
}
