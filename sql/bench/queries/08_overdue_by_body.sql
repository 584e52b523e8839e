-- 网格化管理: overdue open items by assigning body.
SELECT assigned_by, sum(open_items) AS open_items, sum(overdue_resolve) AS overdue
FROM iceberg.analytics.overdue_by_assigning_body
GROUP BY assigned_by
ORDER BY overdue DESC
LIMIT 20
