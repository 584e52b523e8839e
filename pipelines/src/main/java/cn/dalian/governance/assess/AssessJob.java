package cn.dalian.governance.assess;

import cn.dalian.governance.Topics;
import cn.dalian.governance.iceberg.AreaHourlyRows;
import cn.dalian.governance.iceberg.GovCatalog;
import cn.dalian.governance.iceberg.GovTables;
import cn.dalian.governance.iceberg.StabilityRows;
import cn.dalian.governance.iceberg.WarningRows;
import cn.dalian.governance.job.DeadLetters;
import cn.dalian.governance.job.EncodedRecord;
import cn.dalian.governance.job.IcebergParts;
import cn.dalian.governance.job.JobSettings;
import cn.dalian.governance.job.KafkaParts;
import cn.dalian.governance.job.RawRecord;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.KeyedStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.runtime.typeutils.InternalTypeInfo;
import org.apache.iceberg.catalog.Catalog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The assess job (DESIGN §3, §7): reads conformed items from gov.items.v1 in event time, keeps hourly
 * aggregates for every area level and matter group ({@code gov.area_hourly}), the stability index per
 * community and street ({@code gov.stability_hourly}), and publishes the state
 * changes of risk warnings to {@code gov.warning} and Kafka {@code gov.warnings.v1}, exactly once.
 */
public final class AssessJob {
    private static final Logger LOG = LoggerFactory.getLogger(AssessJob.class);
    static final String JOB = "assess";

    private AssessJob() {}

    public static void build(StreamExecutionEnvironment env, JobSettings settings, AssessmentRules rules) throws Exception {
        Catalog catalog = GovCatalog.open(settings.catalog());
        GovTables.ensureAll(catalog, settings.namespace());
        if (catalog instanceof AutoCloseable closeable) {
            closeable.close();
        }
        LOG.info("assess: tables ready in namespace {}; rules {}", settings.namespace(), rules.describe());
        env.setParallelism(settings.parallelism());

        // Watermarks per Kafka partition, on the items' event time: a replay that reads one partition
        // far ahead of another must not make the other's records late.
        DataStream<RawRecord> raw = env.fromSource(KafkaParts.source(settings, List.of(Topics.ITEMS)),
                        WatermarkStrategy.<RawRecord>forBoundedOutOfOrderness(rules.watermarkOutOfOrderness())
                                .withTimestampAssigner(ItemDecoder::eventTime)
                                .withIdleness(Duration.ofSeconds(30)), "kafka-items")
                .uid("kafka-items");
        SingleOutputStreamOperator<ItemTransition> decoded = raw.process(new ItemDecoder()).uid("decode-items").name("decode items");
        DataStream<ItemTransition> items = decoded;

        // Hourly aggregates for every level and matter group, upserted by area, group and hour.
        DataStream<RowData> hourly = items.flatMap(new AreaFanOut()).uid("area-fan-out").name("area fan-out")
                .keyBy(AreaTransition::aggregateKey)
                .process(new AreaHourlyAggregator(rules)).uid("area-hourly").name("area hourly")
                .map(AreaHourlyRows::toRow).returns(InternalTypeInfo.of(GovTables.rowType(GovTables.AREA_HOURLY))).uid("area-hourly-rows");
        IcebergParts.upsert(hourly, settings, GovTables.AREA_HOURLY, List.of("area_code", "matter_group", "hour_start"), 1);

        // Stability index per community and per street, hourly over the trailing 24 h; R6 on the streets.
        DataStream<StabilityRow> communities = items.keyBy(t -> t.communityCode)
                .process(new StabilityTracker(rules)).uid("stability-community").name("stability per community");
        DataStream<StabilityRow> streets = items.keyBy(t -> t.streetCode)
                .process(new StabilityTracker(rules)).uid("stability-street").name("stability per street");
        DataStream<RowData> stability = communities.union(streets)
                .map(StabilityRows::toRow).returns(InternalTypeInfo.of(GovTables.rowType(GovTables.STABILITY_HOURLY))).uid("stability-rows");
        IcebergParts.upsert(stability, settings, GovTables.STABILITY_HOURLY, List.of("area_code", "hour_start"), 1);
        DataStream<WarningChange> stabilityDrops = streets.filter(StabilityDropRule::accepts).keyBy(StabilityDropRule::key)
                .process(new StabilityDropRule(rules)).uid("r6-stability-drop").name("R6 stability drop");

        // Warnings: every rule's state changes, to Kafka for the streets' dispatch systems and to Iceberg.
        DataStream<WarningChange> changes = stabilityDrops;
        for (DataStream<WarningChange> rule : warningRules(items, rules)) {
            changes = changes.union(rule);
        }
        SingleOutputStreamOperator<EncodedRecord> warnings = changes
                .map(change -> new EncodedRecord(change.warningId, Warnings.CODEC.encode(Warnings.toAvro(change))))
                .returns(TypeInformation.of(EncodedRecord.class)).uid("encode-warnings").name("encode warnings");
        warnings.sinkTo(KafkaParts.exactlyOnceSink(settings, Topics.WARNINGS, "gov-assess-warnings")).uid("kafka-warnings").name("kafka " + Topics.WARNINGS);
        DataStream<RowData> warningRows = changes.map(change -> WarningRows.toRow(Warnings.toAvro(change)))
                .returns(InternalTypeInfo.of(GovTables.rowType(GovTables.WARNING))).uid("warning-rows");
        IcebergParts.append(warningRows, settings, GovTables.WARNING, 1);

        // Items that do not decode: dead letters, as in ingest.
        SingleOutputStreamOperator<EncodedRecord> deadLetters = decoded.getSideOutput(ItemDecoder.REJECTED)
                .map(rejection -> DeadLetters.encode(rejection, JOB)).returns(TypeInformation.of(EncodedRecord.class)).uid("dead-letter").name("dead letter");
        deadLetters.sinkTo(KafkaParts.exactlyOnceSink(settings, Topics.DEAD_LETTERS, "gov-assess-dlq")).uid("kafka-dlq");
        IcebergParts.append(deadLetters.map(DeadLetters::toRow).returns(InternalTypeInfo.of(GovTables.rowType(GovTables.DEAD_LETTER))).uid("dead-letter-rows"),
                settings, GovTables.DEAD_LETTER, 1);
    }

