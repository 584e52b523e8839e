-- analytics.stability_trend_street: the stability index (社会稳定指数, DESIGN section 7) of each street
-- per city day: mean, lowest and day-end index, day-end band, hours in each band, and the mean index
-- points each component took off, so a fall can be explained. From gov.stability_hourly.
-- Example: SELECT day, mean_index, day_end_band FROM analytics.stability_trend_street WHERE street_code = '210202001' ORDER BY day;
CREATE OR REPLACE VIEW iceberg.analytics.stability_trend_street
COMMENT 'Stability index trend per street and day (街道稳定指数趋势): mean, min, day-end index and band, hours per band, mean component contributions. From gov.stability_hourly.'
SECURITY DEFINER
AS
SELECT
    st.area_code AS street_code,
    a.name_zh AS street_name_zh,
    a.district_code,
    CAST(st.hour_start AT TIME ZONE 'Asia/Shanghai' AS date) AS day,
    avg(st.stability_index) AS mean_index,
    min(st.stability_index) AS min_index,
    max_by(st.stability_index, st.hour_start) AS day_end_index,
    max_by(st.band, st.hour_start) AS day_end_band,
    max_by(st.band_label, st.hour_start) AS day_end_band_label,
    count_if(st.band = 'STABLE') AS hours_stable,
    count_if(st.band = 'BASICALLY_STABLE') AS hours_basically_stable,
    count_if(st.band = 'ATTENTION') AS hours_attention,
    count_if(st.band = 'HIGH_RISK') AS hours_high_risk,
    avg(st.disputes_contribution) AS mean_disputes_points,
    avg(st.overdue_contribution) AS mean_overdue_points,
    avg(st.police_risk_contribution) AS mean_police_risk_points,
    avg(st.complaints_contribution) AS mean_complaints_points,
    avg(st.mass_gathering_contribution) AS mean_mass_gathering_points,
    avg(st.unsatisfied_contribution) AS mean_unsatisfied_points
FROM iceberg.gov.stability_hourly st
LEFT JOIN iceberg.gov.dim_area a ON a.code = st.area_code
WHERE st.area_level = 'STREET'
GROUP BY st.area_code, a.name_zh, a.district_code, CAST(st.hour_start AT TIME ZONE 'Asia/Shanghai' AS date)
