-- 0001_init: the ledger. Never edit a shipped migration: add 0002_….sql.
-- Decimals are exact TEXT, dates TEXT 'YYYY-MM-DD', timestamps TEXT RFC 3339
-- UTC, string lists TEXT JSON arrays.

CREATE TABLE governments (
	id        INTEGER PRIMARY KEY,
	name      TEXT NOT NULL UNIQUE,
	level     TEXT NOT NULL DEFAULT '',
	parent_id INTEGER REFERENCES governments (id)
);

CREATE TABLE units (
	id         INTEGER PRIMARY KEY,
	name       TEXT NOT NULL UNIQUE,
	short_name TEXT NOT NULL DEFAULT '',
	aliases    TEXT NOT NULL DEFAULT '[]',
	parent_id  INTEGER REFERENCES units (id),
	contact    TEXT NOT NULL DEFAULT ''
);

-- Reports and commitments never reuse the id of a deleted (replaced) one.
CREATE TABLE reports (
	id            INTEGER PRIMARY KEY AUTOINCREMENT,
	government_id INTEGER NOT NULL REFERENCES governments (id),
	year          INTEGER NOT NULL,
	review_year   INTEGER NOT NULL DEFAULT 0,
	title         TEXT NOT NULL DEFAULT '',
	source_name   TEXT NOT NULL DEFAULT '',
	format        TEXT NOT NULL DEFAULT '',
	encoding      TEXT NOT NULL DEFAULT '',
	checksum      TEXT UNIQUE, -- NULL when the report has no source file
	text          TEXT NOT NULL DEFAULT '',
	structure     BLOB,        -- JSON, kept byte for byte
	imported_at   TEXT NOT NULL,
	UNIQUE (government_id, year)
);

CREATE TABLE commitments (
	id            INTEGER PRIMARY KEY AUTOINCREMENT,
	report_id     INTEGER NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
	code          TEXT NOT NULL,
	parent_code   TEXT NOT NULL DEFAULT '',
	kind          TEXT NOT NULL DEFAULT 'target',
	title         TEXT NOT NULL DEFAULT '',
	text          TEXT NOT NULL DEFAULT '',
	sentence      TEXT NOT NULL DEFAULT '',
	span_start    INTEGER NOT NULL DEFAULT 0,
	span_end      INTEGER NOT NULL DEFAULT 0,
	section       TEXT NOT NULL DEFAULT '[]',
	category      TEXT NOT NULL DEFAULT '',
	lead          TEXT NOT NULL DEFAULT '',
	period        INTEGER NOT NULL DEFAULT 0,
	deadline_text TEXT NOT NULL DEFAULT '',
	deadline      TEXT,
	weight        REAL NOT NULL DEFAULT 0,
	UNIQUE (report_id, code)
);

CREATE TABLE targets (
	commitment_id  INTEGER PRIMARY KEY REFERENCES commitments (id) ON DELETE CASCADE,
	indicator      TEXT NOT NULL DEFAULT '',
	quantity       TEXT NOT NULL DEFAULT '',
	unit           TEXT NOT NULL DEFAULT '',
	comparator     TEXT NOT NULL DEFAULT '',
	value          TEXT NOT NULL DEFAULT '',
	high           TEXT NOT NULL DEFAULT '',
	change         TEXT NOT NULL DEFAULT '',
	baseline_value TEXT NOT NULL DEFAULT '',
	baseline_year  INTEGER NOT NULL DEFAULT 0,
	binding        TEXT NOT NULL DEFAULT ''
);

CREATE TABLE assignments (
	commitment_id     INTEGER PRIMARY KEY REFERENCES commitments (id) ON DELETE CASCADE,
	lead_unit_id      INTEGER REFERENCES units (id),
	suggested_unit_id INTEGER REFERENCES units (id),
	leader            TEXT NOT NULL DEFAULT '',
	person            TEXT NOT NULL DEFAULT ''
);

CREATE TABLE assignment_cooperators (
	commitment_id INTEGER NOT NULL REFERENCES assignments (commitment_id) ON DELETE CASCADE,
	position      INTEGER NOT NULL,
	unit_id       INTEGER NOT NULL REFERENCES units (id),
	PRIMARY KEY (commitment_id, position)
) WITHOUT ROWID;

CREATE TABLE milestones (
	id            INTEGER PRIMARY KEY,
	commitment_id INTEGER NOT NULL REFERENCES commitments (id) ON DELETE CASCADE,
	position      INTEGER NOT NULL,
	due           TEXT NOT NULL,
	expected      TEXT NOT NULL DEFAULT '',
	description   TEXT NOT NULL DEFAULT '',
	UNIQUE (commitment_id, position)
);

-- UNIQUE (report_id, code) indexes commitments by report and code, and
-- UNIQUE (checksum) reports by checksum; the primary keys and UNIQUE
-- (commitment_id, position) serve the cascades. Parents are looked up by
-- id. No query looks up assignments by unit yet: an index on the unit
-- columns would cost every import and is left to the migration of the
-- first query that needs it.
