package cn.dalian.governance.ingest;

import cn.dalian.governance.job.JobSettings;
import cn.dalian.governance.job.RawRecord;
import cn.dalian.governance.job.DeadLetterOutput;
import cn.dalian.governance.job.EncodedRecord;
import cn.dalian.governance.job.IcebergParts;
import cn.dalian.governance.job.KafkaParts;
import cn.dalian.governance.Topics;
import cn.dalian.governance.iceberg.DimensionTables;
import cn.dalian.governance.iceberg.GovCatalog;
import cn.dalian.governance.iceberg.GovTables;
import cn.dalian.governance.reference.AreaRegistry;
import cn.dalian.governance.reference.MatterCatalogue;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.iceberg.catalog.Catalog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ingest job (DESIGN §3, §5, §6): reads the grid, hotline, police and rating feeds, decodes and
 * validates, resolves areas and matters, drops duplicates, enforces lifecycles, pseudonymises, and
 * writes curated Iceberg tables and the conformed Kafka topic, exactly once; every rejected record goes
 * whole to the dead letters (Kafka and Iceberg).
 */
public final class IngestJob {
    private static final Logger LOG = LoggerFactory.getLogger(IngestJob.class);
    private static final String JOB = "ingest";

    /**
     * The file format of item_event's streamed files: Avro (row by row, about half the CPU of Parquet per row). The
     * table's own format stays Parquet: readers read both, and maintenance (Trino's optimize) rewrites them as Parquet.
     */
    static final Map<String, String> STREAMED_FILES = Map.of("write-format", "avro");

    private IngestJob() {}

    /** Creates the tables if needed, refreshes the dimensions, and adds the job's operators to {@code env}. */
    public static void build(StreamExecutionEnvironment env, JobSettings settings) throws Exception {
        Catalog catalog = GovCatalog.open(settings.catalog());
        GovTables.ensureAll(catalog, settings.namespace());
        long dimensionRows = DimensionTables.refresh(catalog, settings.namespace(), AreaRegistry.loadDefault(), MatterCatalogue.loadDefault());
        LOG.info("ingest: tables ready in namespace {}; reference dimensions {}", settings.namespace(),
                dimensionRows == 0 ? "unchanged" : "rewritten (" + dimensionRows + " rows)");
        if (catalog instanceof AutoCloseable closeable) {
            closeable.close();
        }
        env.setParallelism(settings.parallelism());
        // Safe for this job: no function keeps a reference to a record it received, and every record a
        // function emits is one it made (ItemSteps holds back only rows it made itself).
        env.getConfig().enableObjectReuse();

        // Watermarks on send time, per feed partition (a partition not read yet holds them back, an idle
        // one does not): how far ingest has read every feed, which the items carry to assess as its clock.
        DataStream<RawRecord> raw = env.fromSource(KafkaParts.source(settings, Topics.FEEDS), WatermarkStrategy.<RawRecord>forBoundedOutOfOrderness(IngestRules.OUT_OF_ORDERNESS)
                        .withTimestampAssigner((record, kafkaTimestamp) -> record.timestamp)
                        .withIdleness(IngestRules.IDLE_PARTITION), "kafka-feeds")
                .uid("kafka-feeds");

        // Decode once and place: chained to the source, no exchange.
        SingleOutputStreamOperator<Transition> intake = raw
                .transform("decode + validate + resolve area", TypeInformation.of(Transition.class), new BarrierAwareOperators.Process<>(new FeedIntake()))
                .uid("intake");
        // One exchange: dedupe, lifecycle and conform keyed by item id in one operator.
        byte[] piiKey = settings.piiKey().orElseThrow(() -> new IllegalArgumentException("the ingest job needs a PII key"));
        SingleOutputStreamOperator<EncodedRecord> items = intake.keyBy(t -> t.itemId, Types.STRING)
                .transform("dedupe + lifecycle + conform", TypeInformation.of(EncodedRecord.class),
                        new BarrierAwareOperators.Keyed<>(new ItemSteps(new Pseudonymizer(piiKey))))
                .uid("item-steps");

        // Dead letters of both steps, made once for Kafka and Iceberg.
        SingleOutputStreamOperator<EncodedRecord> deadLetters = intake.getSideOutput(IngestTags.REJECTED)
                .union(items.getSideOutput(IngestTags.REJECTED))
                .process(new DeadLetterOutput(JOB)).uid("dead-letter").name("dead letter");

        // Kafka: conformed items (writer chained to the keyed step: the lineage contract) and dead letters, transactional.
        items.sinkTo(KafkaParts.itemsSink(settings, Topics.ITEMS, "gov-ingest-items")).uid("kafka-items").name("kafka " + Topics.ITEMS);
        deadLetters.sinkTo(KafkaParts.exactlyOnceSink(settings, Topics.DEAD_LETTERS, "gov-ingest-dlq")).uid("kafka-dlq").name("kafka " + Topics.DEAD_LETTERS);

        // Iceberg: every transition (writers chained to the keyed step), the current state of each item, dead letters, ratings.
        IcebergParts.append(items.getSideOutput(IngestTags.ITEM_EVENTS), settings, GovTables.ITEM_EVENT, settings.parallelism(), STREAMED_FILES);
        IcebergParts.upsert(items.getSideOutput(IngestTags.ITEM_CURRENT), settings, GovTables.ITEM_CURRENT, List.of("item_id"), settings.parallelism());
        IcebergParts.append(deadLetters.getSideOutput(DeadLetterOutput.ROWS), settings, GovTables.DEAD_LETTER, 1);
        IcebergParts.append(items.getSideOutput(IngestTags.RATINGS), settings, GovTables.EVAL_RATING, 1);

        // Reconciliation: read = curated + dead-lettered + duplicates, from the counts each step sends before each barrier.
        intake.getSideOutput(IngestTags.OUTCOMES).union(items.getSideOutput(IngestTags.OUTCOMES))
                .process(new Reconciliation()).setParallelism(1).uid("reconciliation").name("reconciliation")
                .sinkTo(new DiscardingSink<>()).setParallelism(1).uid("reconciliation-end");
    }
}
