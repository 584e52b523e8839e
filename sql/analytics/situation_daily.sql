-- analytics.situation_daily: what happened in each area, each city day, each matter group.
-- One row per (area of any level: grid, community, street, district, city; day in Asia/Shanghai;
-- matter group), summed from the assess job's hourly aggregates gov.area_hourly. Backlog and
-- overdue are the figures at the end of the last hour of the day that had activity.
-- Example: SELECT * FROM analytics.situation_daily WHERE area_level = 'DISTRICT' AND day = DATE '2026-10-05';
CREATE OR REPLACE VIEW iceberg.analytics.situation_daily
COMMENT 'Situation (态势) by area, city day and matter group: new, closed, disputes, police risk, complaints, satisfaction, backlog and overdue at day end. From gov.area_hourly.'
SECURITY DEFINER
AS
SELECT
    h.area_code,
    h.area_level,
    a.name_zh AS area_name_zh,
    a.name_en AS area_name_en,
    a.district_code,
    a.street_code,
    CAST(h.hour_start AT TIME ZONE 'Asia/Shanghai' AS date) AS day,
    h.matter_group,
    sum(h.new_items) AS new_items,
    sum(h.closed_items) AS closed_items,
    sum(h.disputes) AS disputes,
    sum(h.police_signals) AS police_signals,
    sum(h.police_risk_weight) AS police_risk_weight,
    sum(h.complaints) AS complaints,
    sum(h.repeat_complaints) AS repeat_complaints,
    sum(h.rated) AS rated,
    sum(h.satisfied) AS satisfied,
    sum(h.unsatisfied) AS unsatisfied,
    max_by(h.open_backlog, h.hour_start) AS open_backlog_at_day_end,
    max_by(h.overdue, h.hour_start) AS overdue_at_day_end
FROM iceberg.gov.area_hourly h
LEFT JOIN iceberg.gov.dim_area a ON a.code = h.area_code
GROUP BY h.area_code, h.area_level, a.name_zh, a.name_en, a.district_code, a.street_code,
    CAST(h.hour_start AT TIME ZONE 'Asia/Shanghai' AS date), h.matter_group
