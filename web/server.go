package web

import (
	"context"
	"embed"
	"errors"
	"html/template"
	"io/fs"
	"log/slog"
	"net/http"
	"net/netip"
	"reflect"
	"sync"
	"sync/atomic"
	"time"

	"ducha/access"
	"ducha/ledger"
	"ducha/supervise"

	"github.com/alexedwards/scs/v2"
)

//go:embed templates static
var assets embed.FS

// Config is the server's configuration. Package cli fills it from flags
// and environment variables (see README).
type Config struct {
	Addr string // listen address, e.g. :8080
	// BaseURL is the public address of the server, for links in
	// notifications; "" derives nothing.
	BaseURL string
	// SecureCookies marks the session cookie Secure (behind HTTPS).
	SecureCookies bool
	// SessionLifetime is the absolute lifetime of a login; IdleTimeout
	// logs out after inactivity.
	SessionLifetime time.Duration
	IdleTimeout     time.Duration
	// MaxUploadBytes bounds a request body with files (evidence).
	MaxUploadBytes int64
	// TrustedProxies are the reverse proxies whose X-Forwarded-For and
	// X-Real-IP name the client; from anyone else they are ignored.
	TrustedProxies []netip.Prefix
}

// DefaultConfig returns the defaults: :8080, 12 h logins that end after
// 1 h of inactivity, 25 MiB uploads.
func DefaultConfig() Config {
	return Config{Addr: ":8080", SessionLifetime: 12 * time.Hour, IdleTimeout: time.Hour,
		MaxUploadBytes: 25 << 20}
}

// Server is the web application.
type Server struct {
	cfg      Config
	svc      *supervise.Service
	store    supervise.Store
	sessions *scs.SessionManager
	// sessionStore keeps the sessions for sessions.
	sessionStore *sessionStore
	throttle     *access.Throttle
	// checks bounds the password checks that run at once.
	checks  chan struct{}
	waiting atomic.Int32 // sign-ins waiting for a turn
	pages   map[string]*template.Template
	log     *slog.Logger
	// Now is the server's clock (tests set it); nil means time.Now.
	Now func() time.Time
}

// New returns a server over svc (whose Store keeps the sessions too).
func New(cfg Config, svc *supervise.Service, log *slog.Logger) (*Server, error) {
	def := DefaultConfig()
	if cfg.SessionLifetime <= 0 {
		cfg.SessionLifetime = def.SessionLifetime
	}
	if cfg.IdleTimeout <= 0 {
		cfg.IdleTimeout = def.IdleTimeout
	}
	if cfg.MaxUploadBytes <= 0 {
		cfg.MaxUploadBytes = def.MaxUploadBytes
	}
	if log == nil {
		log = slog.Default()
	}
	s := &Server{cfg: cfg, svc: svc, store: svc.Store, throttle: access.NewThrottle(), log: log,
		checks: make(chan struct{}, maxPasswordChecks)}
	sm := scs.New()
	sm.Codec = sessionCodec{}
	s.sessionStore = newSessionStore(svc.Store, sm.Codec, cfg.IdleTimeout)
	sm.Store = s.sessionStore
	sm.Lifetime = cfg.SessionLifetime
	sm.IdleTimeout = cfg.IdleTimeout
	sm.Cookie.Name = "ducha_session"
	sm.Cookie.HttpOnly = true
	sm.Cookie.SameSite = http.SameSiteLaxMode
	sm.Cookie.Secure = cfg.SecureCookies
	sm.Cookie.Persist = false
	sm.ErrorFunc = func(w http.ResponseWriter, r *http.Request, err error) {
		log.Error("session", "err", err)
		http.Error(w, "会话错误 / session error", http.StatusInternalServerError)
	}
	s.sessions = sm
	var err error
	if s.pages, err = parsePages(); err != nil {
		return nil, err
	}
	return s, nil
}

// Throttle returns the login throttle (tests shorten its clock).
func (s *Server) Throttle() *access.Throttle { return s.throttle }

func (s *Server) now() time.Time {
	if s.Now != nil {
		return s.Now()
	}
	return time.Now()
}

// Handler returns the application with its middleware.
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	for _, rt := range s.routes() {
		mux.Handle(rt.Method+" "+rt.Pattern, s.wrap(rt))
	}
	static, _ := fs.Sub(assets, "static")
	mux.Handle("GET /static/", http.StripPrefix("/static/", cacheStatic(http.FileServerFS(static))))
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.Write([]byte("ok\n"))
	})
	return securityHeaders(s.sessions.LoadAndSave(mux), s.cfg.SecureCookies)
}

