package shared

import (
	"slices"
	"strings"

	"ducha/ledger"
)

// NormalUnits returns a copy of units with names, short names, parents and
// aliases trimmed and empty aliases dropped.
func NormalUnits(units []ledger.Unit) []ledger.Unit {
	out := make([]ledger.Unit, len(units))
	for i, u := range units {
		u.Name = strings.TrimSpace(u.Name)
		u.ShortName = strings.TrimSpace(u.ShortName)
		u.Parent = strings.TrimSpace(u.Parent)
		var aliases []string
		for _, a := range u.Aliases {
			if a = strings.TrimSpace(a); a != "" {
				aliases = append(aliases, a)
			}
		}
		u.Aliases = aliases
		out[i] = u
	}
	return out
}

// CheckUnits checks a normalised batch of units against the stored
// directory, given as a map from each stored unit's name to its parent's
// name: every unit has a name given once, every parent is stored or in the
// batch, and no parent chain loops.
func CheckUnits(stored map[string]string, batch []ledger.Unit) error {
	parent := make(map[string]string, len(stored)+len(batch))
	for n, p := range stored {
		parent[n] = p
	}
	seen := make(map[string]bool, len(batch))
	for i, u := range batch {
		if u.Name == "" {
			return ledger.Errorf(ledger.EInvalid, "unit %d has no name", i+1)
		}
		if seen[u.Name] {
			return ledger.Errorf(ledger.EInvalid, "unit %q appears twice", u.Name)
		}
		seen[u.Name] = true
		parent[u.Name] = u.Parent
	}
	for _, u := range batch {
		if u.Parent == "" {
			continue
		}
		if _, ok := parent[u.Parent]; !ok {
			return ledger.Errorf(ledger.EInvalid, "unit %q: parent unit %q is not in the units directory", u.Name, u.Parent)
		}
		// Walk up: at most len(parent) steps without a loop.
		n := u.Parent
		for steps := 0; n != ""; steps++ {
			if n == u.Name || steps > len(parent) {
				return ParentCycle("unit", u.Name, u.Parent)
			}
			n = parent[n]
		}
	}
	return nil
}

// SameUnit reports whether a stored unit already holds what u gives, so
// that saving it changes nothing.
func SameUnit(stored, u ledger.Unit) bool {
	return stored.ShortName == u.ShortName && stored.Parent == u.Parent && stored.Contact == u.Contact &&
		slices.Equal(stored.Aliases, u.Aliases)
}
