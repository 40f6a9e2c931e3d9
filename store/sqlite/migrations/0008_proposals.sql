-- 0008_proposals: 人大代表建议 and 政协委员提案 (issue 15). An item, unique
-- by kind, session (届次) and number, with its handling state; the 沟通
-- records, 答复 (one per round), B-item follow-ups and the deputy's
-- feedback, each appended, never changed; and the feedback links' tokens,
-- stored as their SHA-256 only. Days 'YYYY-MM-DD', timestamps RFC 3339,
-- lists JSON text.
CREATE TABLE proposals (
	id           INTEGER PRIMARY KEY AUTOINCREMENT,
	kind         TEXT NOT NULL CHECK (kind IN ('suggestion', 'proposal')),
	session      TEXT NOT NULL DEFAULT '',
	number       TEXT NOT NULL,
	title        TEXT NOT NULL,
	text         TEXT NOT NULL DEFAULT '',
	lead_name    TEXT NOT NULL,
	lead_contact TEXT NOT NULL DEFAULT '',
	co_signers   TEXT NOT NULL DEFAULT '[]', -- JSON [{"name","contact"}]
	category     TEXT NOT NULL DEFAULT '',
	received     TEXT,
	public       INTEGER NOT NULL DEFAULT 0,
	state        TEXT NOT NULL DEFAULT 'new',
	lead_unit    TEXT NOT NULL DEFAULT '',
	co_units     TEXT NOT NULL DEFAULT '[]', -- JSON array of unit names
	assigned_at  TEXT,
	deadline     TEXT,
	acked_at     TEXT,
	round        INTEGER NOT NULL DEFAULT 0,
	adjust       TEXT, -- JSON of the pending 申请调整, NULL if none
	closed_at    TEXT,
	UNIQUE (kind, session, number)
);
CREATE INDEX proposals_lead_unit ON proposals (lead_unit);

CREATE TABLE proposal_contacts (
	id          INTEGER PRIMARY KEY AUTOINCREMENT,
	proposal_id INTEGER NOT NULL REFERENCES proposals (id) ON DELETE CASCADE,
	round       INTEGER NOT NULL,
	day         TEXT NOT NULL,
	way         TEXT NOT NULL,
	summary     TEXT NOT NULL,
	by_unit     TEXT NOT NULL
);
CREATE INDEX proposal_contacts_item ON proposal_contacts (proposal_id, id);

CREATE TABLE proposal_replies (
	id          INTEGER PRIMARY KEY AUTOINCREMENT,
	proposal_id INTEGER NOT NULL REFERENCES proposals (id) ON DELETE CASCADE,
	round       INTEGER NOT NULL,
	text        TEXT NOT NULL,
	document    TEXT NOT NULL,
	class       TEXT NOT NULL CHECK (class IN ('A', 'B', 'C')),
	reason      TEXT NOT NULL DEFAULT '',
	promised    TEXT,
	day         TEXT NOT NULL,
	due         TEXT NOT NULL,
	by_unit     TEXT NOT NULL,
	UNIQUE (proposal_id, round)
);

CREATE TABLE proposal_followups (
	id          INTEGER PRIMARY KEY AUTOINCREMENT,
	proposal_id INTEGER NOT NULL REFERENCES proposals (id) ON DELETE CASCADE,
	day         TEXT NOT NULL,
	note        TEXT NOT NULL,
	solved      INTEGER NOT NULL DEFAULT 0,
	by_unit     TEXT NOT NULL
);
CREATE INDEX proposal_followups_item ON proposal_followups (proposal_id, id);

CREATE TABLE proposal_feedback (
	id          INTEGER PRIMARY KEY AUTOINCREMENT,
	proposal_id INTEGER NOT NULL REFERENCES proposals (id) ON DELETE CASCADE,
	round       INTEGER NOT NULL,
	verdict     TEXT NOT NULL CHECK (verdict IN ('satisfied', 'basic_satisfied', 'dissatisfied')),
	comment     TEXT NOT NULL DEFAULT '',
	day         TEXT NOT NULL,
	UNIQUE (proposal_id, round)
);

-- A feedback link's token: only its hash; used once, then used_at is set.
CREATE TABLE proposal_tokens (
	hash        TEXT PRIMARY KEY,
	proposal_id INTEGER NOT NULL REFERENCES proposals (id) ON DELETE CASCADE,
	round       INTEGER NOT NULL,
	created_at  TEXT NOT NULL,
	expires_at  TEXT NOT NULL,
	used_at     TEXT
);
CREATE INDEX proposal_tokens_item ON proposal_tokens (proposal_id);
