package sqlstore

import (
	"context"
	"errors"
	"time"

	"ducha/ledger"
	"ducha/store/internal/shared"
)

const selectReport = `SELECT id, government_id, year, review_year, title, source_name, format, encoding,
	coalesce(checksum, ''), text, structure, imported_at FROM reports`

func reportDest(r *ledger.Report) []any {
	return []any{&r.ID, &r.GovernmentID, &r.Year, &r.ReviewYear, &r.Title, &r.SourceName, &r.Format, &r.Encoding,
		&r.Checksum, &r.Text, &r.Structure, StampDest(&r.ImportedAt)}
}

// SaveReport stores r and its commitments in one transaction, replacing
// the report of the same government and year (with its commitments) when
// there is one. It sets r.ID, r.ImportedAt (now when zero; kept to the
// second, in UTC) and the ID and ReportID of each commitment. A file
// already imported for another report is a conflict; an assignment naming
// a unit not in the directory is invalid, and nothing is written.
//
// It runs in a Bulk transaction (on SQLite without foreign key checks):
// it checks what it refers to (the government, the units) itself, gives
// every row the id of a parent it inserts in the same transaction, and
// deletes a replaced report's rows itself, child tables first.
func (s *Store) SaveReport(ctx context.Context, r *ledger.Report, cs []ledger.Commitment) error {
	if err := shared.CheckReport(r); err != nil {
		return err
	}
	if err := shared.CheckCodes(cs); err != nil {
		return err
	}
	at := r.ImportedAt
	if at.IsZero() {
		at = time.Now()
	}
	at = shared.Stamp(at)
	var id int64
	var ids []int64
	err := s.run(ctx, Bulk, "save report", func(tx Tx) error {
		var err error
		id, ids, err = s.saveReport(ctx, tx, r, at, cs)
		return err
	})
	if err := s.saveError(r, err); err != nil {
		return err
	}
	r.ID, r.ImportedAt = id, at
	withIDs(cs, ids, id)
	return nil
}

