package postgres

import (
	"time"

	"ducha/store/internal/shared"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgtype"
)

// Timestamps and dates scanned the way pgx scans them fastest: the
// store's time destinations (sqlstore.StampDest, DateDest) are
// sql.Scanners, which pgx serves through an interface value per column;
// here they are swapped for scanners of pgx's own time types.

// timeTarget is a time destination of the store.
type timeTarget interface {
	TimeTarget() (t *time.Time, day bool)
}

// pgTime scans timestamptz, timestamp and date columns into a time.Time,
// NULL giving the zero time.
type pgTime struct {
	t   *time.Time
	day bool
}

func (p pgTime) set(v time.Time, valid bool) error {
	switch {
	case !valid:
		*p.t = time.Time{}
	case p.day:
		*p.t = shared.Day(v)
	default:
		*p.t = v.UTC()
	}
	return nil
}

func (p pgTime) ScanTimestamptz(v pgtype.Timestamptz) error { return p.set(v.Time, v.Valid) }
func (p pgTime) ScanTimestamp(v pgtype.Timestamp) error     { return p.set(v.Time, v.Valid) }
func (p pgTime) ScanDate(v pgtype.Date) error               { return p.set(v.Time, v.Valid) }

// native swaps the store's time destinations in dest for pgTime.
func native(dest []any) []any {
	for i, d := range dest {
		if t, ok := d.(timeTarget); ok {
			p, day := t.TimeTarget()
			dest[i] = pgTime{t: p, day: day}
		}
	}
	return dest
}

// pgRows are rows scanning times natively.
type pgRows struct{ pgx.Rows }

func (r pgRows) Scan(dest ...any) error { return r.Rows.Scan(native(dest)...) }
