-- analytics.off_list_assignments: tasks pushed outside the admission lists (清单外事项): a matter not
-- on the grid admission list assigned to a grid (Art. 21), or not on the committees' list assigned to
-- a residents'/villagers' committee (Art. 24). One row per assigning body, assignee kind, matter and
-- city day, counting the off-list assignments (the ingest job flags each assignment transition).
-- Example: SELECT assigned_by, sum(assignments) FROM analytics.off_list_assignments GROUP BY 1 ORDER BY 2 DESC;
CREATE OR REPLACE VIEW iceberg.analytics.off_list_assignments
COMMENT 'Off-list assignments (清单外事项, Art. 21/24) by assigning body, assignee kind, matter and day. From gov.item_event and gov.dim_matter.'
SECURITY DEFINER
AS
SELECT
    CAST(e.occurred_at AT TIME ZONE 'Asia/Shanghai' AS date) AS day,
    e.district_code,
    e.street_code,
    s.name_zh AS street_name_zh,
    e.assigned_by,
    e.assignee_type,
    CASE e.assignee_type WHEN 'GRID' THEN 'Art. 21 grid admission list' WHEN 'COMMITTEE' THEN 'Art. 24 committee list' END AS list_breached,
    e.matter_code,
    m.name_zh AS matter_name_zh,
    m.department AS responsible_department,
    count(*) AS assignments,
    count(DISTINCT e.item_id) AS items,
    d.name_zh AS district_name_zh
FROM iceberg.gov.item_event e
LEFT JOIN iceberg.gov.dim_matter m ON m.code = e.matter_code AND m.version = e.matter_version
LEFT JOIN iceberg.gov.dim_area s ON s.code = e.street_code
LEFT JOIN iceberg.gov.dim_area d ON d.code = e.district_code
WHERE e.off_list
GROUP BY CAST(e.occurred_at AT TIME ZONE 'Asia/Shanghai' AS date), e.district_code, e.street_code, s.name_zh,
    e.assigned_by, e.assignee_type, e.matter_code, m.name_zh, m.department, d.name_zh
