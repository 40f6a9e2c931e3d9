-- 0004_target_model: what the office decides of the target model (issue
-- 10). A target's kind as set by the office ('' : inferred from the
-- extraction each time); a proposed commitment marked 不列入 (not a
-- commitment), with who, when and why (excluded_at NULL: included); and
-- the office's confirmation or override of each row of the reconciliation
-- of a year-N report with year N+1's, keyed by the target's span in the
-- year-N text.
ALTER TABLE targets ADD COLUMN kind TEXT NOT NULL DEFAULT '';

ALTER TABLE commitments ADD COLUMN excluded_at TEXT;
ALTER TABLE commitments ADD COLUMN excluded_by TEXT NOT NULL DEFAULT '';
ALTER TABLE commitments ADD COLUMN excluded_reason TEXT NOT NULL DEFAULT '';

CREATE TABLE reconcile_reviews (
	report_id    INTEGER NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
	span_start   INTEGER NOT NULL,
	span_end     INTEGER NOT NULL,
	override     TEXT NOT NULL DEFAULT '', -- a verdict; '' confirms the system's
	note         TEXT NOT NULL DEFAULT '',
	confirmed_by TEXT NOT NULL,
	confirmed_at TEXT NOT NULL,
	PRIMARY KEY (report_id, span_start, span_end)
);
