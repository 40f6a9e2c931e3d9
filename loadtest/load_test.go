package loadtest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"fmt"
	"io"
	"log/slog"
	mrand "math/rand/v2"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"runtime/pprof"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"ducha/access"
	"ducha/ledger"
	"ducha/progress"
	"ducha/store"
	"ducha/supervise"
	"ducha/web"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// config is what the environment sets:
//
//	DUCHA_LOAD=1                 run at all (a normal test run skips TestLoad)
//	DUCHA_LOAD_DB=sqlite         only SQLite, or only postgres (default: both,
//	                             PostgreSQL when DUCHA_TEST_POSTGRES is set)
//	DUCHA_LOAD_DURATION=20s      measured time, after
//	DUCHA_LOAD_WARMUP=3s         a warm-up that is not recorded
//	DUCHA_LOAD_CLIENTS=50        concurrent clients
//	DUCHA_LOAD_COMMITMENTS=10000 commitments (ten progress reports each)
//	DUCHA_LOAD_WRITES=2          percent of requests that save a draft
//	DUCHA_LOAD_RATE=0            requests/s all clients together send, each
//	                             on its own schedule, latency counted from
//	                             the scheduled start; 0: each client sends
//	                             its next request as soon as it has the answer
//	DUCHA_LOAD_CLOCK_SPEED=1     how fast the service's clock runs against
//	                             the wall clock: it starts so that midnight
//	                             of 30 November (a day boundary and the end
//	                             of a monthly period) falls in the middle of
//	                             the measured time; 0 keeps it fixed
//	DUCHA_LOAD_PROFILE=dir       write CPU and mutex profiles of the measured
//	                             time to dir (cpu-sqlite.pprof …)
//	DUCHA_TEST_POSTGRES=url      the PostgreSQL server: a database is created
//	                             on it for the run and dropped afterwards
type config struct {
	db          string
	duration    time.Duration
	warmup      time.Duration
	clients     int
	commitments int
	writes      float64 // percent
	rate        float64 // requests/s, 0: closed loop
	profile     string
	clockSpeed  float64 // 0: a fixed clock
}

func loadConfig(t *testing.T) config {
	c := config{db: os.Getenv("DUCHA_LOAD_DB"), duration: 20 * time.Second, warmup: 3 * time.Second,
		clients: 50, commitments: 10_000, writes: 2, profile: os.Getenv("DUCHA_LOAD_PROFILE"), clockSpeed: 1}
	dur := func(name string, d *time.Duration) {
		if v := os.Getenv(name); v != "" {
			p, err := time.ParseDuration(v)
			if err != nil || p < 0 {
				t.Fatalf("%s=%q: not a duration", name, v)
			}
			*d = p
		}
	}
	num := func(name string, n *int) {
		if v := os.Getenv(name); v != "" {
			p, err := strconv.Atoi(v)
			if err != nil || p <= 0 {
				t.Fatalf("%s=%q: not a positive number", name, v)
			}
			*n = p
		}
	}
	fl := func(name string, f *float64) {
		if v := os.Getenv(name); v != "" {
			p, err := strconv.ParseFloat(v, 64)
			if err != nil || p < 0 {
				t.Fatalf("%s=%q: not a number", name, v)
			}
			*f = p
		}
	}
	fl("DUCHA_LOAD_WRITES", &c.writes)
	fl("DUCHA_LOAD_RATE", &c.rate)
	dur("DUCHA_LOAD_DURATION", &c.duration)
	dur("DUCHA_LOAD_WARMUP", &c.warmup)
	num("DUCHA_LOAD_CLIENTS", &c.clients)
	num("DUCHA_LOAD_COMMITMENTS", &c.commitments)
	if v := os.Getenv("DUCHA_LOAD_CLOCK_SPEED"); v != "" {
		f, err := strconv.ParseFloat(v, 64)
		if err != nil || f < 0 {
			t.Fatalf("DUCHA_LOAD_CLOCK_SPEED=%q: not a non-negative number", v)
		}
		c.clockSpeed = f
	}
	return c
}

