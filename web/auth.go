package web

import (
	"crypto/sha256"
	"encoding/hex"
	"net"
	"net/http"
	"strings"
	"time"

	"ducha/access"
	"ducha/ledger"
	"ducha/supervise"
)

func (s *Server) loginPage(w http.ResponseWriter, r *http.Request, rq *request) error {
	if rq.LoggedIn {
		http.Redirect(w, r, "/dashboard", http.StatusSeeOther)
		return nil
	}
	s.render(w, r, rq, "login", http.StatusOK, map[string]any{"Next": safeNext(r.URL.Query().Get("next")), "Login": ""})
	return nil
}

// login checks the password, throttling failures per account and per
// client address, and renews the session token.
func (s *Server) login(w http.ResponseWriter, r *http.Request, rq *request) error {
	login := strings.TrimSpace(r.PostFormValue("login"))
	pw := r.PostFormValue("password")
	next := safeNext(r.PostFormValue("next"))
	ip := clientIP(r)
	fail := func(msg string, status int) error {
		s.render(w, r, rq, "login", status, map[string]any{"Next": next, "Login": login, "Error": msg})
		return nil
	}
	for _, k := range []string{"user:" + login, "ip:" + ip} {
		if locked, until := s.throttle.Locked(k); locked {
			return fail("登录失败次数过多，请于 "+until.Local().Format("15:04")+" 后再试", http.StatusTooManyRequests)
		}
	}
	u, err := s.store.UserByLogin(r.Context(), login)
	if err == nil && !u.Disabled {
		err = access.VerifyPassword(pw, u.PasswordHash)
	} else if err == nil {
		err = ledger.Errorf(ledger.ENotFound, "disabled")
	} else if ledger.ErrorCode(err) == ledger.ENotFound {
		// Spend the same time as a real check, so that timing does not
		// tell which accounts exist.
		access.VerifyPassword(pw, dummyHash)
	}
	if err != nil {
		if ledger.ErrorCode(err) == ledger.EInternal && err != access.ErrMismatch {
			return err
		}
		s.throttle.Fail("user:" + login)
		s.throttle.Fail("ip:" + ip)
		s.store.AppendAudit(r.Context(), ledger.AuditEntry{At: time.Now(), Actor: login, Action: "user.login_failed", Entity: "user", Ref: login})
		return fail("账号或密码错误", http.StatusUnauthorized)
	}
	s.throttle.Succeed("user:" + login)
	if err := s.sessions.RenewToken(r.Context()); err != nil {
		return err
	}
	s.sessions.Put(r.Context(), "login", u.Login)
	s.store.AppendAudit(r.Context(), ledger.AuditEntry{At: time.Now(), Actor: u.Login, Action: "user.login", Entity: "user", Ref: u.Login})
	if next == "" {
		next = "/dashboard"
	}
	http.Redirect(w, r, next, http.StatusSeeOther)
	return nil
}

// dummyHash is a valid argon2id hash of no one's password.
var dummyHash = func() string {
	h, _ := access.HashPassword("ducha-no-such-user-password", access.DefaultParams)
	return h
}()

func (s *Server) logout(w http.ResponseWriter, r *http.Request, rq *request) error {
	if err := s.sessions.Destroy(r.Context()); err != nil {
		return err
	}
	http.Redirect(w, r, "/login", http.StatusSeeOther)
	return nil
}

// switchLang sets the language cookie and goes back.
func (s *Server) switchLang(w http.ResponseWriter, r *http.Request, rq *request) error {
	lang := langZH
	if r.PathValue("lang") == langEN {
		lang = langEN
	}
	http.SetCookie(w, &http.Cookie{Name: "lang", Value: lang, Path: "/", MaxAge: 365 * 24 * 3600,
		HttpOnly: true, SameSite: http.SameSiteLaxMode, Secure: s.cfg.SecureCookies})
	next := safeNext(r.URL.Query().Get("next"))
	if next == "" {
		next = "/"
	}
	http.Redirect(w, r, next, http.StatusSeeOther)
	return nil
}

// safeNext keeps a redirect target only if it is a local path.
func safeNext(next string) string {
	if !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.HasPrefix(next, "/\\") ||
		strings.ContainsAny(next, "\r\n") {
		return ""
	}
	return next
}

func clientIP(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// tokenActor authenticates a unit API token: it acts as a reporter of its
// unit.
func (s *Server) tokenActor(r *http.Request) (supervise.Actor, error) {
	tok := strings.TrimSpace(strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer "))
	if tok == "" {
		return supervise.Actor{}, ledger.Errorf(EUnauthorized, "no token")
	}
	sum := sha256.Sum256([]byte(tok))
	t, err := s.store.APITokenByHash(r.Context(), hex.EncodeToString(sum[:]))
	if err != nil {
		return supervise.Actor{}, err
	}
	return supervise.Actor{Login: "token:" + t.Name, Name: t.Name, Role: access.Reporter, Unit: t.Unit}, nil
}

// flash and flashError keep a message for the next page.
func (s *Server) flash(r *http.Request, msg string)      { s.sessions.Put(r.Context(), "flash", msg) }
func (s *Server) flashError(r *http.Request, msg string) { s.sessions.Put(r.Context(), "error", msg) }
