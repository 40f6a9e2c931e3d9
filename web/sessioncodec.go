package web

import (
	"encoding/json"
	"fmt"
	"strconv"
	"time"

	"github.com/alexedwards/scs/v2"
)

// sessionCodec writes a session's values as JSON, each with its type, so
// that they come back as the types they were put as. scs's default codec
// (gob) builds its type information again for every session it reads and
// writes, which is most of what a session costs a request. Sessions
// written by gob before are still read.
//
// A session holds strings (login, CSRF token, flash messages, a form to
// fill in again) and int64s (the chosen report); bools, ints, float64s and
// times are read and written too. Any other type is refused when written.
type sessionCodec struct{}

var _ scs.Codec = sessionCodec{}

// sessionJSON is a session as sessionCodec writes it.
type sessionJSON struct {
	Deadline time.Time             `json:"deadline"`
	Values   map[string]typedValue `json:"values"`
}

// typedValue is one value: its type (s, i, n, b, f, t) and its text.
type typedValue struct {
	T string `json:"t"`
	V string `json:"v"`
}

func (sessionCodec) Encode(deadline time.Time, values map[string]any) ([]byte, error) {
	out := sessionJSON{Deadline: deadline, Values: make(map[string]typedValue, len(values))}
	for k, v := range values {
		var tv typedValue
		switch v := v.(type) {
		case string:
			tv = typedValue{"s", v}
		case int64:
			tv = typedValue{"i", strconv.FormatInt(v, 10)}
		case int:
			tv = typedValue{"n", strconv.Itoa(v)}
		case bool:
			tv = typedValue{"b", strconv.FormatBool(v)}
		case float64:
			tv = typedValue{"f", strconv.FormatFloat(v, 'g', -1, 64)}
		case time.Time:
			tv = typedValue{"t", v.Format(time.RFC3339Nano)}
		default:
			return nil, fmt.Errorf("session value %q: type %T cannot be stored", k, v)
		}
		out.Values[k] = tv
	}
	return json.Marshal(out)
}

func (sessionCodec) Decode(b []byte) (time.Time, map[string]any, error) {
	if len(b) == 0 || b[0] != '{' {
		return scs.GobCodec{}.Decode(b) // written before sessions were JSON
	}
	var in sessionJSON
	if err := json.Unmarshal(b, &in); err != nil {
		return time.Time{}, nil, fmt.Errorf("session: %w", err)
	}
	values := make(map[string]any, len(in.Values))
	for k, tv := range in.Values {
		var v any
		var err error
		switch tv.T {
		case "s":
			v = tv.V
		case "i":
			v, err = strconv.ParseInt(tv.V, 10, 64)
		case "n":
			v, err = strconv.Atoi(tv.V)
		case "b":
			v, err = strconv.ParseBool(tv.V)
		case "f":
			v, err = strconv.ParseFloat(tv.V, 64)
		case "t":
			v, err = time.Parse(time.RFC3339Nano, tv.V)
		default:
			err = fmt.Errorf("unknown type %q", tv.T)
		}
		if err != nil {
			return time.Time{}, nil, fmt.Errorf("session value %q: %w", k, err)
		}
		values[k] = v
	}
	return in.Deadline, values, nil
}
