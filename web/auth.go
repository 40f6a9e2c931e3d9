package web

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/http"
	"net/netip"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"ducha/access"
	"ducha/ledger"
	"ducha/supervise"
)

func (s *Server) loginPage(w http.ResponseWriter, r *http.Request, rq *request) error {
	if rq.LoggedIn {
		http.Redirect(w, r, "/dashboard", http.StatusSeeOther)
		return nil
	}
	if rq.CSRF == "" {
		rq.CSRF = s.newFormCSRF(w)
	}
	s.render(w, r, rq, "login", http.StatusOK, map[string]any{"Next": safeNext(r.URL.Query().Get("next")), "Login": ""})
	return nil
}

// login checks the password and renews the session token. The attempt
// is counted by the throttle before the password is checked, and the
// checks that run at once are bounded (each takes argon2id's memory).
func (s *Server) login(w http.ResponseWriter, r *http.Request, rq *request) error {
	login := strings.TrimSpace(r.PostFormValue("login"))
	pw := r.PostFormValue("password")
	next := safeNext(r.PostFormValue("next"))
	fail := func(msg string, status int) error {
		s.render(w, r, rq, "login", status, map[string]any{"Next": next, "Login": login, "Error": msg})
		return nil
	}
	at, refused := s.throttle.Begin(throttleKey(login), s.clientIP(r))
	if refused != nil {
		w.Header().Set("Retry-After", strconv.Itoa(int(refused.RetryAfter/time.Second)))
		if refused.Locked {
			return fail("登录失败次数过多，请于 "+refused.Until.Local().Format("15:04")+" 后再试", http.StatusTooManyRequests)
		}
		return fail(fmt.Sprintf("登录尝试过于频繁，请 %d 秒后再试", int(refused.RetryAfter/time.Second)), http.StatusTooManyRequests)
	}
	u, err := s.store.UserByLogin(r.Context(), login)
	known := err == nil && !u.Disabled
	if err != nil && ledger.ErrorCode(err) != ledger.ENotFound {
		at.Cancel()
		return err
	}
	// An unknown or disabled account is checked against a hash of no
	// one's password: the same time, so that timing does not tell which
	// accounts exist.
	hash := u.PasswordHash
	if !known {
		hash = dummyHash()
	}
	if !s.acquireCheck(r.Context()) {
		at.Cancel()
		w.Header().Set("Retry-After", "1")
		return fail("服务器繁忙，请稍后再试", http.StatusServiceUnavailable)
	}
	err = access.VerifyPassword(pw, hash)
	s.releaseCheck()
	if err != nil && err != access.ErrMismatch && known {
		at.Cancel()
		return err // a broken stored hash
	}
	if err != nil || !known {
		at.Fail()
		s.store.AppendAudit(r.Context(), ledger.AuditEntry{At: time.Now(), Actor: clip(login, maxLoggedLogin),
			Action: "user.login_failed", Entity: "user", Ref: clip(login, maxLoggedLogin)})
		return fail("账号或密码错误", http.StatusUnauthorized)
	}
	at.Succeed()
	if err := s.sessions.RenewToken(r.Context()); err != nil {
		return err
	}
	s.sessions.Put(r.Context(), "login", u.Login)
	s.sessions.Put(r.Context(), "csrf", newCSRFToken())
	s.dropFormCSRF(w)
	s.store.AppendAudit(r.Context(), ledger.AuditEntry{At: time.Now(), Actor: u.Login, Action: "user.login", Entity: "user", Ref: u.Login})
	if next == "" {
		next = "/dashboard"
	}
	http.Redirect(w, r, next, http.StatusSeeOther)
	return nil
}

// maxLoggedLogin bounds the bytes of a typed login name that are kept
// (the throttle's key, the audit log): what is typed is up to the client.
const maxLoggedLogin = 128

// throttleKey is the throttle's key of a typed login name: the name, or a
// digest of a long one.
func throttleKey(login string) string {
	if len(login) <= maxLoggedLogin {
		return login
	}
	sum := sha256.Sum256([]byte(login))
	return "sha256:" + hex.EncodeToString(sum[:])
}

// clip cuts s to at most n bytes, at a character boundary.
func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n] + "…"
}

