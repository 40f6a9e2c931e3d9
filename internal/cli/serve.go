package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net/netip"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"syscall"
	"time"

	"ducha/demo"
	"ducha/notify"
	"ducha/store"
	"ducha/supervise"
	"ducha/web"
)

func init() {
	register("serve", "run the web application (pages, JSON API, reminders)", runServe)
}

// serveConfig is the whole configuration of `ducha serve`: every field has
// a flag and an environment variable (flags win).
type serveConfig struct {
	DB   string
	Demo bool
	Web  web.Config
	// Tick is how often the schedule runs (escalations, reminders, sending).
	Tick time.Duration
	SMTP notify.SMTPSender
}

// prefixList is the value of a repeatable flag of addresses or CIDR
// prefixes; the flags given replace the environment's list.
type prefixList struct {
	list    *[]netip.Prefix
	flagged bool
}

func (l *prefixList) String() string {
	if l == nil || l.list == nil {
		return ""
	}
	var out []string
	for _, p := range *l.list {
		out = append(out, p.String())
	}
	return strings.Join(out, ",")
}

func (l *prefixList) Set(v string) error {
	if !l.flagged {
		*l.list, l.flagged = nil, true
	}
	return l.add(v)
}

// add adds the comma- or space-separated addresses and prefixes of v.
func (l *prefixList) add(v string) error {
	for _, f := range strings.FieldsFunc(v, func(r rune) bool { return r == ',' || r == ' ' }) {
		p, err := netip.ParsePrefix(f)
		if err != nil {
			a, aerr := netip.ParseAddr(f)
			if aerr != nil {
				return fmt.Errorf("%q is not an IP address or CIDR prefix (e.g. 10.0.0.0/8)", f)
			}
			p = netip.PrefixFrom(a, a.BitLen())
		}
		*l.list = append(*l.list, p.Masked())
	}
	return nil
}

// envOr returns the environment variable or def.
func envOr(name, def string) string {
	if v, ok := os.LookupEnv(name); ok && v != "" {
		return v
	}
	return def
}

func envDuration(name string, def time.Duration) time.Duration {
	if d, err := time.ParseDuration(os.Getenv(name)); err == nil {
		return d
	}
	return def
}

func envBool(name string) bool {
	b, _ := strconv.ParseBool(os.Getenv(name))
	return b
}

