package web

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"net/http"
	"strconv"
	"strings"

	"ducha/access"
	"ducha/ledger"
	"ducha/notify"
	"ducha/supervise"
)

func (s *Server) usersPage(w http.ResponseWriter, r *http.Request, rq *request) error {
	users, err := s.store.Users(r.Context())
	if err != nil {
		return err
	}
	units, err := s.store.Units(r.Context())
	if err != nil {
		return err
	}
	s.render(w, r, rq, "users", http.StatusOK, map[string]any{"Users": users, "Units": units, "Roles": access.Roles})
	return nil
}

// AddUser creates an account with a hashed password; the CLI and the
// users page both use it.
func AddUser(ctx context.Context, st ledger.SupervisionStore, u ledger.User, password, actor string) error {
	if err := access.CheckPassword(password); err != nil {
		return ledger.Errorf(ledger.EInvalid, "密码不符合要求：%v", err)
	}
	if !access.ValidRole(access.Role(u.Role)) {
		return ledger.Errorf(ledger.EInvalid, "角色 %q 无效", u.Role)
	}
	for _, f := range []struct {
		label, v string
		max      int
	}{{"登录名", u.Login, ledger.MaxLoginLen}, {"姓名", u.Name, ledger.MaxPersonLen}, {"所属单位", u.Unit, ledger.MaxUnitNameLen}} {
		if err := ledger.CheckLen(f.label, f.v, f.max); err != nil {
			return err
		}
	}
	if u.Role != string(access.Reporter) {
		u.Unit = ""
	}
	h, err := access.HashPassword(password, access.DefaultParams)
	if err != nil {
		return err
	}
	u.PasswordHash = h
	return st.CreateUser(ctx, &u, actor)
}

func (s *Server) postUser(w http.ResponseWriter, r *http.Request, rq *request) error {
	u := ledger.User{Login: strings.TrimSpace(r.PostFormValue("login")), Name: strings.TrimSpace(r.PostFormValue("name")),
		Role: r.PostFormValue("role"), Unit: r.PostFormValue("unit")}
	if err := AddUser(r.Context(), s.store, u, r.PostFormValue("password"), rq.Actor.Login); err != nil {
		if ledger.ErrorCode(err) == ledger.EInternal {
			return err
		}
		s.flashError(r, err.Error())
	} else {
		s.flash(r, "已新增用户 "+u.Login)
	}
	http.Redirect(w, r, "/admin/users", http.StatusSeeOther)
	return nil
}

// postUserUpdate disables, enables or resets the password of an account.
func (s *Server) postUserUpdate(w http.ResponseWriter, r *http.Request, rq *request) error {
	u, err := s.store.UserByLogin(r.Context(), r.PathValue("login"))
	if err != nil {
		return err
	}
	switch r.PostFormValue("op") {
	case "disable":
		if u.Login == rq.Actor.Login {
			s.flashError(r, "不能停用自己的账号")
			http.Redirect(w, r, "/admin/users", http.StatusSeeOther)
			return nil
		}
		u.Disabled = true
	case "enable":
		u.Disabled = false
	case "reset":
		pw := r.PostFormValue("password")
		if err := access.CheckPassword(pw); err != nil {
			s.flashError(r, "密码不符合要求："+err.Error())
			http.Redirect(w, r, "/admin/users", http.StatusSeeOther)
			return nil
		}
		if u.PasswordHash, err = access.HashPassword(pw, access.DefaultParams); err != nil {
			return err
		}
	default:
		return ledger.Errorf(ledger.EInvalid, "未知操作")
	}
	if err := s.store.UpdateUser(r.Context(), u, rq.Actor.Login); err != nil {
		return err
	}
	s.flash(r, "已更新用户 "+u.Login)
	http.Redirect(w, r, "/admin/users", http.StatusSeeOther)
	return nil
}

func (s *Server) settingsPage(w http.ResponseWriter, r *http.Request, rq *request) error {
	st, err := s.svc.Settings(r.Context())
	if err != nil {
		return err
	}
	var lines []string
	for _, rc := range st.Masked().Recipients {
		l := rc.Unit + "," + string(rc.Channel) + "," + rc.To
		if rc.Secret != "" {
			l += "," + rc.Secret
		}
		lines = append(lines, l)
	}
	s.render(w, r, rq, "settings", http.StatusOK, map[string]any{"S": st, "Recipients": strings.Join(lines, "\n")})
	return nil
}

