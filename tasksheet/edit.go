package tasksheet

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"strings"

	"ducha/ledger"
)

// Exported names of the editable columns, for forms that edit one
// commitment as a row of the sheet would.
const (
	ColTitle       = colTitle
	ColLead        = colLead
	ColCooperating = colCooperating
	ColLeader      = colLeader
	ColPerson      = colPerson
	ColDeadline    = colDeadline
	ColMilestones  = colMilestones
	ColWeight      = colWeight
)

// Edit applies cells, keyed by column name (牵头单位, 完成时限 …) and
// written as a person types them into the sheet, to a copy of c: the same
// rules as an imported row (units looked up in dir with a "did you mean",
// deadline phrases and milestones read for the plan year). A cell equal to
// what the sheet shows for c changes nothing. It returns the edited copy
// and every problem (Row 0); c itself is never changed.
func Edit(c ledger.Commitment, cells map[string]string, year int, dir *ledger.Directory) (ledger.Commitment, []CellError) {
	if dir == nil {
		dir = ledger.NewDirectory(nil)
	}
	p := &parser{year: year, dir: dir, existing: map[string]*ledger.Commitment{c.Code: &c}}
	rec := &record{cells: map[string]string{}}
	for col, v := range cells {
		rec.cells[col] = cleanCell(v)
	}
	out := clone(c)
	for _, col := range editable {
		v, ok := rec.cells[col]
		if !ok || v == cleanCell(cellText(col, &c)) {
			continue
		}
		p.apply(rec, col, v, &out)
	}
	for col := range rec.cells {
		if !isEditable(col) {
			p.fail(rec, col, "", "不能在此修改")
		}
	}
	return out, p.errs
}

func isEditable(col string) bool {
	for _, c := range editable {
		if c == col {
			return true
		}
	}
	return false
}

// FieldChange is one cell of a row that an edit changes, as the sheet
// shows it before and after.
type FieldChange struct {
	Column        string // 牵头单位, 完成时限 …
	Before, After string
}

// Diff lists the editable cells that differ between before and after, in
// the order of the sheet's columns. A new sub-task (before nil) lists its
// code, parent and every filled cell.
func Diff(before *ledger.Commitment, after ledger.Commitment) []FieldChange {
	var out []FieldChange
	empty := &ledger.Commitment{}
	if before == nil {
		before = empty
		out = append(out, FieldChange{Column: colCode, After: after.Code}, FieldChange{Column: colParent, After: after.ParentCode})
	}
	for _, col := range editable {
		b, a := cellText(col, before), cellText(col, &after)
		if b != a {
			out = append(out, FieldChange{Column: col, Before: b, After: a})
		}
	}
	return out
}

// Change is what a sheet changes in one task.
type Change struct {
	Code   string
	Title  string
	New    bool // a new sub-task
	Fields []FieldChange
}

// Plan is what an uploaded sheet would change: the commitments to write
// (as Parse returns them), the change of each, and the checksums that tie
// an apply to what was previewed.
type Plan struct {
	File        string
	Sum         string // hex SHA-256 of the file
	Commitments []ledger.Commitment
	Changes     []Change
	// Digest is the hex SHA-256 of the changes: the same file read
	// against a ledger that changed since gives another digest.
	Digest string
}

// Prepare reads an edited sheet as Parse does and returns its plan; a
// sheet with problems gives a *SheetError and no plan.
func Prepare(raw []byte, name string, year int, existing []ledger.Commitment, dir *ledger.Directory) (*Plan, error) {
	cs, err := Parse(bytes.NewReader(raw), name, year, existing, dir)
	if err != nil {
		return nil, err
	}
	sum := sha256.Sum256(raw)
	p := &Plan{File: name, Sum: hex.EncodeToString(sum[:]), Commitments: cs}
	byCode := map[string]*ledger.Commitment{}
	for i := range existing {
		byCode[existing[i].Code] = &existing[i]
	}
	h := sha256.New()
	for _, c := range cs {
		before := byCode[c.Code]
		ch := Change{Code: c.Code, Title: c.Title, New: before == nil, Fields: Diff(before, c)}
		p.Changes = append(p.Changes, ch)
		h.Write([]byte(c.Code + "\x00"))
		for _, f := range ch.Fields {
			h.Write([]byte(strings.Join([]string{f.Column, f.Before, f.After}, "\x00") + "\x01"))
		}
		h.Write([]byte("\x02"))
	}
	p.Digest = hex.EncodeToString(h.Sum(nil))
	return p, nil
}
