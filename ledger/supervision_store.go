package ledger

import (
	"context"
	"time"
)

// User is an account of the internal side.
type User struct {
	ID           int64
	Login        string // unique, e.g. zhang.wei
	Name         string // display name, e.g. 张伟
	Role         string // admin, supervisor, leader, reporter (see package access)
	Unit         string // the reporter's unit (full name), "" for other roles
	PasswordHash string
	Disabled     bool
	CreatedAt    time.Time
}

// AuditEntry is one line of the append-only audit log: who did what to
// which record, with the record before and after (JSON).
type AuditEntry struct {
	ID     int64
	At     time.Time
	Actor  string // login of the user, or "system"
	Action string // e.g. commitment.dispatch, report.approve, user.add
	Entity string // e.g. commitment, progress_report, user
	Ref    string // the record's key, e.g. a commitment code or report id
	Before string // JSON, "" for a creation
	After  string // JSON, "" for a deletion
}

// AuditRecord names a record of the audit log: its entity (commitment,
// progress_report …) and key.
type AuditRecord struct {
	Entity, Ref string
}

// SupervisionStore keeps the supervision workflow: users and sessions,
// the workflow state of commitments, progress reports with evidence,
// 督办单, the notification outbox and the audit log. Every method that
// changes a record appends its audit entry in the same transaction.
type SupervisionStore interface {
	// Users.
	CreateUser(ctx context.Context, u *User, actor string) error
	UpdateUser(ctx context.Context, u User, actor string) error // name, role, unit, password hash, disabled
	UserByLogin(ctx context.Context, login string) (User, error)
	Users(ctx context.Context) ([]User, error)

	// Sessions for the web server (scs-compatible): an opaque token, the
	// encoded session data and its expiry.
	FindSession(ctx context.Context, token string) (data []byte, found bool, err error)
	CommitSession(ctx context.Context, token string, data []byte, expiry time.Time) error
	DeleteSession(ctx context.Context, token string) error
	DeleteExpiredSessions(ctx context.Context, now time.Time) error

	// Commitment returns one commitment by id (with target, assignment and
	// milestones) and the id of its report.
	Commitment(ctx context.Context, id int64) (Commitment, error)
	// Views returns every commitment of a report with its workflow state
	// and latest reports, ordered by code: what dashboards and lists read,
	// in one query per table rather than one per commitment.
	Views(ctx context.Context, reportID int64) ([]CommitmentView, error)
	// ViewsOf returns the views of some commitments, by id, as Views has
	// them and in its order; ids of no commitment are left out. It lets a
	// cache of Views refresh what changed without reading everything.
	ViewsOf(ctx context.Context, ids []int64) ([]CommitmentView, error)

	// Workflow state of a commitment (by id).
	CommitmentState(ctx context.Context, commitmentID int64) (State, error)
	SetCommitmentState(ctx context.Context, commitmentID int64, s State, outcome Outcome, reason string, actor string) error

	// Progress reports: one per commitment and period.
	SaveProgressReport(ctx context.Context, r *ProgressReport, actor string) error
	// ReportProgress is a lead unit's report: it saves r as
	// SaveProgressReport does and, in the same transaction, checks and
	// moves its commitment's workflow state as StateOnReport says (with
	// the state's audit entry). A state that takes no reports is a
	// conflict, and then nothing at all is stored.
	ReportProgress(ctx context.Context, r *ProgressReport, actor string) error
	ProgressReports(ctx context.Context, commitmentID int64) ([]ProgressReport, error)
	ReviewProgressReport(ctx context.Context, id int64, s ReportStatus, reason string, actor string) error
	AddEvidence(ctx context.Context, reportID int64, e *Evidence, data []byte, actor string) error
	EvidenceData(ctx context.Context, id int64) (Evidence, []byte, error)
	// EvidenceUses returns every attachment of the files with these
	// SHA-256 sums (hex), in the order they were attached.
	EvidenceUses(ctx context.Context, sums []string) ([]EvidenceUse, error)

	// 督办单.
	IssueOrder(ctx context.Context, o *SupervisionOrder, actor string) error
	ReplyOrder(ctx context.Context, id int64, reply string, actor string) error
	Orders(ctx context.Context, commitmentID int64) ([]SupervisionOrder, error)

	// OpenOrders returns every 督办单 without a reply and not yet
	// escalated, oldest reply deadline first, across all reports.
	OpenOrders(ctx context.Context) ([]SupervisionOrder, error)
	// EscalateOrder marks order id escalated and issues next (Level one
	// higher, same commitment) in one transaction.
	EscalateOrder(ctx context.Context, id int64, next *SupervisionOrder, actor string) error

	// ReportsByStatus returns the progress reports of a report's
	// commitments in status s, oldest submission first (the review queue).
	ReportsByStatus(ctx context.Context, reportID int64, s ReportStatus) ([]ProgressReport, error)
	// ImportProgressReports stores many reports in one transaction (a
	// unit's system submitting a batch; seeding a demo): all or nothing,
	// one audit entry per report.
	ImportProgressReports(ctx context.Context, rs []ProgressReport, actor string) error

	// Comments: a cooperating unit's note to the lead, a leader's or
	// supervisor's comment.
	AddComment(ctx context.Context, c *Comment, actor string) error
	Comments(ctx context.Context, commitmentID int64) ([]Comment, error)

	// API tokens of units, stored as the SHA-256 of the token.
	CreateAPIToken(ctx context.Context, t *APIToken, actor string) error
	APITokenByHash(ctx context.Context, hash string) (APIToken, error) // ENotFound if unknown or revoked
	APITokens(ctx context.Context) ([]APIToken, error)
	RevokeAPIToken(ctx context.Context, id int64, actor string) error

	// Settings: small named values (thresholds, reporting period …) as JSON.
	Setting(ctx context.Context, key string) (value string, found bool, err error)
	SetSetting(ctx context.Context, key, value, actor string) error

	// SetTargetKind sets the kind of commitment id's target as the office
	// decides it (a progress.Kind), "" returning to the inferred kind; a
	// commitment without a target is invalid. Audited with the kind
	// before and after.
	SetTargetKind(ctx context.Context, commitmentID int64, kind string, actor string) error
	// ExcludeCommitments marks commitments 不列入 with a reason (required),
	// and IncludeCommitments restores them (恢复列入): all or nothing, one
	// audit entry per commitment whose exclusion changes; an unknown id is
	// not_found and changes nothing.
	ExcludeCommitments(ctx context.Context, ids []int64, reason string, actor string) error
	IncludeCommitments(ctx context.Context, ids []int64, actor string) error
	// SaveReconcileReview records the office's confirmation or override of
	// one row of a reconciliation (replacing an earlier one of the same
	// row), setting r.By and r.At; audited with the row before and after.
	SaveReconcileReview(ctx context.Context, r *ReconcileReview, actor string) error
	// ReconcileReviews returns the reviewed rows of the reconciliation of
	// report reportID (year N), by span.
	ReconcileReviews(ctx context.Context, reportID int64) ([]ReconcileReview, error)

	// The audit log, newest first, for one record or all (ref "").
	Audit(ctx context.Context, entity, ref string, limit int) ([]AuditEntry, error)
	// AuditOf returns the newest limit entries (limit <= 0: all) of each
	// of some records, as Audit of each would, in one list newest first
	// (by id): the trail of a commitment and what hangs on it.
	AuditOf(ctx context.Context, records []AuditRecord, limit int) ([]AuditEntry, error)
	// ApplyTasksAudited is ApplyTasks that also appends, in the same
	// transaction, the entries audit returns for the commitments as
	// written (their ID and ReportID set): the office's edits of the plan
	// and its task sheet uploads, recorded with what they changed.
	ApplyTasksAudited(ctx context.Context, reportID int64, cs []Commitment, audit func([]Commitment) []AuditEntry) error
	// DeleteTasks removes sub-tasks of a report by code (undoing a split)
	// with the audit entries, in one transaction: only sub-tasks the
	// workflow never touched and whose own sub-tasks go with them;
	// anything else is refused and nothing changes.
	DeleteTasks(ctx context.Context, reportID int64, codes []string, audit []AuditEntry) error
	// AppendAudit records an action that changes nothing in this store
	// (a login, an export, a rejected import).
	AppendAudit(ctx context.Context, e AuditEntry) error
}

// Comment is a note on a commitment.
type Comment struct {
	ID           int64
	CommitmentID int64
	Author       string // login
	Unit         string // the author's unit for reporters, "" otherwise
	Body         string
	At           time.Time
}

// APIToken lets a unit's own systems submit figures through the API.
type APIToken struct {
	ID        int64
	Unit      string // full unit name; the token acts as a reporter of it
	Name      string // what it is for, e.g. 教育局统计系统
	Hash      string // hex SHA-256 of the token; the token itself is shown once
	CreatedBy string
	CreatedAt time.Time
	Revoked   bool
}

// CommitmentView is a commitment with where it stands.
type CommitmentView struct {
	Commitment
	State          State
	Outcome        Outcome
	OutcomeReason  string
	StateChangedAt time.Time
	// DispatchedAt is when the office last dispatched it (交办), zero
	// if never: its planned progress starts there, not on 1 January.
	DispatchedAt   time.Time
	LatestApproved *ProgressReport // the newest approved report, nil if none
	LatestStatus   ReportStatus    // status of the newest report, "" if none
	LastReportAt   time.Time       // when the lead unit last submitted, zero if never
}
