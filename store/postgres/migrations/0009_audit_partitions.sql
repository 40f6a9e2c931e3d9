-- 0009_audit_partitions: the audit log, partitioned by the year of its entries (PostgreSQL
-- declarative partitioning): a partition a year from 2020 to 2035 and a
-- default one for any other time, so that a year's entries can be
-- archived or dropped whole by the operator, and the table's indexes stay
-- the size of a year. The entries and their ids are kept; the log stays
-- append-only, on every partition.
ALTER TABLE audit_log RENAME TO audit_log_old;
ALTER INDEX audit_log_record RENAME TO audit_log_old_record;
CREATE SEQUENCE audit_log_entry_seq AS BIGINT;
CREATE TABLE audit_log (
	id     BIGINT NOT NULL DEFAULT nextval('audit_log_entry_seq'),
	at     TIMESTAMPTZ NOT NULL,
	actor  TEXT NOT NULL,
	action TEXT NOT NULL,
	entity TEXT NOT NULL DEFAULT '',
	ref    TEXT NOT NULL DEFAULT '',
	before JSON,
	after  JSON,
	PRIMARY KEY (id, at)
) PARTITION BY RANGE (at);
ALTER SEQUENCE audit_log_entry_seq OWNED BY audit_log.id;
CREATE INDEX audit_log_record ON audit_log (entity, ref, id);
DO $$
DECLARE
	y INT;
	p TEXT;
BEGIN
	FOR y IN 2020..2035 LOOP
		p := format('audit_log_y%s', y);
		EXECUTE format('CREATE TABLE %I PARTITION OF audit_log FOR VALUES FROM (%L) TO (%L)',
			p, make_timestamptz(y, 1, 1, 0, 0, 0, 'UTC'), make_timestamptz(y + 1, 1, 1, 0, 0, 0, 'UTC'));
		EXECUTE format('CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON %I FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only()', p);
	END LOOP;
	CREATE TABLE audit_log_other PARTITION OF audit_log DEFAULT;
	CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log_other
		FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();
END
$$;
INSERT INTO audit_log (id, at, actor, action, entity, ref, before, after)
	SELECT id, at, actor, action, entity, ref, before, after FROM audit_log_old ORDER BY id;
SELECT setval('audit_log_entry_seq', coalesce((SELECT max(id) FROM audit_log_old), 0) + 1, false);
DROP TABLE audit_log_old;
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
	FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
	FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();