// Run serves until ctx is done, then shuts down gracefully.
func (s *Server) Run(ctx context.Context) error {
	srv := &http.Server{Addr: s.cfg.Addr, Handler: s.Handler(), ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout: 2 * time.Minute, WriteTimeout: 2 * time.Minute, IdleTimeout: 2 * time.Minute}
	errc := make(chan error, 1)
	go func() { errc <- srv.ListenAndServe() }()
	go s.sweepSessions(ctx)
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
		sctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		err := srv.Shutdown(sctx)
		if errors.Is(err, http.ErrServerClosed) {
			err = nil
		}
		return err
	}
}

// sweepSessions deletes expired sessions every ten minutes.
func (s *Server) sweepSessions(ctx context.Context) {
	t := time.NewTicker(10 * time.Minute)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			if err := s.store.DeleteExpiredSessions(ctx, s.now()); err != nil {
				s.log.Error("sweep sessions", "err", err)
			}
			s.sessionStore.forgetExpired(time.Now())
		}
	}
}

// sessionStore adapts the store's sessions to scs.
//
// With an idle timeout, scs commits every session at every request, only
// to push its expiry on: that would make every page a write. The store
// skips a commit whose data are those it last stored for the token and
// whose expiry moved on by less than touch (a tenth of the idle timeout,
// a minute at most), so that a session ends at most touch earlier than
// the idle timeout after its last request. (The data are compared
// decoded: the codec writes a session's values in no set order.)
type sessionStore struct {
	st    ledger.SupervisionStore
	codec scs.Codec
	touch time.Duration

	mu   sync.Mutex
	last map[string]storedSession // by token
}

// storedSession is what the store last stored of a session.
type storedSession struct {
	deadline time.Time
	values   map[string]any
	expiry   time.Time
}

// maxRemembered bounds the sessions a sessionStore remembers.
const maxRemembered = 100_000

func newSessionStore(st ledger.SupervisionStore, codec scs.Codec, idle time.Duration) *sessionStore {
	return &sessionStore{st: st, codec: codec, touch: min(time.Minute, idle/10), last: map[string]storedSession{}}
}

func (ss *sessionStore) Find(token string) ([]byte, bool, error) {
	return ss.FindCtx(context.Background(), token)
}
func (ss *sessionStore) Commit(token string, b []byte, expiry time.Time) error {
	return ss.CommitCtx(context.Background(), token, b, expiry)
}
func (ss *sessionStore) Delete(token string) error { return ss.DeleteCtx(context.Background(), token) }
func (ss *sessionStore) FindCtx(ctx context.Context, token string) ([]byte, bool, error) {
	return ss.st.FindSession(ctx, token)
}

func (ss *sessionStore) CommitCtx(ctx context.Context, token string, b []byte, expiry time.Time) error {
	deadline, values, err := ss.codec.Decode(b)
	if err != nil {
		return err
	}
	ss.mu.Lock()
	last, ok := ss.last[token]
	ss.mu.Unlock()
	if ok && !expiry.Before(last.expiry) && expiry.Sub(last.expiry) < ss.touch && time.Now().Before(last.expiry) &&
		deadline.Equal(last.deadline) && reflect.DeepEqual(values, last.values) {
		return nil
	}
	if err := ss.st.CommitSession(ctx, token, b, expiry); err != nil {
		ss.forget(token)
		return err
	}
	ss.mu.Lock()
	if len(ss.last) >= maxRemembered {
		clear(ss.last)
	}
	ss.last[token] = storedSession{deadline: deadline, values: values, expiry: expiry}
	ss.mu.Unlock()
	return nil
}

func (ss *sessionStore) DeleteCtx(ctx context.Context, token string) error {
	ss.forget(token)
	return ss.st.DeleteSession(ctx, token)
}

func (ss *sessionStore) forget(token string) {
	ss.mu.Lock()
	delete(ss.last, token)
	ss.mu.Unlock()
}

// forgetExpired forgets the sessions expired at now.
func (ss *sessionStore) forgetExpired(now time.Time) {
	ss.mu.Lock()
	defer ss.mu.Unlock()
	for token, s := range ss.last {
		if !now.Before(s.expiry) {
			delete(ss.last, token)
		}
	}
}

// securityHeaders sets headers every response carries; behind HTTPS
// (secure cookies), Strict-Transport-Security too.
func securityHeaders(h http.Handler, https bool) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hd := w.Header()
		if https {
			hd.Set("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
		}
		hd.Set("X-Content-Type-Options", "nosniff")
		hd.Set("X-Frame-Options", "DENY")
		hd.Set("Referrer-Policy", "same-origin")
		hd.Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'; object-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'")
		h.ServeHTTP(w, r)
	})
}

func cacheStatic(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "public, max-age=3600")
		h.ServeHTTP(w, r)
	})
}
