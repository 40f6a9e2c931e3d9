package shared

import (
	"encoding/json"
	"strings"

	"ducha/ledger"
)

// CheckGovernment checks and normalises a government to be ensured: the name
// and the parent's name are trimmed, the name must not be empty, a level
// must be one of ledger.Levels and a government cannot be its own parent.
func CheckGovernment(g ledger.Government) (ledger.Government, error) {
	g.Name = strings.TrimSpace(g.Name)
	g.Parent = strings.TrimSpace(g.Parent)
	g.Level = ledger.Level(strings.TrimSpace(string(g.Level)))
	if g.Name == "" {
		return g, ledger.Errorf(ledger.EInvalid, "a government needs a name")
	}
	if g.Level != "" && !ledger.ValidLevel(g.Level) {
		return g, ledger.Errorf(ledger.EInvalid, "government %q: level %q is not one of %s", g.Name, g.Level, levels())
	}
	if g.Parent == g.Name {
		return g, ledger.Errorf(ledger.EInvalid, "government %q cannot be its own parent", g.Name)
	}
	return g, nil
}

func levels() string {
	s := make([]string, len(ledger.Levels))
	for i, l := range ledger.Levels {
		s[i] = string(l)
	}
	return strings.Join(s, ", ")
}

// ParentCycle is the error for a parent chain that comes back to where it
// started.
func ParentCycle(what, name, parent string) error {
	return ledger.Errorf(ledger.EInvalid, "%s %q cannot have %q as parent: %q is below it", what, name, parent, parent)
}

// CheckReport checks a report to be saved: a year, a government and, when
// given, a structure that is JSON.
func CheckReport(r *ledger.Report) error {
	if r.GovernmentID <= 0 {
		return ledger.Errorf(ledger.EInvalid, "report %d has no government", r.Year)
	}
	if r.Year < 1 || r.Year > 9999 {
		return ledger.Errorf(ledger.EInvalid, "report year %d is out of range", r.Year)
	}
	if len(r.Structure) > 0 && !json.Valid(r.Structure) {
		return ledger.Errorf(ledger.EInvalid, "the structure of report %d is not JSON", r.Year)
	}
	return nil
}

// CheckCodes checks that every commitment has a code and that no code appears
// twice.
func CheckCodes(cs []ledger.Commitment) error {
	seen := make(map[string]bool, len(cs))
	for i, c := range cs {
		if strings.TrimSpace(c.Code) == "" {
			return ledger.Errorf(ledger.EInvalid, "commitment %d (%.40q) has no code", i+1, c.Title)
		}
		if seen[c.Code] {
			return ledger.Errorf(ledger.EInvalid, "code %q appears twice", c.Code)
		}
		seen[c.Code] = true
	}
	return nil
}

// NewTasks returns the indexes of the commitments of cs whose codes are
// not in existing, after checking that each has a parent in existing or
// in cs. It also checks codes as CheckCodes does.
func NewTasks(existing map[string]int64, cs []ledger.Commitment) ([]int, error) {
	if err := CheckCodes(cs); err != nil {
		return nil, err
	}
	inBatch := make(map[string]bool, len(cs))
	for _, c := range cs {
		inBatch[c.Code] = true
	}
	var out []int
	for i, c := range cs {
		if _, ok := existing[c.Code]; ok {
			continue
		}
		if c.ParentCode == "" {
			return nil, ledger.Errorf(ledger.EInvalid, "new task %q has no parent code", c.Code)
		}
		if _, ok := existing[c.ParentCode]; !ok && !inBatch[c.ParentCode] {
			return nil, ledger.Errorf(ledger.EInvalid, "new task %q: parent %q is not in the report", c.Code, c.ParentCode)
		}
		out = append(out, i)
	}
	return out, nil
}

// UnknownUnit is the error for a unit name missing from the directory.
func UnknownUnit(name string) error {
	return ledger.Errorf(ledger.EInvalid, "unit %q is not in the units directory", name)
}

// UnitIDs maps the full names of the units directory to their ids.
type UnitIDs map[string]int64

// ID returns the id of the unit named name; ok is false for "" (no unit)
// and an unknown name is an EInvalid error.
func (m UnitIDs) ID(name string) (id int64, ok bool, err error) {
	name = strings.TrimSpace(name)
	if name == "" {
		return 0, false, nil
	}
	id, ok = m[name]
	if !ok {
		return 0, false, UnknownUnit(name)
	}
	return id, true, nil
}

// CheckUnits checks that every unit an assignment of cs names is in m, so
// that a write can fail before it starts.
func (m UnitIDs) CheckUnits(cs []ledger.Commitment) error {
	for _, c := range cs {
		a := c.Assignment
		for _, n := range append([]string{a.Lead, a.SuggestedLead}, a.Cooperating...) {
			if _, _, err := m.ID(n); err != nil {
				return err
			}
		}
	}
	return nil
}

// HasAssignment reports whether any commitment of cs names a unit.
func HasAssignment(cs []ledger.Commitment) bool {
	for _, c := range cs {
		if c.Assignment.Lead != "" || c.Assignment.SuggestedLead != "" || len(c.Assignment.Cooperating) > 0 {
			return true
		}
	}
	return false
}

// EmptyAssignment reports whether a says nothing and needs no row.
func EmptyAssignment(a ledger.Assignment) bool {
	return a.Lead == "" && a.SuggestedLead == "" && len(a.Cooperating) == 0 && a.Leader == "" && a.Person == ""
}
