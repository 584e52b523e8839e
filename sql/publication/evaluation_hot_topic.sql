-- publication.evaluation_hot_topic: hot topics (热点问题, DESIGN section 8) as published: per period, area (the
-- city, each district and street/township, never a community) and matter group, the items received against
-- the previous period, the growth, its rank in the area, the hot flag and the hotline satisfaction of the group.
-- Suppression as in evaluation_area: a count below ${min_count} is NULL, and so are the growth and growth rate
-- when either count is, and the satisfaction rate over fewer than ${min_count} rated cases. Growth rank and
-- hot flag are computed on the exact counts (gov.eval_topic) and stay.
-- `platform publish` runs the query below the AS line pinned to snapshots (see evaluation_area.sql).
-- Example: SELECT area_name_zh, matter_group_zh, items, growth, satisfaction_rate_pct FROM publication.evaluation_hot_topic
--          WHERE period = '2026-10' AND area_level = 'CITY' AND hot ORDER BY growth_rank;
CREATE OR REPLACE VIEW iceberg.publication.evaluation_hot_topic
COMMENT 'Hot topics (热点问题) per period, area (city, district, street) and matter group: items, previous period, growth, rank, hot flag, satisfaction. Counts below 5 and figures over them are NULL.'
SECURITY DEFINER
AS
SELECT
    t.period,
    t.area_level,
    t.area_code,
    t.area_name_zh,
    t.area_name_en,
    t.matter_group,
    CASE t.matter_group
        WHEN 'DISPUTE' THEN '矛盾纠纷'
        WHEN 'SAFETY_HAZARD' THEN '安全隐患'
        WHEN 'PUBLIC_ORDER' THEN '社会治安'
        WHEN 'SANITATION_CITYSCAPE' THEN '环境卫生与市容'
        WHEN 'LIVELIHOOD_VULNERABLE' THEN '民生与困难群体'
        WHEN 'PUBLIC_FACILITIES' THEN '公共设施'
        WHEN 'EMERGENCY' THEN '突发事件'
        WHEN 'PETITION_SIGNAL' THEN '信访与群体性事件苗头'
        ELSE t.matter_group
    END AS matter_group_zh,
    CASE WHEN t.items >= ${min_count} THEN t.items END AS items,
    CASE WHEN t.previous_items >= ${min_count} THEN t.previous_items END AS previous_items,
    CASE WHEN t.items >= ${min_count} AND t.previous_items >= ${min_count} THEN t.growth END AS growth,
    CASE WHEN t.items >= ${min_count} AND t.previous_items >= ${min_count} THEN CAST(round(100 * t.growth_rate, 1) AS decimal(9, 1)) END AS growth_rate_pct,
    CASE WHEN t.rated_cases >= ${min_count} THEN CAST(round(100 * t.satisfaction_rate, 1) AS decimal(4, 1)) END AS satisfaction_rate_pct,
    t.growth_rank,
    t.hot
FROM iceberg.gov.eval_topic ${eval_topic_version} t
WHERE t.area_level IN ('CITY', 'DISTRICT', 'STREET')
