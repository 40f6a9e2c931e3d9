-- 0009_audit_partitions: on PostgreSQL the audit log is partitioned by
-- year (declarative partitioning). SQLite has no partitions: an embedded
-- ledger is one district's, and its audit log stays one table. The
-- migration is here so that both stores ship the same versions.
SELECT 1;
