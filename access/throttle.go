package access

import (
	"fmt"
	"sync"
	"time"
)

// Throttle limits attempts to sign in. An attempt is counted when it
// starts (Begin), before the password is checked, so that guesses sent
// together are refused like guesses sent one after the other; it then ends
// as a failure, a success, or is cancelled (it never reached the check).
//
// Three limits apply:
//
//   - Pair, per account and client address: Max attempts that failed or
//     are under way within Window; the Max-th failure locks the pair for
//     Lockout, doubled at each further lock (back-off) up to MaxLockout.
//     This is what stops one client guessing one account's password.
//   - Account, per account from any address: the same with a higher Max,
//     against guesses spread over many addresses.
//   - Address, per client address over all accounts: a rate (Burst
//     attempts, then one per Every; a sign-in gives its attempt back)
//     that slows a client guessing many accounts, and never locks anyone
//     out: behind a proxy or NAT, other users of the address wait
//     seconds, not a lockout.
//
// A refused attempt counts for nothing. It is safe for concurrent use.
type Throttle struct {
	Pair    Limit
	Account Limit
	Address Rate
	Now     func() time.Time

	mu    sync.Mutex
	keys  map[string]*attempts // "p\x00account\x00addr" and "a\x00account"
	addrs map[string]*bucket
}

// Limit is a lockout rule (see Throttle).
type Limit struct {
	Max        int
	Window     time.Duration
	Lockout    time.Duration // the first lock
	MaxLockout time.Duration // back-off cap
}

// Rate is a token bucket: Burst attempts at once, then one per Every.
type Rate struct {
	Burst int
	Every time.Duration
}

// attempts is the record of one pair or account.
type attempts struct {
	failures []time.Time // within the window
	pending  int         // attempts under way
	locked   time.Time   // locked until
	locks    int         // locks so far (back-off)
	last     time.Time   // last change, to forget idle keys
}

type bucket struct {
	tokens float64
	at     time.Time
}

// forgetAfter is how long an idle key is remembered (with its back-off).
const forgetAfter = 24 * time.Hour

// maxKeys bounds the keys remembered; beyond it idle keys are forgotten.
const maxKeys = 100_000

// NewThrottle returns the default throttle: 5 failures of a pair or 20 of
// an account within 15 minutes lock it for 15 minutes, doubling to at most
// 24 hours (pair) or 4 hours (account); an address may try 20 times at
// once, then once every 3 seconds.
func NewThrottle() *Throttle {
	return &Throttle{
		Pair:    Limit{Max: 5, Window: 15 * time.Minute, Lockout: 15 * time.Minute, MaxLockout: 24 * time.Hour},
		Account: Limit{Max: 20, Window: 15 * time.Minute, Lockout: 15 * time.Minute, MaxLockout: 4 * time.Hour},
		Address: Rate{Burst: 20, Every: 3 * time.Second},
	}
}

// Refusal is why an attempt was refused.
type Refusal struct {
	// Locked: the account (from this address, or from anywhere) is locked
	// until Until. Otherwise the attempt is only early: too many are under
	// way, or the address is over its rate.
	Locked     bool
	Until      time.Time
	RetryAfter time.Duration // at least a second
}

func (r *Refusal) Error() string {
	if r.Locked {
		return fmt.Sprintf("login locked until %s", r.Until.Format(time.RFC3339))
	}
	return fmt.Sprintf("too many login attempts, retry in %s", r.RetryAfter)
}

// Attempt is a sign-in attempt under way; it ends with exactly one of
// Fail, Succeed or Cancel (later calls do nothing).
type Attempt struct {
	t             *Throttle
	pair, account string
	addr          string
	done          bool
}

func (t *Throttle) now() time.Time {
	if t.Now != nil {
		return t.Now()
	}
	return time.Now()
}

// Begin counts an attempt to sign in to account from addr, or refuses it.
func (t *Throttle) Begin(account, addr string) (*Attempt, *Refusal) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.keys == nil {
		t.keys, t.addrs = map[string]*attempts{}, map[string]*bucket{}
	}
	now := t.now()
	pairKey, accKey := "p\x00"+account+"\x00"+addr, "a\x00"+account
	var refusal *Refusal
	for _, k := range []struct {
		key string
		lim Limit
	}{{pairKey, t.Pair}, {accKey, t.Account}} {
		a := t.keys[k.key]
		if a == nil {
			continue
		}
		a.prune(now, k.lim.Window)
		switch {
		case now.Before(a.locked):
			refusal = longer(refusal, &Refusal{Locked: true, Until: a.locked, RetryAfter: a.locked.Sub(now)})
		case len(a.failures)+a.pending >= k.lim.Max:
			// The attempts under way may yet lock the key or clear it.
			refusal = longer(refusal, &Refusal{RetryAfter: time.Second})
		}
	}
	if refusal != nil {
		refusal.RetryAfter = max(time.Second, refusal.RetryAfter.Round(time.Second))
		return nil, refusal
	}
	b := t.addrs[addr]
	if b == nil {
		b = &bucket{tokens: float64(t.Address.Burst), at: now}
		t.addrs[addr] = b
	}
	b.refill(now, t.Address)
	if b.tokens < 1 {
		wait := time.Duration((1 - b.tokens) * float64(t.Address.Every))
		return nil, &Refusal{RetryAfter: max(time.Second, wait.Round(time.Second))}
	}
	b.tokens--
	for _, k := range []string{pairKey, accKey} {
		a := t.keys[k]
		if a == nil {
			a = &attempts{}
			t.keys[k] = a
		}
		a.pending++
		a.last = now
	}
	t.forgetIdle(now)
	return &Attempt{t: t, pair: pairKey, account: accKey, addr: addr}, nil
}

