-- Benchmark data (infra/platform bench): a year of city data from one simulated week. Adds copy
-- ${week} of the week the jobs wrote to ${table}: every timestamp moved by 7 x ${week} days, every id
-- suffixed with '~${week}' so ids stay unique. The source is the table as it stood before the first
-- copy (${as_of}), never the copies already added. The Java side (YearData) fills in the column lists
-- from the table's one definition (GovTables) and runs one copy per statement: a week of item_event
-- is about 70-90 partitions (day x district), and Trino writes at most 100 in one statement.
INSERT INTO iceberg.gov.${table} (${columns})
SELECT ${shifted}
FROM iceberg.gov.${table} FOR TIMESTAMP AS OF ${as_of};
