-- 0003_evidence_sha256: find the attachments of one file (by its SHA-256)
-- across reports, to show a document counted for two reports.
CREATE INDEX evidence_sha256 ON evidence (sha256);
