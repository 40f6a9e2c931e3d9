package project

import (
	"context"

	"ducha/ledger"
)

// Store keeps the project ledger. Every method that changes a record
// appends its audit entry (entity "project" or "project_report") in the
// same transaction. It lives here rather than in package ledger because
// its types are this package's, and this package builds on ledger's
// workflow (ledger cannot import it back).
type Store interface {
	// ImportProjects writes a checked 重点项目计划表 all or nothing: a
	// project new by (Year, Code) is created (state new), one known is
	// updated from the sheet, keeping its workflow state, 形象进度 and the
	// actual days of its stages (matched by name). It returns how many were
	// created and updated.
	ImportProjects(ctx context.Context, ps []Project, actor string) (created, updated int, err error)
	// Projects returns the projects of a plan year (0: all years), by
	// year then code, with their stages and linked commitments.
	Projects(ctx context.Context, year int) ([]Project, error)
	// Project returns one project, or a not_found error.
	Project(ctx context.Context, id int64) (Project, error)
	// SetProjectState moves a project in the workflow (the caller checks
	// ledger.CanMove).
	SetProjectState(ctx context.Context, id int64, s ledger.State, actor string) error
	// SaveProjectReport creates or replaces r (by project and period; r.ID
	// is set) and writes p's workflow state, stages and 形象进度 as given,
	// in one transaction: Submit's and Review's results together.
	SaveProjectReport(ctx context.Context, p Project, r *MonthlyReport, actor string) error
	// ProjectReports returns the monthly reports of the projects of a plan
	// year (0: all), by project id, each list by period.
	ProjectReports(ctx context.Context, year int) (map[int64][]MonthlyReport, error)
	// LinkProjects sets the projects a commitment serves and how its
	// figure is computed from them (replacing the earlier link); no
	// projects removes the link.
	LinkProjects(ctx context.Context, commitmentID int64, l Link, projectIDs []int64, actor string) error
	// ProjectLinks returns every linked commitment, by commitment id.
	ProjectLinks(ctx context.Context) ([]CommitmentLink, error)
}

// CommitmentLink is a commitment computed from projects.
type CommitmentLink struct {
	CommitmentID int64
	Link         Link
	Projects     []int64
}
