-- Benchmark data check (infra/platform bench): the warnings of the simulated week still open at its
-- end, each of which gets one CLEARED change per earlier week (clear_carried_warnings.sql).
SELECT count(*)
FROM iceberg.gov.warning FOR TIMESTAMP AS OF ${as_of}
WHERE status = 'OPENED'
  AND warning_id NOT IN (SELECT warning_id FROM iceberg.gov.warning FOR TIMESTAMP AS OF ${as_of} WHERE status = 'CLEARED');
