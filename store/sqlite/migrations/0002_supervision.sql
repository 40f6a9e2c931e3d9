-- 0002_supervision: the supervision workflow — users and sessions, the
-- workflow state of commitments, progress reports with evidence, 督办单,
-- comments, API tokens, settings, the notification outbox and the
-- append-only audit log. Conventions as in 0001: decimals exact TEXT, dates
-- TEXT 'YYYY-MM-DD', timestamps TEXT RFC 3339 UTC to the second (NULL when
-- unset), booleans INTEGER 0/1.
--
-- Progress reports, 督办单 and comments refer to their commitment without
-- ON DELETE CASCADE: replacing a report never deletes them (SaveReport
-- refuses to replace a report that has any).

CREATE TABLE users (
	id            INTEGER PRIMARY KEY,
	login         TEXT NOT NULL UNIQUE,
	name          TEXT NOT NULL DEFAULT '',
	role          TEXT NOT NULL,
	unit_id       INTEGER REFERENCES units (id), -- a reporter's unit
	password_hash TEXT NOT NULL DEFAULT '',
	disabled      INTEGER NOT NULL DEFAULT 0,
	created_at    TEXT NOT NULL
);

CREATE TABLE sessions (
	token  TEXT PRIMARY KEY,
	data   BLOB NOT NULL,
	expiry TEXT NOT NULL
);
CREATE INDEX sessions_expiry ON sessions (expiry);

CREATE TABLE progress_reports (
	id            INTEGER PRIMARY KEY,
	commitment_id INTEGER NOT NULL REFERENCES commitments (id),
	period        TEXT NOT NULL, -- 2024-06 or 2024-Q2
	unit_id       INTEGER REFERENCES units (id),
	value         TEXT NOT NULL DEFAULT '',
	percent       INTEGER NOT NULL DEFAULT -1,
	done          INTEGER NOT NULL DEFAULT 0,
	narrative     TEXT NOT NULL DEFAULT '',
	problems      TEXT NOT NULL DEFAULT '',
	next_steps    TEXT NOT NULL DEFAULT '',
	explanation   TEXT NOT NULL DEFAULT '',
	status        TEXT NOT NULL DEFAULT 'draft',
	return_reason TEXT NOT NULL DEFAULT '',
	submitted_by  TEXT NOT NULL DEFAULT '',
	submitted_at  TEXT,
	reviewed_by   TEXT NOT NULL DEFAULT '',
	reviewed_at   TEXT,
	UNIQUE (commitment_id, period)
);
-- The review queue: reports in a status, oldest submission first.
CREATE INDEX progress_reports_status ON progress_reports (status, submitted_at);

-- The bytes come last: reading the other columns does not read them.
CREATE TABLE evidence (
	id           INTEGER PRIMARY KEY,
	report_id    INTEGER NOT NULL REFERENCES progress_reports (id) ON DELETE CASCADE,
	name         TEXT NOT NULL,
	content_type TEXT NOT NULL DEFAULT '',
	size         INTEGER NOT NULL,
	sha256       TEXT NOT NULL,
	added_by     TEXT NOT NULL,
	added_at     TEXT NOT NULL,
	data         BLOB NOT NULL
);
CREATE INDEX evidence_report ON evidence (report_id);

-- The workflow state of a commitment (none: not yet dispatched), with
-- what Views shows of its progress reports, kept up to date by every
-- save and review of a report: the newest approved report, the status of
-- the newest report and when the lead unit last submitted.
CREATE TABLE commitment_states (
	commitment_id      INTEGER PRIMARY KEY REFERENCES commitments (id) ON DELETE CASCADE,
	state              TEXT NOT NULL DEFAULT 'new',
	outcome            TEXT NOT NULL DEFAULT '',
	outcome_reason     TEXT NOT NULL DEFAULT '',
	changed_at         TEXT,
	latest_approved_id INTEGER REFERENCES progress_reports (id),
	latest_status      TEXT NOT NULL DEFAULT '',
	last_report_at     TEXT
);

