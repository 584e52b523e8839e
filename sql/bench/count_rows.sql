-- Benchmark data check (infra/platform bench): the rows of ${table}, to verify that a year of copies
-- holds exactly (copies + 1) x the rows of the simulated week.
SELECT count(*) FROM iceberg.gov.${table};
