-- gov.eval_topic rows of one evaluation period: hot topics (热点问题, DESIGN section 8) — per area (the city,
-- each district, street and community) and matter group, the items received in the period against the
-- previous period of the same kind (2026-10 against 2026-09, 2026-Q3 against 2026-Q2, 2026 against 2025),
-- with the hotline satisfaction of the group. Run inside sql/evaluation/replace.sql by `platform evaluate`.
-- Only the (area, group) pairs with items in either period are kept.
--   items / previous   grid items, hotline cases and police signals first received in the period
--   growth             items - previous; growth_rate = growth / previous (null when previous is 0)
--   satisfaction       as in eval_score: the latest rating at a CLOSED before the period's end
--   growth_rank        rank() by growth within the area, largest first
--   hot                growth_rank <= ${hot_topics} and growth > 0
-- Placeholders: ${period}, ${period_start}, ${period_end}, ${previous_start}, ${hot_topics}, ${evaluated_at}.
WITH
city AS (
    SELECT code FROM iceberg.gov.dim_area WHERE level = 'CITY'
),
levels AS (
    SELECT code, level, name_zh, name_en FROM iceberg.gov.dim_area WHERE level IN ('CITY', 'DISTRICT', 'STREET', 'COMMUNITY')
),
items AS (
    SELECT
        item_id,
        arbitrary(source) AS source,
        min_by(community_code, occurred_at) AS community_code,
        min_by(street_code, occurred_at) AS street_code,
        min_by(district_code, occurred_at) AS district_code,
        min_by(matter_group, occurred_at) AS matter_group,
        min(occurred_at) FILTER (WHERE state IN ('COLLECTED', 'RECEIVED', 'SIGNALLED')) AS received_at,
        max_by(satisfaction, occurred_at) FILTER (WHERE state = 'CLOSED' AND satisfaction IN ('SATISFIED', 'BASICALLY_SATISFIED', 'UNSATISFIED')) AS satisfaction
    FROM iceberg.gov.item_event
    WHERE occurred_at >= ${previous_start} AND occurred_at < ${period_end}
    GROUP BY item_id
),
placed AS (
    SELECT i.*, place.area_code, i.received_at >= ${period_start} AS is_current
    FROM items i
    CROSS JOIN city
    CROSS JOIN UNNEST(ARRAY[i.community_code, i.street_code, i.district_code, city.code]) AS place (area_code)
    WHERE i.received_at IS NOT NULL
),
groups AS (
    SELECT
        area_code,
        matter_group,
        count_if(is_current) AS items,
        count_if(NOT is_current) AS previous_items,
        count_if(is_current AND source = 'HOTLINE' AND satisfaction IS NOT NULL) AS rated_cases,
        count_if(is_current AND source = 'HOTLINE' AND satisfaction IN ('SATISFIED', 'BASICALLY_SATISFIED')) AS satisfied_cases
    FROM placed
    GROUP BY area_code, matter_group
),
ranked AS (
    SELECT
        g.*,
        g.items - g.previous_items AS growth,
        rank() OVER (PARTITION BY g.area_code ORDER BY g.items - g.previous_items DESC) AS growth_rank
    FROM groups g
)
SELECT
    '${period}' AS period,
    r.area_code,
    l.level AS area_level,
    l.name_zh AS area_name_zh,
    l.name_en AS area_name_en,
    r.matter_group,
    r.items,
    r.previous_items,
    r.growth,
    CAST(r.growth AS double) / nullif(r.previous_items, 0) AS growth_rate,
    r.rated_cases,
    r.satisfied_cases,
    CAST(r.satisfied_cases AS double) / nullif(r.rated_cases, 0) AS satisfaction_rate,
    CAST(r.growth_rank AS integer) AS growth_rank,
    r.growth_rank <= ${hot_topics} AND r.growth > 0 AS hot,
    CAST(${evaluated_at} AS timestamp(6) with time zone) AS evaluated_at
FROM ranked r
JOIN levels l ON l.code = r.area_code
