package cn.dalian.governance.iceberg;

import org.apache.flink.table.types.logical.RowType;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.UpdateSchema;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.SupportsNamespaces;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.AlreadyExistsException;
import org.apache.iceberg.flink.FlinkSchemaUtil;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.TypeUtil;
import org.apache.iceberg.types.Types;
import org.apache.iceberg.types.Types.NestedField;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

import static java.util.Collections.unmodifiableMap;
import static java.util.Objects.requireNonNull;

/**
 * The single definition of every curated Iceberg table the jobs write (DESIGN section 3):
 * columns in order with their docs, identifier fields, partitioning and table properties. Jobs,
 * converters ({@link ItemRows}, {@link DeadLetterRows}, {@link RatingRows}), the reference loader
 * ({@link DimensionTables}) and tests all take their schema from here.
 *
 * <p>Every instant is an Iceberg {@code timestamptz} (Trino {@code timestamp(6) with time zone}).
 * Enum values are stored as their symbol strings. Day partitions are Iceberg {@code day()}
 * transforms, which Iceberg defines in UTC; the Asia/Shanghai day a user sees is a query-time
 * concern, and partition pruning still works for it because it is a range over {@code occurred_at}.
 *
 * <p>Field ids are assigned in declaration order, top-level columns first, the way a catalog
 * assigns them when it creates the table.
 */
public final class GovTables
{
    /** Every item transition (append), partitioned by day(occurred_at) and district_code. */
    public static final String ITEM_EVENT = "item_event";
    /** Latest transition per item_id (Flink upsert on identifier field item_id). */
    public static final String ITEM_CURRENT = "item_current";
    /** Records a job could not accept, with the raw bytes (append), partitioned by day(rejected_at). */
    public static final String DEAD_LETTER = "dead_letter";
    /** Two-way evaluation ratings, Art. 43 (append). */
    public static final String EVAL_RATING = "eval_rating";
    /** The area registry with ancestors (overwritten by {@link DimensionTables#refresh}). */
    public static final String DIM_AREA = "dim_area";
    /** The matter catalogue, every version (overwritten by {@link DimensionTables#refresh}). */
    public static final String DIM_MATTER = "dim_matter";

    /** Every state change of a risk warning (append), partitioned by day(changed_at); written by the assess job. */
    public static final String WARNING = "warning";

    /** Hourly aggregates per area level and matter group (upsert on area, group and hour); written by the assess job. */
    public static final String AREA_HOURLY = "area_hourly";

    /** Hourly stability index per community and street with its components (upsert on area and hour); written by the assess job. */
    public static final String STABILITY_HOURLY = "stability_hourly";

    /**
     * The periodic evaluation (考评, DESIGN section 8): every metric per period and area (city, district, street,
     * community), replaced per period by {@code platform evaluate} through Trino (sql/evaluation/).
     */
    public static final String EVAL_SCORE = "eval_score";

    /** Hot topics (热点问题) of the periodic evaluation: per period, area and matter group, the growth on the previous period. */
    public static final String EVAL_TOPIC = "eval_topic";

    /** Every table defined here, in definition order. */
    public static final List<String> ALL = List.of(ITEM_EVENT, ITEM_CURRENT, DEAD_LETTER, EVAL_RATING, DIM_AREA, DIM_MATTER, WARNING, AREA_HOURLY, STABILITY_HOURLY,
            EVAL_SCORE, EVAL_TOPIC);

    private static final Type STRING = Types.StringType.get();
    private static final Type INT = Types.IntegerType.get();
    private static final Type LONG = Types.LongType.get();
    private static final Type DOUBLE = Types.DoubleType.get();
    private static final Type BOOLEAN = Types.BooleanType.get();
    private static final Type DATE = Types.DateType.get();
    private static final Type BINARY = Types.BinaryType.get();
    private static final Type TIMESTAMPTZ = Types.TimestampType.withZone();
    private static final Type STRING_LIST = Types.ListType.ofRequired(0, STRING);
    private static final Type STRING_TO_LONG = Types.MapType.ofRequired(0, 0, STRING, LONG);
    private static final Type STRING_TO_DOUBLE = Types.MapType.ofRequired(0, 0, STRING, DOUBLE);

