-- 风险预警: open warnings by rule and level.
SELECT rule_name, level, count(*) AS warnings
FROM iceberg.analytics.open_warnings
GROUP BY rule_name, level