    /**
     * The warning rules, each a small class keyed its own way (R6 follows the stability index). Each
     * sees its key's transitions in event-time order ({@link EventTimeOrder}).
     */
    static List<DataStream<WarningChange>> warningRules(DataStream<ItemTransition> items, AssessmentRules rules) {
        List<DataStream<WarningChange>> changes = new ArrayList<>();
        changes.add(ordered(items.filter(MassGatheringRule::accepts), MassGatheringRule::key, "r1")
                .process(new MassGatheringRule(rules)).uid("r1-mass-gathering").name("R1 mass gathering"));
        changes.add(ordered(items, t -> t.communityCode, "r2")
                .process(new AnomalyRule(rules)).uid("r2-anomaly").name("R2 anomaly"));
        changes.add(ordered(items.filter(ConvergenceRule::accepts), ConvergenceRule::key, "r3")
                .process(new ConvergenceRule(rules)).uid("r3-convergence").name("R3 convergence"));
        changes.add(ordered(items.filter(RepeatCallerRule::accepts), RepeatCallerRule::key, "r4")
                .process(new RepeatCallerRule(rules)).uid("r4-repeat-caller").name("R4 repeat caller"));
        changes.add(ordered(items.filter(t -> !"POLICE".equals(t.source)), t -> t.itemId, "r5")
                .process(new OverdueRule(rules)).uid("r5-overdue").name("R5 overdue supervision"));
        return changes;
    }

    /** {@code items} keyed by {@code key}, in event-time order per key. */
    private static KeyedStream<ItemTransition, String> ordered(DataStream<ItemTransition> items, KeySelector<ItemTransition, String> key, String rule) {
        return items.keyBy(key).process(new EventTimeOrder()).uid(rule + "-event-time-order").name(rule + " event-time order").keyBy(key);
    }
}
