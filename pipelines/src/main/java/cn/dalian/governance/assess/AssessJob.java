package cn.dalian.governance.assess;

import cn.dalian.governance.Topics;
import cn.dalian.governance.iceberg.AreaHourlyRows;
import cn.dalian.governance.iceberg.GovCatalog;
import cn.dalian.governance.iceberg.GovTables;
import cn.dalian.governance.iceberg.StabilityRows;
import cn.dalian.governance.iceberg.WarningRows;
import cn.dalian.governance.job.DeadLetterOutput;
import cn.dalian.governance.job.EncodedRecord;
import cn.dalian.governance.job.IcebergParts;
import cn.dalian.governance.job.JobSettings;
import cn.dalian.governance.job.KafkaParts;
import java.util.List;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.FilterFunction;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.runtime.typeutils.InternalTypeInfo;
import org.apache.iceberg.catalog.Catalog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The assess job (DESIGN §3, §7): reads the conformed items of {@code gov.items.v1} and keeps hourly
 * aggregates for every area level and matter group ({@code gov.area_hourly}), the stability index per
 * community and street ({@code gov.stability_hourly}), and the risk warnings: every change goes at once
 * to Kafka {@code gov.warnings.v1} and, exactly once, to {@code gov.warning}.
 *
 * <p>No checkpoint sits on the warning path. The items are read as soon as ingest sends them
 * ({@code read_uncommitted}; {@link ItemClock} drops what ingest sends again after a restore), every
 * rule judges each transition as it arrives, and the warnings are sent at least once, each change with
 * its warning's id and sequence number. Every operator that raises warnings reads only from the one
 * {@link ItemClock} (parallelism 1, one partition), so it sees the same transitions, hour ticks and
 * watermarks in the same order on every run: after a restart from a checkpoint the job sends again
 * exactly the changes it had sent since, and a consumer drops them by (id, seq). The Iceberg tables
 * are committed at checkpoints, exactly once.
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
        int partitions = KafkaParts.partitions(settings.bootstrapServers(), Topics.ITEMS);
        if (partitions != 1) {
            throw new IllegalStateException(Topics.ITEMS + " has " + partitions + " partitions; the assess job reads it in log order and needs exactly 1"
                    + " (infra/config/topics.tsv). Recreate the topic with one partition (its items are replayed from the feeds by ingest).");
        }
        LOG.info("assess: tables ready in namespace {}; rules {}", settings.namespace(), rules.describe());
        env.setParallelism(settings.parallelism());
        // Safe here: an operator's input from the network is always a fresh object, and no chained function
        // changes or keeps a record it is given; the clock's transitions go to seven chained filters uncopied.
        env.getConfig().enableObjectReuse();

        SingleOutputStreamOperator<ItemTransition> items = env
                .fromSource(KafkaParts.source(settings, List.of(Topics.ITEMS), new ItemRecordDeserializer(), "read_uncommitted"),
                        WatermarkStrategy.noWatermarks(), "kafka-items")
                .setParallelism(1).uid("kafka-items")
                .transform("assess clock", TypeInformation.of(ItemTransition.class), new ItemClock(rules))
                .setParallelism(1).uid("item-clock");

        // The rules: each keyed its own way, each reading straight from the clock.
        List<DataStream<WarningChange>> warnings = new java.util.ArrayList<>();
        warnings.add(keyed(items, MassGatheringRule::accepts, MassGatheringRule::key, new MassGatheringRule(rules), "r1-mass-gathering", "R1 mass gathering"));
        warnings.add(keyed(items, AnomalyRule::accepts, t -> t.communityCode, new AnomalyRule(rules), "r2-anomaly", "R2 anomaly"));
        warnings.add(keyed(items, ConvergenceRule::accepts, ConvergenceRule::key, new ConvergenceRule(rules), "r3-convergence", "R3 convergence"));
        warnings.add(keyed(items, RepeatCallerRule::accepts, RepeatCallerRule::key, new RepeatCallerRule(rules), "r4-repeat-caller", "R4 repeat caller"));
        warnings.add(keyed(items, OverdueRule::accepts, t -> t.itemId, new OverdueRule(rules), "r5-overdue", "R5 overdue supervision"));

        // Hours of communities (and their grids) and of streets: aggregates, stability index, R6.
        SingleOutputStreamOperator<AreaHourlyRow> communities = keyed(items, t -> AreaHours.accepts(t, "COMMUNITY"),
                t -> AreaHours.key(t, "COMMUNITY"), new AreaHours(rules, "COMMUNITY"), "community-hours", "community hours");
        SingleOutputStreamOperator<AreaHourlyRow> streets = keyed(items, t -> AreaHours.accepts(t, "STREET"),
                t -> AreaHours.key(t, "STREET"), new AreaHours(rules, "STREET"), "street-hours", "street hours + R6");
        warnings.add(streets.getSideOutput(AreaHours.WARNINGS));
        DataStream<AreaHourlyRow> regions = streets.flatMap(new RegionRollup.Route()).uid("region-route").name("route to district and city")
                .keyBy(RegionRollup::key).process(new RegionRollup()).uid("region-rollup").name("district and city hours");

        DataStream<RowData> hourly = communities.union(streets, regions)
                .map(AreaHourlyRows::toRow).returns(InternalTypeInfo.of(GovTables.rowType(GovTables.AREA_HOURLY))).uid("area-hourly-rows");
        IcebergParts.upsert(hourly, settings, GovTables.AREA_HOURLY, List.of("area_code", "matter_group", "hour_start"), 1);
        DataStream<RowData> stability = communities.getSideOutput(AreaHours.STABILITY).union(streets.getSideOutput(AreaHours.STABILITY))
                .map(StabilityRows::toRow).returns(InternalTypeInfo.of(GovTables.rowType(GovTables.STABILITY_HOURLY))).uid("stability-rows");
        IcebergParts.upsert(stability, settings, GovTables.STABILITY_HOURLY, List.of("area_code", "hour_start"), 1);

        // Warnings: at once to Kafka for the streets' dispatch systems, exactly once to Iceberg.
        DataStream<WarningChange> changes = warnings.get(0);
        for (DataStream<WarningChange> rule : warnings.subList(1, warnings.size())) {
            changes = changes.union(rule);
        }
        changes.map(change -> new EncodedRecord(change.warningId, Warnings.CODEC.encode(Warnings.toAvro(change))))
                .returns(TypeInformation.of(EncodedRecord.class)).uid("encode-warnings").name("encode warnings")
                .sinkTo(KafkaParts.atLeastOnceSink(settings, Topics.WARNINGS)).uid("kafka-warnings").name("kafka " + Topics.WARNINGS);
        DataStream<RowData> warningRows = changes.map(change -> WarningRows.toRow(Warnings.toAvro(change)))
                .returns(InternalTypeInfo.of(GovTables.rowType(GovTables.WARNING))).uid("warning-rows");
        IcebergParts.append(warningRows, settings, GovTables.WARNING, 1);

        // Items that do not decode: dead letters, as in ingest.
        SingleOutputStreamOperator<EncodedRecord> deadLetters = items.getSideOutput(ItemClock.REJECTED)
                .process(new DeadLetterOutput(JOB)).uid("dead-letter").name("dead letter");
        deadLetters.sinkTo(KafkaParts.exactlyOnceSink(settings, Topics.DEAD_LETTERS, "gov-assess-dlq")).uid("kafka-dlq");
        IcebergParts.append(deadLetters.getSideOutput(DeadLetterOutput.ROWS), settings, GovTables.DEAD_LETTER, 1);
    }

    /**
     * {@code items} filtered (on the clock's thread, so the keyed operator has one input: the clock),
     * keyed by {@code key} and processed by {@code function}.
     */
    private static <O> SingleOutputStreamOperator<O> keyed(DataStream<ItemTransition> items, FilterFunction<ItemTransition> accepts,
            KeySelector<ItemTransition, String> key, KeyedProcessFunction<String, ItemTransition, O> function, String uid, String name) {
        return items.filter(accepts).setParallelism(1).uid(uid + "-filter").name(name + " filter")
                .keyBy(key).process(function).uid(uid).name(name);
    }
}