func (s *Store) saveReport(ctx context.Context, tx Tx, r *ledger.Report, at time.Time, cs []ledger.Commitment) (int64, []int64, error) {
	// Imports of one government wait for each other.
	err := exists(ctx, tx, "governments", r.GovernmentID, s.d.ForUpdate(),
		ledger.Errorf(ledger.EInvalid, "report %d: government %d does not exist", r.Year, r.GovernmentID))
	if err != nil {
		return 0, nil, err
	}
	var checksum any
	if r.Checksum != "" {
		checksum = r.Checksum
		var gov int64
		var year int
		var name string
		err := tx.QueryRow(ctx, `SELECT r.government_id, r.year, g.name FROM reports r
			JOIN governments g ON g.id = r.government_id WHERE r.checksum = ?`, r.Checksum).Scan(&gov, &year, &name)
		switch {
		case err == nil && (gov != r.GovernmentID || year != r.Year):
			return 0, nil, ledger.Errorf(ledger.EConflict,
				"this file (sha256 %.12s…) is already imported as the %d report of %s", r.Checksum, year, name)
		case err != nil && !errors.Is(err, ErrNoRows):
			return 0, nil, err
		}
	}
	var units shared.UnitIDs
	if shared.HasAssignment(cs) {
		if units, err = unitIDs(ctx, tx); err != nil {
			return 0, nil, err
		}
		if err := units.CheckUnits(cs); err != nil {
			return 0, nil, err
		}
	}
	if err := s.deleteReport(ctx, tx, r.GovernmentID, r.Year); err != nil {
		return 0, nil, err
	}
	var structure any
	if len(r.Structure) > 0 {
		structure = r.Structure
	}
	var id int64
	if err := tx.QueryRow(ctx, `INSERT INTO reports (government_id, year, review_year, title, source_name, format,
			encoding, checksum, text, structure, imported_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		r.GovernmentID, r.Year, r.ReviewYear, r.Title, r.SourceName, r.Format, r.Encoding, checksum, r.Text,
		structure, s.d.Stamp(at)).Scan(&id); err != nil {
		return 0, nil, err
	}
	ids, err := s.d.NextIDs(ctx, tx, "commitments", len(cs))
	if err != nil {
		return 0, nil, err
	}
	t := s.newTables(units)
	t.Grow(len(cs))
	for i := range cs {
		if err := t.AddCommitment(ids[i], id, &cs[i]); err != nil {
			return 0, nil, err
		}
	}
	if err := s.writeTables(ctx, tx, t); err != nil {
		return 0, nil, err
	}
	return id, ids, s.writeExclusions(ctx, tx, ids, cs)
}

// saveError maps a constraint violation that checks in the transaction
// could not foresee (another transaction's import of the same file) to a
// ledger error.
func (s *Store) saveError(r *ledger.Report, err error) error {
	switch {
	case err == nil || errors.As(err, new(*ledger.Error)):
		return err
	case s.d.IsForeignKey(err):
		return ledger.Errorf(ledger.EInvalid, "report %d: %v", r.Year, err)
	case s.d.IsConstraint(err):
		return ledger.Errorf(ledger.EConflict, "report %d: %v", r.Year, err)
	}
	return err
}

// deleteReport deletes the report of a government for a year, if any,
// with everything that hangs on it, child tables first (SaveReport runs
// without foreign key checks on SQLite, and so without their cascades). A
// report with supervision records (a commitment dispatched, progress
// reports, 督办单, comments) is not deleted: that is a conflict.
func (s *Store) deleteReport(ctx context.Context, tx Querier, governmentID int64, year int) error {
	var id int64
	err := tx.QueryRow(ctx, `SELECT id FROM reports WHERE government_id = ? AND year = ?`, governmentID, year).Scan(&id)
	if errors.Is(err, ErrNoRows) {
		return nil
	} else if err != nil {
		return err
	}
	sup, err := supervised(ctx, tx, "c.report_id = ?", id)
	if err != nil {
		return err
	}
	if err := sup.Error(year); err != nil {
		return err
	}
	const ofReport = ` WHERE commitment_id IN (SELECT id FROM commitments WHERE report_id = ?)`
	for _, q := range []string{
		`DELETE FROM commitment_states` + ofReport,
		`DELETE FROM assignment_cooperators` + ofReport,
		`DELETE FROM assignments` + ofReport,
		`DELETE FROM milestones` + ofReport,
		`DELETE FROM targets` + ofReport,
		`DELETE FROM commitments WHERE report_id = ?`,
		`DELETE FROM reconcile_reviews WHERE report_id = ?`,
		`DELETE FROM reports WHERE id = ?`,
	} {
		if _, err := tx.Exec(ctx, q, id); s.d.IsForeignKey(err) {
			// A record added since the count (PostgreSQL): the foreign
			// keys refuse too.
			return ledger.Errorf(ledger.EConflict, "%d年度报告已有督办记录，不能整体替换；请通过任务分解表修改事项", year)
		} else if err != nil {
			return err
		}
	}
	return nil
}

// newTables returns tables for rows of commitments, dates as the dialect
// stores them.
func (s *Store) newTables(units shared.UnitIDs) *shared.Tables {
	return &shared.Tables{Units: units, Date: s.d.Date}
}

// writeTables inserts the gathered rows, parents before children.
func (s *Store) writeTables(ctx context.Context, tx Querier, t *shared.Tables) error {
	for i, name := range shared.TableNames {
		if err := s.d.Copy(ctx, tx, name, shared.TableColumns[i], *t.Table(i)); err != nil {
			return err
		}
	}
	return nil
}

// ReportByChecksum returns the report imported from a file with that
// checksum, or a not_found error.
func (s *Store) ReportByChecksum(ctx context.Context, checksum string) (ledger.Report, error) {
	if checksum == "" {
		return ledger.Report{}, ledger.Errorf(ledger.ENotFound, "no report without a checksum")
	}
	return s.report(ctx, ledger.Errorf(ledger.ENotFound, "no report imported from a file with sha256 %.12s…", checksum),
		` WHERE checksum = ?`, checksum)
}

// Report returns the report of a government for a year, or not_found.
func (s *Store) Report(ctx context.Context, governmentID int64, year int) (ledger.Report, error) {
	return s.report(ctx, ledger.Errorf(ledger.ENotFound, "government %d has no report for %d", governmentID, year),
		` WHERE government_id = ? AND year = ?`, governmentID, year)
}

func (s *Store) report(ctx context.Context, missing error, where string, args ...any) (ledger.Report, error) {
	var r ledger.Report
	err := s.d.Pool().QueryRow(ctx, selectReport+where, args...).Scan(reportDest(&r)...)
	if errors.Is(err, ErrNoRows) {
		return ledger.Report{}, missing
	} else if err != nil {
		return ledger.Report{}, s.wrap("report", err)
	}
	if len(r.Structure) == 0 {
		r.Structure = nil
	}
	return r, nil
}

// Reports returns the reports of a government ordered by year; an unknown
// government is not_found.
func (s *Store) Reports(ctx context.Context, governmentID int64) ([]ledger.Report, error) {
	var out []ledger.Report
	err := s.read(ctx, "reports", func(tx Tx) error {
		if err := exists(ctx, tx, "governments", governmentID, "",
			ledger.Errorf(ledger.ENotFound, "government %d not found", governmentID)); err != nil {
			return err
		}
		var r ledger.Report
		return scanRows(ctx, tx, selectReport+` WHERE government_id = ? ORDER BY year`, []any{governmentID},
			reportDest(&r), func() error {
				if len(r.Structure) == 0 {
					r.Structure = nil
				}
				out = append(out, r)
				return nil
			})
	})
	return out, err
}
