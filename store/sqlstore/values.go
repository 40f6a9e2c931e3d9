package sqlstore

import (
	"fmt"
	"time"

	"ducha/store/internal/shared"
)

// timeDest scans a nullable timestamp (or, with day, a date) column as
// either database returns it — time.Time from PostgreSQL, RFC 3339 or
// 'YYYY-MM-DD' text from SQLite — NULL giving the zero time.
type timeDest struct {
	t   *time.Time
	day bool
}

func (d timeDest) Scan(v any) error {
	var s string
	switch v := v.(type) {
	case nil:
		*d.t = time.Time{}
		return nil
	case time.Time:
		if d.day {
			*d.t = shared.Day(v)
		} else {
			*d.t = v.UTC()
		}
		return nil
	case string:
		s = v
	case []byte:
		s = string(v)
	default:
		return fmt.Errorf("time column holds %T", v)
	}
	layout := time.RFC3339
	if d.day || len(s) == len(shared.DateLayout) {
		layout = shared.DateLayout
	}
	p, err := time.Parse(layout, s)
	if err != nil {
		return err
	}
	if d.day {
		p = shared.Day(p)
	}
	*d.t = p.UTC()
	return nil
}

// StampDest scans a timestamp column into t; DateDest a date column, as
// midnight UTC.
func StampDest(t *time.Time) any { return timeDest{t: t} }
func DateDest(t *time.Time) any  { return timeDest{t: t, day: true} }

// jsonArg is JSON text as stored in a JSON column: NULL for "".
func jsonArg(s string) any {
	if s == "" {
		return nil
	}
	return s
}
