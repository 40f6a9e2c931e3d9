package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"ducha/ledger"
	"ducha/store/internal/shared"
)

const selectReport = `SELECT id, government_id, year, review_year, title, source_name, format, encoding,
	coalesce(checksum, ''), text, structure, imported_at FROM reports`

// SaveReport stores r and its commitments in one transaction, replacing
// the report of the same government and year (with its commitments) when
// there is one. It sets r.ID, r.ImportedAt (now when zero; kept to the
// second, in UTC) and the ID and ReportID of each commitment. A file
// already imported for another report is a conflict; an assignment naming
// a unit not in the directory is invalid, and nothing is written.
func (d *DB) SaveReport(ctx context.Context, r *ledger.Report, cs []ledger.Commitment) error {
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
	tx, w, err := d.beginBulk(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	id, ids, err := saveReport(ctx, tx.Tx, w, r, at, cs)
	if err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return wrap("save report", err)
	}
	r.ID, r.ImportedAt = id, at
	for i := range cs {
		cs[i].ID, cs[i].ReportID = ids[i], id
	}
	return nil
}

func saveReport(ctx context.Context, tx *sql.Tx, w bulkWriter, r *ledger.Report, at time.Time, cs []ledger.Commitment) (int64, []int64, error) {
	var one int
	err := tx.QueryRowContext(ctx, `SELECT 1 FROM governments WHERE id = ?`, r.GovernmentID).Scan(&one)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil, ledger.Errorf(ledger.EInvalid, "report %d: government %d does not exist", r.Year, r.GovernmentID)
	} else if err != nil {
		return 0, nil, wrap("save report", err)
	}
	checksum := sql.NullString{String: r.Checksum, Valid: r.Checksum != ""}
	if checksum.Valid {
		var gov int64
		var year int
		var name string
		err := tx.QueryRowContext(ctx, `SELECT r.government_id, r.year, g.name FROM reports r
			JOIN governments g ON g.id = r.government_id WHERE r.checksum = ?`, r.Checksum).Scan(&gov, &year, &name)
		switch {
		case err == nil && (gov != r.GovernmentID || year != r.Year):
			return 0, nil, ledger.Errorf(ledger.EConflict,
				"this file (sha256 %.12s…) is already imported as the %d report of %s", r.Checksum, year, name)
		case err != nil && !errors.Is(err, sql.ErrNoRows):
			return 0, nil, wrap("save report", err)
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
	if err := deleteReport(ctx, tx, r.GovernmentID, r.Year); err != nil {
		return 0, nil, err
	}
	res, err := tx.ExecContext(ctx, `INSERT INTO reports (government_id, year, review_year, title, source_name, format,
			encoding, checksum, text, structure, imported_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		r.GovernmentID, r.Year, r.ReviewYear, r.Title, r.SourceName, r.Format, r.Encoding, checksum, r.Text,
		nullBytes(r.Structure), at.Format(time.RFC3339))
	if isConstraint(err) {
		return 0, nil, ledger.Errorf(ledger.EConflict, "report %d: %v", r.Year, err)
	} else if err != nil {
		return 0, nil, wrap("save report", err)
	}
	id, err := res.LastInsertId()
	if err != nil {
		return 0, nil, wrap("save report", err)
	}
	next, err := nextCommitmentID(ctx, tx)
	if err != nil {
		return 0, nil, err
	}
	t := newTables(units)
	t.Grow(len(cs))
	ids := make([]int64, len(cs))
	for i := range ids {
		ids[i] = next + int64(i)
	}
	for i := range cs {
		if err := t.AddCommitment(ids[i], id, &cs[i]); err != nil {
			return 0, nil, err
		}
	}
	if err := writeTables(ctx, tx, w.stmts, t); err != nil {
		return 0, nil, err
	}
	if err := writeExclusions(ctx, tx, ids, cs); err != nil {
		return 0, nil, err
	}
	return id, ids, nil
}

// deleteReport deletes the report of a government for a year, if any,
// with everything that hangs on it, child tables first: SaveReport runs
// without foreign key checks, and so without their cascades. A report
// with supervision records (a commitment dispatched, progress reports,
// 督办单, comments) is not deleted: that is a conflict.
func deleteReport(ctx context.Context, tx *sql.Tx, governmentID int64, year int) error {
	var id int64
	err := tx.QueryRowContext(ctx, `SELECT id FROM reports WHERE government_id = ? AND year = ?`, governmentID, year).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return nil
	} else if err != nil {
		return wrap("replace report", err)
	}
	s, err := supervised(ctx, tx, id)
	if err != nil {
		return err
	}
	if err := s.Error(year); err != nil {
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
		if _, err := tx.ExecContext(ctx, q, id); err != nil {
			return wrap("replace report", err)
		}
	}
	return nil
}

func nullBytes(b []byte) any {
	if len(b) == 0 {
		return nil
	}
	return b
}

// ReportByChecksum returns the report imported from a file with that
// checksum, or a not_found error.
func (d *DB) ReportByChecksum(ctx context.Context, checksum string) (ledger.Report, error) {
	if checksum == "" {
		return ledger.Report{}, ledger.Errorf(ledger.ENotFound, "no report without a checksum")
	}
	r, err := scanReport(d.db.QueryRowContext(ctx, selectReport+` WHERE checksum = ?`, checksum))
	if errors.Is(err, sql.ErrNoRows) {
		return r, ledger.Errorf(ledger.ENotFound, "no report imported from a file with sha256 %.12s…", checksum)
	}
	return r, wrap("report", err)
}

// Report returns the report of a government for a year, or not_found.
func (d *DB) Report(ctx context.Context, governmentID int64, year int) (ledger.Report, error) {
	r, err := scanReport(d.db.QueryRowContext(ctx, selectReport+` WHERE government_id = ? AND year = ?`, governmentID, year))
	if errors.Is(err, sql.ErrNoRows) {
		return r, ledger.Errorf(ledger.ENotFound, "government %d has no report for %d", governmentID, year)
	}
	return r, wrap("report", err)
}

// Reports returns the reports of a government ordered by year; an unknown
// government is not_found.
func (d *DB) Reports(ctx context.Context, governmentID int64) ([]ledger.Report, error) {
	tx, err := d.beginRead(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	var one int
	err = tx.QueryRowContext(ctx, `SELECT 1 FROM governments WHERE id = ?`, governmentID).Scan(&one)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ledger.Errorf(ledger.ENotFound, "government %d not found", governmentID)
	} else if err != nil {
		return nil, wrap("reports", err)
	}
	rows, err := tx.QueryContext(ctx, selectReport+` WHERE government_id = ? ORDER BY year`, governmentID)
	if err != nil {
		return nil, wrap("reports", err)
	}
	defer rows.Close()
	var out []ledger.Report
	for rows.Next() {
		r, err := scanReport(rows)
		if err != nil {
			return nil, wrap("reports", err)
		}
		out = append(out, r)
	}
	return out, wrap("reports", rows.Err())
}

type scanner interface{ Scan(dest ...any) error }

func scanReport(s scanner) (ledger.Report, error) {
	var r ledger.Report
	var at string
	err := s.Scan(&r.ID, &r.GovernmentID, &r.Year, &r.ReviewYear, &r.Title, &r.SourceName, &r.Format, &r.Encoding,
		&r.Checksum, &r.Text, &r.Structure, &at)
	if err != nil {
		return ledger.Report{}, err
	}
	if len(r.Structure) == 0 {
		r.Structure = nil
	}
	if r.ImportedAt, err = time.Parse(time.RFC3339, at); err != nil {
		return ledger.Report{}, err
	}
	r.ImportedAt = r.ImportedAt.UTC()
	return r, nil
}