-- 督办单. Numbers given by the store (督办〔2024〕3号) keep their year and
-- sequence in no_year and no_seq; numbers given by hand have neither.
CREATE TABLE supervision_orders (
	id            INTEGER PRIMARY KEY,
	commitment_id INTEGER NOT NULL REFERENCES commitments (id),
	no            TEXT NOT NULL UNIQUE,
	no_year       INTEGER,
	no_seq        INTEGER,
	unit_id       INTEGER REFERENCES units (id),
	requirement   TEXT NOT NULL,
	reply_by      TEXT NOT NULL,
	issued_by     TEXT NOT NULL,
	issued_at     TEXT NOT NULL,
	reply         TEXT NOT NULL DEFAULT '',
	replied_at    TEXT,
	level         INTEGER NOT NULL DEFAULT 1,
	escalated_at  TEXT,
	UNIQUE (no_year, no_seq)
);
CREATE INDEX supervision_orders_commitment ON supervision_orders (commitment_id);
CREATE INDEX supervision_orders_open ON supervision_orders (reply_by) WHERE replied_at IS NULL AND escalated_at IS NULL;

CREATE TABLE comments (
	id            INTEGER PRIMARY KEY,
	commitment_id INTEGER NOT NULL REFERENCES commitments (id),
	author        TEXT NOT NULL,
	unit_id       INTEGER REFERENCES units (id),
	body          TEXT NOT NULL,
	at            TEXT NOT NULL
);
CREATE INDEX comments_commitment ON comments (commitment_id);

CREATE TABLE api_tokens (
	id         INTEGER PRIMARY KEY,
	unit_id    INTEGER NOT NULL REFERENCES units (id),
	name       TEXT NOT NULL DEFAULT '',
	hash       TEXT NOT NULL UNIQUE, -- hex SHA-256 of the token
	created_by TEXT NOT NULL,
	created_at TEXT NOT NULL,
	revoked_at TEXT
);

CREATE TABLE settings (
	key   TEXT PRIMARY KEY,
	value TEXT NOT NULL -- JSON
);

-- The audit log is append-only: the triggers refuse to change or delete
-- an entry.
CREATE TABLE audit_log (
	id     INTEGER PRIMARY KEY AUTOINCREMENT,
	at     TEXT NOT NULL,
	actor  TEXT NOT NULL,
	action TEXT NOT NULL,
	entity TEXT NOT NULL DEFAULT '',
	ref    TEXT NOT NULL DEFAULT '',
	before TEXT NOT NULL DEFAULT '', -- JSON, '' for a creation
	after  TEXT NOT NULL DEFAULT ''  -- JSON, '' for a deletion
);
CREATE INDEX audit_log_record ON audit_log (entity, ref);

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
	SELECT RAISE(ABORT, 'audit_log is append-only: entries cannot be changed');
END;

CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
	SELECT RAISE(ABORT, 'audit_log is append-only: entries cannot be deleted');
END;

-- The notification outbox (notify.Outbox). A message is pending until
-- sent or dead; a pending one is due when next_at (NULL: at once) has
-- come and no dispatcher holds its lease. A non-NULL key is unique, so a
-- scheduled reminder is queued once.
CREATE TABLE outbox (
	id          INTEGER PRIMARY KEY,
	key         TEXT UNIQUE,
	channel     TEXT NOT NULL,
	recipient   TEXT NOT NULL,
	subject     TEXT NOT NULL DEFAULT '',
	body        TEXT NOT NULL DEFAULT '',
	link        TEXT NOT NULL DEFAULT '',
	secret      TEXT NOT NULL DEFAULT '',
	status      TEXT NOT NULL DEFAULT 'pending',
	attempts    INTEGER NOT NULL DEFAULT 0,
	next_at     TEXT,
	lease_until TEXT,
	last_error  TEXT NOT NULL DEFAULT '',
	created_at  TEXT NOT NULL,
	sent_at     TEXT
);
CREATE INDEX outbox_due ON outbox (next_at, id) WHERE status = 'pending';
