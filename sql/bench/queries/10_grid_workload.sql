-- 网格化管理: the busiest grids per grid worker, last 30 days.
SELECT grid_code, grid_name_zh, sum(new_items) AS new_items, sum(new_items) / max(grid_staff) AS per_staff
FROM iceberg.analytics.grid_workload
WHERE day BETWEEN ${last_day} - INTERVAL '30' DAY AND ${last_day}
GROUP BY grid_code, grid_name_zh
ORDER BY per_staff DESC
LIMIT 20
