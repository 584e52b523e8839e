-- The days of a table partitioned by day(${column}) that compaction (compact.sql) has to rewrite: those
-- holding a partition of more than one data file, and those holding an Avro data file (the ingest job
-- streams item_event as Avro; the table's format is Parquet, which optimize writes). The
-- day-partitioned tables are append-only: no delete files. The day is the partition's day-transform
-- value, a UTC day.
SELECT DISTINCT day
FROM (
    SELECT partition.${column}_day AS day
    FROM iceberg.gov."${table}$partitions"
    WHERE file_count > 1
    UNION ALL
    SELECT partition.${column}_day AS day
    FROM iceberg.gov."${table}$files"
    WHERE content = 0 AND file_format = 'AVRO'
)
ORDER BY 1
