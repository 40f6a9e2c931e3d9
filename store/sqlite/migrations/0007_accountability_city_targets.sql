-- 0007_accountability: 责任追究 (issue 16). Records are append-only: a
-- correction is a new row pointing at its original (original_id) with
-- the next version; the unit's statements (申辩) hang on the original; the
-- office's decision on each proposed trigger is kept once by its key.
CREATE TABLE accountability_records (
	id            INTEGER PRIMARY KEY,
	original_id   INTEGER REFERENCES accountability_records (id),
	version       INTEGER NOT NULL CHECK (version >= 1),
	unit_id       INTEGER NOT NULL REFERENCES units (id),
	person        TEXT NOT NULL DEFAULT '',
	measure       TEXT NOT NULL CHECK (measure IN ('reminder', 'interview', 'criticism', 'admonition', 'referral')),
	decided_on    TEXT NOT NULL,
	doc_no        TEXT NOT NULL,
	commitment_id INTEGER NOT NULL REFERENCES commitments (id),
	order_id      INTEGER REFERENCES supervision_orders (id),
	trigger_key   TEXT NOT NULL DEFAULT '',
	facts         TEXT NOT NULL DEFAULT '[]', -- JSON: [{"kind":"order","id":3}]
	note          TEXT NOT NULL DEFAULT '',
	deduction     REAL NOT NULL DEFAULT 0 CHECK (deduction >= 0 AND deduction <= 20),
	reason        TEXT NOT NULL DEFAULT '',
	created_by    TEXT NOT NULL,
	created_at    TEXT NOT NULL,
	CHECK ((original_id IS NULL) = (version = 1))
);
CREATE UNIQUE INDEX accountability_records_version ON accountability_records (coalesce(original_id, id), version);
CREATE INDEX accountability_records_unit ON accountability_records (unit_id);

CREATE TABLE accountability_statements (
	id        INTEGER PRIMARY KEY,
	record_id INTEGER NOT NULL REFERENCES accountability_records (id),
	unit_id   INTEGER NOT NULL REFERENCES units (id),
	body      TEXT NOT NULL,
	by_login  TEXT NOT NULL,
	at        TEXT NOT NULL
);
CREATE INDEX accountability_statements_record ON accountability_statements (record_id);

CREATE TABLE accountability_decisions (
	key           TEXT PRIMARY KEY,
	kind          TEXT NOT NULL,
	unit_id       INTEGER REFERENCES units (id),
	commitment_id INTEGER REFERENCES commitments (id),
	accepted      INTEGER NOT NULL CHECK (accepted IN (0, 1)),
	record_id     INTEGER REFERENCES accountability_records (id),
	reason        TEXT NOT NULL DEFAULT '',
	decided_by    TEXT NOT NULL,
	decided_at    TEXT NOT NULL,
	CHECK ((accepted = 1) = (record_id IS NOT NULL))
);

CREATE TRIGGER accountability_records_no_update BEFORE UPDATE ON accountability_records
BEGIN
	SELECT RAISE(ABORT, 'accountability_records is append-only: correct a record by a new version');
END;
CREATE TRIGGER accountability_records_no_delete BEFORE DELETE ON accountability_records
BEGIN
	SELECT RAISE(ABORT, 'accountability_records is append-only: records cannot be deleted');
END;
CREATE TRIGGER accountability_statements_no_update BEFORE UPDATE ON accountability_statements
BEGIN
	SELECT RAISE(ABORT, 'accountability_statements is append-only');
END;
CREATE TRIGGER accountability_statements_no_delete BEFORE DELETE ON accountability_statements
BEGIN
	SELECT RAISE(ABORT, 'accountability_statements is append-only');
END;
CREATE TRIGGER accountability_decisions_no_update BEFORE UPDATE ON accountability_decisions
BEGIN
	SELECT RAISE(ABORT, 'accountability_decisions is append-only');
END;
CREATE TRIGGER accountability_decisions_no_delete BEFORE DELETE ON accountability_decisions
BEGIN
	SELECT RAISE(ABORT, 'accountability_decisions is append-only');
END;

-- 市定目标任务 (issue 16): a city commitment's shares by district
-- government (replaced as a whole, audited), and the districts' figures
-- on them by period, with where each came from.
CREATE TABLE city_target_shares (
	city_commitment_id     INTEGER NOT NULL REFERENCES commitments (id),
	district_id            INTEGER NOT NULL REFERENCES governments (id),
	value                  TEXT NOT NULL,
	district_commitment_id INTEGER REFERENCES commitments (id),
	set_by                 TEXT NOT NULL,
	set_at                 TEXT NOT NULL,
	PRIMARY KEY (city_commitment_id, district_id)
);

CREATE TABLE city_target_figures (
	city_commitment_id INTEGER NOT NULL,
	district_id        INTEGER NOT NULL,
	period             TEXT NOT NULL,
	value              TEXT NOT NULL,
	source             TEXT NOT NULL CHECK (source IN ('ledger', 'api', 'sheet')),
	approved           INTEGER NOT NULL CHECK (approved IN (0, 1)),
	recorded_by        TEXT NOT NULL,
	recorded_at        TEXT NOT NULL,
	PRIMARY KEY (city_commitment_id, district_id, period),
	FOREIGN KEY (city_commitment_id, district_id) REFERENCES city_target_shares (city_commitment_id, district_id)
);
