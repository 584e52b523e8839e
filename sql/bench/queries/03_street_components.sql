-- 社会稳定态势: why one street's index moved: the mean points each component took off, per day.
SELECT day, mean_disputes_points, mean_overdue_points, mean_police_risk_points, mean_complaints_points,
       mean_mass_gathering_points, mean_unsatisfied_points
FROM iceberg.analytics.stability_trend_street
WHERE street_code = (SELECT min(street_code) FROM iceberg.analytics.stability_trend_street)
  AND day BETWEEN ${last_day} - INTERVAL '30' DAY AND ${last_day}
ORDER BY day
