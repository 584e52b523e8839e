-- Benchmark data (infra/platform bench): a year of city data from one simulated week. Adds
-- ${weeks} shifted copies of the week already in ${table}: every timestamp moved by 7 days per
-- copy, every id suffixed with the copy's number so ids stay unique. The Java side fills in the
-- column lists from the table's one definition (GovTables).
INSERT INTO iceberg.gov.${table} (${columns})
SELECT ${shifted}
FROM iceberg.gov.${table}
CROSS JOIN UNNEST(sequence(1, ${weeks})) AS copies (w);
