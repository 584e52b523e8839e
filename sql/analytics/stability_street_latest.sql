-- analytics.stability_street_latest: each street's stability index at its latest assessed hour, ranked
-- in the city and in its district (1 = most stable), with band and the index points each component
-- takes off, so a leader sees which streets need attention and why. One row per street; as_of is the
-- start of that hour on the city's clock (no zone).
-- A district's or the city's index is the population-weighted mean of its streets:
--   SELECT district_name_zh, sum(stability_index * population) / sum(population) FROM ... GROUP BY 1.
-- Example: SELECT street_name_zh, stability_index, band_label FROM analytics.stability_street_latest ORDER BY rank_in_city DESC LIMIT 10;
CREATE OR REPLACE VIEW iceberg.analytics.stability_street_latest
COMMENT 'Latest stability index of every street (街道最新稳定指数), its band, component points and rank in the city and district. From gov.stability_hourly.'
SECURITY DEFINER
AS
WITH latest AS (
    SELECT
        st.*,
        row_number() OVER (PARTITION BY st.area_code ORDER BY st.hour_start DESC) AS recency
    FROM iceberg.gov.stability_hourly st
    WHERE st.area_level = 'STREET'
)
SELECT
    CAST(l.hour_start AT TIME ZONE 'Asia/Shanghai' AS timestamp(6)) AS as_of,
    CAST(l.hour_start AT TIME ZONE 'Asia/Shanghai' AS date) AS day,
    a.district_code,
    d.name_zh AS district_name_zh,
    l.area_code AS street_code,
    a.name_zh AS street_name_zh,
    a.name_en AS street_name_en,
    l.population,
    l.stability_index,
    l.band,
    l.band_label,
    rank() OVER (ORDER BY l.stability_index DESC) AS rank_in_city,
    rank() OVER (PARTITION BY a.district_code ORDER BY l.stability_index DESC) AS rank_in_district,
    l.disputes_contribution,
    l.overdue_contribution,
    l.police_risk_contribution,
    l.complaints_contribution,
    l.mass_gathering_contribution,
    l.unsatisfied_contribution
FROM latest l
LEFT JOIN iceberg.gov.dim_area a ON a.code = l.area_code
LEFT JOIN iceberg.gov.dim_area d ON d.code = a.district_code
WHERE l.recency = 1
