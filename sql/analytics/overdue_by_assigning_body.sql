-- analytics.overdue_by_assigning_body: open grid items and hotline cases past their catalogue
-- deadlines (超期督办, Art. 22), by the body that assigned them and the body handling them.
-- "Now" is the data's own clock: the latest transition ingested (never later than the wall
-- clock), so a replay of past days reads as it did then.
-- An item is resolved once in FEEDBACK, VERIFIED or CLOSED (grid) or REPLIED or CLOSED (hotline),
-- as for rule R5; it is dispatched once it left COLLECTED / RECEIVED.
-- Example: SELECT * FROM analytics.overdue_by_assigning_body ORDER BY overdue_resolve DESC LIMIT 20;
CREATE OR REPLACE VIEW iceberg.analytics.overdue_by_assigning_body
COMMENT 'Overdue open items (超期事项) by assigning body (交办单位) and handling body (承办单位), as of the latest transition ingested. From gov.item_current.'
SECURITY DEFINER
AS
WITH clock AS (
    SELECT least(max(occurred_at), current_timestamp) AS as_of FROM iceberg.gov.item_current
),
open_items AS (
    SELECT
        i.*,
        clock.as_of,
        i.state IN ('COLLECTED', 'RECEIVED') AS undispatched
    FROM iceberg.gov.item_current i
    CROSS JOIN clock
    WHERE i.source IN ('GRID', 'HOTLINE')
      AND i.state NOT IN ('FEEDBACK', 'VERIFIED', 'CLOSED', 'REPLIED')
)
SELECT
    o.as_of,
    o.source,
    o.district_code,
    d.name_zh AS district_name_zh,
    coalesce(o.assigned_by, '(not yet assigned 未分派)') AS assigned_by,
    o.assignee_type,
    o.assignee,
    count(*) AS open_items,
    count_if(o.undispatched AND o.dispatch_due_at < o.as_of) AS overdue_dispatch,
    count_if(o.resolve_due_at < o.as_of) AS overdue_resolve,
    max(date_diff('hour', o.resolve_due_at, o.as_of)) FILTER (WHERE o.resolve_due_at < o.as_of) AS max_hours_past_resolve_deadline
FROM open_items o
LEFT JOIN iceberg.gov.dim_area d ON d.code = o.district_code
GROUP BY o.as_of, o.source, o.district_code, d.name_zh, o.assigned_by, o.assignee_type, o.assignee