    // item_event and item_current: every field of Item.avsc in its order, docs as there, then lineage.
    private static final List<NestedField> ITEM_COLUMNS = List.of(
            required("event_id", STRING, "Id of the source transition (source event_id or signal_id)."),
            required("item_id", STRING, "Platform item id: source prefix + source id, e.g. GRID:…, HOTLINE:…, POLICE:…."),
            required("source", STRING, "Feed the item came from (来源)."),
            required("occurred_at", TIMESTAMPTZ, "Event time of the transition (发生时间)."),
            required("ingested_at", TIMESTAMPTZ, "When ingest processed it (入库时间)."),
            required("state", STRING, "Lifecycle state entered, in the source's vocabulary (办理状态)."),
            optional("previous_state", STRING, "State before this transition, null for the first."),
            optional("grid_code", STRING, "Grid code (网格编码) when known."),
            required("community_code", STRING, "Community code (社区编码)."),
            required("street_code", STRING, "Street/township code (街道编码)."),
            required("district_code", STRING, "District code (区县编码)."),
            optional("matter_code", STRING, "Matter code (事项编码); null for police signals."),
            optional("matter_version", INT, "Catalogue version in force at the event time (清单版本)."),
            required("matter_group", STRING, "Matter group (事项类别); police signal types are mapped to a group."),
            required("urgency", STRING, "Urgency (紧急程度)."),
            optional("vulnerable_group", STRING, "Vulnerable group involved (困难群体), Art. 35."),
            optional("reporter_type", STRING, "Grid reporter type (上报人类型)."),
            optional("request_type", STRING, "Hotline request type (诉求类型)."),
            optional("channel", STRING, "Hotline intake channel (受理渠道)."),
            required("person_keys", STRING_LIST, "HMAC-SHA256 pseudonyms of the persons involved or the caller (脱敏主体标识)."),
            required("description_masked", STRING, "Free text with phone and ID numbers masked (脱敏描述)."),
            optional("assignee_type", STRING, "Kind of body assigned (承办主体类型)."),
            optional("assignee", STRING, "Body assigned (承办单位)."),
            optional("assigned_by", STRING, "Assigning body (交办单位)."),
            required("off_list", BOOLEAN, "True when the assignment is off the admission list (清单外事项): a matter not grid_admitted pushed to a grid (Art. 21) or not committee_listed pushed to a committee (Art. 24)."),
            optional("dispatch_due_at", TIMESTAMPTZ, "SLA deadline for dispatch (派单时限) from the catalogue."),
            optional("resolve_due_at", TIMESTAMPTZ, "SLA deadline for resolution (办结时限) from the catalogue."),
            optional("satisfaction", STRING, "Hotline satisfaction (满意度)."),
            optional("verification", STRING, "Grid verification result (核查结果)."),
            optional("mediation_channel", STRING, "Dispute mediation channel (调解途径)."),
            optional("mediation_outcome", STRING, "Dispute mediation outcome (调解结果)."),
            optional("signal_type", STRING, "Police signal type (警情类别)."),
            optional("risk_level", INT, "Police risk level 1-4 (风险等级)."),
            optional("people_involved", INT, "People involved in a police signal (涉及人数)."),
            required("source_topic", STRING, "Kafka topic the conformed item was read from (来源主题)."),
            required("source_partition", INT, "Kafka partition it was read from (来源分区)."),
            required("source_offset", LONG, "Kafka offset it was read at (来源偏移量)."));

    // dead_letter: every field of DeadLetter.avsc in its order, docs as there.
    private static final List<NestedField> DEAD_LETTER_COLUMNS = List.of(
            required("source_topic", STRING, "Kafka topic the record was read from."),
            required("source_partition", INT, "Partition it was read from."),
            required("source_offset", LONG, "Offset it was read at."),
            optional("source_timestamp", TIMESTAMPTZ, "Kafka record timestamp."),
            required("job", STRING, "Job that rejected it (ingest, assess, ...)."),
            required("reason", STRING, "Reason code."),
            required("message", STRING, "Human-readable detail; never raw PII."),
            required("rejected_at", TIMESTAMPTZ, "When it was rejected."),
            optional("raw_key", BINARY, "Raw Kafka key bytes."),
            required("raw_value", BINARY, "Raw Kafka value bytes, exactly as read."));

    // eval_rating: every field of EvaluationRating.avsc in its order, docs as there.
    private static final List<NestedField> EVAL_RATING_COLUMNS = List.of(
            required("rating_id", STRING, "Unique id of the rating (评分编号)."),
            required("rated_at", TIMESTAMPTZ, "When the score was given (评分时间), event time."),
            required("rater_area_code", STRING, "Area code of the rating body (评价方): a street rates its communities, a community rates its street."),
            required("rated_area_code", STRING, "Area code of the rated body (被评价方)."),
            required("period", STRING, "Evaluation period (考评周期): yyyy-MM, yyyy-Qn or yyyy."),
            required("dimension", STRING, "Dimension scored (考评维度)."),
            required("score", DOUBLE, "Score (分数) 0 to 100."));

