package shared

import (
	"slices"
	"time"

	"ducha/ledger"
)

// Column lists of the commitment tables, in the order of the values
// Tables gathers. The ids of commitments are chosen by the store;
// milestones get theirs from the database.
var (
	CommitmentColumns = []string{"id", "report_id", "code", "parent_code", "kind", "title", "text", "sentence",
		"span_start", "span_end", "section", "category", "lead", "period", "deadline_text", "deadline", "weight"}
	TargetColumns = []string{"commitment_id", "indicator", "quantity", "unit", "comparator", "value", "high",
		"change", "baseline_value", "baseline_year", "binding", "kind"}
	AssignmentColumns = []string{"commitment_id", "lead_unit_id", "suggested_unit_id", "leader", "person"}
	CooperatorColumns = []string{"commitment_id", "position", "unit_id"}
	MilestoneColumns  = []string{"commitment_id", "position", "due", "expected", "description"}
)

// TableNames and TableColumns list the commitment tables in the order of
// Tables.Table, parents before children.
var (
	TableNames   = []string{"commitments", "targets", "assignments", "assignment_cooperators", "milestones"}
	TableColumns = [][]string{CommitmentColumns, TargetColumns, AssignmentColumns, CooperatorColumns, MilestoneColumns}
)

// Tables gathers the rows to insert into the commitment tables, so that a
// store can write each table in bulk, parents first: commitments, targets,
// assignments, cooperators, milestones. Each table is one slice of values,
// row after row, in the order of its columns; a NULL is a nil value.
type Tables struct {
	// Date turns a day (midnight UTC) into the value the database takes.
	Date  func(time.Time) any
	Units UnitIDs

	Commitments, Targets, Assignments, Cooperators, Milestones []any

	// The JSON of the last section path, which the next commitment
	// usually shares.
	lastSection []string
	lastJSON    string
}

// Table returns the values of the i-th table of TableNames.
func (t *Tables) Table(i int) *[]any {
	return [...]*[]any{&t.Commitments, &t.Targets, &t.Assignments, &t.Cooperators, &t.Milestones}[i]
}

// Grow makes room for n more commitments, each with a target.
func (t *Tables) Grow(n int) {
	t.Commitments = slices.Grow(t.Commitments, n*len(CommitmentColumns))
	t.Targets = slices.Grow(t.Targets, n*len(TargetColumns))
}

// AddCommitment adds c, with id, as a commitment of the report, with its
// target, assignment and milestones.
func (t *Tables) AddCommitment(id, reportID int64, c *ledger.Commitment) error {
	var deadline any
	if c.Deadline != nil {
		deadline = t.Date(Day(*c.Deadline))
	}
	if !slices.Equal(c.Section, t.lastSection) || t.lastJSON == "" {
		t.lastSection, t.lastJSON = c.Section, EncodeStrings(c.Section)
	}
	t.Commitments = append(t.Commitments, id, reportID, c.Code, c.ParentCode, string(c.Kind), c.Title, c.Text,
		c.Sentence, int64(c.Start), int64(c.End), t.lastJSON, c.Category, c.Lead, int64(c.Period), c.DeadlineText,
		deadline, c.Weight)
	if c.Target != nil {
		t.AddTarget(id, c.Target)
	}
	if err := t.AddAssignment(id, c.Assignment); err != nil {
		return err
	}
	t.AddMilestones(id, c.Milestones)
	return nil
}

// AddTarget adds the target of commitment id.
func (t *Tables) AddTarget(id int64, g *ledger.Target) {
	t.Targets = append(t.Targets, id, g.Indicator, g.Quantity, g.Unit, g.Comparator, g.Value, g.High, g.Change,
		g.BaselineValue, int64(g.BaselineYear), g.Binding, g.Kind)
}

// AddAssignment adds the assignment of commitment id, unless it says
// nothing; a unit name not in Units is an EInvalid error.
func (t *Tables) AddAssignment(id int64, a ledger.Assignment) error {
	if EmptyAssignment(a) {
		return nil
	}
	lead, err := t.unit(a.Lead)
	if err != nil {
		return err
	}
	suggested, err := t.unit(a.SuggestedLead)
	if err != nil {
		return err
	}
	t.Assignments = append(t.Assignments, id, lead, suggested, a.Leader, a.Person)
	for i, name := range a.Cooperating {
		unit, err := t.unit(name)
		if err != nil {
			return err
		}
		if unit != nil {
			t.Cooperators = append(t.Cooperators, id, int64(i), unit)
		}
	}
	return nil
}

// unit returns the id of the unit named name, or nil for no name.
func (t *Tables) unit(name string) (any, error) {
	id, ok, err := t.Units.ID(name)
	if err != nil || !ok {
		return nil, err
	}
	return id, nil
}

// AddMilestones adds the milestones of commitment id, in order.
func (t *Tables) AddMilestones(id int64, ms []ledger.Milestone) {
	for i, m := range ms {
		t.Milestones = append(t.Milestones, id, int64(i), t.Date(Day(m.Due)), m.Expected, m.Description)
	}
}
