-- analytics.hotline_street_daily: 12345 hotline cases (12345 工单) per street, city day and matter group:
-- cases received (every request type), complaints, cases closed and reopened, closings rated and how
-- (satisfied includes basically satisfied; NOT_RATED closings are not rated), and repeat complaints (a
-- caller's second complaint about the same group in the same area within 30 days, counted by the assess
-- job). A case counts on the day it was received; a closing on the day it closed.
-- Example: SELECT matter_group, sum(cases), sum(satisfied) * 1.0 / sum(rated) FROM analytics.hotline_street_daily GROUP BY 1;
CREATE OR REPLACE VIEW iceberg.analytics.hotline_street_daily
COMMENT '12345 cases per street, day and matter group: received, complaints, closed, reopened, rated, satisfied, unsatisfied, repeat complaints. From gov.item_event and gov.area_hourly.'
SECURITY DEFINER
AS
WITH cases AS (
    SELECT
        street_code,
        CAST(occurred_at AT TIME ZONE 'Asia/Shanghai' AS date) AS day,
        matter_group,
        count_if(previous_state IS NULL) AS cases,
        count_if(previous_state IS NULL AND request_type = 'COMPLAINT') AS complaints,
        count_if(state = 'CLOSED') AS closed,
        count_if(state = 'REOPENED') AS reopened,
        count_if(state = 'CLOSED' AND satisfaction IN ('SATISFIED', 'BASICALLY_SATISFIED', 'UNSATISFIED')) AS rated,
        count_if(state = 'CLOSED' AND satisfaction IN ('SATISFIED', 'BASICALLY_SATISFIED')) AS satisfied,
        count_if(state = 'CLOSED' AND satisfaction = 'UNSATISFIED') AS unsatisfied
    FROM iceberg.gov.item_event
    WHERE source = 'HOTLINE'
    GROUP BY street_code, CAST(occurred_at AT TIME ZONE 'Asia/Shanghai' AS date), matter_group
),
repeats AS (
    SELECT
        area_code AS street_code,
        CAST(hour_start AT TIME ZONE 'Asia/Shanghai' AS date) AS day,
        matter_group,
        sum(repeat_complaints) AS repeat_complaints
    FROM iceberg.gov.area_hourly
    WHERE area_level = 'STREET' AND repeat_complaints > 0
    GROUP BY area_code, CAST(hour_start AT TIME ZONE 'Asia/Shanghai' AS date), matter_group
)
SELECT
    s.district_code,
    d.name_zh AS district_name_zh,
    c.street_code,
    s.name_zh AS street_name_zh,
    c.day,
    c.matter_group,
    c.cases,
    c.complaints,
    coalesce(r.repeat_complaints, 0) AS repeat_complaints,
    c.closed,
    c.reopened,
    c.rated,
    c.satisfied,
    c.unsatisfied
FROM cases c
LEFT JOIN repeats r ON r.street_code = c.street_code AND r.day = c.day AND r.matter_group = c.matter_group
LEFT JOIN iceberg.gov.dim_area s ON s.code = c.street_code
LEFT JOIN iceberg.gov.dim_area d ON d.code = s.district_code
