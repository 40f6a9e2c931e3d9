-- 0006_dispatched_at: when the office last dispatched (交办) a commitment,
-- where its planned progress starts (a task dispatched in September is not
-- behind a path that began in January). Commitments dispatched before this
-- migration take the time of their last dispatch in the audit log.
ALTER TABLE commitment_states ADD COLUMN dispatched_at TIMESTAMPTZ;

UPDATE commitment_states s SET dispatched_at = (
	SELECT max(a.at) FROM audit_log a
	WHERE a.entity = 'commitment' AND a.ref = s.commitment_id::text
		AND a.action = 'commitment.state' AND a.after::jsonb ->> 'State' = 'dispatched')
WHERE s.state <> 'new';
