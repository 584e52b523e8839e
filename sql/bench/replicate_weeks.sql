-- Benchmark data (infra/platform bench): a year of city data from one simulated week. Adds
-- shifted copies ${first} to ${last} of the week already in ${table}: every timestamp moved by 7 days per
-- copy, every id suffixed with the copy's number so ids stay unique. The Java side fills in the
-- column lists from the table's one definition (GovTables), and runs it one copy at a time
-- (a week of item_event is 7 days x 10 districts = 70 partitions: Trino writes at most 100
-- partitions in one statement).
INSERT INTO iceberg.gov.${table} (${columns})
SELECT ${shifted}
FROM iceberg.gov.${table}
CROSS JOIN UNNEST(sequence(${first}, ${last})) AS copies (w);
