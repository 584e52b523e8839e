-- 社会稳定态势: new items, disputes and police risk per district and day, last 30 days.
SELECT area_code, area_name_zh, day, sum(new_items) AS new_items, sum(disputes) AS disputes, sum(police_risk_weight) AS police_risk
FROM iceberg.analytics.situation_daily
WHERE area_level = 'DISTRICT' AND day BETWEEN ${last_day} - INTERVAL '30' DAY AND ${last_day}
GROUP BY area_code, area_name_zh, day
