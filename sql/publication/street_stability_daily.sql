-- publication.street_stability_daily: the public's view of each street's stability (DESIGN sections
-- 6 and 8): streets/townships and above only, no item-level data and no counts, so nothing falls
-- under the suppression rule (any count below 5). SECURITY DEFINER: the `public` user reads this
-- view without any right on schema gov.
CREATE OR REPLACE VIEW iceberg.publication.street_stability_daily
COMMENT 'Daily stability index (社会稳定指数) and band of every street/township, for the public. Streets and above only, no counts.'
SECURITY DEFINER
AS
SELECT
    a.district_code,
    d.name_zh AS district_name_zh,
    st.area_code AS street_code,
    a.name_zh AS street_name_zh,
    a.name_en AS street_name_en,
    CAST(st.hour_start AT TIME ZONE 'Asia/Shanghai' AS date) AS day,
    round(avg(st.stability_index), 1) AS mean_index,
    max_by(st.band_label, st.hour_start) AS day_end_band
FROM iceberg.gov.stability_hourly st
JOIN iceberg.gov.dim_area a ON a.code = st.area_code
LEFT JOIN iceberg.gov.dim_area d ON d.code = a.district_code
WHERE st.area_level = 'STREET'
GROUP BY a.district_code, d.name_zh, st.area_code, a.name_zh, a.name_en, CAST(st.hour_start AT TIME ZONE 'Asia/Shanghai' AS date)