func runServe(env *Env, args []string) error {
	fs := newFlags(env, "serve", "")
	def := web.DefaultConfig()
	var c serveConfig
	db := dbFlag(fs)
	replicas := newReplicaList()
	fs.Var(replicas, "db-replica", "a PostgreSQL streaming read replica (URL, repeatable): read-only requests go to it once it has replayed this server's writes (env DUCHA_DB_REPLICAS, comma-separated)")
	fs.BoolVar(&c.Demo, "demo", false, "rebuild ./ducha-demo.db from the shipped samples with accounts and history, and serve it")
	fs.StringVar(&c.Web.Addr, "addr", envOr("DUCHA_ADDR", def.Addr), "listen address (env DUCHA_ADDR)")
	fs.StringVar(&c.Web.BaseURL, "base-url", envOr("DUCHA_BASE_URL", ""), "public address for links in notifications (env DUCHA_BASE_URL)")
	fs.BoolVar(&c.Web.SecureCookies, "secure-cookies", envBool("DUCHA_SECURE_COOKIES"), "mark the session cookie Secure, behind HTTPS (env DUCHA_SECURE_COOKIES)")
	fs.DurationVar(&c.Web.SessionLifetime, "session-lifetime", envDuration("DUCHA_SESSION_LIFETIME", def.SessionLifetime), "absolute lifetime of a login (env DUCHA_SESSION_LIFETIME)")
	fs.DurationVar(&c.Web.IdleTimeout, "idle-timeout", envDuration("DUCHA_IDLE_TIMEOUT", def.IdleTimeout), "logout after inactivity (env DUCHA_IDLE_TIMEOUT)")
	fs.DurationVar(&c.Tick, "tick", envDuration("DUCHA_TICK", 5*time.Minute), "how often escalations, reminders and sending run (env DUCHA_TICK)")
	proxies := prefixList{list: &c.Web.TrustedProxies}
	if v := os.Getenv("DUCHA_TRUSTED_PROXIES"); v != "" {
		if err := proxies.add(v); err != nil {
			return usageError("DUCHA_TRUSTED_PROXIES: %v", err)
		}
	}
	fs.Var(&proxies, "trusted-proxy", "a reverse proxy (address or CIDR, repeatable) whose X-Forwarded-For / X-Real-IP name the client (env DUCHA_TRUSTED_PROXIES, comma-separated)")
	fs.StringVar(&c.SMTP.Addr, "smtp", envOr("DUCHA_SMTP_ADDR", ""), "SMTP server host:port for e-mail (env DUCHA_SMTP_ADDR); empty: no e-mail")
	fs.StringVar(&c.SMTP.From, "smtp-from", envOr("DUCHA_SMTP_FROM", "督查室 <ducha@localhost>"), "sender of e-mail (env DUCHA_SMTP_FROM)")
	c.SMTP.Username, c.SMTP.Password = os.Getenv("DUCHA_SMTP_USER"), os.Getenv("DUCHA_SMTP_PASSWORD")
	rest, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(rest) != 0 {
		return usageError("serve: takes no arguments")
	}
	c.DB = *db
	dbSet := false
	fs.Visit(func(f *flag.Flag) {
		if f.Name == "db" {
			dbSet = true
		}
	})
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	log := slog.New(slog.NewTextHandler(env.Stderr, nil))
	var clock func() time.Time
	if c.Demo {
		if !dbSet {
			c.DB = "ducha-demo.db"
		}
		if err := removeSQLite(c.DB); err != nil {
			return err
		}
		// The demo's history runs to a day of its plan year; its clock
		// starts there and runs on.
		started := time.Now()
		clock = func() time.Time { return demo.AsOf.Add(time.Since(started)) }
	}
	st, err := store.Open(ctx, c.DB, store.Options{Migrate: c.Demo, Replicas: replicas.list})
	if err != nil {
		return fmt.Errorf("%s: %w", shownDSN(c.DB), err)
	}
	defer st.Close()
	if c.Demo {
		res, err := demo.Build(ctx, st, env.Stdout)
		if err != nil {
			return err
		}
		printAccounts(env, res)
	}
	if clock != nil {
		st.SetClock(clock)
	}
	svc := &supervise.Service{Store: st, Outbox: st, BaseURL: c.Web.BaseURL, Now: clock, Log: log}
	srv, err := web.New(c.Web, svc, log)
	if err != nil {
		return err
	}
	srv.Now = clock
	router := notify.Router{Webhook: notify.WebhookSender{}}
	if c.SMTP.Addr != "" {
		router.Email = c.SMTP
	}
	disp := &notify.Dispatcher{Outbox: st, Sender: router, Log: log}
	go schedule(ctx, svc, disp, c.Tick, log)
	fmt.Fprintf(env.Stdout, "ducha: serving %s on %s\n", shownDSN(c.DB), c.Web.Addr)
	if err := srv.Run(ctx); err != nil && !errors.Is(err, context.Canceled) {
		return err
	}
	return nil
}

// schedule runs escalations and reminders, then sends what is queued,
// every tick until ctx ends.
func schedule(ctx context.Context, svc *supervise.Service, disp *notify.Dispatcher, every time.Duration, log *slog.Logger) {
	if every <= 0 {
		return
	}
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		if res, err := svc.Tick(ctx); err != nil {
			log.Error("schedule", "err", err)
		} else if res.Escalated+res.Queued > 0 {
			log.Info("schedule", "escalated", res.Escalated, "queued", res.Queued)
		}
		if _, _, err := disp.RunOnce(ctx); err != nil && ctx.Err() == nil {
			log.Error("send", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

func printAccounts(env *Env, res demo.Result) {
	fmt.Fprintf(env.Stdout, "\ndemo accounts (password %s), clock starting %s:\n", demo.Password, demo.AsOf.Format("2006-01-02"))
	rows := [][]string{{"账号", "姓名", "角色", "单位"}}
	for _, a := range res.Accounts {
		rows = append(rows, []string{a.Login, a.Name, a.Role.Label("zh"), orDash(a.Unit)})
	}
	writeRows(env.Stdout, rows)
}

func removeSQLite(path string) error {
	if store.IsPostgres(path) {
		return usageError("serve --demo: --db must be an SQLite file: the demo rebuilds it from scratch")
	}
	for _, suffix := range []string{"", "-wal", "-shm"} {
		if err := os.Remove(path + suffix); err != nil && !os.IsNotExist(err) {
			return err
		}
	}
	return nil
}
