package sqlstore

import (
	"context"
	"errors"
	"time"

	"ducha/ledger"
	"ducha/store/internal/shared"
)

// Commitments returns the commitments of a report in the natural order of
// their codes, with targets, assignments and milestones; an unknown report
// is not_found.
func (s *Store) Commitments(ctx context.Context, reportID int64) ([]ledger.Commitment, error) {
	var cs []ledger.Commitment
	err := s.read(ctx, "commitments", func(tx Tx) error {
		var err error
		cs, err = s.commitments(ctx, tx, reportID)
		return err
	})
	if err != nil {
		return nil, err
	}
	shared.SortCommitments(cs)
	return cs, nil
}

// selectCommitments reads commitments with their targets and assignments,
// one row each; readCommitments adds the condition.
func (s *Store) selectCommitments() string {
	return `SELECT c.id, c.report_id, c.code, c.parent_code, c.kind, c.title, c.text, c.sentence, c.span_start,
	c.span_end, ` + s.d.JSON("c.section") + `, c.category, c.lead, c.period, c.deadline_text, c.deadline, c.weight,
	t.commitment_id IS NOT NULL, coalesce(t.indicator, ''), coalesce(t.quantity, ''), coalesce(t.unit, ''),
	coalesce(t.comparator, ''), coalesce(t.value, ''), coalesce(t.high, ''), coalesce(t.change, ''),
	coalesce(t.baseline_value, ''), coalesce(t.baseline_year, 0), coalesce(t.binding, ''), coalesce(t.kind, ''),
	c.excluded_at, c.excluded_by, c.excluded_reason,
	coalesce(l.name, ''), coalesce(s.name, ''), coalesce(a.leader, ''), coalesce(a.person, '')
	FROM commitments c
	LEFT JOIN targets t ON t.commitment_id = c.id
	LEFT JOIN assignments a ON a.commitment_id = c.id
	LEFT JOIN units l ON l.id = a.lead_unit_id
	LEFT JOIN units s ON s.id = a.suggested_unit_id`
}

func (s *Store) commitments(ctx context.Context, tx Querier, reportID int64) ([]ledger.Commitment, error) {
	if err := exists(ctx, tx, "reports", reportID, "", ledger.Errorf(ledger.ENotFound, "report %d not found", reportID)); err != nil {
		return nil, err
	}
	return s.readCommitments(ctx, tx, "c.report_id = ?", reportID)
}

// exists returns missing unless table has a row of that id, which lock
// (ForUpdate or "") locks.
func exists(ctx context.Context, q Querier, table string, id int64, lock string, missing error) error {
	var one int
	err := q.QueryRow(ctx, `SELECT 1 FROM `+table+` WHERE id = ?`+lock, id).Scan(&one)
	if errors.Is(err, ErrNoRows) {
		return missing
	}
	return err
}

// readCommitments reads the commitments c meeting a condition on c, with
// one argument, in no particular order.
func (s *Store) readCommitments(ctx context.Context, tx Querier, where string, arg any) ([]ledger.Commitment, error) {
	var (
		cs                           []ledger.Commitment
		c                            ledger.Commitment
		t                            ledger.Target
		start, end, period, baseline int64
		hasTarget                    bool
		section                      string
		deadline                     time.Time
		sections                     shared.Sections
		excl                         ledger.Exclusion
	)
	dest := []any{&c.ID, &c.ReportID, &c.Code, &c.ParentCode, &c.Kind, &c.Title, &c.Text, &c.Sentence, &start, &end,
		&section, &c.Category, &c.Lead, &period, &c.DeadlineText, DateDest(&deadline), &c.Weight,
		&hasTarget, &t.Indicator, &t.Quantity, &t.Unit, &t.Comparator, &t.Value, &t.High, &t.Change,
		&t.BaselineValue, &baseline, &t.Binding, &t.Kind, StampDest(&excl.At), &excl.By, &excl.Reason,
		&c.Assignment.Lead, &c.Assignment.SuggestedLead, &c.Assignment.Leader, &c.Assignment.Person}
	err := scanRows(ctx, tx, s.selectCommitments()+" WHERE "+where, []any{arg}, dest, func() error {
		if !excl.At.IsZero() {
			e := excl
			c.Excluded = &e
		}
		c.Start, c.End, c.Period = int(start), int(end), int(period)
		if hasTarget {
			t.BaselineYear = int(baseline)
			target := t
			c.Target = &target
		}
		if !deadline.IsZero() {
			d := deadline
			c.Deadline = &d
		}
		var err error
		if c.Section, err = sections.Decode(section); err != nil {
			return err
		}
		cs = append(cs, c)
		c, excl = ledger.Commitment{}, ledger.Exclusion{}
		return nil
	})
	if err != nil {
		return nil, err
	}
	byID := make(map[int64]*ledger.Commitment, len(cs))
	for i := range cs {
		byID[cs[i].ID] = &cs[i]
	}
	if err := readDetails(ctx, tx, where, arg, byID); err != nil {
		return nil, err
	}
	return cs, nil
}
