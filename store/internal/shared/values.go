package shared

import (
	"encoding/json"
	"fmt"
	"slices"
	"time"
)

// DateLayout is how SQLite stores dates.
const DateLayout = "2006-01-02"

// Day returns the calendar day of t (in t's own location) as midnight UTC,
// the form in which both stores return dates.
func Day(t time.Time) time.Time {
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}

// Stamp returns t in UTC truncated to the second, the precision the stores
// keep for timestamps.
func Stamp(t time.Time) time.Time { return t.UTC().Truncate(time.Second) }

// EncodeStrings returns the JSON array of ss; nil gives "[]".
func EncodeStrings(ss []string) string {
	if len(ss) == 0 {
		return "[]"
	}
	b, err := json.Marshal(ss)
	if err != nil {
		panic(err) // a []string always marshals
	}
	return string(b)
}

// DecodeStrings reads a JSON array of strings; an empty array gives nil.
func DecodeStrings(s string) ([]string, error) {
	if s == "" || s == "[]" {
		return nil, nil
	}
	var ss []string
	if err := json.Unmarshal([]byte(s), &ss); err != nil {
		return nil, fmt.Errorf("stored list %.40q: %w", s, err)
	}
	if len(ss) == 0 {
		return nil, nil
	}
	return ss, nil
}

// Sections decodes the section paths of consecutive commitments, which
// mostly repeat: a path equal to the one before is not parsed again (each
// commitment still gets its own slice).
type Sections struct {
	last    string
	decoded []string
}

// Decode returns the path stored as JSON in s.
func (d *Sections) Decode(s string) ([]string, error) {
	if s != d.last || d.decoded == nil && s != "[]" && s != "" {
		v, err := DecodeStrings(s)
		if err != nil {
			return nil, err
		}
		d.last, d.decoded = s, v
	}
	return slices.Clone(d.decoded), nil
}