    // dim_area: the registry columns (reference/areas.csv) plus the ancestors of each area.
    private static final List<NestedField> DIM_AREA_COLUMNS = List.of(
            required("code", STRING, "Area code (区域编码): 6 digits for city and district, 9 street, 12 community, 15 grid."),
            required("level", STRING, "Level (层级): CITY 市, DISTRICT 区(市)县, STREET 乡镇(街道), COMMUNITY 城乡社区, GRID 网格."),
            optional("parent_code", STRING, "Code of the parent area (上级区域编码); null for the city."),
            optional("district_code", STRING, "District (区县编码) the area lies in, itself for a district; null for the city."),
            optional("street_code", STRING, "Street/township (街道编码) the area lies in, itself for a street; null above."),
            optional("community_code", STRING, "Community/village (社区编码) the area lies in, itself for a community; null above."),
            required("name_zh", STRING, "Chinese name (中文名称)."),
            required("name_en", STRING, "English name (英文名称)."),
            required("population", LONG, "Residents (常住人口): the community's figure, the sum over communities above, 0 for grids."),
            optional("urban", BOOLEAN, "Urban community 社区 (true) or village 村 (false); null except on communities."),
            optional("grid_type", STRING, "Grid type (网格类型): COMPREHENSIVE 综合网格 or a dedicated grid 专属网格 (SCHOOL, HOSPITAL, MARKET, INDUSTRIAL_PARK, PORT); null except on grids."),
            required("grid_staff", INT, "Grid staff assigned (网格员人数); 0 except on grids."),
            optional("latitude", DOUBLE, "WGS84 latitude (纬度) of the community; null on other levels."),
            optional("longitude", DOUBLE, "WGS84 longitude (经度) of the community; null on other levels."),
            required("official", BOOLEAN, "True when code and name are the official administrative division (官方区划), false when illustrative."));

    // dim_matter: the catalogue columns (reference/matters.csv), one row per version.
    private static final List<NestedField> DIM_MATTER_COLUMNS = List.of(
            required("code", STRING, "Matter code (事项编码)."),
            required("version", INT, "Catalogue version (清单版本)."),
            required("name_zh", STRING, "Chinese name (中文名称)."),
            required("name_en", STRING, "English name (英文名称)."),
            required("matter_group", STRING, "Matter group (事项类别)."),
            required("grid_admitted", BOOLEAN, "On the grid admission list (网格准入清单, Art. 21)."),
            required("committee_listed", BOOLEAN, "On the list of tasks residents'/villagers' committees may take (村(居)民委员会协助事项清单, Art. 24)."),
            required("department", STRING, "Responsible department (责任部门)."),
            required("dispatch_hours_normal", DOUBLE, "Dispatch within, hours, urgency NORMAL 一般 (派单时限)."),
            required("resolve_hours_normal", DOUBLE, "Resolve within, hours, urgency NORMAL 一般 (办结时限)."),
            required("dispatch_hours_urgent", DOUBLE, "Dispatch within, hours, urgency URGENT 紧急 (派单时限)."),
            required("resolve_hours_urgent", DOUBLE, "Resolve within, hours, urgency URGENT 紧急 (办结时限)."),
            required("dispatch_hours_emergency", DOUBLE, "Dispatch within, hours, urgency EMERGENCY 特急 (派单时限)."),
            required("resolve_hours_emergency", DOUBLE, "Resolve within, hours, urgency EMERGENCY 特急 (办结时限)."),
            required("effective_from", DATE, "First day the version is in force (生效日期)."),
            optional("effective_to", DATE, "Day the version stops being in force, exclusive (失效日期); null while open-ended."));

    // warning: every field of Warning.avsc in its order, docs as there.
    private static final List<NestedField> WARNING_COLUMNS = List.of(
            required("warning_id", STRING, "Id of the warning (预警编号), stable over its updates."),
            required("rule", STRING, "Rule (预警规则): R1 mass gathering 群体聚集, R2 anomaly 异常激增, R3 convergence 多源汇聚, R4 repeat caller 重复来电, R5 overdue 超期督办, R6 stability drop 稳定指数下降."),
            required("area_code", STRING, "Area the warning is about (预警区域)."),
            required("area_level", STRING, "Level of that area."),
            required("level", STRING, "Level (预警等级): BLUE 蓝, YELLOW 黄, ORANGE 橙, RED 红."),
            required("status", STRING, "What changed (状态变更): OPENED 发布, UPDATED 更新, CLEARED 解除."),
            required("changed_at", TIMESTAMPTZ, "Event time of the change (变更时间)."),
            required("window_start", TIMESTAMPTZ, "Start of the evidence window (研判窗口起)."),
            required("window_end", TIMESTAMPTZ, "End of the evidence window (研判窗口止)."),
            required("routed_to_street", STRING, "Street/township code responsible for first response (责任街道)."),
            required("routed_to_level", STRING, "Level of the body the warning is routed to; one level up for twice-overdue items (R5)."),
            required("routed_to_area", STRING, "Code of the body the warning is routed to (推送单位)."),
            required("item_ids", STRING_LIST, "Evidence: ids of the items behind it (证据事项)."),
            required("counts", STRING_TO_LONG, "Evidence: observed counts by name (计数)."),
            required("thresholds", STRING_TO_DOUBLE, "Evidence: thresholds applied by name (阈值)."),
            required("summary", STRING, "One-line human explanation (预警说明)."),
            optional("seq", LONG, "Sequence number of the change within its warning (变更序号): 1 for OPENED, one more per change; (warning_id, seq) identifies a change. Null in rows written before it existed."));

