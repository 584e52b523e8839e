-- 社会稳定态势: the city's daily mean street index over the last 90 days.
SELECT day, avg(mean_index) AS city_mean_index, min(min_index) AS lowest_street_index
FROM iceberg.analytics.stability_trend_street
WHERE day BETWEEN ${last_day} - INTERVAL '90' DAY AND ${last_day}
GROUP BY day
ORDER BY day
