-- Compaction (infra/platform maintain), before maintain.sql: the jobs commit every checkpoint, each
-- commit adds small files (and the upserted tables add equality-delete files, which optimize applies).
-- ${where} is empty for a table without a day partition. For a table partitioned by day(${column})
-- it bounds one statement to a window of at most 7 whole UTC days (the day transform's days) that have
-- partitions of more than one file (compact_days.sql): one optimize over a year of item_event (day x
-- district, thousands of partitions) would hold a Parquet writer open per partition and exceed
-- Trino's memory per query.
ALTER TABLE iceberg.gov.${table} EXECUTE optimize(file_size_threshold => '64MB') ${where};