    // area_hourly: one hour of one area and matter group (cn.dalian.governance.assess.AreaHourlyRow).
    private static final List<NestedField> AREA_HOURLY_COLUMNS = List.of(
            required("area_code", STRING, "Area code (区域编码) of any level."),
            required("area_level", STRING, "Level (层级): GRID, COMMUNITY, STREET, DISTRICT or CITY."),
            required("matter_group", STRING, "Matter group (事项类别)."),
            required("hour_start", TIMESTAMPTZ, "Start of the clock hour (Asia/Shanghai; whole hours are the same instants in UTC)."),
            required("new_items", LONG, "Items first seen in the hour (新增事项): grid, hotline and police."),
            required("closed_items", LONG, "Grid and hotline items closed in the hour (办结)."),
            required("disputes", LONG, "New items of the dispute group (新增矛盾纠纷)."),
            required("police_signals", LONG, "Police risk signals (警情数)."),
            required("police_risk_weight", DOUBLE, "Police signals weighted by risk level 1, 2, 4, 8 (加权警情)."),
            required("complaints", LONG, "New hotline complaints (投诉)."),
            required("repeat_complaints", LONG, "Complaints of a caller who complained about the group in this area within 30 days (重复投诉)."),
            required("rated", LONG, "Hotline closings with a satisfaction rating (参评工单); not rated excluded."),
            required("satisfied", LONG, "Rated satisfied or basically satisfied (满意及基本满意)."),
            required("unsatisfied", LONG, "Rated unsatisfied (不满意)."),
            required("open_backlog", LONG, "Grid and hotline items open at the end of the hour (在办积压)."),
            required("overdue", LONG, "Open items past their catalogue resolve deadline at the end of the hour (超期督办)."));

    // stability_hourly: the index of DESIGN section 7 and every component (cn.dalian.governance.assess.StabilityRow).
    private static final List<NestedField> STABILITY_HOURLY_COLUMNS = List.of(
            required("area_code", STRING, "Community or street code (区域编码)."),
            required("area_level", STRING, "COMMUNITY or STREET."),
            required("hour_start", TIMESTAMPTZ, "Start of the clock hour the row closes; the index covers the 24 h before its end."),
            required("population", LONG, "Residents (常住人口), the base of the rates per 10 000."),
            required("stability_index", DOUBLE, "Stability index 0-100 (社会稳定指数) = 100 x (1 - sum of weight x min(1, rate / threshold))."),
            required("band", STRING, "STABLE, BASICALLY_STABLE, ATTENTION or HIGH_RISK."),
            required("band_label", STRING, "稳定, 基本稳定, 关注 or 高风险."),
            required("disputes", LONG, "New disputes in the window (新增矛盾纠纷)."),
            required("disputes_rate", DOUBLE, "New disputes per 10 000 residents."),
            required("disputes_contribution", DOUBLE, "Index points the disputes take off (100 x weight x p)."),
            required("overdue", LONG, "Open overdue items at the hour end (超期未办结)."),
            required("overdue_rate", DOUBLE, "Overdue items per 10 000 residents."),
            required("overdue_contribution", DOUBLE, "Index points overdue items take off."),
            required("police_signals", LONG, "Police risk signals in the window (警情)."),
            required("police_risk_weight", DOUBLE, "Police signals weighted by level 1, 2, 4, 8."),
            required("police_risk_rate", DOUBLE, "Weighted police risk per 10 000 residents."),
            required("police_risk_contribution", DOUBLE, "Index points police risk takes off."),
            required("complaints", LONG, "New hotline complaints in the window (投诉)."),
            required("repeat_complaints", LONG, "Of those, repeat complaints, counted twice in the rate (重复投诉)."),
            required("complaints_rate", DOUBLE, "Complaints per 10 000 residents, repeats weighted."),
            required("complaints_contribution", DOUBLE, "Index points complaints take off."),
            required("mass_gathering_signals", LONG, "Mass-gathering police signals in the window (群体聚集)."),
            required("mass_gathering_rate", DOUBLE, "Mass-gathering signals per 10 000 residents."),
            required("mass_gathering_contribution", DOUBLE, "Index points mass gatherings take off."),
            required("rated", LONG, "Rated hotline closings in the window (参评工单)."),
            required("unsatisfied", LONG, "Of those, unsatisfied (不满意)."),
            required("unsatisfied_share", DOUBLE, "Unsatisfied share of rated closings, 0-1."),
            required("unsatisfied_contribution", DOUBLE, "Index points dissatisfaction takes off."));


