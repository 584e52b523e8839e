-- Table maintenance (infra/platform maintain), run by the `platform` user for every table of
-- schema gov: ${table} is replaced by each table's name, ${retention} by --retain (e.g. 7d).
-- Compaction comes first, from compact.sql (see there).
-- 1. Expire snapshots older than the retention (time travel reaches back that far, no further).
ALTER TABLE iceberg.gov.${table} EXECUTE expire_snapshots(retention_threshold => '${retention}');
-- 2. Delete files no snapshot references any more (left by failed or aborted writes).
ALTER TABLE iceberg.gov.${table} EXECUTE remove_orphan_files(retention_threshold => '${retention}');
