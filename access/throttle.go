package access

import (
	"sync"
	"time"
)

// Throttle limits failed logins: after Max failures for a key (an account
// name, or a client address) within Window, the key is locked for Lockout.
// It is safe for concurrent use.
type Throttle struct {
	Max     int
	Window  time.Duration
	Lockout time.Duration
	Now     func() time.Time

	mu   sync.Mutex
	keys map[string]*attempts
}

type attempts struct {
	failures []time.Time
	locked   time.Time // locked until
}

// NewThrottle returns a throttle of 5 failures in 15 minutes, locking for
// 15 minutes.
func NewThrottle() *Throttle {
	return &Throttle{Max: 5, Window: 15 * time.Minute, Lockout: 15 * time.Minute}
}

func (t *Throttle) now() time.Time {
	if t.Now != nil {
		return t.Now()
	}
	return time.Now()
}

// Locked reports whether key is locked, and until when.
func (t *Throttle) Locked(key string) (bool, time.Time) {
	t.mu.Lock()
	defer t.mu.Unlock()
	a := t.keys[key]
	if a == nil {
		return false, time.Time{}
	}
	if t.now().Before(a.locked) {
		return true, a.locked
	}
	return false, time.Time{}
}

// Fail records a failed login for key.
func (t *Throttle) Fail(key string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.keys == nil {
		t.keys = map[string]*attempts{}
	}
	now := t.now()
	a := t.keys[key]
	if a == nil {
		a = &attempts{}
		t.keys[key] = a
	}
	kept := a.failures[:0]
	for _, f := range a.failures {
		if now.Sub(f) < t.Window {
			kept = append(kept, f)
		}
	}
	a.failures = append(kept, now)
	if len(a.failures) >= t.Max {
		a.locked = now.Add(t.Lockout)
		a.failures = nil
	}
	// Forget idle keys so that the map cannot grow without bound.
	if len(t.keys) > 100000 {
		for k, v := range t.keys {
			if len(v.failures) == 0 && now.After(v.locked) {
				delete(t.keys, k)
			}
		}
	}
}

// Succeed clears the failures of key after a successful login.
func (t *Throttle) Succeed(key string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	delete(t.keys, key)
}
