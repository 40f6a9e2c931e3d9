-- Placeholder on branch accountability only, so that 0007 loads before the
-- migrations numbered 0005 land (0005: projects). Drop this file when merging.
SELECT 1;
