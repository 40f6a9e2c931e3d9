package postgres

import (
	"context"
	"errors"
	"time"

	"ducha/ledger"
	"ducha/store/internal/shared"

	"github.com/jackc/pgx/v5"
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
	tx, err := d.pool.Begin(ctx)
	if err != nil {
		return wrap("save report", err)
	}
	defer tx.Rollback(ctx)
	id, ids, err := saveReport(ctx, tx, r, at, cs)
	if err != nil {
		return err
	}
	if err := tx.Commit(ctx); err != nil {
		return saveError(r, err)
	}
	r.ID, r.ImportedAt = id, at
	for i := range cs {
		cs[i].ID, cs[i].ReportID = ids[i], id
	}
	return nil
}

func saveReport(ctx context.Context, tx pgx.Tx, r *ledger.Report, at time.Time, cs []ledger.Commitment) (int64, []int64, error) {
	// Imports of one government wait for each other.
	var one int
	err := tx.QueryRow(ctx, `SELECT 1 FROM governments WHERE id = $1 FOR UPDATE`, r.GovernmentID).Scan(&one)
	if errors.Is(err, pgx.ErrNoRows) {
		return 0, nil, ledger.Errorf(ledger.EInvalid, "report %d: government %d does not exist", r.Year, r.GovernmentID)
	} else if err != nil {
		return 0, nil, wrap("save report", err)
	}
	var checksum *string
	if r.Checksum != "" {
		checksum = &r.Checksum
		var gov int64
		var year int
		var name string
		err := tx.QueryRow(ctx, `SELECT r.government_id, r.year, g.name FROM reports r
			JOIN governments g ON g.id = r.government_id WHERE r.checksum = $1`, r.Checksum).Scan(&gov, &year, &name)
		switch {
		case err == nil && (gov != r.GovernmentID || year != r.Year):
			return 0, nil, ledger.Errorf(ledger.EConflict,
				"this file (sha256 %.12s…) is already imported as the %d report of %s", r.Checksum, year, name)
		case err != nil && !errors.Is(err, pgx.ErrNoRows):
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
	// The old report's commitments go with it (ON DELETE CASCADE), unless
	// the supervision workflow recorded anything on them.
	var old int64
	err = tx.QueryRow(ctx, `SELECT id FROM reports WHERE government_id = $1 AND year = $2`, r.GovernmentID, r.Year).Scan(&old)
	switch {
	case err == nil:
		s, err := supervised(ctx, tx, old)
		if err != nil {
			return 0, nil, err
		}
		if err := s.Error(r.Year); err != nil {
			return 0, nil, err
		}
		_, err = tx.Exec(ctx, `DELETE FROM reports WHERE id = $1`, old)
		if pgCode(err) == foreignKeyViolation {
			// A record added since the count: the foreign keys refuse too.
			return 0, nil, ledger.Errorf(ledger.EConflict, "%d年度报告已有督办记录，不能整体替换；请通过任务分解表修改事项", r.Year)
		} else if err != nil {
			return 0, nil, wrap("replace report", err)
		}
	case !errors.Is(err, pgx.ErrNoRows):
		return 0, nil, wrap("replace report", err)
	}
	var id int64
	err = tx.QueryRow(ctx, `INSERT INTO reports (government_id, year, review_year, title, source_name, format,
			encoding, checksum, text, structure, imported_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
		RETURNING id`,
		r.GovernmentID, r.Year, r.ReviewYear, r.Title, r.SourceName, r.Format, r.Encoding, checksum, r.Text,
		nullBytes(r.Structure), at).Scan(&id)
	if err != nil {
		return 0, nil, saveError(r, err)
	}
	ids, err := commitmentIDs(ctx, tx, len(cs))
	if err != nil {
		return 0, nil, err
	}
	t := newTables(units)
	t.Grow(len(cs))
	for i := range cs {
		if err := t.AddCommitment(ids[i], id, &cs[i]); err != nil {
			return 0, nil, err
		}
	}
	if err := writeTables(ctx, tx, t); err != nil {
		return 0, nil, saveError(r, err)
	}
	if err := writeExclusions(ctx, tx, ids, cs); err != nil {
		return 0, nil, err
	}
	return id, ids, nil
}

// saveError maps a constraint violation that checks in the transaction
// could not foresee (another transaction's import of the same file) to a
// ledger error.
func saveError(r *ledger.Report, err error) error {
	switch pgCode(err) {
	case uniqueViolation:
		return ledger.Errorf(ledger.EConflict, "report %d: %v", r.Year, err)
	case foreignKeyViolation:
		return ledger.Errorf(ledger.EInvalid, "report %d: %v", r.Year, err)
	}
	return wrap("save report", err)
}

func nullBytes(b []byte) []byte {
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
	r, err := scanReport(d.pool.QueryRow(ctx, selectReport+` WHERE checksum = $1`, checksum))
	if errors.Is(err, pgx.ErrNoRows) {
		return r, ledger.Errorf(ledger.ENotFound, "no report imported from a file with sha256 %.12s…", checksum)
	}
	return r, wrap("report", err)
}

// Report returns the report of a government for a year, or not_found.
func (d *DB) Report(ctx context.Context, governmentID int64, year int) (ledger.Report, error) {
	r, err := scanReport(d.pool.QueryRow(ctx, selectReport+` WHERE government_id = $1 AND year = $2`, governmentID, year))
	if errors.Is(err, pgx.ErrNoRows) {
		return r, ledger.Errorf(ledger.ENotFound, "government %d has no report for %d", governmentID, year)
	}
	return r, wrap("report", err)
}

// Reports returns the reports of a government ordered by year; an unknown
// government is not_found.
func (d *DB) Reports(ctx context.Context, governmentID int64) ([]ledger.Report, error) {
	tx, err := d.pool.BeginTx(ctx, readOnly)
	if err != nil {
		return nil, wrap("reports", err)
	}
	defer tx.Rollback(ctx)
	var one int
	err = tx.QueryRow(ctx, `SELECT 1 FROM governments WHERE id = $1`, governmentID).Scan(&one)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, ledger.Errorf(ledger.ENotFound, "government %d not found", governmentID)
	} else if err != nil {
		return nil, wrap("reports", err)
	}
	rows, err := tx.Query(ctx, selectReport+` WHERE government_id = $1 ORDER BY year`, governmentID)
	if err != nil {
		return nil, wrap("reports", err)
	}
	out, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (ledger.Report, error) { return scanReport(row) })
	if err != nil {
		return nil, wrap("reports", err)
	}
	return out, wrap("reports", tx.Commit(ctx))
}

func scanReport(row pgx.Row) (ledger.Report, error) {
	var r ledger.Report
	err := row.Scan(&r.ID, &r.GovernmentID, &r.Year, &r.ReviewYear, &r.Title, &r.SourceName, &r.Format, &r.Encoding,
		&r.Checksum, &r.Text, &r.Structure, &r.ImportedAt)
	if err != nil {
		return ledger.Report{}, err
	}
	if len(r.Structure) == 0 {
		r.Structure = nil
	}
	r.ImportedAt = r.ImportedAt.UTC()
	return r, nil
}
