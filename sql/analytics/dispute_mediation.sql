-- analytics.dispute_mediation: outcomes of dispute mediation (矛盾纠纷调解, Art. 25-26) per street,
-- month of the dispute's first report and mediation channel (people's, administrative, judicial,
-- other). A dispute's channel and outcome are the latest ones its transitions carried; disputes not
-- yet mediated have channel '(none yet)'. success_rate = succeeded / (succeeded + failed).
-- Example: SELECT * FROM analytics.dispute_mediation WHERE month = DATE '2026-10-01' ORDER BY disputes DESC;
CREATE OR REPLACE VIEW iceberg.analytics.dispute_mediation
COMMENT 'Dispute mediation (矛盾纠纷调解) outcomes per street, month and channel: succeeded, failed, ongoing, success rate. From gov.item_event (grid disputes).'
SECURITY DEFINER
AS
WITH disputes AS (
    SELECT
        item_id,
        arbitrary(street_code) AS street_code,
        arbitrary(district_code) AS district_code,
        min(occurred_at) AS first_reported_at,
        max_by(mediation_channel, occurred_at) FILTER (WHERE mediation_channel IS NOT NULL) AS mediation_channel,
        max_by(mediation_outcome, occurred_at) FILTER (WHERE mediation_outcome IS NOT NULL) AS mediation_outcome,
        bool_or(state = 'CLOSED') AS closed
    FROM iceberg.gov.item_event
    WHERE source = 'GRID' AND matter_group = 'DISPUTE'
    GROUP BY item_id
)
SELECT
    d.district_code,
    d.street_code,
    s.name_zh AS street_name_zh,
    date_trunc('month', CAST(d.first_reported_at AT TIME ZONE 'Asia/Shanghai' AS date)) AS month,
    coalesce(d.mediation_channel, '(none yet)') AS mediation_channel,
    count(*) AS disputes,
    count_if(d.mediation_outcome = 'SUCCEEDED') AS succeeded,
    count_if(d.mediation_outcome = 'FAILED') AS failed,
    count_if(d.mediation_outcome = 'ONGOING') AS ongoing,
    count_if(d.closed) AS closed,
    CAST(count_if(d.mediation_outcome = 'SUCCEEDED') AS double)
        / nullif(count_if(d.mediation_outcome IN ('SUCCEEDED', 'FAILED')), 0) AS success_rate
FROM disputes d
LEFT JOIN iceberg.gov.dim_area s ON s.code = d.street_code
GROUP BY d.district_code, d.street_code, s.name_zh,
    date_trunc('month', CAST(d.first_reported_at AT TIME ZONE 'Asia/Shanghai' AS date)), coalesce(d.mediation_channel, '(none yet)')
