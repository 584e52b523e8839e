-- Benchmark data (infra/platform bench): copy ${week} of the simulated week (0 is the week itself)
-- stands for a past week of the year, so the warnings still open at the end of the simulated run
-- are cleared one second after the run's last warning change, as the running assess job would have
-- done later. Without it each of the 51 earlier weeks would carry its open warnings (R5 is one per
-- overdue item) into the present: millions of open warnings on the board, where a real year has
-- those of the last week alone. One CLEARED change per such warning, copied from its OPENED change;
-- ${cleared} (YearData) sets status and changed_at and then shifts and suffixes like the copies.
INSERT INTO iceberg.gov.warning (${columns})
SELECT ${shifted}
FROM (
    SELECT ${cleared}
    FROM iceberg.gov.warning FOR TIMESTAMP AS OF ${as_of} w
    CROSS JOIN (
        SELECT date_add('second', 1, max(changed_at)) AS run_end
        FROM iceberg.gov.warning FOR TIMESTAMP AS OF ${as_of}
    ) e
    WHERE w.status = 'OPENED'
      AND w.warning_id NOT IN (
          SELECT warning_id FROM iceberg.gov.warning FOR TIMESTAMP AS OF ${as_of} WHERE status = 'CLEARED')
);
