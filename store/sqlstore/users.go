package sqlstore

import (
	"context"
	"errors"
	"strings"
	"time"

	"ducha/ledger"
	"ducha/store/internal/shared"
)

const selectUser = `SELECT u.id, u.login, u.name, u.role, coalesce(n.name, ''), u.password_hash, u.disabled, u.created_at
	FROM users u LEFT JOIN units n ON n.id = u.unit_id`

func userDest(u *ledger.User) []any {
	return []any{&u.ID, &u.Login, &u.Name, &u.Role, &u.Unit, &u.PasswordHash, &u.Disabled, StampDest(&u.CreatedAt)}
}

// CreateUser adds a user and sets u.ID and u.CreatedAt (now when zero).
// The login must be new; the role one of access.Roles; a reporter needs a
// unit of the directory (other roles keep none).
func (s *Store) CreateUser(ctx context.Context, u *ledger.User, actor string) error {
	if err := shared.CheckActor(actor); err != nil {
		return err
	}
	nu, err := shared.CheckUser(*u)
	if err != nil {
		return err
	}
	if nu.CreatedAt.IsZero() {
		nu.CreatedAt = s.Now()
	}
	nu.CreatedAt = shared.Stamp(nu.CreatedAt)
	err = s.write(ctx, "create user", func(tx Tx) error {
		unit, err := unitRef(ctx, tx, nu.Unit)
		if err != nil {
			return err
		}
		err = tx.QueryRow(ctx, `INSERT INTO users (login, name, role, unit_id, password_hash, disabled, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`, nu.Login, nu.Name, nu.Role, unit, nu.PasswordHash, nu.Disabled,
			s.d.Stamp(nu.CreatedAt)).Scan(&nu.ID)
		if s.d.IsUnique(err) {
			return shared.DuplicateLogin(nu.Login)
		} else if err != nil {
			return err
		}
		return s.appendAudit(ctx, tx, shared.NewAudit(s.Now(), actor, shared.ActionUserAdd, shared.EntityUser, nu.Login,
			nil, shared.AuditUser(nu, false)))
	})
	if err == nil {
		*u = nu
	}
	return err
}

// UpdateUser sets the name, role, unit, password hash and disabled flag
// of the user with u.ID (or, when u.ID is 0, with u.Login). The login
// cannot change; an empty password hash keeps the stored one.
func (s *Store) UpdateUser(ctx context.Context, u ledger.User, actor string) error {
	if err := shared.CheckActor(actor); err != nil {
		return err
	}
	u.Login = strings.TrimSpace(u.Login)
	if u.ID <= 0 && u.Login == "" {
		return ledger.Errorf(ledger.EInvalid, "未指定要修改的用户")
	}
	return s.write(ctx, "update user", func(tx Tx) error {
		var old ledger.User
		var err error
		if u.ID > 0 {
			old, err = userWhere(ctx, tx, "u.id = ?"+s.d.ForUpdate("u"), u.ID)
		} else {
			old, err = userWhere(ctx, tx, "u.login = ?"+s.d.ForUpdate("u"), u.Login)
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
		if _, err := tx.Exec(ctx, `UPDATE users SET name = ?, role = ?, unit_id = ?, password_hash = ?, disabled = ?
			WHERE id = ?`, nu.Name, nu.Role, unit, nu.PasswordHash, nu.Disabled, nu.ID); err != nil {
			return err
		}
		return s.appendAudit(ctx, tx, shared.NewAudit(s.Now(), actor, shared.ActionUserUpdate, shared.EntityUser, nu.Login,
			shared.AuditUser(old, false), shared.AuditUser(nu, nu.PasswordHash != old.PasswordHash)))
	})
}

func userWhere(ctx context.Context, q Querier, where string, arg any) (ledger.User, error) {
	var u ledger.User
	err := q.QueryRow(ctx, selectUser+" WHERE "+where, arg).Scan(userDest(&u)...)
	if errors.Is(err, ErrNoRows) {
		return ledger.User{}, ledger.Errorf(ledger.ENotFound, "用户「%v」不存在", arg)
	}
	return u, err
}

// UserByLogin returns the user with that login, or not_found.
func (s *Store) UserByLogin(ctx context.Context, login string) (ledger.User, error) {
	u, err := userWhere(ctx, s.d.Pool(), "u.login = ?", strings.TrimSpace(login))
	return u, s.wrap("user", err)
}

// Users returns every user ordered by login, in code point order.
func (s *Store) Users(ctx context.Context) ([]ledger.User, error) {
	var u ledger.User
	out, err := collect(ctx, s.d.Pool(), selectUser+` ORDER BY `+s.d.Binary("u.login"), nil, &u, userDest(&u)...)
	return out, s.wrap("users", err)
}

// FindSession returns the data of the session with that token, unless it
// is missing or expired.
func (s *Store) FindSession(ctx context.Context, token string) ([]byte, bool, error) {
	var data []byte
	err := s.d.Pool().QueryRow(ctx, `SELECT data FROM sessions WHERE token = ? AND expiry > ?`,
		token, s.d.Stamp(time.Now())).Scan(&data)
	if errors.Is(err, ErrNoRows) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, s.wrap("find session", err)
	}
	if data == nil {
		data = []byte{}
	}
	return data, true, nil
}

// CommitSession stores a session (new or not) with its expiry, kept to
// the second.
func (s *Store) CommitSession(ctx context.Context, token string, data []byte, expiry time.Time) error {
	if data == nil {
		data = []byte{}
	}
	return s.exec(ctx, "commit session", `INSERT INTO sessions (token, data, expiry) VALUES (?, ?, ?)
		ON CONFLICT (token) DO UPDATE SET data = excluded.data, expiry = excluded.expiry`, token, data, s.d.Stamp(expiry))
}

// DeleteSession deletes a session; a missing one is no error.
func (s *Store) DeleteSession(ctx context.Context, token string) error {
	return s.exec(ctx, "delete session", `DELETE FROM sessions WHERE token = ?`, token)
}

// DeleteExpiredSessions deletes the sessions expired at now.
func (s *Store) DeleteExpiredSessions(ctx context.Context, now time.Time) error {
	return s.exec(ctx, "delete expired sessions", `DELETE FROM sessions WHERE expiry <= ?`, s.d.Stamp(now))
}
