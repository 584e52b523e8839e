-- analytics.grid_workload: work of each grid (网格) per city day: items reported in the grid, items
-- closed, transitions handled, and the load per grid worker (网格员) assigned to it.
-- Example: SELECT * FROM analytics.grid_workload WHERE day = DATE '2026-10-05' ORDER BY new_items_per_staff DESC LIMIT 20;
CREATE OR REPLACE VIEW iceberg.analytics.grid_workload
COMMENT 'Grid workload (网格工作量) per grid and day: new items, closed, transitions, items per grid worker. From gov.item_event and gov.dim_area.'
SECURITY DEFINER
AS
SELECT
    e.grid_code,
    g.name_zh AS grid_name_zh,
    g.grid_type,
    g.community_code,
    g.street_code,
    g.district_code,
    g.grid_staff,
    CAST(e.occurred_at AT TIME ZONE 'Asia/Shanghai' AS date) AS day,
    count_if(e.previous_state IS NULL) AS new_items,
    count_if(e.state = 'CLOSED') AS closed_items,
    count(*) AS transitions,
    count_if(e.previous_state IS NULL AND e.vulnerable_group IS NOT NULL) AS new_items_vulnerable_groups,
    CAST(count_if(e.previous_state IS NULL) AS double) / nullif(g.grid_staff, 0) AS new_items_per_staff,
    d.name_zh AS district_name_zh,
    s.name_zh AS street_name_zh
FROM iceberg.gov.item_event e
JOIN iceberg.gov.dim_area g ON g.code = e.grid_code
LEFT JOIN iceberg.gov.dim_area d ON d.code = g.district_code
LEFT JOIN iceberg.gov.dim_area s ON s.code = g.street_code
WHERE e.source = 'GRID' AND e.grid_code IS NOT NULL
GROUP BY e.grid_code, g.name_zh, g.grid_type, g.community_code, g.street_code, g.district_code, g.grid_staff,
    CAST(e.occurred_at AT TIME ZONE 'Asia/Shanghai' AS date), d.name_zh, s.name_zh
