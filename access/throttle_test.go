package access

import (
	"testing"
	"time"
)

// A step of a throttle scenario. do is
//
//	"fail"    begin an attempt; if allowed, end it as a wrong password
//	"ok"      begin an attempt; if allowed, end it as a sign-in
//	"hold"    begin an attempt and keep it under way
//	"failAll" end the held attempts as wrong passwords
//	"cancel"  cancel one held attempt
//	"wait"    move the clock on by d
//
// want is what Begin answers: "" allowed, "locked" (until now+d) or
// "early" (retry after d).
type step struct {
	do, account, addr string
	want              string
	d                 time.Duration
}

func TestThrottle(t *testing.T) {
	small := func() *Throttle {
		return &Throttle{
			Pair:    Limit{Max: 3, Window: 10 * time.Minute, Lockout: 15 * time.Minute, MaxLockout: time.Hour},
			Account: Limit{Max: 5, Window: 10 * time.Minute, Lockout: 30 * time.Minute, MaxLockout: 2 * time.Hour},
			Address: Rate{Burst: 100, Every: time.Second},
		}
	}
	fail3 := []step{{do: "fail", account: "zhang", addr: "A"}, {do: "fail", account: "zhang", addr: "A"}, {do: "fail", account: "zhang", addr: "A"}}
	cases := []struct {
		name  string
		th    *Throttle
		steps []step
	}{
		{"a pair is locked after Max failures, the right password too, until the lock ends", small(), append(fail3,
			step{do: "ok", account: "zhang", addr: "A", want: "locked", d: 15 * time.Minute},
			step{do: "wait", d: 14 * time.Minute},
			step{do: "ok", account: "zhang", addr: "A", want: "locked", d: time.Minute},
			step{do: "wait", d: time.Minute},
			step{do: "ok", account: "zhang", addr: "A"},
		)},
		{"failures spread beyond the window do not lock", small(), []step{
			{do: "fail", account: "zhang", addr: "A"}, {do: "fail", account: "zhang", addr: "A"},
			{do: "wait", d: 11 * time.Minute},
			{do: "fail", account: "zhang", addr: "A"}, {do: "fail", account: "zhang", addr: "A"},
			{do: "ok", account: "zhang", addr: "A"},
		}},
		{"each further lock doubles, up to MaxLockout", small(), seq(
			fail3, []step{{do: "ok", account: "zhang", addr: "A", want: "locked", d: 15 * time.Minute}, {do: "wait", d: 15 * time.Minute}},
			fail3, []step{{do: "ok", account: "zhang", addr: "A", want: "locked", d: 30 * time.Minute}, {do: "wait", d: 30 * time.Minute}},
			fail3, []step{{do: "ok", account: "zhang", addr: "A", want: "locked", d: time.Hour}, {do: "wait", d: time.Hour}},
			fail3, []step{{do: "ok", account: "zhang", addr: "A", want: "locked", d: time.Hour}},
		)},
		{"a sign-in clears the pair's failures", small(), []step{
			{do: "fail", account: "zhang", addr: "A"}, {do: "fail", account: "zhang", addr: "A"},
			{do: "ok", account: "zhang", addr: "A"},
			{do: "fail", account: "zhang", addr: "A"}, {do: "fail", account: "zhang", addr: "A"},
			{do: "ok", account: "zhang", addr: "A"},
		}},
		{"another account from the same address still signs in", small(), append(fail3,
			step{do: "ok", account: "li", addr: "A"},
			step{do: "ok", account: "zhang", addr: "A", want: "locked", d: 15 * time.Minute},
		)},
		{"the account is locked from everywhere after Account.Max failures from several addresses", small(), append(fail3,
			step{do: "ok", account: "zhang", addr: "B"}, // the owner elsewhere: only the pair is locked
			step{do: "fail", account: "zhang", addr: "C"},
			step{do: "fail", account: "zhang", addr: "D"},
			step{do: "fail", account: "zhang", addr: "E", want: "locked", d: 30 * time.Minute}, // 5th: locked now
			step{do: "ok", account: "zhang", addr: "B", want: "locked", d: 30 * time.Minute},
			step{do: "ok", account: "li", addr: "C"},
		)},
		{"attempts count when they start", small(), []step{
			{do: "hold", account: "zhang", addr: "A"}, {do: "hold", account: "zhang", addr: "A"}, {do: "hold", account: "zhang", addr: "A"},
			{do: "ok", account: "zhang", addr: "A", want: "early", d: time.Second}, // three under way: no fourth
			{do: "failAll"},
			{do: "ok", account: "zhang", addr: "A", want: "locked", d: 15 * time.Minute},
		}},
		{"a cancelled attempt counts for nothing", small(), []step{
			{do: "hold", account: "zhang", addr: "A"}, {do: "hold", account: "zhang", addr: "A"}, {do: "hold", account: "zhang", addr: "A"},
			{do: "cancel"},
			{do: "hold", account: "zhang", addr: "A"},
			{do: "failAll"},
			{do: "ok", account: "zhang", addr: "A", want: "locked", d: 15 * time.Minute},
		}},
		{"an address over its rate is slowed, never locked", &Throttle{
			Pair:    Limit{Max: 3, Window: 10 * time.Minute, Lockout: 15 * time.Minute},
			Account: Limit{Max: 5, Window: 10 * time.Minute, Lockout: 30 * time.Minute},
			Address: Rate{Burst: 4, Every: 10 * time.Second},
		}, []step{
			{do: "fail", account: "a1", addr: "NAT"}, {do: "fail", account: "a2", addr: "NAT"},
			{do: "fail", account: "a3", addr: "NAT"}, {do: "fail", account: "a4", addr: "NAT"},
			{do: "ok", account: "a5", addr: "NAT", want: "early", d: 10 * time.Second},
			{do: "ok", account: "a5", addr: "elsewhere"},
			{do: "wait", d: 4 * time.Second},
			{do: "ok", account: "a5", addr: "NAT", want: "early", d: 6 * time.Second},
			{do: "wait", d: 6 * time.Second},
			{do: "fail", account: "a5", addr: "NAT"},
			{do: "ok", account: "a6", addr: "NAT", want: "early", d: 10 * time.Second},
		}},
		{"sign-ins give the address's rate back", &Throttle{
			Pair:    Limit{Max: 3, Window: 10 * time.Minute, Lockout: 15 * time.Minute},
			Account: Limit{Max: 5, Window: 10 * time.Minute, Lockout: 30 * time.Minute},
			Address: Rate{Burst: 2, Every: time.Minute},
		}, []step{
			{do: "ok", account: "a1", addr: "NAT"}, {do: "ok", account: "a2", addr: "NAT"}, {do: "ok", account: "a3", addr: "NAT"},
			{do: "fail", account: "a4", addr: "NAT"},
			{do: "ok", account: "a1", addr: "NAT"},
			{do: "fail", account: "a5", addr: "NAT"},
			{do: "ok", account: "a1", addr: "NAT", want: "early", d: time.Minute},
		}},
		{"refused attempts use none of the address's rate", &Throttle{
			Pair:    Limit{Max: 3, Window: 10 * time.Minute, Lockout: 15 * time.Minute},
			Account: Limit{Max: 50, Window: 10 * time.Minute, Lockout: 30 * time.Minute},
			Address: Rate{Burst: 4, Every: time.Minute},
		}, append(append(fail3,
			step{do: "ok", account: "zhang", addr: "A", want: "locked", d: 15 * time.Minute},
			step{do: "ok", account: "zhang", addr: "A", want: "locked", d: 15 * time.Minute}),
			step{do: "fail", account: "li", addr: "A"}, // the 4th of the burst
			step{do: "ok", account: "wang", addr: "A", want: "early", d: time.Minute},
		)},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			now := time.Date(2024, 6, 1, 9, 0, 0, 0, time.UTC)
			th := tc.th
			th.Now = func() time.Time { return now }
			var held []*Attempt
			for i, s := range tc.steps {
				switch s.do {
				case "wait":
					now = now.Add(s.d)
					continue
				case "failAll":
					for _, a := range held {
						a.Fail()
					}
					held = nil
					continue
				case "cancel":
					held[0].Cancel()
					held = held[1:]
					continue
				}
				at, ref := th.Begin(s.account, s.addr)
				switch {
				case s.want == "" && ref != nil:
					t.Fatalf("step %d %s %s@%s: refused (%v), want allowed", i, s.do, s.account, s.addr, ref)
				case s.want != "" && ref == nil:
					t.Fatalf("step %d %s %s@%s: allowed, want %s", i, s.do, s.account, s.addr, s.want)
				case s.want == "locked" && (!ref.Locked || !ref.Until.Equal(now.Add(s.d)) || ref.RetryAfter != s.d):
					t.Fatalf("step %d %s@%s: %+v, want locked for %s", i, s.account, s.addr, ref, s.d)
				case s.want == "early" && (ref.Locked || ref.RetryAfter != s.d):
					t.Fatalf("step %d %s@%s: %+v, want retry after %s", i, s.account, s.addr, ref, s.d)
				}
				if at == nil {
					continue
				}
				switch s.do {
				case "fail":
					at.Fail()
				case "ok":
					at.Succeed()
				case "hold":
					held = append(held, at)
				}
			}
		})
	}
}

// seq joins scenarios' steps.
func seq(parts ...[]step) []step {
	var out []step
	for _, p := range parts {
		out = append(out, p...)
	}
	return out
}

// TestAttemptEndsOnce: a second end of an attempt changes nothing.
func TestAttemptEndsOnce(t *testing.T) {
	th := &Throttle{Pair: Limit{Max: 2, Window: time.Hour, Lockout: time.Hour}, Account: Limit{Max: 10, Window: time.Hour, Lockout: time.Hour},
		Address: Rate{Burst: 10, Every: time.Second}}
	at, _ := th.Begin("zhang", "A")
	at.Fail()
	at.Fail()
	at.Cancel()
	if _, ref := th.Begin("zhang", "A"); ref != nil {
		t.Fatalf("one failure ended twice locked the pair: %v", ref)
	}
}
