package cn.dalian.governance.ingest;

import static java.util.Objects.requireNonNull;

import cn.dalian.governance.avro.DeadLetterReason;
import cn.dalian.governance.avro.Item;
import cn.dalian.governance.iceberg.ItemRows;
import cn.dalian.governance.iceberg.RatingRows;
import cn.dalian.governance.job.EncodedRecord;
import cn.dalian.governance.job.Rejection;
import cn.dalian.governance.reference.MatterCatalogue;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.TimerService;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.table.data.RowData;
import org.apache.flink.util.Collector;

/**
 * Steps 3 to 5 of ingest in one operator keyed by item id: {@link Deduplicator}, then
 * {@link LifecycleValidator}, then {@link Conformer}, each with the state semantics it had as an
 * operator of its own. Emits the encoded item (for gov.items.v1), its gov.item_event row
 * ({@link IngestTags#ITEM_EVENTS}) and a rating's gov.eval_rating row ({@link IngestTags#RATINGS});
 * holds the latest gov.item_current row of each item changed since the last barrier and emits it just
 * before the next one ({@link IngestTags#ITEM_CURRENT}), with the counts of duplicates, curated records
 * and illegal transitions ({@link IngestTags#OUTCOMES}).
 */
public final class ItemSteps extends KeyedProcessFunction<String, Transition, EncodedRecord> implements BeforeBarrier, ClockBeats<EncodedRecord> {
    private static final long serialVersionUID = 1L;

    private final Pseudonymizer pseudonymizer;
    private final long dedupeHorizonMillis;
    private final long reopenWindowMillis;
    private transient Deduplicator dedupe;
    private transient LifecycleValidator lifecycle;
    private transient Conformer conformer;
    private transient OutcomeTally tally;
    /**
     * At most this many item_current rows are held back per subtask: beyond, the row of the item changed
     * longest ago goes out at once, so the flush before a barrier stays short.
     */
    static final int HELD_BACK_ROWS = 2_000;

    /**
     * A subtask that has sent nothing for this long (processing time) sends a clock beat when its
     * watermark advances: while items flow, they carry the clock themselves.
     */
    static final long BEAT_AFTER_NANOS = 100_000_000L;

    /** The watermark the last item or beat carried, and when it went out (System.nanoTime). */
    private transient long sentClock;
    private transient long sentAtNanos;

    /** The latest item_current row of each item changed since the last barrier (rows this function made), oldest change first. */
    private transient LinkedHashMap<String, RowData> latest;
    private transient Counter duplicates;

    public ItemSteps(Pseudonymizer pseudonymizer) {
        this(pseudonymizer, IngestRules.DEDUPE_HORIZON.toMillis(), IngestRules.REOPEN_WINDOW.toMillis());
    }

    ItemSteps(Pseudonymizer pseudonymizer, long dedupeHorizonMillis, long reopenWindowMillis) {
        this.pseudonymizer = requireNonNull(pseudonymizer, "pseudonymizer is null");
        this.dedupeHorizonMillis = dedupeHorizonMillis;
        this.reopenWindowMillis = reopenWindowMillis;
    }

    @Override
    public void open(OpenContext context) {
        dedupe = new Deduplicator(getRuntimeContext().getMapState(Deduplicator.SEEN), dedupeHorizonMillis);
        lifecycle = new LifecycleValidator(getRuntimeContext().getState(LifecycleValidator.PROGRESS), reopenWindowMillis);
        conformer = new Conformer(pseudonymizer, MatterCatalogue.loadDefault());
        tally = new OutcomeTally();
        latest = new LinkedHashMap<>(1024, 0.75f, true); // access order: a put moves the item to the newest end
        duplicates = getRuntimeContext().getMetricGroup().counter("duplicatesDropped");
        sentClock = Long.MIN_VALUE;
        sentAtNanos = System.nanoTime();
    }

    @Override
    public void processElement(Transition t, Context ctx, Collector<EncodedRecord> out) throws Exception {
        ItemTimers timers = new Timers(ctx.timerService());
        if (!dedupe.firstSeen(t, timers)) {
            duplicates.inc();
            tally.add(t.raw.topic, Outcome.Kind.DUPLICATE);
            return;
        }
        if (RatingAreaCheck.SOURCE.equals(t.source)) {
            ctx.output(IngestTags.RATINGS, RatingRows.toRow(t.eventId, Instant.ofEpochMilli(t.occurredAt), t.raterAreaCode, t.ratedAreaCode,
                    t.period, t.dimension, t.score));
            tally.add(t.raw.topic, Outcome.Kind.CURATED);
            return;
        }
        Rejection illegal = lifecycle.advance(t, timers);
        if (illegal != null) {
            tally.add(t.raw.topic, Outcome.Kind.DEAD_LETTER, DeadLetterReason.ILLEGAL_TRANSITION.name());
            ctx.output(IngestTags.REJECTED, illegal);
            return;
        }
        Item item = conformer.conform(t, Instant.ofEpochMilli(ctx.timerService().currentProcessingTime()));
        EncodedRecord encoded = new EncodedRecord(t.itemId, Conformer.ITEMS.encode(item), t.raw);
        encoded.watermark = ctx.timerService().currentWatermark();
        out.collect(encoded);
        sentClock = encoded.watermark;
        sentAtNanos = System.nanoTime();
        RowData row = ItemRows.toRow(item, t.raw.topic, t.raw.partition, t.raw.offset);
        ctx.output(IngestTags.ITEM_EVENTS, row);
        latest.put(t.itemId, row);
        if (latest.size() > HELD_BACK_ROWS) {
            Iterator<RowData> oldest = latest.values().iterator();
            ctx.output(IngestTags.ITEM_CURRENT, oldest.next());
            oldest.remove();
        }
        tally.add(t.raw.topic, Outcome.Kind.CURATED);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<EncodedRecord> out) throws Exception {
        dedupe.onTimer(timestamp, new Timers(ctx.timerService()));
        lifecycle.onTimer(timestamp);
    }

    /** A clock beat when the watermark has passed what this subtask last sent and it has sent nothing for a while. */
    @Override
    public EncodedRecord beat(long watermark) {
        long now = System.nanoTime();
        if (watermark <= sentClock || now - sentAtNanos < BEAT_AFTER_NANOS) {
            return null;
        }
        sentClock = watermark;
        sentAtNanos = now;
        return EncodedRecord.clockBeat(watermark);
    }

    @Override
    public void beforeBarrier(SideOutput out) {
        latest.values().forEach(row -> out.emit(IngestTags.ITEM_CURRENT, row));
        latest.clear();
        tally.drain(outcome -> out.emit(IngestTags.OUTCOMES, outcome));
    }

    /** The key's timers: a timer another step still needs stays. */
    private final class Timers implements ItemTimers {
        private final TimerService service;

        Timers(TimerService service) {
            this.service = service;
        }

        @Override
        public long currentWatermark() {
            return service.currentWatermark();
        }

        @Override
        public void register(long timestamp) {
            service.registerEventTimeTimer(timestamp);
        }

        @Override
        public void release(long timestamp) throws Exception {
            if (!dedupe.needsTimerAt(timestamp)) {
                service.deleteEventTimeTimer(timestamp);
            }
        }
    }
}
