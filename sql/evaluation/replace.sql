-- Replaces one period's rows of an evaluation table in ONE commit (MERGE), so a reader never sees the period
-- half-written or missing, and re-running a period replaces it. The source is the new rows (${rows}, the
-- query of eval_score.sql or eval_topic.sql) marked INSERT plus every current row of the period marked
-- DELETE; only DELETE rows can match (on the table's identifier columns, ${key_match}), so each old row is
-- deleted exactly once and each new row inserted. ${table}, ${columns}, ${source_columns} and ${key_match}
-- come from the table's one definition (GovTables); ${period} is the period replaced.
MERGE INTO iceberg.gov.${table} t
USING (
    SELECT ${columns}, 'INSERT' AS replace_action
    FROM (
${rows}
    ) fresh
    UNION ALL
    SELECT ${columns}, 'DELETE' AS replace_action
    FROM iceberg.gov.${table}
    WHERE period = '${period}'
) s
ON s.replace_action = 'DELETE' AND ${key_match}
WHEN MATCHED THEN DELETE
WHEN NOT MATCHED AND s.replace_action = 'INSERT' THEN INSERT (${columns}) VALUES (${source_columns})