// TestLoad is the web load benchmark (see the package comment and
// BENCHMARKS.md, "Web load").
func TestLoad(t *testing.T) {
	if os.Getenv("DUCHA_LOAD") != "1" {
		t.Skip("the load benchmark runs with DUCHA_LOAD=1 (see BENCHMARKS.md)")
	}
	cfg := loadConfig(t)
	if cfg.db == "" || cfg.db == "sqlite" {
		t.Run("SQLite", func(t *testing.T) {
			ctx := context.Background()
			st, err := store.Open(ctx, filepath.Join(t.TempDir(), "load.db"), store.Options{Migrate: true})
			if err != nil {
				t.Fatal(err)
			}
			defer st.Close()
			analyze := func(ctx context.Context) error {
				_, err := st.(interface{ SQL() *sql.DB }).SQL().ExecContext(ctx, "ANALYZE")
				return err
			}
			run(t, cfg, "sqlite", st, st, analyze)
		})
	}
	if cfg.db == "" || cfg.db == "postgres" {
		t.Run("PostgreSQL", func(t *testing.T) {
			dsn := os.Getenv("DUCHA_TEST_POSTGRES")
			if dsn == "" {
				t.Skip("DUCHA_TEST_POSTGRES not set")
			}
			// The server's store has the default pool (4 connections on
			// 2 cores); seeding, not measured, has one of its own with
			// room for its workers.
			st, seedSt := openPostgres(t, dsn)
			analyze := func(ctx context.Context) error {
				_, err := st.(interface{ Pool() *pgxpool.Pool }).Pool().Exec(ctx, "ANALYZE")
				return err
			}
			run(t, cfg, "postgres", seedSt, st, analyze)
		})
	}
}

// openPostgres creates a database on the server of dsn and opens it
// twice, migrated: with the default pool, and with a pool of seedConns
// connections without synchronous commits for seeding. The database is
// dropped when the test ends.
func openPostgres(t *testing.T, dsn string) (st, seed store.DB) {
	ctx := context.Background()
	b := make([]byte, 4)
	rand.Read(b)
	name := "ducha_load_" + hex.EncodeToString(b)
	exec := func(sql string) error {
		conn, err := pgx.Connect(ctx, dsn)
		if err != nil {
			return err
		}
		defer conn.Close(ctx)
		_, err = conn.Exec(ctx, sql)
		return err
	}
	if err := exec("CREATE DATABASE " + pgx.Identifier{name}.Sanitize()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := exec("DROP DATABASE " + pgx.Identifier{name}.Sanitize() + " WITH (FORCE)"); err != nil {
			t.Error(err)
		}
	})
	u, err := url.Parse(dsn)
	if err != nil {
		t.Fatal(err)
	}
	u.Path = "/" + name
	open := func(dsn string) store.DB {
		st, err := store.Open(ctx, dsn, store.Options{Migrate: true})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { st.Close() })
		return st
	}
	st = open(u.String())
	// Seeding need not wait for each commit to reach the disk.
	q := u.Query()
	q.Set("pool_max_conns", strconv.Itoa(seedConns))
	q.Set("synchronous_commit", "off")
	u.RawQuery = q.Encode()
	return st, open(u.String())
}

// seedConns is how many writers seed at once (PostgreSQL; SQLite
// serialises them anyway).
const seedConns = 24

// Endpoints, as the results name them.
const (
	epDashboard = "GET /dashboard"
	epList      = "GET /commitments"
	epSearch    = "GET /commitments?q="
	epDetail    = "GET /commitments/{id}"
	epSummary   = "GET /api/v1/reports/{id}/summary"
	epDraft     = "POST /api/v1/commitments/{id}/progress"
)

var endpoints = []string{epDashboard, epList, epSearch, epDetail, epSummary, epDraft}

