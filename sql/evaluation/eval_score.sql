-- gov.eval_score rows of one evaluation period (考评, DESIGN section 8): every metric per area — the city,
-- each district, street/township and community of gov.dim_area, also those without any item. Run by
-- `platform evaluate --period P` inside sql/evaluation/replace.sql, which swaps the period's rows in one
-- commit. Placeholders: ${period} (2026-10, 2026-Q3, 2026), ${period_kind}, ${period_start} and
-- ${period_end} (Asia/Shanghai midnights, end exclusive), ${lookback_start} (the repeat-complaint window
-- before the start), ${rating_periods} (the rating periods inside P), ${evaluated_at}, and the values of
-- pipelines/src/main/resources/evaluation/evaluation.properties (weights, bands, thresholds).
--
-- What is counted. The items of a period (the cohort) are the grid items, hotline cases and police signals
-- first received (COLLECTED, RECEIVED, SIGNALLED) in it, as they stood at the period's end: transitions at or
-- after ${period_end} are ignored, so re-running a period gives the same figures unless records of the period
-- arrived late. An item counts for its community, street, district and the city (its first transition's
-- codes). gov.item_current is not read: it holds the state now, not at the period's end.
--   handled items      grid items and hotline cases (police signals have no lifecycle)
--   completion rate    handled items whose state at the period's end is CLOSED / handled items
--   on-time completion items first CLOSED no later than resolve_due_at / items closed at least once or
--                      past resolve_due_at at the end (an item not yet due and not closed is not judged yet)
--   on-time feedback   items whose first result feedback (grid FEEDBACK, hotline REPLIED) came no later than
--                      resolve_due_at (the catalogue has no separate feedback deadline) / items with feedback
--                      or past resolve_due_at at the end
--   timely acceptance  items first ASSIGNED, DISPATCHED or REPLIED (answered at intake) no later than
--                      dispatch_due_at / items accepted or past dispatch_due_at at the end
--   return rate        items RETURNED at least once / items ASSIGNED or DISPATCHED at least once
--   reopen rate        items REOPENED / items CLOSED at least once
--   median handling    exact median of hours from receipt to first CLOSED, over the items closed
--   satisfaction       hotline cases whose latest rating at a CLOSED is SATISFIED or BASICALLY_SATISFIED /
--                      cases with a rating (NOT_RATED is no rating)
--   follow-up          hotline cases closed at least once that got a rating / hotline cases closed at least once
--   repeat complaints  complaints of a caller (first pseudonymous key) who complained about the same matter
--                      group in the same community in the ${repeat_window_days} days before / complaints
--   mediation success  grid disputes whose latest outcome is SUCCEEDED / those SUCCEEDED or FAILED
--   warnings           gov.warning warnings OPENED in the period, for the street they are routed to (and its
--                      district and the city), for a community those about it or its grids; response
--                      minutes from OPENED to CLEARED (cleared within the period), exact median
--   off-list           off_list assignment transitions of the cohort (Art. 21/24)
--   two-way score      mean score of the gov.eval_rating rows whose period lies inside P, rating the area
--                      (a street by its communities, a community by its street); a district and the city:
--                      the ratings of their streets (Art. 43)
--   composite          100 x sum(w x s) / sum(w) over the components with a value (s: the rate, 1 - rate for
--                      return, reopen and repeat complaints, two-way score / 100); on-time feedback and
--                      follow-up weigh 0 unless the parameters give them a weight
--   ranks              rank() by composite among areas of the same level, in the district and in the city
--   grade              composite >= ${grade_excellent} 优秀, >= ${grade_good} 良好, >= ${grade_fair} 一般, else 较差
--   red / black list   streets and communities ranked in the top ${list_size} of the city (red), or in the
--                      bottom ${list_size} and not red (black); ties share a place
--   below minimum      satisfaction rate below ${min_satisfaction}
WITH
areas AS (
    SELECT code, level, name_zh, name_en, district_code, street_code, community_code
    FROM iceberg.gov.dim_area
    WHERE level IN ('CITY', 'DISTRICT', 'STREET', 'COMMUNITY')
),
city AS (
    SELECT code FROM iceberg.gov.dim_area WHERE level = 'CITY'
),
events AS (
    SELECT item_id, source, occurred_at, state, community_code, street_code, district_code, matter_group,
        request_type, person_keys, off_list, dispatch_due_at, resolve_due_at, satisfaction, mediation_outcome
    FROM iceberg.gov.item_event
    WHERE occurred_at >= ${lookback_start} AND occurred_at < ${period_end}
),
items AS (
    SELECT
        item_id,
        arbitrary(source) AS source,
        min_by(community_code, occurred_at) AS community_code,
        min_by(street_code, occurred_at) AS street_code,
        min_by(district_code, occurred_at) AS district_code,
        min_by(matter_group, occurred_at) AS matter_group,
        min_by(request_type, occurred_at) AS request_type,
        element_at(min_by(person_keys, occurred_at), 1) AS caller_key,
        min(occurred_at) FILTER (WHERE state IN ('COLLECTED', 'RECEIVED', 'SIGNALLED')) AS received_at,
        min(occurred_at) FILTER (WHERE state IN ('ASSIGNED', 'DISPATCHED', 'REPLIED')) AS accepted_at,
        min(occurred_at) FILTER (WHERE state = 'CLOSED') AS first_closed_at,
        min(occurred_at) FILTER (WHERE state IN ('FEEDBACK', 'REPLIED')) AS feedback_at,
        max_by(state, occurred_at) AS state_at_end,
        count_if(state IN ('ASSIGNED', 'DISPATCHED')) > 0 AS dispatched,
        count_if(state = 'RETURNED') > 0 AS returned,
        count_if(state = 'REOPENED') > 0 AS reopened,
        max(dispatch_due_at) AS dispatch_due_at,
        max(resolve_due_at) AS resolve_due_at,
        max_by(satisfaction, occurred_at) FILTER (WHERE state = 'CLOSED' AND satisfaction IN ('SATISFIED', 'BASICALLY_SATISFIED', 'UNSATISFIED')) AS satisfaction,
        max_by(mediation_outcome, occurred_at) FILTER (WHERE mediation_outcome IS NOT NULL) AS mediation_outcome,
        count_if(off_list) AS off_list_assignments
    FROM events
    GROUP BY item_id
),
complaints AS (
    SELECT item_id, community_code, matter_group, caller_key, received_at
    FROM items
    WHERE source = 'HOTLINE' AND request_type = 'COMPLAINT' AND received_at IS NOT NULL AND caller_key IS NOT NULL
),
repeats AS (
    SELECT DISTINCT c.item_id
    FROM complaints c
    JOIN complaints p
        ON p.caller_key = c.caller_key AND p.matter_group = c.matter_group AND p.community_code = c.community_code
        AND p.item_id <> c.item_id
        AND p.received_at < c.received_at
        AND p.received_at >= c.received_at - INTERVAL '${repeat_window_days}' DAY
    WHERE c.received_at >= ${period_start}
),
cohort AS (
    SELECT
        i.*,
        i.source IN ('GRID', 'HOTLINE') AS handled,
        i.state_at_end = 'CLOSED' AS closed,
        i.first_closed_at IS NOT NULL AS closed_once,
        i.first_closed_at IS NOT NULL OR i.resolve_due_at < ${period_end} AS due,
        i.first_closed_at IS NOT NULL AND (i.resolve_due_at IS NULL OR i.first_closed_at <= i.resolve_due_at) AS closed_on_time,
        i.feedback_at IS NOT NULL OR i.resolve_due_at < ${period_end} AS feedback_due,
        i.feedback_at IS NOT NULL AND (i.resolve_due_at IS NULL OR i.feedback_at <= i.resolve_due_at) AS fed_back_on_time,
        i.accepted_at IS NOT NULL OR i.dispatch_due_at < ${period_end} AS acceptance_due,
        i.accepted_at IS NOT NULL AND (i.dispatch_due_at IS NULL OR i.accepted_at <= i.dispatch_due_at) AS accepted_on_time,
        CAST(date_diff('millisecond', i.received_at, i.first_closed_at) AS double) / 3600000 AS handling_hours,
        i.source = 'HOTLINE' AND i.request_type = 'COMPLAINT' AS complaint,
        r.item_id IS NOT NULL AS repeat_complaint
    FROM items i
    LEFT JOIN repeats r ON r.item_id = i.item_id
    WHERE i.received_at >= ${period_start}
),
placed AS (
    SELECT c.*, place.area_code
    FROM cohort c
    CROSS JOIN city
    CROSS JOIN UNNEST(ARRAY[c.community_code, c.street_code, c.district_code, city.code]) AS place (area_code)
),
counts AS (
    SELECT
        area_code,
        count(*) AS volume,
        count_if(source = 'GRID') AS grid_items,
        count_if(source = 'HOTLINE') AS hotline_cases,
        count_if(source = 'POLICE') AS police_signals,
        count_if(handled) AS handled_items,
        count_if(handled AND closed) AS closed_items,
        count_if(handled AND due) AS due_items,
        count_if(handled AND closed_on_time) AS closed_on_time,
        count_if(handled AND feedback_due) AS feedback_due,
        count_if(handled AND fed_back_on_time) AS fed_back_on_time,
        count_if(handled AND acceptance_due) AS acceptance_due,
        count_if(handled AND accepted_on_time) AS accepted_on_time,
        count_if(handled AND dispatched) AS dispatched_items,
        count_if(handled AND dispatched AND returned) AS returned_items,
        count_if(handled AND closed_once) AS closed_once_items,
        count_if(handled AND closed_once AND reopened) AS reopened_items,
        count_if(source = 'HOTLINE' AND satisfaction IS NOT NULL) AS rated_cases,
        count_if(source = 'HOTLINE' AND satisfaction IN ('SATISFIED', 'BASICALLY_SATISFIED')) AS satisfied_cases,
        count_if(source = 'HOTLINE' AND closed_once) AS closed_cases,
        count_if(complaint) AS complaints,
        count_if(complaint AND repeat_complaint) AS repeat_complaints,
        count_if(source = 'GRID' AND matter_group = 'DISPUTE' AND mediation_outcome IN ('SUCCEEDED', 'FAILED')) AS mediated_disputes,
        count_if(source = 'GRID' AND matter_group = 'DISPUTE' AND mediation_outcome = 'SUCCEEDED') AS mediation_succeeded,
        sum(off_list_assignments) AS off_list_assignments
    FROM placed
    GROUP BY area_code
),
handling AS (
    SELECT
        area_code,
        handling_hours,
        row_number() OVER (PARTITION BY area_code ORDER BY handling_hours) AS position,
        count(*) OVER (PARTITION BY area_code) AS total
    FROM placed
    WHERE handled AND closed_once
),
handling_median AS (
    SELECT area_code, avg(handling_hours) AS median_handling_hours
    FROM handling
    WHERE position IN ((total + 1) / 2, (total + 2) / 2)
    GROUP BY area_code
),
warnings AS (
    SELECT
        warning_id,
        arbitrary(area_code) AS warning_area_code,
        arbitrary(routed_to_street) AS street_code,
        min(changed_at) FILTER (WHERE status = 'OPENED') AS opened_at,
        min(changed_at) FILTER (WHERE status = 'CLEARED') AS cleared_at
    FROM iceberg.gov.warning
    WHERE changed_at >= ${period_start} AND changed_at < ${period_end}
    GROUP BY warning_id
    HAVING count_if(status = 'OPENED') > 0
),
warnings_placed AS (
    SELECT
        place.area_code,
        CAST(date_diff('millisecond', w.opened_at, w.cleared_at) AS double) / 60000 AS response_minutes
    FROM warnings w
    LEFT JOIN iceberg.gov.dim_area about ON about.code = w.warning_area_code
    LEFT JOIN areas street ON street.code = w.street_code
    CROSS JOIN city
    CROSS JOIN UNNEST(ARRAY[about.community_code, w.street_code, street.district_code, city.code]) AS place (area_code)
    WHERE place.area_code IS NOT NULL
),
warning_positions AS (
    SELECT
        area_code,
        response_minutes,
        row_number() OVER (PARTITION BY area_code ORDER BY response_minutes) AS position,
        count(response_minutes) OVER (PARTITION BY area_code) AS total
    FROM warnings_placed
),
warning_stats AS (
    SELECT
        area_code,
        count(*) AS warnings_opened,
        count(response_minutes) AS warnings_cleared,
        avg(response_minutes) FILTER (WHERE response_minutes IS NOT NULL AND position IN ((total + 1) / 2, (total + 2) / 2)) AS median_warning_response_minutes
    FROM warning_positions
    GROUP BY area_code
),
ratings AS (
    SELECT r.score, rated.code, rated.level, rated.district_code
    FROM iceberg.gov.eval_rating r
    JOIN areas rated ON rated.code = r.rated_area_code
    WHERE r.period IN (${rating_periods}) AND rated.level IN ('STREET', 'COMMUNITY')
),
ratings_placed AS (
    SELECT code AS area_code, score FROM ratings
    UNION ALL
    SELECT district_code, score FROM ratings WHERE level = 'STREET'
    UNION ALL
    SELECT city.code, score FROM ratings CROSS JOIN city WHERE level = 'STREET'
),
rating_stats AS (
    SELECT area_code, count(*) AS two_way_ratings, avg(score) AS two_way_score
    FROM ratings_placed
    GROUP BY area_code
),
metrics AS (
    SELECT
        a.code AS area_code,
        a.level AS area_level,
        a.name_zh AS area_name_zh,
        a.name_en AS area_name_en,
        a.district_code,
        d.name_zh AS district_name_zh,
        a.street_code,
        coalesce(c.volume, 0) AS volume,
        coalesce(c.grid_items, 0) AS grid_items,
        coalesce(c.hotline_cases, 0) AS hotline_cases,
        coalesce(c.police_signals, 0) AS police_signals,
        coalesce(c.handled_items, 0) AS handled_items,
        coalesce(c.closed_items, 0) AS closed_items,
        CAST(c.closed_items AS double) / nullif(c.handled_items, 0) AS completion_rate,
        coalesce(c.due_items, 0) AS due_items,
        coalesce(c.closed_on_time, 0) AS closed_on_time,
        CAST(c.closed_on_time AS double) / nullif(c.due_items, 0) AS on_time_completion_rate,
        coalesce(c.feedback_due, 0) AS feedback_due,
        coalesce(c.fed_back_on_time, 0) AS fed_back_on_time,
        CAST(c.fed_back_on_time AS double) / nullif(c.feedback_due, 0) AS on_time_feedback_rate,
        coalesce(c.acceptance_due, 0) AS acceptance_due,
        coalesce(c.accepted_on_time, 0) AS accepted_on_time,
        CAST(c.accepted_on_time AS double) / nullif(c.acceptance_due, 0) AS timely_acceptance_rate,
        coalesce(c.dispatched_items, 0) AS dispatched_items,
        coalesce(c.returned_items, 0) AS returned_items,
        CAST(c.returned_items AS double) / nullif(c.dispatched_items, 0) AS return_rate,
        coalesce(c.closed_once_items, 0) AS closed_once_items,
        coalesce(c.reopened_items, 0) AS reopened_items,
        CAST(c.reopened_items AS double) / nullif(c.closed_once_items, 0) AS reopen_rate,
        h.median_handling_hours,
        coalesce(c.rated_cases, 0) AS rated_cases,
        coalesce(c.satisfied_cases, 0) AS satisfied_cases,
        CAST(c.satisfied_cases AS double) / nullif(c.rated_cases, 0) AS satisfaction_rate,
        coalesce(c.closed_cases, 0) AS closed_cases,
        CAST(c.rated_cases AS double) / nullif(c.closed_cases, 0) AS follow_up_rate,
        coalesce(c.complaints, 0) AS complaints,
        coalesce(c.repeat_complaints, 0) AS repeat_complaints,
        CAST(c.repeat_complaints AS double) / nullif(c.complaints, 0) AS repeat_complaint_rate,
        coalesce(c.mediated_disputes, 0) AS mediated_disputes,
        coalesce(c.mediation_succeeded, 0) AS mediation_succeeded,
        CAST(c.mediation_succeeded AS double) / nullif(c.mediated_disputes, 0) AS mediation_success_rate,
        coalesce(w.warnings_opened, 0) AS warnings_opened,
        coalesce(w.warnings_cleared, 0) AS warnings_cleared,
        w.median_warning_response_minutes,
        coalesce(c.off_list_assignments, 0) AS off_list_assignments,
        coalesce(r.two_way_ratings, 0) AS two_way_ratings,
        r.two_way_score
    FROM areas a
    LEFT JOIN areas d ON d.code = a.district_code
    LEFT JOIN counts c ON c.area_code = a.code
    LEFT JOIN handling_median h ON h.area_code = a.code
    LEFT JOIN warning_stats w ON w.area_code = a.code
    LEFT JOIN rating_stats r ON r.area_code = a.code
),
scored AS (
    SELECT
        m.*,
        100 * (
            coalesce(${w_completion} * completion_rate, 0)
            + coalesce(${w_on_time} * on_time_completion_rate, 0)
            + coalesce(${w_acceptance} * timely_acceptance_rate, 0)
            + coalesce(${w_satisfaction} * satisfaction_rate, 0)
            + coalesce(${w_return} * (1 - return_rate), 0)
            + coalesce(${w_reopen} * (1 - reopen_rate), 0)
            + coalesce(${w_repeat} * (1 - repeat_complaint_rate), 0)
            + coalesce(${w_mediation} * mediation_success_rate, 0)
            + coalesce(${w_two_way} * two_way_score / 100, 0)
            + coalesce(${w_feedback} * on_time_feedback_rate, 0)
            + coalesce(${w_follow_up} * follow_up_rate, 0)
        ) / nullif(
            (CASE WHEN completion_rate IS NULL THEN 0 ELSE ${w_completion} END)
            + (CASE WHEN on_time_completion_rate IS NULL THEN 0 ELSE ${w_on_time} END)
            + (CASE WHEN timely_acceptance_rate IS NULL THEN 0 ELSE ${w_acceptance} END)
            + (CASE WHEN satisfaction_rate IS NULL THEN 0 ELSE ${w_satisfaction} END)
            + (CASE WHEN return_rate IS NULL THEN 0 ELSE ${w_return} END)
            + (CASE WHEN reopen_rate IS NULL THEN 0 ELSE ${w_reopen} END)
            + (CASE WHEN repeat_complaint_rate IS NULL THEN 0 ELSE ${w_repeat} END)
            + (CASE WHEN mediation_success_rate IS NULL THEN 0 ELSE ${w_mediation} END)
            + (CASE WHEN two_way_score IS NULL THEN 0 ELSE ${w_two_way} END)
            + (CASE WHEN on_time_feedback_rate IS NULL THEN 0 ELSE ${w_feedback} END)
            + (CASE WHEN follow_up_rate IS NULL THEN 0 ELSE ${w_follow_up} END), 0) AS composite_score
    FROM metrics m
),
ranked AS (
    SELECT
        s.*,
        CASE WHEN composite_score IS NOT NULL AND area_level IN ('STREET', 'COMMUNITY')
            THEN rank() OVER (PARTITION BY area_level, district_code ORDER BY composite_score DESC) END AS rank_in_district,
        CASE WHEN composite_score IS NOT NULL AND area_level IN ('DISTRICT', 'STREET', 'COMMUNITY')
            THEN rank() OVER (PARTITION BY area_level ORDER BY composite_score DESC) END AS rank_in_city,
        CASE WHEN area_level IN ('STREET', 'COMMUNITY')
            THEN count(composite_score) OVER (PARTITION BY area_level, district_code) END AS ranked_in_district,
        CASE WHEN area_level IN ('DISTRICT', 'STREET', 'COMMUNITY')
            THEN count(composite_score) OVER (PARTITION BY area_level) END AS ranked_in_city,
        CASE WHEN composite_score IS NOT NULL
            THEN rank() OVER (PARTITION BY area_level ORDER BY composite_score ASC) END AS rank_from_bottom
    FROM scored s
)
SELECT
    '${period}' AS period,
    '${period_kind}' AS period_kind,
    CAST(${period_start} AS timestamp(6) with time zone) AS period_start,
    CAST(${period_end} AS timestamp(6) with time zone) AS period_end,
    area_code,
    area_level,
    area_name_zh,
    area_name_en,
    district_code,
    district_name_zh,
    street_code,
    volume,
    grid_items,
    hotline_cases,
    police_signals,
    handled_items,
    closed_items,
    completion_rate,
    due_items,
    closed_on_time,
    on_time_completion_rate,
    feedback_due,
    fed_back_on_time,
    on_time_feedback_rate,
    acceptance_due,
    accepted_on_time,
    timely_acceptance_rate,
    dispatched_items,
    returned_items,
    return_rate,
    closed_once_items,
    reopened_items,
    reopen_rate,
    median_handling_hours,
    rated_cases,
    satisfied_cases,
    satisfaction_rate,
    closed_cases,
    follow_up_rate,
    complaints,
    repeat_complaints,
    repeat_complaint_rate,
    mediated_disputes,
    mediation_succeeded,
    mediation_success_rate,
    warnings_opened,
    warnings_cleared,
    median_warning_response_minutes,
    off_list_assignments,
    two_way_ratings,
    two_way_score,
    composite_score,
    CAST(rank_in_district AS integer) AS rank_in_district,
    CAST(rank_in_city AS integer) AS rank_in_city,
    CAST(ranked_in_district AS integer) AS ranked_in_district,
    CAST(ranked_in_city AS integer) AS ranked_in_city,
    CASE
        WHEN composite_score >= ${grade_excellent} THEN 'EXCELLENT'
        WHEN composite_score >= ${grade_good} THEN 'GOOD'
        WHEN composite_score >= ${grade_fair} THEN 'FAIR'
        WHEN composite_score IS NOT NULL THEN 'POOR'
    END AS grade,
    CASE
        WHEN composite_score >= ${grade_excellent} THEN '优秀'
        WHEN composite_score >= ${grade_good} THEN '良好'
        WHEN composite_score >= ${grade_fair} THEN '一般'
        WHEN composite_score IS NOT NULL THEN '较差'
    END AS grade_label,
    CASE
        WHEN area_level NOT IN ('STREET', 'COMMUNITY') THEN NULL
        WHEN rank_in_city <= ${list_size} THEN 'RED'
        WHEN rank_from_bottom <= ${list_size} THEN 'BLACK'
    END AS list,
    CASE
        WHEN area_level NOT IN ('STREET', 'COMMUNITY') THEN NULL
        WHEN rank_in_city <= ${list_size} THEN '红榜'
        WHEN rank_from_bottom <= ${list_size} THEN '黑榜'
    END AS list_label,
    coalesce(satisfaction_rate < ${min_satisfaction}, false) AS below_min_satisfaction,
    CAST(MAP(
        ARRAY['weight.completion-rate', 'weight.on-time-completion-rate', 'weight.timely-acceptance-rate', 'weight.satisfaction-rate',
            'weight.return-rate', 'weight.reopen-rate', 'weight.repeat-complaint-rate', 'weight.mediation-success-rate', 'weight.two-way-score',
            'weight.on-time-feedback-rate', 'weight.follow-up-rate',
            'grade.excellent', 'grade.good', 'grade.fair', 'satisfaction.minimum', 'lists.size', 'hot-topics.size', 'repeat-complaint.window-days'],
        ARRAY[${w_completion}, ${w_on_time}, ${w_acceptance}, ${w_satisfaction}, ${w_return}, ${w_reopen}, ${w_repeat}, ${w_mediation}, ${w_two_way},
            ${w_feedback}, ${w_follow_up},
            ${grade_excellent}, ${grade_good}, ${grade_fair}, ${min_satisfaction}, ${list_size}, ${hot_topics}, ${repeat_window_days}])
        AS map(varchar, double)) AS parameters,
    CAST(${evaluated_at} AS timestamp(6) with time zone) AS evaluated_at
FROM ranked
