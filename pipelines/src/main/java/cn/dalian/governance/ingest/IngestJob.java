package cn.dalian.governance.ingest;

import cn.dalian.governance.job.Rejection;
import cn.dalian.governance.job.JobSettings;
import cn.dalian.governance.job.RawRecord;
import cn.dalian.governance.job.DeadLetters;
import cn.dalian.governance.job.EncodedRecord;
import cn.dalian.governance.job.IcebergParts;
import cn.dalian.governance.job.KafkaParts;
import cn.dalian.governance.Topics;
import cn.dalian.governance.iceberg.DimensionTables;
import cn.dalian.governance.iceberg.GovCatalog;
import cn.dalian.governance.iceberg.GovTables;
import cn.dalian.governance.iceberg.ItemRows;
import cn.dalian.governance.iceberg.RatingRows;
import cn.dalian.governance.reference.AreaRegistry;
import cn.dalian.governance.reference.MatterCatalogue;
import cn.dalian.governance.simulator.FeedCodecs;
import java.util.List;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.runtime.typeutils.InternalTypeInfo;
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

        // Watermarks on send time, per feed partition (a partition not read yet holds them back, an idle
        // one does not): how far ingest has read every feed, which the items carry to assess as its clock.
        DataStream<RawRecord> raw = env.fromSource(KafkaParts.source(settings, Topics.FEEDS), WatermarkStrategy.<RawRecord>forBoundedOutOfOrderness(IngestRules.OUT_OF_ORDERNESS)
                        .withTimestampAssigner((record, kafkaTimestamp) -> record.timestamp)
                        .withIdleness(IngestRules.IDLE_PARTITION), "kafka-feeds")
                .uid("kafka-feeds");

        SingleOutputStreamOperator<Transition> decoded = raw.process(new FeedDecoder()).uid("decode").name("decode + validate");
        SingleOutputStreamOperator<Transition> resolved = decoded.process(new AreaResolver()).uid("resolve-area").name("resolve area + matter");
        SingleOutputStreamOperator<Transition> checkedRatings = decoded.getSideOutput(FeedDecoder.RATINGS).process(new RatingAreaCheck()).uid("rating-areas").name("rating areas");
        SingleOutputStreamOperator<Transition> ratings = checkedRatings.keyBy(t -> t.itemId).process(new Deduplicator()).uid("rating-dedupe").name("rating dedupe");
        SingleOutputStreamOperator<Transition> unique = resolved.keyBy(t -> t.itemId).process(new Deduplicator()).uid("dedupe").name("dedupe");
        SingleOutputStreamOperator<Transition> legal = unique.keyBy(t -> t.itemId).process(new LifecycleValidator()).uid("lifecycle").name("lifecycle");
        byte[] piiKey = settings.piiKey().orElseThrow(() -> new IllegalArgumentException("the ingest job needs a PII key"));
        SingleOutputStreamOperator<EncodedRecord> items = legal.process(new Conformer(new Pseudonymizer(piiKey))).uid("conform").name("conform + pseudonymise");

        DataStream<Rejection> rejected = decoded.getSideOutput(FeedDecoder.REJECTED)
                .union(resolved.getSideOutput(FeedDecoder.REJECTED), checkedRatings.getSideOutput(FeedDecoder.REJECTED), legal.getSideOutput(FeedDecoder.REJECTED));
        SingleOutputStreamOperator<EncodedRecord> deadLetters = rejected
                .map(rejection -> DeadLetters.encode(rejection, JOB)).uid("dead-letter").name("dead letter")
                .returns(TypeInformation.of(EncodedRecord.class));

        // Kafka: conformed items and dead letters, transactional.
        items.sinkTo(KafkaParts.exactlyOnceSink(settings, Topics.ITEMS, "gov-ingest-items")).uid("kafka-items").name("kafka " + Topics.ITEMS);
        deadLetters.sinkTo(KafkaParts.exactlyOnceSink(settings, Topics.DEAD_LETTERS, "gov-ingest-dlq")).uid("kafka-dlq").name("kafka " + Topics.DEAD_LETTERS);

        // Iceberg: every transition, the current state of each item, dead letters, ratings.
        DataStream<RowData> itemRows = items.map(IngestJob::itemRow).returns(InternalTypeInfo.of(GovTables.rowType(GovTables.ITEM_EVENT))).uid("item-rows").name("item rows");
        IcebergParts.append(itemRows, settings, GovTables.ITEM_EVENT, 1);
        IcebergParts.upsert(itemRows, settings, GovTables.ITEM_CURRENT, List.of("item_id"), 1);
        DataStream<RowData> deadLetterRows = deadLetters.map(DeadLetters::toRow).returns(InternalTypeInfo.of(GovTables.rowType(GovTables.DEAD_LETTER))).uid("dead-letter-rows");
        IcebergParts.append(deadLetterRows, settings, GovTables.DEAD_LETTER, 1);
        DataStream<RowData> ratingRows = ratings.map(IngestJob::ratingRow).returns(InternalTypeInfo.of(GovTables.rowType(GovTables.EVAL_RATING))).uid("rating-rows");
        IcebergParts.append(ratingRows, settings, GovTables.EVAL_RATING, 1);

        // Reconciliation: read = curated + dead-lettered + duplicates, checked at every checkpoint.
        DataStream<Outcome> outcomes = decoded.getSideOutput(FeedDecoder.OUTCOMES)
                .union(items.getSideOutput(FeedDecoder.OUTCOMES),
                        unique.getSideOutput(Deduplicator.DUPLICATES),
                        ratings.getSideOutput(Deduplicator.DUPLICATES),
                        ratings.map(r -> new Outcome(r.raw.topic, Outcome.Kind.CURATED, null)).returns(Outcome.class).uid("rating-outcomes"),
                        rejected.map(r -> new Outcome(r.raw.topic, Outcome.Kind.DEAD_LETTER, r.reason.name())).returns(Outcome.class).uid("dead-letter-outcomes"));
        outcomes.process(new Reconciliation()).setParallelism(1).uid("reconciliation").name("reconciliation")
                .sinkTo(new DiscardingSink<>()).setParallelism(1).uid("reconciliation-end");
    }

    static RowData itemRow(EncodedRecord record) throws Exception {
        return ItemRows.toRow(Conformer.ITEMS.decode(record.value), record.sourceTopic, record.sourcePartition, record.sourceOffset);
    }

    static RowData ratingRow(Transition rating) throws Exception {
        return RatingRows.toRow(FeedCodecs.RATINGS.decode(rating.raw.value));
    }
}
