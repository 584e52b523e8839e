-- The days of a table partitioned by day(${column}) that hold a partition of more than one data file:
-- what compaction (compact.sql) has to rewrite (the day-partitioned tables are append-only: no delete
-- files). The day is the partition's day-transform value, a UTC day.
SELECT DISTINCT partition.${column}_day
FROM iceberg.gov."${table}$partitions"
WHERE file_count > 1
ORDER BY 1