// maxPasswordChecks bounds the password checks that run at once: each
// takes access.DefaultParams.Memory (19 MiB). Up to maxPasswordWaiting
// more wait for a turn (waiting costs no memory), for at most
// passwordWait; beyond them a sign-in is answered 503 at once.
const (
	maxPasswordChecks  = 4
	maxPasswordWaiting = 32
	passwordWait       = 10 * time.Second
)

func (s *Server) acquireCheck(ctx context.Context) bool {
	select {
	case s.checks <- struct{}{}:
		return true
	default:
	}
	if s.waiting.Add(1) > maxPasswordWaiting {
		s.waiting.Add(-1)
		return false
	}
	defer s.waiting.Add(-1)
	t := time.NewTimer(passwordWait)
	defer t.Stop()
	select {
	case s.checks <- struct{}{}:
		return true
	case <-t.C:
		return false
	case <-ctx.Done():
		return false
	}
}

func (s *Server) releaseCheck() { <-s.checks }

// dummyHash is a valid argon2id hash of no one's password, made at the
// first sign-in (not at start: every command and test binary that links
// this package would pay an argon2id run).
var dummyHash = sync.OnceValue(func() string {
	h, err := access.HashPassword("ducha-no-such-user-password", access.DefaultParams)
	if err != nil {
		panic(err) // crypto/rand failed
	}
	return h
})

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

// safeNext keeps a redirect target only if it is a path on this site,
// returned as its escaped path, query and fragment. Browsers drop tabs and
// newlines anywhere in an address and read a backslash as a slash, so
// "/\t/host" or "/\\host" is another origin: a target with a control
// character or a backslash, raw or percent-encoded, is refused, as is one
// with a scheme, a host, or a path that begins with "//".
func safeNext(next string) string {
	if !strings.HasPrefix(next, "/") || strings.ContainsFunc(next, unsafeInURL) {
		return ""
	}
	u, err := url.Parse(next)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil || u.Opaque != "" ||
		!strings.HasPrefix(u.Path, "/") || strings.HasPrefix(u.Path, "//") || strings.ContainsFunc(u.Path, unsafeInURL) {
		return ""
	}
	out := u.EscapedPath()
	if strings.HasPrefix(out, "//") {
		return ""
	}
	if u.RawQuery != "" {
		out += "?" + u.RawQuery
	}
	if u.Fragment != "" {
		out += "#" + u.EscapedFragment()
	}
	return out
}

func unsafeInURL(r rune) bool { return r < 0x20 || r == 0x7f || r == '\\' }

// clientIP is the client's address: the peer's, unless the peer is a
// trusted proxy (Config.TrustedProxies).
func (s *Server) clientIP(r *http.Request) string {
	return clientAddr(r.RemoteAddr, r.Header, s.cfg.TrustedProxies)
}

// clientAddr returns the client's address of a request from remote. From
// a trusted proxy, it is the right-most address of X-Forwarded-For that is
// not a trusted proxy (the addresses left of it were written by the
// client, and may be anything), else X-Real-IP; from anyone else, the
// headers are ignored.
func clientAddr(remote string, h http.Header, trusted []netip.Prefix) string {
	peer, ok := parseAddr(remote)
	if !ok {
		return remote
	}
	isTrusted := func(a netip.Addr) bool {
		for _, p := range trusted {
			if p.Contains(a) {
				return true
			}
		}
		return false
	}
	if !isTrusted(peer) {
		return peer.String()
	}
	var hops []string
	for _, v := range h.Values("X-Forwarded-For") {
		hops = append(hops, strings.Split(v, ",")...)
	}
	if len(hops) == 0 {
		if a, ok := parseAddr(strings.TrimSpace(h.Get("X-Real-IP"))); ok {
			return a.String()
		}
		return peer.String()
	}
	client := peer
	for i := len(hops) - 1; i >= 0; i-- {
		a, ok := parseAddr(strings.TrimSpace(hops[i]))
		if !ok {
			break // not an address: nothing further left can be believed
		}
		client = a
		if !isTrusted(a) {
			break
		}
	}
	return client.String()
}

// parseAddr reads an IP address, with or without a port.
func parseAddr(s string) (netip.Addr, bool) {
	if ap, err := netip.ParseAddrPort(s); err == nil {
		return ap.Addr().Unmap(), true
	}
	a, err := netip.ParseAddr(strings.TrimSuffix(strings.TrimPrefix(s, "["), "]"))
	if err != nil || a.Zone() != "" {
		return netip.Addr{}, false
	}
	return a.Unmap(), true
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
