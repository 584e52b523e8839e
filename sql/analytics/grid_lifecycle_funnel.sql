-- analytics.grid_lifecycle_funnel: the full chain of Art. 22 for grid items (网格事项全链条): how many
-- items reported in a street on a city day reached each stage — 1 信息采集 collected, 2 任务分派 assigned,
-- 3 协同处置 handling, 4 结果反馈 feedback, 5 核查评价 verified, 6 办结 closed — so the drop between two
-- stages shows where items stall. Side states (returned, escalated, reopened) are counted on their
-- own rows (stage numbers 7-9) and are not part of the funnel.
-- Example: SELECT stage, sum(items) FROM analytics.grid_lifecycle_funnel WHERE stage_order <= 6 GROUP BY stage ORDER BY stage;
CREATE OR REPLACE VIEW iceberg.analytics.grid_lifecycle_funnel
COMMENT 'Grid items per street, day of first report and lifecycle stage reached (Art. 22 全链条): collected, assigned, handling, feedback, verified, closed; side states apart. From gov.item_event.'
SECURITY DEFINER
AS
WITH items AS (
    SELECT
        item_id,
        arbitrary(district_code) AS district_code,
        arbitrary(street_code) AS street_code,
        CAST(min(occurred_at) AT TIME ZONE 'Asia/Shanghai' AS date) AS day,
        array_distinct(array_agg(state)) AS states
    FROM iceberg.gov.item_event
    WHERE source = 'GRID'
    GROUP BY item_id
),
stages (stage_order, state, stage) AS (
    VALUES
        (1, 'COLLECTED', '1 信息采集 collected'),
        (2, 'ASSIGNED', '2 任务分派 assigned'),
        (3, 'HANDLING', '3 协同处置 handling'),
        (4, 'FEEDBACK', '4 结果反馈 feedback'),
        (5, 'VERIFIED', '5 核查评价 verified'),
        (6, 'CLOSED', '6 办结 closed'),
        (7, 'RETURNED', '7 退回 returned'),
        (8, 'ESCALATED', '8 上报 escalated'),
        (9, 'REOPENED', '9 重新办理 reopened')
)
SELECT
    i.district_code,
    d.name_zh AS district_name_zh,
    i.street_code,
    s.name_zh AS street_name_zh,
    i.day,
    st.stage_order,
    st.stage,
    count(*) AS items
FROM items i
CROSS JOIN stages st
LEFT JOIN iceberg.gov.dim_area d ON d.code = i.district_code
LEFT JOIN iceberg.gov.dim_area s ON s.code = i.street_code
WHERE contains(i.states, st.state)
GROUP BY i.district_code, d.name_zh, i.street_code, s.name_zh, i.day, st.stage_order, st.stage
