-- 网格化管理: dispute mediation outcomes per district and channel.
SELECT district_code, mediation_channel, sum(disputes) AS disputes, sum(succeeded) AS succeeded
FROM iceberg.analytics.dispute_mediation
GROUP BY district_code, mediation_channel