// longer returns the refusal that waits longer.
func longer(a, b *Refusal) *Refusal {
	if a == nil || b.Locked && !a.Locked || b.Locked == a.Locked && b.RetryAfter > a.RetryAfter {
		return b
	}
	return a
}

func (a *attempts) prune(now time.Time, window time.Duration) {
	kept := a.failures[:0]
	for _, f := range a.failures {
		if now.Sub(f) < window {
			kept = append(kept, f)
		}
	}
	a.failures = kept
}

func (b *bucket) refill(now time.Time, r Rate) {
	if r.Every > 0 && now.After(b.at) {
		b.tokens = min(float64(r.Burst), b.tokens+float64(now.Sub(b.at))/float64(r.Every))
	}
	b.at = now
}

// Fail ends the attempt as a wrong password: the failure counts for the
// pair and the account, and may lock them.
func (at *Attempt) Fail() {
	at.end(func(t *Throttle, now time.Time) {
		for _, k := range []struct {
			key string
			lim Limit
		}{{at.pair, t.Pair}, {at.account, t.Account}} {
			a := t.keys[k.key]
			a.prune(now, k.lim.Window)
			a.failures = append(a.failures, now)
			if len(a.failures) >= k.lim.Max {
				a.locked = now.Add(backoff(k.lim, a.locks))
				a.locks++
				a.failures = nil
			}
		}
	})
}

// backoff is the length of a key's lock after locks earlier ones.
func backoff(l Limit, locks int) time.Duration {
	d := l.Lockout
	for i := 0; i < locks && d < l.MaxLockout; i++ {
		d *= 2
	}
	if l.MaxLockout > 0 {
		d = min(d, l.MaxLockout)
	}
	return d
}

// Succeed ends the attempt as a sign-in: the pair's failures and back-off
// are cleared, and the address's rate is given back (people signing in
// behind one NAT do not slow each other). The account's failures from
// elsewhere stay: a guesser does not get a fresh allowance whenever the
// owner signs in.
func (at *Attempt) Succeed() {
	at.end(func(t *Throttle, now time.Time) {
		a := t.keys[at.pair]
		a.failures, a.locks, a.locked = nil, 0, time.Time{}
		t.giveBack(at.addr, now)
	})
}

// Cancel ends an attempt that never reached the password check (the
// server was busy): it counts for nothing, and the address's rate is
// given back.
func (at *Attempt) Cancel() {
	at.end(func(t *Throttle, now time.Time) { t.giveBack(at.addr, now) })
}

func (t *Throttle) giveBack(addr string, now time.Time) {
	if b := t.addrs[addr]; b != nil {
		b.refill(now, t.Address)
		b.tokens = min(float64(t.Address.Burst), b.tokens+1)
	}
}

func (at *Attempt) end(f func(t *Throttle, now time.Time)) {
	t := at.t
	t.mu.Lock()
	defer t.mu.Unlock()
	if at.done {
		return
	}
	at.done = true
	now := t.now()
	for _, k := range []string{at.pair, at.account} {
		if a := t.keys[k]; a != nil {
			a.pending--
			a.last = now
		} else {
			// Forgotten while under way: restore it, so that f finds it.
			t.keys[k] = &attempts{last: now}
		}
	}
	f(t, now)
}

// forgetIdle forgets, once there are too many, the keys with nothing
// under way, no lock and no change for forgetAfter, and the full buckets.
func (t *Throttle) forgetIdle(now time.Time) {
	if len(t.keys) <= maxKeys && len(t.addrs) <= maxKeys {
		return
	}
	for k, a := range t.keys {
		if a.pending == 0 && !now.Before(a.locked) && now.Sub(a.last) >= forgetAfter {
			delete(t.keys, k)
		}
	}
	for k, b := range t.addrs {
		if b.refill(now, t.Address); b.tokens >= float64(t.Address.Burst) {
			delete(t.addrs, k)
		}
	}
	if len(t.keys) > maxKeys {
		// Still too many (an attack on many names): forget those without
		// a lock, then the oldest are as good as any.
		for k, a := range t.keys {
			if a.pending == 0 && !now.Before(a.locked) {
				delete(t.keys, k)
			}
		}
	}
}
