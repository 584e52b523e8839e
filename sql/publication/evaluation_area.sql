-- publication.evaluation_area: the periodic evaluation (考评, DESIGN section 8, Art. 44) as published: one row
-- per period and area for the city, each district and each street/township — never a community — with
-- every metric of gov.eval_score (area names as at evaluation time), rates in percent.
-- Suppression (DESIGN section 6): a count below ${min_count} is NULL (CSV: "<5"); a rate, median or score
-- whose base (the count it is computed over) is below ${min_count} is NULL too, since it would reveal the
-- small count; so is the below-minimum flag of an unrated or suppressed satisfaction rate.
-- One source of truth: `platform publish` runs the query below this file's AS line itself, with each
-- ${<table>_version} replaced by FOR VERSION AS OF <snapshot id> (Iceberg time travel; a view cannot be
-- time-travelled), so the published files and this view give the same figures; trino-setup creates the
-- view with the placeholders empty (the tables' current snapshots). SECURITY DEFINER: `public` reads it
-- without any right on gov.
-- Example: SELECT area_name_zh, composite_score, rank_in_city, grade_label FROM publication.evaluation_area
--          WHERE period = '2026-10' AND area_level = 'STREET' ORDER BY rank_in_city;
CREATE OR REPLACE VIEW iceberg.publication.evaluation_area
COMMENT 'Periodic evaluation (考评, Art. 44) of the city, districts and streets/townships per period: every metric, composite, ranks, grade, red/black list. Counts below 5 and figures over them are NULL.'
SECURITY DEFINER
AS
SELECT
    s.period,
    s.period_kind,
    s.area_level,
    s.area_code,
    s.area_name_zh,
    s.area_name_en,
    s.district_code,
    s.district_name_zh,
    CASE WHEN s.volume >= ${min_count} THEN s.volume END AS volume,
    CASE WHEN s.grid_items >= ${min_count} THEN s.grid_items END AS grid_items,
    CASE WHEN s.hotline_cases >= ${min_count} THEN s.hotline_cases END AS hotline_cases,
    CASE WHEN s.police_signals >= ${min_count} THEN s.police_signals END AS police_signals,
    CASE WHEN s.handled_items >= ${min_count} THEN s.handled_items END AS handled_items,
    CASE WHEN s.closed_items >= ${min_count} THEN s.closed_items END AS closed_items,
    CASE WHEN s.handled_items >= ${min_count} THEN CAST(round(100 * s.completion_rate, 1) AS decimal(4, 1)) END AS completion_rate_pct,
    CASE WHEN s.due_items >= ${min_count} THEN CAST(round(100 * s.on_time_completion_rate, 1) AS decimal(4, 1)) END AS on_time_completion_rate_pct,
    CASE WHEN s.feedback_due >= ${min_count} THEN CAST(round(100 * s.on_time_feedback_rate, 1) AS decimal(4, 1)) END AS on_time_feedback_rate_pct,
    CASE WHEN s.acceptance_due >= ${min_count} THEN CAST(round(100 * s.timely_acceptance_rate, 1) AS decimal(4, 1)) END AS timely_acceptance_rate_pct,
    CASE WHEN s.dispatched_items >= ${min_count} THEN CAST(round(100 * s.return_rate, 1) AS decimal(4, 1)) END AS return_rate_pct,
    CASE WHEN s.closed_once_items >= ${min_count} THEN CAST(round(100 * s.reopen_rate, 1) AS decimal(4, 1)) END AS reopen_rate_pct,
    CASE WHEN s.closed_once_items >= ${min_count} THEN CAST(round(s.median_handling_hours, 1) AS decimal(9, 1)) END AS median_handling_hours,
    CASE WHEN s.rated_cases >= ${min_count} THEN s.rated_cases END AS rated_cases,
    CASE WHEN s.rated_cases >= ${min_count} THEN CAST(round(100 * s.satisfaction_rate, 1) AS decimal(4, 1)) END AS satisfaction_rate_pct,
    CASE WHEN s.closed_cases >= ${min_count} THEN CAST(round(100 * s.follow_up_rate, 1) AS decimal(4, 1)) END AS follow_up_rate_pct,
    CASE WHEN s.complaints >= ${min_count} THEN s.complaints END AS complaints,
    CASE WHEN s.complaints >= ${min_count} THEN CAST(round(100 * s.repeat_complaint_rate, 1) AS decimal(4, 1)) END AS repeat_complaint_rate_pct,
    CASE WHEN s.mediated_disputes >= ${min_count} THEN s.mediated_disputes END AS mediated_disputes,
    CASE WHEN s.mediated_disputes >= ${min_count} THEN CAST(round(100 * s.mediation_success_rate, 1) AS decimal(4, 1)) END AS mediation_success_rate_pct,
    CASE WHEN s.warnings_opened >= ${min_count} THEN s.warnings_opened END AS warnings_opened,
    CASE WHEN s.warnings_cleared >= ${min_count} THEN CAST(round(s.median_warning_response_minutes, 1) AS decimal(9, 1)) END AS median_warning_response_minutes,
    CASE WHEN s.off_list_assignments >= ${min_count} THEN s.off_list_assignments END AS off_list_assignments,
    CASE WHEN s.two_way_ratings >= ${min_count} THEN CAST(round(s.two_way_score, 1) AS decimal(4, 1)) END AS two_way_score,
    CAST(round(s.composite_score, 2) AS decimal(5, 2)) AS composite_score,
    s.rank_in_district,
    s.rank_in_city,
    s.grade,
    s.grade_label,
    s.list,
    s.list_label,
    CASE WHEN s.rated_cases >= ${min_count} THEN s.below_min_satisfaction END AS below_min_satisfaction
FROM iceberg.gov.eval_score ${eval_score_version} s
WHERE s.area_level IN ('CITY', 'DISTRICT', 'STREET')
