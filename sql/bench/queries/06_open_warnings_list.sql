-- 风险预警: the board, most severe first, with evidence.
SELECT rule_name, level, area_name_zh, routed_to_street_name_zh, opened_at, evidence_items, summary
FROM iceberg.analytics.open_warnings
ORDER BY level_rank DESC, opened_at DESC
LIMIT 100