// run seeds the database through seedSt, starts the server over st and
// drives it.
func run(t *testing.T, cfg config, name string, seedSt, st store.DB, analyze func(context.Context) error) {
	ctx := context.Background()
	nsup, nlead := cfg.clients*2/5, cfg.clients*3/10
	ds, err := seed(ctx, seedSt, seedCounts{commitments: cfg.commitments, supervisors: nsup, leaders: nlead}, t.Logf)
	if err != nil {
		t.Fatal(err)
	}
	if seedSt != st {
		seedSt.Close()
	}
	start := time.Now()
	if err := analyze(ctx); err != nil {
		t.Fatal(err)
	}
	t.Logf("seed: ANALYZE in %v", time.Since(start).Round(time.Millisecond))

	clock := func() time.Time { return asOf }
	var anchor atomic.Int64 // when the clock started, in Unix nanoseconds
	if cfg.clockSpeed > 0 {
		// Midnight of 30 November, a day boundary and the end of the
		// November period, falls in the middle of the measured time.
		midnight := time.Date(planYear, time.December, 1, 0, 0, 0, 0, time.UTC)
		// It stands still until the clients start (anchor).
		simStart := midnight.Add(-time.Duration(cfg.clockSpeed * float64(cfg.warmup+cfg.duration/2)))
		clock = func() time.Time {
			a := anchor.Load()
			if a == 0 {
				return simStart
			}
			return simStart.Add(time.Duration(cfg.clockSpeed * float64(time.Now().UnixNano()-a)))
		}
		t.Logf("clock: from %v at %gx the wall clock, crossing %v", simStart.Format(time.DateTime), cfg.clockSpeed, midnight.Format(time.DateTime))
	}
	reads := &countingViews{Store: st}
	svc := &supervise.Service{Store: reads, Outbox: st, Now: clock}
	logger := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	srv, err := web.New(web.Config{}, svc, logger)
	if err != nil {
		t.Fatal(err)
	}
	srv.Now = clock
	heap0 := heapInUse()
	start = time.Now()
	if _, err := svc.Summary(ctx, supervise.Actor{Role: access.Supervisor}, ds.reportID); err != nil {
		t.Fatal(err)
	}
	t.Logf("first dashboard after start (statuses and summary of every commitment): %v", time.Since(start).Round(time.Millisecond))
	items, err := svc.Items(ctx, ds.reportID)
	if err != nil {
		t.Fatal(err)
	}
	held := heapInUse() - heap0
	t.Logf("memory held for the items: %.1f MiB, %.0f bytes per commitment (heap in use after a collection); RSS %.0f MiB",
		float64(held)/(1<<20), float64(held)/float64(len(items)), float64(rss())/(1<<20))
	statuses := map[progress.Status]int{}
	for _, it := range items {
		statuses[it.Result.Status]++
	}
	t.Logf("statuses: %v", statuses)
	ts := httptest.NewServer(srv.Handler())
	defer ts.Close()
	tr := &http.Transport{MaxIdleConns: 2 * cfg.clients, MaxIdleConnsPerHost: 2 * cfg.clients, IdleConnTimeout: time.Minute}
	defer tr.CloseIdleConnections()

	// The clients: two fifths supervisors, three tenths leaders, the rest
	// reporters of different units.
	var accts []account
	for _, a := range ds.accounts {
		if a.role == access.Supervisor || a.role == access.Leader {
			accts = append(accts, a)
		}
	}
	for i := 0; len(accts) < cfg.clients; i++ {
		accts = append(accts, ds.accounts[len(ds.accounts)-len(ds.units)+i%len(ds.units)])
	}
	clients := make([]*client, cfg.clients)
	start = time.Now()
	err = parallel(ctx, len(clients), 8, func(i int) error {
		c, err := signIn(ts.URL, tr, accts[i], ds, uint64(i))
		clients[i] = c
		return err
	})
	// Reporters write: their share of their requests makes cfg.writes of
	// all.
	reporters := 0
	for _, a := range accts {
		if a.role == access.Reporter {
			reporters++
		}
	}
	for _, c := range clients {
		if c != nil && c.unit >= 0 {
			c.writeShare = min(0.5, cfg.writes/100*float64(len(clients))/float64(reporters))
		}
		if c != nil && cfg.rate > 0 {
			c.interval = time.Duration(float64(time.Second) * float64(len(clients)) / cfg.rate)
		}
	}
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("signed in %d clients in %v", len(clients), time.Since(start).Round(time.Millisecond))

	// Warm up, then measure.
	begin := time.Now()
	anchor.Store(begin.UnixNano())
	measureFrom, end := begin.Add(cfg.warmup), begin.Add(cfg.warmup+cfg.duration)
	var wg sync.WaitGroup
	for _, c := range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c.loop(measureFrom, end)
		}()
	}
	time.Sleep(time.Until(measureFrom))
	cpu0 := cpuTime()
	full0, some0 := reads.full.Load(), reads.some.Load()
	var stopProfile func()
	if cfg.profile != "" {
		stopProfile = startProfiles(t, cfg.profile, name)
	}
	wg.Wait()
	if stopProfile != nil {
		stopProfile()
	}
	// Requests started before the end are counted, and the time they took
	// after it: the rate is over the time until the last one finished.
	elapsed := time.Since(measureFrom)
	report(t, cfg, name, ds, clients, elapsed, cpuTime()-cpu0)
	t.Logf("reads of the ledger during the measured time: %d of every commitment, %d of changed ones",
		reads.full.Load()-full0, reads.some.Load()-some0)
	t.Logf("clock at the end: %v; heap in use after a collection %.0f MiB, RSS %.0f MiB, peak RSS of the process (seeding included) %.0f MiB",
		clock().Format(time.DateTime), float64(heapInUse())/(1<<20), float64(rss())/(1<<20), float64(peakRSS())/(1<<20))
}

