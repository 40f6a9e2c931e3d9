package ledger

import (
	"bytes"
	"encoding/json"
	"net/url"
	"strings"
	"unicode"
)

// Mask stands for a secret wherever one is shown or recorded: on the
// settings page (a form sent back with it keeps the stored value) and in
// the audit log.
const Mask = "******"

// secretNames are the JSON member names whose values are secrets.
var secretNames = []string{"secret", "password", "token", "access_token", "key", "sign"}

// IsSecretName reports whether a field or parameter of that name holds a
// secret.
func IsSecretName(name string) bool {
	name = strings.ToLower(name)
	for _, s := range secretNames {
		if name == s || strings.HasSuffix(name, "_"+s) {
			return true
		}
	}
	return false
}

// MaskURL hides the credentials of a webhook address: every query value
// (access_token=…, key=…), a password, and any path segment that looks
// like a token (16 characters or more, with letters and digits, as in
// …/hook/6f2a8b3c-…). What is not an http(s) URL is returned unchanged.
func MaskURL(s string) string {
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return s
	}
	if u.User != nil {
		if _, ok := u.User.Password(); ok {
			u.User = url.UserPassword(u.User.Username(), Mask)
		}
	}
	segs := strings.Split(u.Path, "/")
	for i, seg := range segs {
		if looksLikeToken(seg) {
			segs[i] = Mask
		}
	}
	out := u.Scheme + "://" + u.Host
	if u.User != nil {
		out = u.Scheme + "://" + u.User.String() + "@" + u.Host
	}
	out += strings.Join(segs, "/")
	if u.RawQuery != "" {
		var qs []string
		for _, kv := range strings.Split(u.RawQuery, "&") {
			k, _, _ := strings.Cut(kv, "=")
			qs = append(qs, k+"="+Mask)
		}
		out += "?" + strings.Join(qs, "&")
	}
	return out
}

func looksLikeToken(seg string) bool {
	if len(seg) < 16 {
		return false
	}
	letters, digits := false, false
	for _, r := range seg {
		switch {
		case unicode.IsDigit(r):
			digits = true
		case unicode.IsLetter(r):
			letters = true
		case r != '-' && r != '_' && r != '.':
			return false
		}
	}
	return letters && digits
}

// RedactJSON returns a JSON document with its secrets masked: the string
// values of members named as secrets (IsSecretName) and the credentials of
// every http(s) address (MaskURL). What is not JSON is returned as is.
func RedactJSON(doc []byte) []byte {
	dec := json.NewDecoder(bytes.NewReader(doc))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return doc
	}
	out, err := json.Marshal(redactValue(v, false))
	if err != nil {
		return doc
	}
	return out
}

func redactValue(v any, secret bool) any {
	switch v := v.(type) {
	case map[string]any:
		for k, x := range v {
			v[k] = redactValue(x, IsSecretName(k))
		}
	case []any:
		for i, x := range v {
			v[i] = redactValue(x, secret)
		}
	case string:
		if secret && v != "" {
			return Mask
		}
		return MaskURL(v)
	}
	return v
}