func (s *Server) postSettings(w http.ResponseWriter, r *http.Request, rq *request) error {
	st := supervise.Settings{Period: r.PostFormValue("period")}
	var bad []string
	num := func(name string) float64 {
		f, err := strconv.ParseFloat(strings.TrimSpace(r.PostFormValue(name)), 64)
		if err != nil {
			bad = append(bad, name)
		}
		return f
	}
	integer := func(name string) int {
		n, err := strconv.Atoi(strings.TrimSpace(r.PostFormValue(name)))
		if err != nil {
			bad = append(bad, name)
		}
		return n
	}
	st.Ahead, st.Lagging, st.Serious = num("ahead"), num("lagging"), num("serious")
	st.StaleDays, st.ReplyDays, st.RemindDays = integer("stale_days"), integer("reply_days"), integer("remind_days")
	st.BandRatePoints, st.BandAmountPercent = num("band_rate_points"), num("band_amount_percent")
	st.BandSeriousPoints = num("band_serious_points")
	for i, line := range strings.Split(r.PostFormValue("recipients"), "\n") {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		f := strings.SplitN(line, ",", 4)
		if len(f) < 3 {
			bad = append(bad, "recipients line "+strconv.Itoa(i+1))
			continue
		}
		rc := supervise.Recipient{Unit: strings.TrimSpace(f[0]), Channel: notify.Channel(strings.TrimSpace(f[1])), To: strings.TrimSpace(f[2])}
		if len(f) == 4 {
			rc.Secret = strings.TrimSpace(f[3])
		}
		st.Recipients = append(st.Recipients, rc)
	}
	if len(bad) > 0 {
		s.flashError(r, "以下字段不是有效数字或格式有误："+strings.Join(bad, "、"))
	} else if err := s.svc.SaveSettings(r.Context(), rq.Actor, st); err != nil {
		if ledger.ErrorCode(err) == ledger.EInternal {
			return err
		}
		s.flashError(r, err.Error())
	} else {
		s.flash(r, "设置已保存")
	}
	http.Redirect(w, r, "/admin/settings", http.StatusSeeOther)
	return nil
}

func (s *Server) tokensPage(w http.ResponseWriter, r *http.Request, rq *request) error {
	toks, err := s.store.APITokens(r.Context())
	if err != nil {
		return err
	}
	units, err := s.store.Units(r.Context())
	if err != nil {
		return err
	}
	s.render(w, r, rq, "tokens", http.StatusOK, map[string]any{"Tokens": toks, "Units": units,
		"New": s.sessions.PopString(r.Context(), "new_token")})
	return nil
}

// NewToken makes a random API token and its stored hash.
func NewToken() (token, hash string) {
	b := make([]byte, 24)
	rand.Read(b)
	token = "dch_" + base64.RawURLEncoding.EncodeToString(b)
	sum := sha256.Sum256([]byte(token))
	return token, hex.EncodeToString(sum[:])
}

func (s *Server) postToken(w http.ResponseWriter, r *http.Request, rq *request) error {
	tok, hash := NewToken()
	t := ledger.APIToken{Unit: r.PostFormValue("unit"), Name: strings.TrimSpace(r.PostFormValue("name")), Hash: hash, CreatedBy: rq.Actor.Login}
	if t.Name == "" {
		s.flashError(r, "请填写令牌用途")
	} else if err := s.store.CreateAPIToken(r.Context(), &t, rq.Actor.Login); err != nil {
		if ledger.ErrorCode(err) == ledger.EInternal {
			return err
		}
		s.flashError(r, err.Error())
	} else {
		s.sessions.Put(r.Context(), "new_token", tok)
	}
	http.Redirect(w, r, "/admin/tokens", http.StatusSeeOther)
	return nil
}

func (s *Server) postRevokeToken(w http.ResponseWriter, r *http.Request, rq *request) error {
	id, err := idParam(r, "tid")
	if err != nil {
		return err
	}
	if err := s.store.RevokeAPIToken(r.Context(), id, rq.Actor.Login); err != nil {
		return err
	}
	s.flash(r, "令牌已撤销")
	http.Redirect(w, r, "/admin/tokens", http.StatusSeeOther)
	return nil
}

func (s *Server) auditPage(w http.ResponseWriter, r *http.Request, rq *request) error {
	es, err := s.store.Audit(r.Context(), r.URL.Query().Get("entity"), r.URL.Query().Get("ref"), 200)
	if err != nil {
		return err
	}
	s.render(w, r, rq, "audit", http.StatusOK, map[string]any{"Entries": es})
	return nil
}

// outboxLister is the part of the store that lists queued messages.
type outboxLister interface {
	OutboxMessages(ctx context.Context, limit int) ([]notify.Record, error)
}

func (s *Server) outboxPage(w http.ResponseWriter, r *http.Request, rq *request) error {
	var ms []notify.Record
	if ol, ok := s.store.(outboxLister); ok {
		var err error
		if ms, err = ol.OutboxMessages(r.Context(), 200); err != nil {
			return err
		}
	}
	for i := range ms {
		ms[i].To = ledger.MaskURL(ms[i].To)
		ms[i].Secret = ""
	}
	s.render(w, r, rq, "outbox", http.StatusOK, map[string]any{"Messages": ms})
	return nil
}
