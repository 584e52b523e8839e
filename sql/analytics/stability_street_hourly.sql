-- analytics.stability_street_hourly: the stability index (社会稳定指数, DESIGN section 7) of each street
-- per clock hour, with its district and street names, band and the index points each component takes
-- off. The leaders' situation dashboard draws its trend from it; the points of the six components and
-- the index add up to 100. `hour` is the start of the hour on the city's clock (no zone), as charts show it.
-- Example: SELECT hour_start, stability_index, band_label FROM analytics.stability_street_hourly WHERE street_code = '210202001' ORDER BY hour_start;
CREATE OR REPLACE VIEW iceberg.analytics.stability_street_hourly
COMMENT 'Stability index per street and hour (街道逐时稳定指数) with district and street names, band and the points each component takes off. From gov.stability_hourly.'
SECURITY DEFINER
AS
SELECT
    st.hour_start,
    CAST(st.hour_start AT TIME ZONE 'Asia/Shanghai' AS timestamp(6)) AS hour,
    CAST(st.hour_start AT TIME ZONE 'Asia/Shanghai' AS date) AS day,
    a.district_code,
    d.name_zh AS district_name_zh,
    st.area_code AS street_code,
    a.name_zh AS street_name_zh,
    a.name_en AS street_name_en,
    st.population,
    st.stability_index,
    st.band,
    st.band_label,
    st.disputes_contribution,
    st.overdue_contribution,
    st.police_risk_contribution,
    st.complaints_contribution,
    st.mass_gathering_contribution,
    st.unsatisfied_contribution
FROM iceberg.gov.stability_hourly st
LEFT JOIN iceberg.gov.dim_area a ON a.code = st.area_code
LEFT JOIN iceberg.gov.dim_area d ON d.code = a.district_code
WHERE st.area_level = 'STREET'