    // eval_score: one period and one area; how each figure is computed is said in sql/evaluation/eval_score.sql.
    // Area names are kept as they were at evaluation time, so that a publication reads only the eval_* tables.
    // The items of a period are the grid items, hotline cases and police signals first received in it (the cohort),
    // as they stood at the period's end: transitions after the end are not counted, so a rerun gives the same figures
    // unless late records of the period arrived.
    private static final List<NestedField> EVAL_SCORE_COLUMNS = List.of(
            required("period", STRING, "Evaluation period (考评周期): yyyy-MM, yyyy-Qn or yyyy."),
            required("period_kind", STRING, "MONTH 月度, QUARTER 季度 or YEAR 年度."),
            required("period_start", TIMESTAMPTZ, "First instant of the period (Asia/Shanghai midnight) (考评期起)."),
            required("period_end", TIMESTAMPTZ, "First instant after the period (考评期止, exclusive)."),
            required("area_code", STRING, "Area evaluated (被考评区域编码): the city, a district, a street/township or a community."),
            required("area_level", STRING, "CITY, DISTRICT, STREET or COMMUNITY."),
            required("area_name_zh", STRING, "Chinese name of the area (区域名称) at evaluation time, from dim_area."),
            required("area_name_en", STRING, "English name of the area at evaluation time."),
            optional("district_code", STRING, "District (区县编码) of the area, itself for a district; null for the city."),
            optional("district_name_zh", STRING, "Chinese name of that district (所属区县) at evaluation time."),
            optional("street_code", STRING, "Street/township (街道编码) of the area, itself for a street; null above."),
            required("volume", LONG, "Volume (受理总量): grid items, hotline cases and police signals received in the period."),
            required("grid_items", LONG, "Grid items received (网格事件数)."),
            required("hotline_cases", LONG, "12345 hotline cases received (热线工单数)."),
            required("police_signals", LONG, "Police risk signals received (警情数)."),
            required("handled_items", LONG, "Grid items and hotline cases received (办理件数): the base of the completion rate."),
            required("closed_items", LONG, "Of those, closed at the period's end (办结件数)."),
            optional("completion_rate", DOUBLE, "Completion rate (办结率) = closed_items / handled_items, 0-1."),
            required("due_items", LONG, "Handled items closed at least once or past their resolve deadline by the period's end (应办结件数)."),
            required("closed_on_time", LONG, "Of those, first closed no later than the catalogue resolve deadline (按时办结件数)."),
            optional("on_time_completion_rate", DOUBLE, "On-time completion rate (按时办结率) = closed_on_time / due_items, 0-1."),
            required("feedback_due", LONG, "Handled items with result feedback (grid FEEDBACK, hotline REPLIED) or past their resolve deadline by the period's end (应反馈件数)."),
            required("fed_back_on_time", LONG, "Of those, first feedback no later than the resolve deadline (按时反馈件数)."),
            optional("on_time_feedback_rate", DOUBLE, "On-time feedback rate (按时反馈率) = fed_back_on_time / feedback_due, 0-1."),
            required("acceptance_due", LONG, "Handled items dispatched, or past their dispatch deadline, by the period's end (应接收件数)."),
            required("accepted_on_time", LONG, "Of those, first assigned/dispatched/answered no later than the dispatch deadline (及时接收件数)."),
            optional("timely_acceptance_rate", DOUBLE, "Timely acceptance rate (及时接收率) = accepted_on_time / acceptance_due, 0-1."),
            required("dispatched_items", LONG, "Handled items assigned (grid) or dispatched (hotline) at least once (派单件数)."),
            required("returned_items", LONG, "Of those, returned at least once (退回件数)."),
            optional("return_rate", DOUBLE, "Return rate (回退率) = returned_items / dispatched_items, 0-1."),
            required("closed_once_items", LONG, "Handled items closed at least once (曾办结件数)."),
            required("reopened_items", LONG, "Of those, reopened (重办件数)."),
            optional("reopen_rate", DOUBLE, "Reopen rate (重办率) = reopened_items / closed_once_items, 0-1."),
            optional("median_handling_hours", DOUBLE, "Median hours from receipt to first closing of the items closed (办理时长中位数)."),
            required("rated_cases", LONG, "Hotline cases with a satisfaction rating at a closing (参评工单); NOT_RATED excluded, the latest rating counts."),
            required("satisfied_cases", LONG, "Of those, satisfied or basically satisfied (满意及基本满意)."),
            optional("satisfaction_rate", DOUBLE, "Hotline satisfaction rate (满意率) = satisfied_cases / rated_cases, 0-1."),
            required("closed_cases", LONG, "Hotline cases closed at least once (已办结工单): the base of the follow-up rate."),
            optional("follow_up_rate", DOUBLE, "Effective follow-up rate (有效回访率) = rated_cases / closed_cases: the return visit obtained a rating, 0-1."),
            required("complaints", LONG, "Hotline complaints received (投诉件数)."),
            required("repeat_complaints", LONG, "Of those, repeats: the same caller complained about the same matter group in the same community within the repeat window before (重复投诉)."),
            optional("repeat_complaint_rate", DOUBLE, "Repeat-complaint rate (重复投诉率) = repeat_complaints / complaints, 0-1."),
            required("mediated_disputes", LONG, "Grid disputes received whose latest mediation outcome is SUCCEEDED or FAILED (调解结案纠纷)."),
            required("mediation_succeeded", LONG, "Of those, succeeded (调解成功)."),
            optional("mediation_success_rate", DOUBLE, "Dispute mediation success rate (调解成功率) = mediation_succeeded / mediated_disputes, 0-1."),
            required("warnings_opened", LONG, "Risk warnings opened in the period for the area (发布预警数): routed to the street; for a community, about it or one of its grids."),
            required("warnings_cleared", LONG, "Of those, cleared within the period (已解除预警)."),
            optional("median_warning_response_minutes", DOUBLE, "Median minutes from a warning's OPENED to its CLEARED, over the warnings cleared (预警响应时长中位数)."),
            required("off_list_assignments", LONG, "Off-list assignments (清单外交办, Art. 21/24) of the items received."),
            required("two_way_ratings", LONG, "Two-way evaluation ratings received for the period (双向考评评分数, Art. 43); district and city: those of their streets."),
            optional("two_way_score", DOUBLE, "Mean two-way evaluation score 0-100 (双向考评得分)."),
            optional("composite_score", DOUBLE, "Weighted composite 0-100 (综合得分) over the components that have a value; weights in parameters."),
            optional("rank_in_district", INT, "Rank by composite among the district's areas of the same level (区内排名), 1 = best; ties share a rank."),
            optional("rank_in_city", INT, "Rank by composite among the city's areas of the same level (全市排名), 1 = best."),
            optional("ranked_in_district", INT, "Areas of the same level ranked in the district (区内参评数)."),
            optional("ranked_in_city", INT, "Areas of the same level ranked in the city (全市参评数)."),
            optional("grade", STRING, "Grade (考评等次) by composite: EXCELLENT, GOOD, FAIR or POOR."),
            optional("grade_label", STRING, "优秀, 良好, 一般 or 较差."),
            optional("list", STRING, "RED (红榜: the top of the city's streets or communities) or BLACK (黑榜: the bottom); null otherwise."),
            optional("list_label", STRING, "红榜 or 黑榜."),
            required("below_min_satisfaction", BOOLEAN, "True when the satisfaction rate is below the minimum (满意率低于底线, default 85%)."),
            required("parameters", STRING_TO_DOUBLE, "The evaluation parameters used (考评参数): weights, grade bands, minimum satisfaction, list size, windows."),
            required("evaluated_at", TIMESTAMPTZ, "When the period was evaluated (考评时间)."));

