-- What `platform publish --period P` writes to evaluation_parameters.csv / .json: the query of
-- sql/publication/evaluation_parameters.sql (${view}, pinned) for one period, by parameter name.
SELECT *
FROM (
${view}
) published
WHERE period = '${period}'
ORDER BY parameter
