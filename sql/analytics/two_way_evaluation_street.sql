-- analytics.two_way_evaluation_street: the two-way evaluation of Art. 43 (双向评价) as it concerns each
-- street/township: per evaluation period (yyyy-MM, yyyy-Qn or yyyy), the mean score its communities gave it (0-100, all dimensions),
-- the number of ratings, its rank in the city and in its district (1 = best) and whether the period is
-- the latest one rated of its kind (month, quarter, year). This is one input of the periodic evaluation (DESIGN section 8), not its
-- composite score or grade.
-- Example: SELECT street_name_zh, mean_score, rank_in_city FROM analytics.two_way_evaluation_street WHERE is_latest_period ORDER BY rank_in_city;
CREATE OR REPLACE VIEW iceberg.analytics.two_way_evaluation_street
COMMENT 'Two-way evaluation (双向评价, Art. 43) of each street per period: mean score from its communities, ratings, rank in city and district, latest-period flag. From gov.eval_rating.'
SECURITY DEFINER
AS
WITH scores AS (
    SELECT
        r.period,
        r.rated_area_code AS street_code,
        avg(r.score) AS mean_score,
        min(r.score) AS min_score,
        count(*) AS ratings,
        count(DISTINCT r.rater_area_code) AS raters
    FROM iceberg.gov.eval_rating r
    JOIN iceberg.gov.dim_area s ON s.code = r.rated_area_code AND s.level = 'STREET'
    GROUP BY r.period, r.rated_area_code
)
SELECT
    sc.period,
    CASE WHEN length(sc.period) = 4 THEN 'YEAR' WHEN sc.period LIKE '%Q%' THEN 'QUARTER' ELSE 'MONTH' END AS period_kind,
    sc.period = max(sc.period) OVER (PARTITION BY length(sc.period), sc.period LIKE '%Q%') AS is_latest_period,
    s.district_code,
    d.name_zh AS district_name_zh,
    sc.street_code,
    s.name_zh AS street_name_zh,
    sc.mean_score,
    sc.min_score,
    sc.ratings,
    sc.raters,
    rank() OVER (PARTITION BY sc.period ORDER BY sc.mean_score DESC) AS rank_in_city,
    rank() OVER (PARTITION BY sc.period, s.district_code ORDER BY sc.mean_score DESC) AS rank_in_district
FROM scores sc
LEFT JOIN iceberg.gov.dim_area s ON s.code = sc.street_code
LEFT JOIN iceberg.gov.dim_area d ON d.code = s.district_code
