-- 0005_projects: the major-project ledger (issue 14). A project of the
-- 重点项目计划表, unique by plan year and 项目编号; its stages in order with
-- planned and actual days; the owner unit's monthly reports, one per
-- project and month, through the supervision workflow's report statuses;
-- and the commitments a project serves. Figures are exact decimals as
-- TEXT (万元), days 'YYYY-MM-DD', timestamps RFC 3339, lists JSON text.
CREATE TABLE projects (
	id               INTEGER PRIMARY KEY AUTOINCREMENT,
	year             INTEGER NOT NULL,
	code             TEXT NOT NULL,
	name             TEXT NOT NULL,
	category         TEXT NOT NULL,
	industry         TEXT NOT NULL DEFAULT '',
	owner_unit       TEXT NOT NULL,
	builder          TEXT NOT NULL DEFAULT '',
	leader           TEXT NOT NULL DEFAULT '',
	location         TEXT NOT NULL DEFAULT '',
	content          TEXT NOT NULL DEFAULT '',
	total            TEXT NOT NULL DEFAULT '0',
	before_year      TEXT NOT NULL DEFAULT '0',
	annual_plan      TEXT NOT NULL DEFAULT '0',
	monthly_plan     TEXT NOT NULL DEFAULT '[]',
	progress         TEXT NOT NULL DEFAULT '',
	state            TEXT NOT NULL DEFAULT 'new',
	state_changed_at TEXT,
	UNIQUE (year, code)
);
CREATE INDEX projects_owner ON projects (owner_unit);

CREATE TABLE project_stages (
	project_id INTEGER NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
	seq        INTEGER NOT NULL,
	name       TEXT NOT NULL,
	planned    TEXT,
	actual     TEXT,
	PRIMARY KEY (project_id, seq)
);

CREATE TABLE project_reports (
	id            INTEGER PRIMARY KEY AUTOINCREMENT,
	project_id    INTEGER NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
	period        TEXT NOT NULL,
	month         TEXT NOT NULL DEFAULT '0',
	cumulative    TEXT NOT NULL DEFAULT '0',
	stage         TEXT NOT NULL DEFAULT '',
	stage_date    TEXT,
	progress      TEXT NOT NULL DEFAULT '',
	problems      TEXT NOT NULL DEFAULT '[]',
	explanation   TEXT NOT NULL DEFAULT '',
	evidence      TEXT NOT NULL DEFAULT '[]',
	status        TEXT NOT NULL,
	return_reason TEXT NOT NULL DEFAULT '',
	submitted_by  TEXT NOT NULL DEFAULT '',
	submitted_at  TEXT,
	reviewed_by   TEXT NOT NULL DEFAULT '',
	reviewed_at   TEXT,
	UNIQUE (project_id, period)
);

CREATE TABLE commitment_projects (
	commitment_id INTEGER NOT NULL REFERENCES commitments (id) ON DELETE CASCADE,
	project_id    INTEGER NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
	PRIMARY KEY (commitment_id, project_id)
);
CREATE INDEX commitment_projects_project ON commitment_projects (project_id);

-- How a linked commitment is computed from its projects (project.Link):
-- the measure (stage_count, investment, stage_rate) and the stage.
CREATE TABLE commitment_project_measures (
	commitment_id INTEGER PRIMARY KEY REFERENCES commitments (id) ON DELETE CASCADE,
	measure       TEXT NOT NULL,
	stage         TEXT NOT NULL DEFAULT ''
);