// countingViews counts the service's reads of commitments: of a whole
// report (Views) and of some (ViewsOf).
type countingViews struct {
	supervise.Store
	full, some atomic.Int64
}

func (c *countingViews) Views(ctx context.Context, reportID int64) ([]ledger.CommitmentView, error) {
	c.full.Add(1)
	return c.Store.Views(ctx, reportID)
}

func (c *countingViews) ViewsOf(ctx context.Context, ids []int64) ([]ledger.CommitmentView, error) {
	c.some.Add(1)
	return c.Store.ViewsOf(ctx, ids)
}

// heapInUse is the heap in use after a collection.
func heapInUse() int64 {
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return int64(m.HeapInuse)
}

// rss is the resident set of the process, peakRSS its highest.
func rss() int64     { return procStatus("VmRSS:") }
func peakRSS() int64 { return procStatus("VmHWM:") }

func procStatus(field string) int64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if f := strings.Fields(line); len(f) >= 2 && f[0] == field {
			n, _ := strconv.ParseInt(f[1], 10, 64)
			return n << 10
		}
	}
	return 0
}

// startProfiles starts CPU and mutex profiling; the function it returns
// stops them and writes the profiles to dir.
func startProfiles(t *testing.T, dir, name string) func() {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	f, err := os.Create(filepath.Join(dir, "cpu-"+name+".pprof"))
	if err != nil {
		t.Fatal(err)
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		t.Fatal(err)
	}
	runtime.SetMutexProfileFraction(5)
	runtime.SetBlockProfileRate(int(time.Millisecond))
	return func() {
		pprof.StopCPUProfile()
		f.Close()
		for _, p := range []string{"mutex", "block"} {
			w, err := os.Create(filepath.Join(dir, p+"-"+name+".pprof"))
			if err != nil {
				t.Error(err)
				continue
			}
			pprof.Lookup(p).WriteTo(w, 0)
			w.Close()
		}
		runtime.SetMutexProfileFraction(0)
		runtime.SetBlockProfileRate(0)
	}
}

// client is a signed-in browser session.
type client struct {
	base string
	http *http.Client
	csrf string
	acct account
	ds   *dataset
	rng  *mrand.Rand
	unit int // the reporter's unit (index of ds.units), -1 for others
	// writeShare is the share of its requests a reporter saves a draft
	// with; interval, when not 0, the time between its requests.
	writeShare float64
	interval   time.Duration

	lat   map[string][]time.Duration
	bytes map[string]int64
	fails []string
	warm  int // requests during the warm-up
}

var csrfRE = regexp.MustCompile(`name="csrf_token" value="([^"]+)"`)

