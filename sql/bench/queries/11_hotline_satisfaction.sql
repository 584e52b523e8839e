-- 12345 热线: complaints, repeats and satisfaction per district and matter group, last 30 days.
SELECT area_code, area_name_zh, matter_group, sum(complaints) AS complaints, sum(repeat_complaints) AS repeats,
       CAST(sum(satisfied) AS double) / nullif(sum(rated), 0) AS satisfaction_rate
FROM iceberg.analytics.hotline_satisfaction_daily
WHERE area_level = 'DISTRICT' AND day BETWEEN ${last_day} - INTERVAL '30' DAY AND ${last_day}
GROUP BY area_code, area_name_zh, matter_group
