-- analytics.open_warnings: the open-warnings board (预警看板): every warning whose latest change is
-- not CLEARED, with its rule, level, area, the street it is routed to and its evidence.
-- district_name_zh and street_name_zh (the routed street) name the places the dashboards filter by.
-- gov.warning keeps every state change; the latest change of a warning is its current state (at one
-- instant CLEARED before UPDATED before OPENED). The view first finds each warning's latest time and
-- status from the thin columns alone and keeps the warnings whose latest status is not CLEARED, then
-- reads only the rows of that instant: ranking every change of every warning (fat rows: evidence,
-- counts, summary) ran out of Trino memory over a year of data. A warning id opened again after a
-- CLEARED (a replay of history into the same namespace) is open again. Several updates may carry the
-- same event time (a rule re-judged as items of one instant arrive): then the one with the most
-- evidence items (then the greatest summary text) is the current state, so that every read of the
-- view picks the same change.
-- Example: SELECT rule, level, area_name_zh, summary FROM analytics.open_warnings ORDER BY level_rank DESC, opened_at;
CREATE OR REPLACE VIEW iceberg.analytics.open_warnings
COMMENT 'Open risk warnings (在办预警): latest state of each warning not cleared, with routing and evidence. From gov.warning.'
SECURITY DEFINER
AS
WITH open_warning AS (
    SELECT
        warning_id,
        min(changed_at) AS opened_at,
        max(changed_at) AS last_changed_at,
        count(*) AS changes
    FROM iceberg.gov.warning
    GROUP BY warning_id
    HAVING max_by(status, (changed_at, CASE status WHEN 'CLEARED' THEN 2 WHEN 'UPDATED' THEN 1 ELSE 0 END)) <> 'CLEARED'
),
changes AS (
    SELECT
        w.*,
        o.opened_at,
        o.changes,
        row_number() OVER (
            PARTITION BY w.warning_id
            ORDER BY CASE w.status WHEN 'UPDATED' THEN 1 ELSE 0 END DESC, cardinality(w.item_ids) DESC, w.summary DESC) AS recency
    FROM iceberg.gov.warning w
    JOIN open_warning o ON o.warning_id = w.warning_id AND o.last_changed_at = w.changed_at
)
SELECT
    c.warning_id,
    c.rule,
    CASE c.rule
        WHEN 'R1' THEN '群体聚集 mass gathering'
        WHEN 'R2' THEN '异常激增 anomaly'
        WHEN 'R3' THEN '多源汇聚 convergence'
        WHEN 'R4' THEN '重复来电 repeat caller'
        WHEN 'R5' THEN '超期督办 overdue'
        WHEN 'R6' THEN '稳定指数下降 stability drop'
    END AS rule_name,
    c.level,
    CASE c.level WHEN 'BLUE' THEN 1 WHEN 'YELLOW' THEN 2 WHEN 'ORANGE' THEN 3 WHEN 'RED' THEN 4 END AS level_rank,
    c.area_code,
    c.area_level,
    a.name_zh AS area_name_zh,
    a.district_code,
    c.opened_at,
    c.changed_at AS last_changed_at,
    c.changes,
    c.window_start,
    c.window_end,
    c.routed_to_street,
    s.name_zh AS routed_to_street_name_zh,
    c.routed_to_level,
    c.routed_to_area,
    cardinality(c.item_ids) AS evidence_items,
    c.item_ids,
    c.counts,
    c.thresholds,
    c.summary,
    d.name_zh AS district_name_zh,
    s.name_zh AS street_name_zh
FROM changes c
LEFT JOIN iceberg.gov.dim_area a ON a.code = c.area_code
LEFT JOIN iceberg.gov.dim_area s ON s.code = c.routed_to_street
LEFT JOIN iceberg.gov.dim_area d ON d.code = coalesce(a.district_code, substr(c.routed_to_street, 1, 6))
WHERE c.recency = 1
