-- What `platform publish --period P` writes to evaluation_hot_topic.csv / .json: the query of
-- sql/publication/evaluation_hot_topic.sql (${view}, pinned) for one period; city, districts, streets by
-- code, each area's groups by growth rank then name.
SELECT *
FROM (
${view}
) published
WHERE period = '${period}'
ORDER BY CASE area_level WHEN 'CITY' THEN 0 WHEN 'DISTRICT' THEN 1 ELSE 2 END, area_code, growth_rank, matter_group
