-- What `platform publish --period P` writes to evaluation_area.csv / .json (and draws in report.html):
-- the query of sql/publication/evaluation_area.sql (${view}, pinned to the snapshots of its tables) for one
-- period, in a fixed order (city, districts, streets; by code) so that the same snapshots give the same bytes.
SELECT *
FROM (
${view}
) published
WHERE period = '${period}'
ORDER BY CASE area_level WHEN 'CITY' THEN 0 WHEN 'DISTRICT' THEN 1 ELSE 2 END, area_code