    // eval_topic: one period, area and matter group (sql/evaluation/eval_topic.sql).
    private static final List<NestedField> EVAL_TOPIC_COLUMNS = List.of(
            required("period", STRING, "Evaluation period (考评周期)."),
            required("area_code", STRING, "Area (区域编码): the city, a district, a street/township or a community."),
            required("area_level", STRING, "CITY, DISTRICT, STREET or COMMUNITY."),
            required("area_name_zh", STRING, "Chinese name of the area (区域名称) at evaluation time."),
            required("area_name_en", STRING, "English name of the area at evaluation time."),
            required("matter_group", STRING, "Matter group (事项类别)."),
            required("items", LONG, "Grid items, hotline cases and police signals of the group received in the period (本期件数)."),
            required("previous_items", LONG, "The same in the previous period of the same kind (上期件数)."),
            required("growth", LONG, "items - previous_items (增量)."),
            optional("growth_rate", DOUBLE, "growth / previous_items (增幅); null when the previous period had none."),
            required("rated_cases", LONG, "Hotline cases of the group with a satisfaction rating (参评工单)."),
            required("satisfied_cases", LONG, "Of those, satisfied or basically satisfied (满意及基本满意)."),
            optional("satisfaction_rate", DOUBLE, "satisfied_cases / rated_cases (满意率), 0-1."),
            required("growth_rank", INT, "Rank of the group by growth within the area (增量排名), 1 = largest."),
            required("hot", BOOLEAN, "A hot topic (热点问题): among the area's top groups by growth, and grown."),
            required("evaluated_at", TIMESTAMPTZ, "When the period was evaluated (考评时间)."));

    /**
     * item_event: the ingest job streams its rows as Avro data files (a write option of its sink; the table's
     * format stays Parquet, which Trino's optimize writes): zstd at level 1 for them, Iceberg's default being
     * gzip at level 9 (about a quarter of the speed).
     */
    private static final Map<String, String> STREAMED_AVRO = Map.of(
            TableProperties.AVRO_COMPRESSION, "zstd",
            TableProperties.AVRO_COMPRESSION_LEVEL, "1");

    /**
     * item_current: the ingest job upserts it (a data row and an equality delete per changed item and checkpoint) as
     * Parquet without dictionary encoding, whose hashing of high-cardinality strings (ids, descriptions, pseudonyms)
     * was the largest part of that writer's time; zstd still compresses the low-cardinality columns.
     */
    private static final Map<String, String> UPSERTED_PARQUET = Map.of("parquet.enable.dictionary", "false");

