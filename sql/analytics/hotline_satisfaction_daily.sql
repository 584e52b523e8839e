-- analytics.hotline_satisfaction_daily: 12345 hotline complaints, repeat complaints and the callers'
-- satisfaction (回访满意度) per street, district and the city, per city day and matter group.
-- satisfaction_rate = (satisfied + basically satisfied) / rated; cases closed without a rating
-- (NOT_RATED) are not in `rated`. A repeat complaint is a caller's second complaint about the same
-- matter group in the same area within 30 days. From gov.area_hourly.
-- Example: SELECT street, day, complaints, satisfaction_rate FROM ... WHERE area_level = 'STREET';
CREATE OR REPLACE VIEW iceberg.analytics.hotline_satisfaction_daily
COMMENT '12345 complaints, repeat complaints and satisfaction (满意率) per street, district and city, per day and matter group. From gov.area_hourly.'
SECURITY DEFINER
AS
SELECT
    h.area_code,
    h.area_level,
    a.name_zh AS area_name_zh,
    CAST(h.hour_start AT TIME ZONE 'Asia/Shanghai' AS date) AS day,
    h.matter_group,
    sum(h.complaints) AS complaints,
    sum(h.repeat_complaints) AS repeat_complaints,
    CAST(sum(h.repeat_complaints) AS double) / nullif(sum(h.complaints), 0) AS repeat_share,
    sum(h.rated) AS rated,
    sum(h.satisfied) AS satisfied,
    sum(h.unsatisfied) AS unsatisfied,
    CAST(sum(h.satisfied) AS double) / nullif(sum(h.rated), 0) AS satisfaction_rate
FROM iceberg.gov.area_hourly h
LEFT JOIN iceberg.gov.dim_area a ON a.code = h.area_code
WHERE h.area_level IN ('STREET', 'DISTRICT', 'CITY')
GROUP BY h.area_code, h.area_level, a.name_zh, CAST(h.hour_start AT TIME ZONE 'Asia/Shanghai' AS date), h.matter_group
