-- analytics.warning_changes: every state change of a risk warning (预警变更: OPENED 发布, UPDATED 更新,
-- CLEARED 解除) with its rule and level names, the area, district and the street it is routed to, and
-- the city hour (no zone) and day of the change: the timeline of the warnings dashboard.
-- Example: SELECT hour, level, count(*) FROM analytics.warning_changes WHERE status = 'OPENED' GROUP BY 1, 2 ORDER BY 1;
CREATE OR REPLACE VIEW iceberg.analytics.warning_changes
COMMENT 'Every warning state change (预警变更) with rule, level, area, district and routed street, hour and day (Asia/Shanghai). From gov.warning.'
SECURITY DEFINER
AS
SELECT
    w.warning_id,
    w.status,
    w.changed_at,
    CAST(date_trunc('hour', w.changed_at AT TIME ZONE 'Asia/Shanghai') AS timestamp(6)) AS hour,
    CAST(w.changed_at AT TIME ZONE 'Asia/Shanghai' AS date) AS day,
    w.rule,
    CASE w.rule
        WHEN 'R1' THEN '群体聚集 mass gathering'
        WHEN 'R2' THEN '异常激增 anomaly'
        WHEN 'R3' THEN '多源汇聚 convergence'
        WHEN 'R4' THEN '重复来电 repeat caller'
        WHEN 'R5' THEN '超期督办 overdue'
        WHEN 'R6' THEN '稳定指数下降 stability drop'
    END AS rule_name,
    w.level,
    CASE w.level WHEN 'BLUE' THEN '蓝 blue' WHEN 'YELLOW' THEN '黄 yellow' WHEN 'ORANGE' THEN '橙 orange' WHEN 'RED' THEN '红 red' END AS level_name,
    w.area_code,
    w.area_level,
    a.name_zh AS area_name_zh,
    a.district_code,
    d.name_zh AS district_name_zh,
    w.routed_to_street AS street_code,
    s.name_zh AS street_name_zh,
    cardinality(w.item_ids) AS evidence_items,
    w.summary
FROM iceberg.gov.warning w
LEFT JOIN iceberg.gov.dim_area a ON a.code = w.area_code
LEFT JOIN iceberg.gov.dim_area d ON d.code = coalesce(a.district_code, substr(w.routed_to_street, 1, 6))
LEFT JOIN iceberg.gov.dim_area s ON s.code = w.routed_to_street
