package ledger

import "strings"

// Directory looks units up by full name, short name or alias.
type Directory struct {
	units  []Unit
	byName map[string]*Unit
}

// NewDirectory indexes units.
func NewDirectory(units []Unit) *Directory {
	d := &Directory{units: units, byName: map[string]*Unit{}}
	for i := range units {
		u := &units[i]
		for _, n := range append([]string{u.ShortName}, u.Aliases...) {
			if n = strings.TrimSpace(n); n != "" {
				if _, taken := d.byName[n]; !taken {
					d.byName[n] = u
				}
			}
		}
	}
	for i := range units {
		d.byName[units[i].Name] = &units[i] // full names win
	}
	return d
}

// Units returns the directory's units.
func (d *Directory) Units() []Unit { return d.units }

// Lookup returns the unit named name (full name, short name or alias).
func (d *Directory) Lookup(name string) (Unit, bool) {
	u, ok := d.byName[strings.TrimSpace(name)]
	if !ok {
		return Unit{}, false
	}
	return *u, true
}

// Closest returns the full name of the unit most like name, for "did you
// mean" messages, or "" when nothing is close.
func (d *Directory) Closest(name string) string {
	name = strings.TrimSpace(name)
	best, bestScore := "", 0.0
	for n, u := range d.byName {
		s := similarity(name, n)
		// Containment in a full name counts in proportion to how much of it
		// is covered: 城关区教育局 is inside 城关区教育局(体育局). Short names
		// do not get it: 区教育局 is inside 城关区教育局 yet names another
		// district's bureau.
		if n == u.Name && (strings.Contains(n, name) || strings.Contains(name, n)) {
			short, long := len(name), len(n)
			if short > long {
				short, long = long, short
			}
			s += 0.4 * float64(short) / float64(long)
		}
		if s > bestScore || s == bestScore && u.Name < best {
			best, bestScore = u.Name, s
		}
	}
	if bestScore < 0.5 {
		return ""
	}
	return best
}
