-- Trino freshness probe (infra/platform bench): which of the probe items sent since ${since} are visible
-- in item_event yet. One query for every outstanding probe; the time bound keeps the scan to the live
-- run's partitions, as an analyst's query of the last minutes would.
SELECT DISTINCT item_id
FROM iceberg.gov.item_event
WHERE occurred_at >= ${since} AND item_id IN (${item_ids})
