-- 风险预警: warnings opened per day and rule, last 30 days.
SELECT CAST(changed_at AT TIME ZONE 'Asia/Shanghai' AS date) AS day, rule, count(*) AS opened
FROM iceberg.gov.warning
WHERE status = 'OPENED' AND changed_at >= CAST(${last_day} - INTERVAL '30' DAY AS timestamp(6) with time zone)
GROUP BY 1, 2