func signIn(base string, tr *http.Transport, a account, ds *dataset, seed uint64) (*client, error) {
	jar, _ := cookiejar.New(nil)
	c := &client{base: base, acct: a, ds: ds, rng: mrand.New(mrand.NewPCG(seed, 2026)), unit: -1,
		lat: map[string][]time.Duration{}, bytes: map[string]int64{},
		http: &http.Client{Transport: tr, Jar: jar, Timeout: time.Minute,
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
	if a.role == access.Reporter {
		c.unit = slices.Index(ds.units, a.unit)
	}
	if err := c.fetchCSRF("/login"); err != nil {
		return nil, err
	}
	resp, err := c.http.PostForm(base+"/login", url.Values{"login": {a.login}, "password": {password}, "csrf_token": {c.csrf}})
	if err != nil {
		return nil, err
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther {
		return nil, fmt.Errorf("sign in as %s: %s", a.login, resp.Status)
	}
	return c, c.fetchCSRF("/dashboard")
}

// fetchCSRF reads the CSRF token of a page's forms.
func (c *client) fetchCSRF(path string) error {
	resp, err := c.http.Get(c.base + path)
	if err != nil {
		return err
	}
	body, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		return err
	}
	m := csrfRE.FindSubmatch(body)
	if resp.StatusCode != http.StatusOK || m == nil {
		return fmt.Errorf("GET %s as %s: %s, no CSRF token", path, c.acct.login, resp.Status)
	}
	c.csrf = string(m[1])
	return nil
}

// request is one request of the mix.
type request struct {
	endpoint string
	method   string
	path     string
	body     string
}

// Words people search for: indicators, units, codes, two words at once.
var searches = []string{"学位", "农村公路", "养老床位", "停车泊位", "教育局", "卫生健康局", "2026-02-03", "新增 个",
	"保障性 住房", "高标准农田", "污水管网 公里", "就业"}

// next picks the client's next request. Supervisors and leaders read
// across the report; reporters read their unit's commitments and save a
// draft of the current month now and then.
func (c *client) next() request {
	r, ds := c.rng, c.ds
	get := func(ep, path string) request { return request{endpoint: ep, method: "GET", path: path} }
	// Reads: dashboard 25%, list 35%, search 10%, detail 18%, summary
	// 12%; reporters trade some reading for writes (DUCHA_LOAD_WRITES).
	if own := c.activeOwn(); len(own) > 0 && r.Float64() < c.writeShare {
		i := own[r.IntN(len(own))]
		v := ds.target[i] * (9 + r.IntN(3)) / 12
		return request{endpoint: epDraft, method: "POST", path: fmt.Sprintf("/api/v1/commitments/%d/progress", ds.ids[i]),
			body: fmt.Sprintf(`{"period":"%s","value":"%d","narrative":"十一月进展：已完成%d。","next_steps":"继续推进。"}`,
				period(11), v, v)}
	}
	switch w := r.IntN(100); {
	case w < 25:
		return get(epDashboard, "/dashboard")
	case w < 60:
		q := url.Values{}
		pages := len(ds.ids) / 50
		if c.unit >= 0 {
			pages = len(ds.byUnit[c.unit]) / 50
		}
		switch r.IntN(6) {
		case 0:
			q.Set("status", string(progress.Statuses[r.IntN(len(progress.Statuses))]))
		case 1:
			q.Set("unit", ds.units[r.IntN(len(ds.units))])
			pages = 1
		case 2:
			q.Set("category", sections[r.IntN(len(sections))])
		case 3:
			q.Set("state", []string{"dispatched", "in_progress"}[r.IntN(2)])
		case 4:
			q.Set("light", []string{"red", "yellow", "green"}[r.IntN(3)])
		}
		if pg := 1 + r.IntN(max(pages, 1)); pg > 1 && r.IntN(3) == 0 {
			q.Set("page", strconv.Itoa(pg))
		} else if pg > 1 {
			q.Set("page", strconv.Itoa(1+r.IntN(min(pg, 3))))
		}
		path := "/commitments"
		if len(q) > 0 {
			path += "?" + q.Encode()
		}
		return get(epList, path)
	case w < 70:
		q := url.Values{"q": {searches[r.IntN(len(searches))]}}
		if r.IntN(4) == 0 {
			q.Set("page", "2")
		}
		return get(epSearch, "/commitments?"+q.Encode())
	case w < 88:
		i := r.IntN(len(ds.ids))
		if c.unit >= 0 {
			own := ds.byUnit[c.unit]
			i = own[r.IntN(len(own))]
		}
		return get(epDetail, fmt.Sprintf("/commitments/%d", ds.ids[i]))
	default:
		return get(epSummary, fmt.Sprintf("/api/v1/reports/%d/summary", ds.reportID))
	}
}

// activeOwn returns the commitments in progress of a reporter's unit.
func (c *client) activeOwn() []int {
	if c.unit < 0 {
		return nil
	}
	return c.ds.activeByUnit[c.unit]
}

// loop sends requests one after the other until end, recording those
// started from measureFrom.
func (c *client) loop(measureFrom, end time.Time) {
	next := time.Now()
	if c.interval > 0 {
		next = next.Add(time.Duration(c.rng.Int64N(int64(c.interval))))
	}
	for {
		rq := c.next()
		t0 := time.Now()
		if c.interval > 0 {
			// On schedule: the time a late request waited to be sent
			// counts, as it would for a user.
			time.Sleep(time.Until(next))
			t0, next = next, next.Add(c.interval)
		}
		if !t0.Before(end) {
			return
		}
		status, n, err := c.do(rq)
		d := time.Since(t0)
		if t0.Before(measureFrom) {
			c.warm++
			if err == nil && status < 400 {
				continue
			}
		} else {
			c.lat[rq.endpoint] = append(c.lat[rq.endpoint], d)
			c.bytes[rq.endpoint] += n
		}
		switch {
		case err != nil:
			c.fails = append(c.fails, fmt.Sprintf("%s %s as %s: %v", rq.method, rq.path, c.acct.login, err))
		case status >= 400:
			c.fails = append(c.fails, fmt.Sprintf("%s %s as %s: %d", rq.method, rq.path, c.acct.login, status))
		}
	}
}

// do sends one request and reads the whole response.
func (c *client) do(rq request) (int, int64, error) {
	var body io.Reader
	if rq.body != "" {
		body = strings.NewReader(rq.body)
	}
	req, err := http.NewRequest(rq.method, c.base+rq.path, body)
	if err != nil {
		return 0, 0, err
	}
	if rq.method != "GET" {
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("X-CSRF-Token", c.csrf)
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return 0, 0, err
	}
	n, err := io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if err == nil && resp.StatusCode/100 == 3 && strings.HasPrefix(resp.Header.Get("Location"), "/login") {
		err = fmt.Errorf("signed out: %s to %s", resp.Status, resp.Header.Get("Location"))
	}
	return resp.StatusCode, n, err
}

// report logs the results as a Markdown table and fails the test on any
// failed request.
// cpuTime is the processor time the process has used (the server, the
// clients and the database driver; not PostgreSQL's own processes).
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func report(t *testing.T, cfg config, name string, ds *dataset, clients []*client, elapsed, cpu time.Duration) {
	lat := map[string][]time.Duration{}
	bytes := map[string]int64{}
	var fails []string
	var all []time.Duration
	warm := 0
	for _, c := range clients {
		for ep, ds := range c.lat {
			lat[ep] = append(lat[ep], ds...)
			all = append(all, ds...)
		}
		for ep, n := range c.bytes {
			bytes[ep] += n
		}
		fails = append(fails, c.fails...)
		warm += c.warm
	}
	ms := func(d time.Duration) string { return fmt.Sprintf("%.1f", float64(d.Microseconds())/1000) }
	var b strings.Builder
	fmt.Fprintf(&b, "\n%s: %d clients, %d commitments, %d progress reports, %v measured after %v warm-up (%d requests), GOMAXPROCS %d\n",
		name, len(clients), len(ds.ids), len(ds.ids)*periods, elapsed.Round(time.Millisecond), cfg.warmup, warm, runtime.GOMAXPROCS(0))
	mode := "closed loop: each client sends its next request when it has the answer"
	if cfg.rate > 0 {
		mode = fmt.Sprintf("paced: %.0f requests/s offered, latency from the scheduled start", cfg.rate)
	}
	fmt.Fprintf(&b, "%s; %.1f%% writes\n", mode, cfg.writes)
	fmt.Fprintf(&b, "test process CPU: %.2f cores on average, %.0f requests per CPU second\n\n",
		cpu.Seconds()/elapsed.Seconds(), float64(len(all))/cpu.Seconds())
	fmt.Fprintf(&b, "| endpoint | requests | req/s | p50 ms | p95 ms | p99 ms | max ms | KiB/response |\n")
	fmt.Fprintf(&b, "|---|---:|---:|---:|---:|---:|---:|---:|\n")
	row := func(ep string, ds []time.Duration, n int64) {
		if len(ds) == 0 {
			return
		}
		slices.Sort(ds)
		q := func(p float64) time.Duration { return ds[min(len(ds)-1, int(p*float64(len(ds))))] }
		fmt.Fprintf(&b, "| %s | %d | %.1f | %s | %s | %s | %s | %.1f |\n", ep, len(ds),
			float64(len(ds))/elapsed.Seconds(), ms(q(0.50)), ms(q(0.95)), ms(q(0.99)), ms(ds[len(ds)-1]),
			float64(n)/1024/float64(len(ds)))
	}
	var total int64
	for _, ep := range endpoints {
		row(ep, lat[ep], bytes[ep])
		total += bytes[ep]
	}
	row("**all**", all, total)
	t.Log(b.String())
	if len(fails) > 0 {
		t.Errorf("%d failed requests, the first: %s", len(fails), strings.Join(fails[:min(len(fails), 10)], "\n"))
	}
	const goal = 100 * time.Millisecond
	for _, ep := range []string{epDashboard, epList} {
		if ds := lat[ep]; len(ds) > 0 {
			if p95 := ds[min(len(ds)-1, int(0.95*float64(len(ds))))]; p95 > goal {
				t.Logf("%s: p95 %v is over the goal of %v", ep, p95.Round(time.Millisecond), goal)
			}
		}
	}
}
