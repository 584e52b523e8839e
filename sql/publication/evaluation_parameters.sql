-- publication.evaluation_parameters: the parameters each period was evaluated with (考评参数): composite weights,
-- grade bands, minimum satisfaction, red/black list size, hot topics per area, repeat-complaint window — as
-- stored with the period's rows of gov.eval_score (from evaluation/evaluation.properties at evaluation time).
-- `platform publish` runs the query below the AS line pinned to a snapshot (see evaluation_area.sql).
-- Example: SELECT parameter, value FROM publication.evaluation_parameters WHERE period = '2026-10' ORDER BY parameter;
CREATE OR REPLACE VIEW iceberg.publication.evaluation_parameters
COMMENT 'Parameters of each evaluation period (考评参数): weights, grade bands, minimum satisfaction, list size, windows.'
SECURITY DEFINER
AS
SELECT
    s.period,
    p.parameter,
    p.value
FROM iceberg.gov.eval_score ${eval_score_version} s
CROSS JOIN UNNEST(s.parameters) AS p (parameter, value)
WHERE s.area_level = 'CITY'