    /** warning: streamed by the assess job; its strings (ids, summaries, evidence) are as unique as item_current's. */
    private static final Map<String, String> STREAMED_PARQUET = UPSERTED_PARQUET;

    private static final Map<String, TableDefinition> TABLES = tables(
            new TableDefinition(ITEM_EVENT, ITEM_COLUMNS, List.of(),
                    partitioning -> partitioning.day("occurred_at").identity("district_code"), false, STREAMED_AVRO),
            new TableDefinition(ITEM_CURRENT, ITEM_COLUMNS, List.of("item_id"),
                    partitioning -> partitioning, true, UPSERTED_PARQUET),
            new TableDefinition(DEAD_LETTER, DEAD_LETTER_COLUMNS, List.of(),
                    partitioning -> partitioning.day("rejected_at"), false),
            new TableDefinition(EVAL_RATING, EVAL_RATING_COLUMNS, List.of(),
                    partitioning -> partitioning, false),
            new TableDefinition(DIM_AREA, DIM_AREA_COLUMNS, List.of("code"),
                    partitioning -> partitioning, false),
            new TableDefinition(DIM_MATTER, DIM_MATTER_COLUMNS, List.of("code", "version"),
                    partitioning -> partitioning, false),
            new TableDefinition(WARNING, WARNING_COLUMNS, List.of(),
                    partitioning -> partitioning.day("changed_at"), false, STREAMED_PARQUET),
            new TableDefinition(AREA_HOURLY, AREA_HOURLY_COLUMNS, List.of("area_code", "matter_group", "hour_start"),
                    partitioning -> partitioning, true),
            new TableDefinition(STABILITY_HOURLY, STABILITY_HOURLY_COLUMNS, List.of("area_code", "hour_start"),
                    partitioning -> partitioning, true),
            new TableDefinition(EVAL_SCORE, EVAL_SCORE_COLUMNS, List.of("period", "area_code"),
                    partitioning -> partitioning.identity("period"), false),
            new TableDefinition(EVAL_TOPIC, EVAL_TOPIC_COLUMNS, List.of("period", "area_code", "matter_group"),
                    partitioning -> partitioning.identity("period"), false));

    private GovTables() {}

    /** Schema of a table, with its identifier fields. IllegalArgumentException for a table not defined here. */
    public static Schema schema(String table)
    {
        return definition(table).schema;
    }

    public static PartitionSpec spec(String table)
    {
        return definition(table).spec;
    }

    /** Table properties set on creation: format v2, Parquet, metadata clean-up, upsert on item_current. */
    public static Map<String, String> properties(String table)
    {
        return definition(table).properties;
    }

    /** Flink row type of a table (Iceberg's own conversion: timestamptz → TIMESTAMP_LTZ(6), required → NOT NULL). */
    public static RowType rowType(String table)
    {
        return FlinkSchemaUtil.convert(schema(table));
    }

    public static TableIdentifier id(String namespace, String table)
    {
        requireNonNull(namespace, "namespace is null");
        return TableIdentifier.of(Namespace.of(namespace), definition(table).name);
    }

    /**
     * Creates the namespace and every missing table. An existing table must have every column of its
     * definition with the same type (extra columns are allowed); IllegalStateException naming the
     * table and the differences otherwise. Safe to call from several jobs at once.
     */
    public static void ensureAll(Catalog catalog, String namespace)
    {
        requireNonNull(catalog, "catalog is null");
        requireNonNull(namespace, "namespace is null");
        if (catalog instanceof SupportsNamespaces) {
            SupportsNamespaces namespaces = (SupportsNamespaces) catalog;
            if (!namespaces.namespaceExists(Namespace.of(namespace))) {
                try {
                    namespaces.createNamespace(Namespace.of(namespace));
                }
                catch (AlreadyExistsException ignored) {
                    // created concurrently by another job
                }
            }
        }
        for (TableDefinition definition : TABLES.values()) {
            TableIdentifier id = id(namespace, definition.name);
            if (!catalog.tableExists(id)) {
                try {
                    catalog.buildTable(id, definition.schema)
                            .withPartitionSpec(definition.spec)
                            .withProperties(definition.properties)
                            .create();
                    continue;
                }
                catch (AlreadyExistsException ignored) {
                    // created concurrently by another job: check it like any existing table
                }
            }
            Table table = catalog.loadTable(id);
            addMissingOptionalColumns(table, definition);
            checkMatches(table, definition);
        }
    }

