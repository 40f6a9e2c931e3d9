-- 0006_dispatched_at: when the office last dispatched (交办) a commitment,
-- where its planned progress starts (a task dispatched in September is not
-- behind a path that began in January). Commitments dispatched before this
-- migration take the time of their last dispatch in the audit log.
ALTER TABLE commitment_states ADD COLUMN dispatched_at TEXT;

UPDATE commitment_states SET dispatched_at = (
	SELECT max(a.at) FROM audit_log a
	WHERE a.entity = 'commitment' AND a.ref = CAST(commitment_states.commitment_id AS TEXT)
		AND a.action = 'commitment.state'
		AND CASE WHEN json_valid(a.after) THEN json_extract(a.after, '$.State') END = 'dispatched')
WHERE state <> 'new';
