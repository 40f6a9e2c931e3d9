package ledger

import "context"

// Store keeps the ledger. The SQLite store (the embedded default) and the
// PostgreSQL store implement it with the same behaviour, proven by one
// conformance suite (store/storetest). Every method that writes does so in
// one transaction: it changes everything or nothing.
type Store interface {
	// SchemaVersion returns the version of the database schema.
	SchemaVersion(ctx context.Context) (int, error)
	Close() error

	// EnsureGovernment returns the government called g.Name, creating it
	// when missing. A non-empty Level or Parent updates the stored one;
	// the parent government is created (without a level) when missing.
	EnsureGovernment(ctx context.Context, g Government) (Government, error)
	// Government returns the government with that name, or a not_found error.
	Government(ctx context.Context, name string) (Government, error)
	Governments(ctx context.Context) ([]Government, error)

	// SaveUnits inserts or updates units by Name (aliases, short name,
	// parent, contact). Parents may be given in the same batch, in any order.
	SaveUnits(ctx context.Context, units []Unit) (created, updated int, err error)
	// Units returns the whole units directory ordered by name.
	Units(ctx context.Context) ([]Unit, error)

	// ReportByChecksum returns the report imported from a file with that
	// checksum, or a not_found error.
	ReportByChecksum(ctx context.Context, checksum string) (Report, error)
	// Report returns the report of a government for a year, or not_found.
	Report(ctx context.Context, governmentID int64, year int) (Report, error)
	Reports(ctx context.Context, governmentID int64) ([]Report, error)
	// SaveReport stores r (setting r.ID) and its commitments. When a report
	// of the same government and year exists it is replaced, with its
	// commitments, in the same transaction — unless the supervision
	// workflow recorded anything on them (a commitment dispatched,
	// progress reports, 督办单, comments): that is a conflict, and nothing
	// changes.
	SaveReport(ctx context.Context, r *Report, cs []Commitment) error

	// Commitments returns the commitments of a report ordered by code, with
	// targets, assignments and milestones.
	Commitments(ctx context.Context, reportID int64) ([]Commitment, error)
	// ApplyTasks writes edited commitments keyed on Code: title, category,
	// weight, deadline, assignment and milestones (replaced as a whole).
	// A code not yet in the report is inserted as a new sub-task; its
	// ParentCode must exist. Unit names must exist in the directory.
	ApplyTasks(ctx context.Context, reportID int64, cs []Commitment) error
}
