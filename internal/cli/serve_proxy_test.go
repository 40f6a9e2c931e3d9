package cli

import (
	"net/netip"
	"reflect"
	"testing"
)

// TestTrustedProxyFlag: addresses and prefixes, from the environment and
// repeated flags; the flags replace the environment's list.
func TestTrustedProxyFlag(t *testing.T) {
	var got []netip.Prefix
	l := prefixList{list: &got}
	if err := l.add("10.0.0.0/8, 192.168.1.7"); err != nil {
		t.Fatal(err)
	}
	if want := []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8"), netip.MustParsePrefix("192.168.1.7/32")}; !reflect.DeepEqual(got, want) {
		t.Fatalf("from the environment: %v", got)
	}
	for _, v := range []string{"172.16.5.9/12", "::1"} {
		if err := l.Set(v); err != nil {
			t.Fatal(err)
		}
	}
	if want := []netip.Prefix{netip.MustParsePrefix("172.16.0.0/12"), netip.MustParsePrefix("::1/128")}; !reflect.DeepEqual(got, want) {
		t.Fatalf("flags: %v, want %v", got, want)
	}
	if err := l.Set("proxy.local"); err == nil {
		t.Error("a host name was taken as an address")
	}
}
