-- 网格化管理: off-list assignments by assigning body, last 30 days.
SELECT assigned_by, list_breached, sum(assignments) AS assignments
FROM iceberg.analytics.off_list_assignments
WHERE day BETWEEN ${last_day} - INTERVAL '30' DAY AND ${last_day}
GROUP BY assigned_by, list_breached
ORDER BY assignments DESC
