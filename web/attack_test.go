package web_test

import (
	"io"
	"net/http"
	"net/url"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"ducha/access"
	"ducha/demo"
	"ducha/web"
)

// derivationsAtInit is the argon2id keys derived by the time this test
// package starts: importing web (and what it imports) must derive none.
var derivationsAtInit = access.Derivations()

func TestNoArgon2AtInit(t *testing.T) {
	if derivationsAtInit != 0 {
		t.Errorf("package initialisation derived %d argon2id keys, want 0", derivationsAtInit)
	}
}

// TestLoginAttack: 200 wrong passwords for one account sent at once from
// one address (loopback). At most the throttle's allowance reaches the
// password check, the server's heap stays small, the right password is
// refused until the lock ends, and another account from the same address
// still signs in.
func TestLoginAttack(t *testing.T) {
	const parallel = 200
	e := newEnv(t, web.Config{})
	var clock atomic.Int64
	clock.Store(time.Now().UnixNano())
	th := e.srv.Throttle()
	th.Now = func() time.Time { return time.Unix(0, clock.Load()) }
	c := e.client()
	c.get("/login")
	send := func(login, pw string) (int, string) {
		req, _ := http.NewRequest("POST", e.http.URL+"/login", strings.NewReader(url.Values{
			"login": {login}, "password": {pw}, "csrf_token": {c.csrf}}.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		resp, err := c.c.Do(req)
		if err != nil {
			t.Error(err)
			return 0, ""
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		return resp.StatusCode, resp.Header.Get("Retry-After")
	}

	runtime.GC()
	var peakInuse, peakSys atomic.Uint64
	stop := make(chan struct{})
	sampled := make(chan struct{})
	go func() {
		defer close(sampled)
		var ms runtime.MemStats
		for {
			runtime.ReadMemStats(&ms)
			if ms.HeapInuse > peakInuse.Load() {
				peakInuse.Store(ms.HeapInuse)
			}
			if ms.Sys > peakSys.Load() {
				peakSys.Store(ms.Sys)
			}
			select {
			case <-stop:
				return
			case <-time.After(2 * time.Millisecond):
			}
		}
	}()
	before := access.Derivations()
	var wg sync.WaitGroup
	var mu sync.Mutex
	statuses := map[int]int{}
	noRetryAfter := 0
	start := make(chan struct{})
	for i := 0; i < parallel; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			st, ra := send("ducha", "wrong-password-guess")
			mu.Lock()
			statuses[st]++
			if st != http.StatusUnauthorized && ra == "" {
				noRetryAfter++
			}
			mu.Unlock()
		}()
	}
	close(start)
	wg.Wait()
	close(stop)
	<-sampled
	checked := access.Derivations() - before
	t.Logf("%d parallel wrong logins: statuses %v, %d password checks, peak HeapInuse %d MB, Sys %d MB",
		parallel, statuses, checked, peakInuse.Load()>>20, peakSys.Load()>>20)
	if allowance := int64(th.Pair.Max); checked > allowance {
		t.Errorf("%d password checks, want at most the throttle's allowance %d", checked, allowance)
	}
	if statuses[http.StatusUnauthorized] > th.Pair.Max || statuses[http.StatusSeeOther] > 0 {
		t.Errorf("statuses %v: want at most %d refusals of the password and no sign-in", statuses, th.Pair.Max)
	}
	if noRetryAfter > 0 {
		t.Errorf("%d refusals without Retry-After", noRetryAfter)
	}
	if peak := peakInuse.Load(); peak > 300<<20 {
		t.Errorf("peak heap in use %d MB, want under 300 MB", peak>>20)
	}
	// The owner's right password is refused while the lock lasts.
	if st, ra := send("ducha", demo.Password); st != http.StatusTooManyRequests || ra == "" {
		t.Errorf("the right password during the lock: %d (Retry-After %q), want 429", st, ra)
	}
	// Another account from the same address signs in.
	other := e.client()
	other.get("/login")
	if resp, _ := other.post("/login", url.Values{"login": {"leader"}, "password": {demo.Password}}); resp.StatusCode != http.StatusSeeOther {
		t.Errorf("another account from the attacked address: %d, want a sign-in", resp.StatusCode)
	}
	clock.Add(int64(th.Pair.Lockout + time.Second))
	if st, _ := send("ducha", demo.Password); st != http.StatusSeeOther {
		t.Errorf("the right password after the lock: %d, want a sign-in", st)
	}
}