    /**
     * Adds, at the end, the optional columns a table created from an older definition lacks: new columns
     * are always optional and appended, so older rows read them as null and rows are written in the
     * definition's order. A concurrent job adding the same column is harmless (the commit is retried).
     */
    private static void addMissingOptionalColumns(Table table, TableDefinition definition)
    {
        List<NestedField> missing = definition.schema.columns().stream()
                .filter(column -> column.isOptional() && table.schema().findField(column.name()) == null)
                .toList();
        if (missing.isEmpty()) {
            return;
        }
        try {
            UpdateSchema update = table.updateSchema();
            for (NestedField column : missing) {
                update.addColumn(column.name(), column.type(), column.doc());
            }
            update.commit();
        }
        catch (IllegalArgumentException alreadyAdded) {
            table.refresh(); // another job added them first
        }
    }

    private static void checkMatches(Table table, TableDefinition definition)
    {
        List<String> problems = new ArrayList<>();
        Schema actual = table.schema();
        for (NestedField expected : definition.schema.columns()) {
            NestedField found = actual.findField(expected.name());
            if (found == null) {
                problems.add("missing column " + expected.name() + " " + expected.type());
            }
            else if (!sameType(found.type(), expected.type())) {
                problems.add("column " + expected.name() + " is " + found.type() + ", defined as " + expected.type());
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalStateException("Iceberg table " + table.name() + " does not match its definition in "
                    + GovTables.class.getSimpleName() + ": " + String.join("; ", problems)
                    + ". Evolve the table (ALTER TABLE ... ADD COLUMN) or drop it so it is created again.");
        }
    }

    /** Type equality ignoring nested field ids, which differ between tables. */
    private static boolean sameType(Type actual, Type expected)
    {
        if (actual.isPrimitiveType() || expected.isPrimitiveType()) {
            return actual.equals(expected);
        }
        if (actual.isListType() && expected.isListType()) {
            return sameType(actual.asListType().elementType(), expected.asListType().elementType());
        }
        if (actual.isMapType() && expected.isMapType()) {
            return sameType(actual.asMapType().keyType(), expected.asMapType().keyType())
                    && sameType(actual.asMapType().valueType(), expected.asMapType().valueType());
        }
        return false;
    }

    private static TableDefinition definition(String table)
    {
        TableDefinition definition = TABLES.get(requireNonNull(table, "table is null"));
        if (definition == null) {
            throw new IllegalArgumentException("Unknown curated table '" + table + "'; defined are " + ALL);
        }
        return definition;
    }

    private static NestedField required(String name, Type type, String doc)
    {
        return NestedField.required(0, name, type, doc);
    }

    private static NestedField optional(String name, Type type, String doc)
    {
        return NestedField.optional(0, name, type, doc);
    }

    private static Map<String, TableDefinition> tables(TableDefinition... definitions)
    {
        Map<String, TableDefinition> tables = new LinkedHashMap<>();
        for (TableDefinition definition : definitions) {
            tables.put(definition.name, definition);
        }
        if (!List.copyOf(tables.keySet()).equals(ALL)) {
            throw new IllegalStateException("GovTables.ALL " + ALL + " does not list the definitions " + tables.keySet());
        }
        return unmodifiableMap(tables);
    }

    private static final class TableDefinition
    {
        private final String name;
        private final Schema schema;
        private final PartitionSpec spec;
        private final Map<String, String> properties;

        TableDefinition(
                String name,
                List<NestedField> columns,
                List<String> identifierColumns,
                UnaryOperator<PartitionSpec.Builder> partitioning,
                boolean upsert)
        {
            this(name, columns, identifierColumns, partitioning, upsert, Map.of());
        }

        TableDefinition(
                String name,
                List<NestedField> columns,
                List<String> identifierColumns,
                UnaryOperator<PartitionSpec.Builder> partitioning,
                boolean upsert,
                Map<String, String> extraProperties)
        {
            this.name = requireNonNull(name, "name is null");
            // number the columns as a catalog does on create: top-level columns 1..n, nested fields after
            AtomicInteger lastId = new AtomicInteger();
            Types.StructType numbered = TypeUtil.assignFreshIds(Types.StructType.of(columns), lastId::incrementAndGet).asStructType();
            Set<Integer> identifierIds = new HashSet<>();
            for (String column : identifierColumns) {
                identifierIds.add(requireNonNull(numbered.field(column), () -> name + " has no identifier column " + column).fieldId());
            }
            this.schema = new Schema(numbered.fields(), identifierIds);
            this.spec = partitioning.apply(PartitionSpec.builderFor(schema)).build();
            Map<String, String> properties = new LinkedHashMap<>();
            properties.put(TableProperties.FORMAT_VERSION, "2");
            properties.put(TableProperties.DEFAULT_FILE_FORMAT, "parquet");
            properties.put(TableProperties.METADATA_DELETE_AFTER_COMMIT_ENABLED, "true");
            properties.put(TableProperties.METADATA_PREVIOUS_VERSIONS_MAX, "20");
            if (upsert) {
                properties.put(TableProperties.UPSERT_ENABLED, "true");
            }
            properties.putAll(extraProperties);
            this.properties = unmodifiableMap(properties);
        }
    }
}
