package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"time"

	"ducha/ledger"
	"ducha/store/internal/shared"
)

const selectUser = `SELECT u.id, u.login, u.name, u.role, coalesce(n.name, ''), u.password_hash, u.disabled, u.created_at
	FROM users u LEFT JOIN units n ON n.id = u.unit_id`

func scanUser(s scanner) (ledger.User, error) {
	var u ledger.User
	err := s.Scan(&u.ID, &u.Login, &u.Name, &u.Role, &u.Unit, &u.PasswordHash, &u.Disabled, stampDest{&u.CreatedAt})
	return u, err
}

// CreateUser adds a user and sets u.ID and u.CreatedAt (now when zero).
// The login must be new; the role one of access.Roles; a reporter needs a
// unit of the directory (other roles keep none).
func (d *DB) CreateUser(ctx context.Context, u *ledger.User, actor string) error {
	if err := shared.CheckActor(actor); err != nil {
		return err
	}
	nu, err := shared.CheckUser(*u)
	if err != nil {
		return err
	}
	if nu.CreatedAt.IsZero() {
		nu.CreatedAt = d.now()
	}
	nu.CreatedAt = shared.Stamp(nu.CreatedAt)
	err = d.write(ctx, "create user", func(tx *sql.Tx) error {
		unit, err := unitRef(ctx, tx, nu.Unit)
		if err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `INSERT INTO users (login, name, role, unit_id, password_hash, disabled, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?)`, nu.Login, nu.Name, nu.Role, unit, nu.PasswordHash, nu.Disabled, stampValue(nu.CreatedAt))
		if isConstraint(err) {
			return shared.DuplicateLogin(nu.Login)
		} else if err != nil {
			return err
		}
		if nu.ID, err = res.LastInsertId(); err != nil {
			return err
		}
		return appendAudit(ctx, tx, shared.NewAudit(d.now(), actor, shared.ActionUserAdd, shared.EntityUser, nu.Login,
			nil, shared.AuditUser(nu, false)))
	})
	if err != nil {
		return err
	}
	*u = nu
	return nil
}

// UpdateUser sets the name, role, unit, password hash and disabled flag
// of the user with u.ID (or, when u.ID is 0, with u.Login). The login
// cannot change; an empty password hash keeps the stored one.
func (d *DB) UpdateUser(ctx context.Context, u ledger.User, actor string) error {
	if err := shared.CheckActor(actor); err != nil {
		return err
	}
	u.Login = strings.TrimSpace(u.Login)
	if u.ID <= 0 && u.Login == "" {
		return ledger.Errorf(ledger.EInvalid, "未指定要修改的用户")
	}
	return d.write(ctx, "update user", func(tx *sql.Tx) error {
		var old ledger.User
		var err error
		if u.ID > 0 {
			old, err = userWhere(ctx, tx, "u.id = ?", u.ID)
		} else {
			old, err = userWhere(ctx, tx, "u.login = ?", u.Login)
		}
		if err != nil {
			return err
		}
		if u.Login != "" && u.Login != old.Login {
			return ledger.Errorf(ledger.EInvalid, "登录名不能修改（%s）", old.Login)
		}
		u.ID, u.Login, u.CreatedAt = old.ID, old.Login, old.CreatedAt
		if u.PasswordHash == "" {
			u.PasswordHash = old.PasswordHash
		}
		nu, err := shared.CheckUser(u)
		if err != nil {
			return err
		}
		unit, err := unitRef(ctx, tx, nu.Unit)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE users SET name = ?, role = ?, unit_id = ?, password_hash = ?, disabled = ?
			WHERE id = ?`, nu.Name, nu.Role, unit, nu.PasswordHash, nu.Disabled, nu.ID); err != nil {
			return err
		}
		return appendAudit(ctx, tx, shared.NewAudit(d.now(), actor, shared.ActionUserUpdate, shared.EntityUser, nu.Login,
			shared.AuditUser(old, false), shared.AuditUser(nu, nu.PasswordHash != old.PasswordHash)))
	})
}

func userWhere(ctx context.Context, q querier, where string, arg any) (ledger.User, error) {
	u, err := scanUser(q.QueryRowContext(ctx, selectUser+" WHERE "+where, arg))
	if errors.Is(err, sql.ErrNoRows) {
		return ledger.User{}, ledger.Errorf(ledger.ENotFound, "用户「%v」不存在", arg)
	}
	return u, wrap("user", err)
}

// UserByLogin returns the user with that login, or not_found.
func (d *DB) UserByLogin(ctx context.Context, login string) (ledger.User, error) {
	return userWhere(ctx, d.db, "u.login = ?", strings.TrimSpace(login))
}

// Users returns every user ordered by login.
func (d *DB) Users(ctx context.Context) ([]ledger.User, error) {
	var out []ledger.User
	err := scanRows(ctx, d.db, "users", selectUser+` ORDER BY u.login`, nil, func(rows *sql.Rows) error {
		u, err := scanUser(rows)
		out = append(out, u)
		return err
	})
	return out, err
}

// FindSession returns the data of the session with that token, unless it
// is missing or expired.
func (d *DB) FindSession(ctx context.Context, token string) ([]byte, bool, error) {
	var data []byte
	err := d.db.QueryRowContext(ctx, `SELECT data FROM sessions WHERE token = ? AND expiry > ?`,
		token, stampValue(time.Now())).Scan(&data)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, wrap("find session", err)
	}
	if data == nil {
		data = []byte{}
	}
	return data, true, nil
}

// CommitSession stores a session (new or not) with its expiry, kept to
// the second.
func (d *DB) CommitSession(ctx context.Context, token string, data []byte, expiry time.Time) error {
	if data == nil {
		data = []byte{}
	}
	return d.write(ctx, "commit session", func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO sessions (token, data, expiry) VALUES (?, ?, ?)
			ON CONFLICT (token) DO UPDATE SET data = excluded.data, expiry = excluded.expiry`, token, data, stampValue(expiry))
		return err
	})
}

// DeleteSession deletes a session; a missing one is no error.
func (d *DB) DeleteSession(ctx context.Context, token string) error {
	return d.write(ctx, "delete session", func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE token = ?`, token)
		return err
	})
}

// DeleteExpiredSessions deletes the sessions expired at now.
func (d *DB) DeleteExpiredSessions(ctx context.Context, now time.Time) error {
	return d.write(ctx, "delete expired sessions", func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE expiry <= ?`, stampValue(now))
		return err
	})
}
