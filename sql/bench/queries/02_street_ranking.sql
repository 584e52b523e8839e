-- 社会稳定态势: streets ranked by their mean index over the last 30 days, with the band at the end.
SELECT street_code, street_name_zh, district_code, avg(mean_index) AS mean_index, max_by(day_end_band_label, day) AS band
FROM iceberg.analytics.stability_trend_street
WHERE day BETWEEN ${last_day} - INTERVAL '30' DAY AND ${last_day}
GROUP BY street_code, street_name_zh, district_code
ORDER BY mean_index
LIMIT 50
