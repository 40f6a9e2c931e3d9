package web

import (
	"context"
	"net/http"
	"net/netip"
	"strings"
	"testing"
	"time"
)

func TestClientAddr(t *testing.T) {
	proxies := []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8"), netip.MustParsePrefix("2001:db8::/32")}
	cases := []struct {
		name, remote string
		xff          []string
		realIP       string
		trusted      []netip.Prefix
		want         string
	}{
		{"no proxy configured: the peer, headers ignored", "203.0.113.9:5000", []string{"198.51.100.1"}, "198.51.100.2", nil, "203.0.113.9"},
		{"an untrusted peer's headers are ignored", "203.0.113.9:5000", []string{"198.51.100.1"}, "", proxies, "203.0.113.9"},
		{"behind a trusted proxy: the forwarded client", "10.1.2.3:443", []string{"198.51.100.1"}, "", proxies, "198.51.100.1"},
		{"the right-most untrusted address, not what the client wrote", "10.1.2.3:443", []string{"6.6.6.6, 198.51.100.1, 10.9.9.9"}, "", proxies, "198.51.100.1"},
		{"several headers are one list", "10.1.2.3:443", []string{"6.6.6.6", "198.51.100.1", "10.9.9.9"}, "", proxies, "198.51.100.1"},
		{"all trusted: the left-most", "10.1.2.3:443", []string{"10.0.0.7, 10.9.9.9"}, "", proxies, "10.0.0.7"},
		{"garbage stops the walk at the last good hop", "10.1.2.3:443", []string{"6.6.6.6, bogus, 10.9.9.9"}, "", proxies, "10.9.9.9"},
		{"an address with a port", "10.1.2.3:443", []string{"198.51.100.1:1234"}, "", proxies, "198.51.100.1"},
		{"IPv6 with a port", "[2001:db8::1]:443", []string{"[2001:db8:ffff::1]:80, [2a00:1450::5]:1234"}, "", proxies, "2a00:1450::5"},
		{"IPv4-mapped IPv6 is the IPv4 address", "[::ffff:10.1.2.3]:443", []string{"::ffff:198.51.100.1"}, "", proxies, "198.51.100.1"},
		{"X-Real-IP without X-Forwarded-For", "10.1.2.3:443", nil, "198.51.100.3", proxies, "198.51.100.3"},
		{"a bad X-Real-IP: the proxy", "10.1.2.3:443", nil, "not-an-ip", proxies, "10.1.2.3"},
		{"a peer without a port", "203.0.113.9", nil, "", nil, "203.0.113.9"},
	}
	for _, tc := range cases {
		h := http.Header{}
		for _, v := range tc.xff {
			h.Add("X-Forwarded-For", v)
		}
		if tc.realIP != "" {
			h.Set("X-Real-IP", tc.realIP)
		}
		if got := clientAddr(tc.remote, h, tc.trusted); got != tc.want {
			t.Errorf("%s: %q, want %q", tc.name, got, tc.want)
		}
	}
}

func TestSafeNext(t *testing.T) {
	cases := map[string]string{
		"/dashboard":             "/dashboard",
		"/commitments?state=new": "/commitments?state=new",
		"/a b":                   "/a%20b",
		"/c/1#r":                 "/c/1#r",
		"/public/%E7%A4%BA":      "/public/%E7%A4%BA",
		"":                       "",
		"dashboard":              "",
		"//evil":                 "",
		"///evil":                "",
		"/\\evil":                "",
		"/\t/evil":               "",
		"/\n/evil":               "",
		"/%09/evil":              "",
		"/%2F/evil":              "",
		"/%5Cevil":               "",
		"/%0d%0aSet-Cookie:x=1":  "",
		"https://evil":           "",
		"javascript:alert(1)":    "",
		"/x\x7f":                 "",
		"/%zz":                   "",
	}
	for in, want := range cases {
		if got := safeNext(in); got != want {
			t.Errorf("safeNext(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestPasswordChecksBounded: four checks run, thirty-two wait, the next
// is refused at once.
func TestPasswordChecksBounded(t *testing.T) {
	s := &Server{checks: make(chan struct{}, maxPasswordChecks)}
	ctx := context.Background()
	for i := 0; i < maxPasswordChecks; i++ {
		if !s.acquireCheck(ctx) {
			t.Fatalf("check %d refused", i+1)
		}
	}
	waiting := make(chan bool, maxPasswordWaiting)
	for i := 0; i < maxPasswordWaiting; i++ {
		go func() { waiting <- s.acquireCheck(ctx) }()
	}
	for s.waiting.Load() < maxPasswordWaiting {
		time.Sleep(time.Millisecond)
	}
	start := time.Now()
	if s.acquireCheck(ctx) {
		t.Fatal("a check beyond the waiting ones got a turn")
	}
	if d := time.Since(start); d >= passwordWait/2 { // it did not wait its turn
		t.Errorf("refused after %s, want at once", d)
	}
	for i := 0; i < maxPasswordWaiting; i++ {
		s.releaseCheck()
		if !<-waiting {
			t.Fatal("a waiting check was refused")
		}
	}
}

// TestTypedLoginBounded: a long typed login is kept as a digest by the
// throttle and cut in the audit log, at a character boundary.
func TestTypedLoginBounded(t *testing.T) {
	long := strings.Repeat("督", 100) // 300 bytes
	if k := throttleKey(long); len(k) != len("sha256:")+64 || k == throttleKey(long+"x") {
		t.Errorf("throttle key of a long login: %q", k)
	}
	if k := throttleKey("ducha"); k != "ducha" {
		t.Errorf("throttle key of a login: %q", k)
	}
	if c := clip(long, maxLoggedLogin); c != strings.Repeat("督", 42)+"…" {
		t.Errorf("clipped: %q", c)
	}
}
