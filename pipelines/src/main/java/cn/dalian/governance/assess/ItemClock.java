package cn.dalian.governance.assess;

import static java.util.Objects.requireNonNull;

import cn.dalian.governance.avro.AreaLevel;
import cn.dalian.governance.avro.DeadLetterReason;
import cn.dalian.governance.avro.Item;
import cn.dalian.governance.job.IngestClock;
import cn.dalian.governance.job.Rejection;
import cn.dalian.governance.reference.Area;
import cn.dalian.governance.reference.AreaRegistry;
import cn.dalian.governance.schema.AvroCodec;
import cn.dalian.governance.schema.DecodeException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.util.OutputTag;

/**
 * The head of the assess job and its clock. It reads the one partition of {@code gov.items.v1} in
 * order (parallelism 1) and
 * <ol>
 *   <li>drops the items ingest sent again after a restore: an item whose {@link cn.dalian.governance.job.Lineage}
 *       offset is not above the highest already seen for its ingest subtask and feed partition;</li>
 *   <li>holds an item sent more than the lead ({@code watermark.ingest-lead}, 2 min) after ingest's clock
 *       (below) until the clock comes that close, and sends the held items on in the order they were sent:
 *       when ingest reads one feed partition hours ahead of another (a catch-up, a replay), the rules
 *       still see the items in about the order the feeds sent them, as live traffic does, while a live
 *       item (within ingest's 1 min bound of its clock) goes on at once. A record of ingest with no item
 *       (a clock beat, empty value) only moves the clock;</li>
 *   <li>decodes each item (one that does not decode goes to {@link #REJECTED}) and stamps it with its
 *       event time (occurred_at);</li>
 *   <li>derives the watermark from the records alone and emits it right after the record that moves it:
 *       <pre>watermark = ⌊(ingest's clock − out-of-orderness) / granularity⌋ × granularity</pre>
 *       where ingest's clock is the lowest {@link IngestClock} watermark of the subtasks of the job that
 *       wrote the items (how far ingest has read every feed partition, on send time), and the
 *       out-of-orderness is the feeds' own delay between an event and its sending. So the clock only
 *       passes an instant once nothing sent before it can still come, however ingest read its feed
 *       partitions: a replay or a catch-up that reads one partition days ahead of another holds the clock
 *       back instead of making the other's items late. Items without a clock header (not written by
 *       ingest) run it on their newest occurred_at instead;</li>
 *   <li>each time the watermark passes the end of a clock hour, emits, before that watermark, an hour
 *       tick ({@link ItemTransition#tick}) for every community and street of the area registry, from the
 *       hour of the earliest item seen before the clock first moved, for every hour that ends at most one
 *       stability window after an hour with items: a gap without any item (a stopped feed or platform)
 *       gets ticks for one window, not for every hour of the gap.</li>
 * </ol>
 * Because records, ticks and watermarks leave this one operator in an order that depends only on the
 * log (its state — clocks, held items, ticks, watermark, high-water marks — is checkpointed, and a restored clock
 * announces its watermark before the first record), every downstream operator that reads only from it
 * sees the same input in the same order on every run: a job restored from a checkpoint emits exactly
 * the warning changes it had emitted after that checkpoint before it failed. This is what lets the
 * warnings go out without waiting for a checkpoint (see {@link WarningBook}).
 */
public final class ItemClock extends AbstractStreamOperator<ItemTransition> implements OneInputStreamOperator<ItemRecord, ItemTransition> {
    private static final long serialVersionUID = 1L;
    public static final OutputTag<Rejection> REJECTED = new OutputTag<>("assess-rejected") {};
    static final long HOUR = 3_600_000L;
    private static final AvroCodec<Item> ITEMS = AvroCodec.of(Item.class);
    private static final long NONE = Long.MIN_VALUE;

    private final long outOfOrderness;
    private final long granularity;
    private final long lead;
    private final long quietGap;

    private transient List<String> communities;
    private transient List<String> streets;
    private transient ListState<Long> clockState;
    private transient ListState<HighWater> highWaterState;
    private transient ListState<IngestSubtask> ingestState;
    private transient long newest;
    /** The earliest item seen before the clock first moved: ticks start at its hour. */
    private transient long earliest;
    private transient long firstHourStart;
    private transient long lastTickEnd;
    private transient long watermark;
    private transient Map<String, Long> highWater;
    /** Hours that had items, from one stability window before the next tick on: which hours get ticks. */
    private transient java.util.TreeSet<Long> itemHours;
    private transient ListState<Long> itemHoursState;
    /** The ingest job whose clock runs assess's, and its subtasks' watermarks (MIN until each has one). */
    private transient String ingestJob;
    private transient long[] ingestWatermarks;
    private transient boolean announceWatermark;
    /** Items read more than the lead ahead of ingest's clock, by send time and then arrival, and their state. */
    private transient PriorityQueue<Held> held;
    private transient long heldSeq;
    private transient ListState<ItemRecord> heldState;
    private transient Counter resent;
    private transient Counter rejected;
    private transient Counter beats;

    public ItemClock(AssessmentRules rules) {
        requireNonNull(rules, "rules is null");
        this.outOfOrderness = rules.watermarkOutOfOrderness().toMillis();
        this.granularity = rules.watermarkGranularity().toMillis();
        this.lead = rules.watermarkIngestLead().toMillis();
        this.quietGap = rules.stabilityWindow().toMillis();
    }

    /** The latest clock of one ingest subtask. Flink POJO. */
    public static final class IngestSubtask {
        public String job;
        public int subtask;
        public int subtasks;
        public long watermark;

        public IngestSubtask() {}
    }

    /** An item held for ingest's clock: its send time, its place in arrival order, the record. Ordered by the first two. */
    private static final class Held implements Comparable<Held> {
        final long sentAt;
        final long seq;
        final ItemRecord record;

        Held(ItemRecord record, long seq) {
            this.sentAt = record.raw.timestamp;
            this.seq = seq;
            this.record = record;
        }

        @Override
        public int compareTo(Held other) {
            return sentAt != other.sentAt ? Long.compare(sentAt, other.sentAt) : Long.compare(seq, other.seq);
        }
    }

    /** The highest lineage offset seen from one ingest subtask and feed partition. Flink POJO. */
    public static final class HighWater {
        public String source;
        public long offset;

        public HighWater() {}

        HighWater(String source, long offset) {
            this.source = source;
            this.offset = offset;
        }
    }

    @Override
    public void initializeState(StateInitializationContext context) throws Exception {
        super.initializeState(context);
        clockState = context.getOperatorStateStore().getListState(new ListStateDescriptor<>("item-clock", Types.LONG));
        highWaterState = context.getOperatorStateStore().getListState(new ListStateDescriptor<>("item-clock-high-water", HighWater.class));
        ingestState = context.getOperatorStateStore().getListState(new ListStateDescriptor<>("item-clock-ingest", IngestSubtask.class));
        itemHoursState = context.getOperatorStateStore().getListState(new ListStateDescriptor<>("item-clock-item-hours", Types.LONG));
        heldState = context.getOperatorStateStore().getListState(new ListStateDescriptor<>("item-clock-held", ItemRecord.class));
        held = new PriorityQueue<>();
        heldSeq = 0;
        for (ItemRecord record : heldState.get()) {
            held.add(new Held(record, heldSeq++));
        }
        itemHours = new java.util.TreeSet<>();
        itemHoursState.get().forEach(itemHours::add);
        newest = NONE;
        earliest = NONE;
        firstHourStart = NONE;
        lastTickEnd = NONE;
        watermark = NONE;
        highWater = new HashMap<>();
        List<Long> clock = new ArrayList<>();
        clockState.get().forEach(clock::add);
        if (clock.size() == 5) {
            newest = clock.get(0);
            earliest = clock.get(1);
            firstHourStart = clock.get(2);
            lastTickEnd = clock.get(3);
            watermark = clock.get(4);
        }
        for (HighWater mark : highWaterState.get()) {
            highWater.merge(mark.source, mark.offset, Math::max);
        }
        for (IngestSubtask subtask : ingestState.get()) {
            if (ingestWatermarks == null) {
                ingestJob = subtask.job;
                ingestWatermarks = new long[subtask.subtasks];
                java.util.Arrays.fill(ingestWatermarks, NONE);
            }
            ingestWatermarks[subtask.subtask] = subtask.watermark;
        }
        announceWatermark = watermark != NONE;
    }

    @Override
    public void open() throws Exception {
        super.open();
        AreaRegistry areas = AreaRegistry.loadDefault();
        communities = populated(areas, AreaLevel.COMMUNITY);
        streets = populated(areas, AreaLevel.STREET);
        resent = getMetricGroup().counter("itemsResentDropped");
        rejected = getMetricGroup().counter("itemsRejected");
        beats = getMetricGroup().counter("ingestClockBeats");
        getMetricGroup().gauge("itemsHeldForIngestClock", () -> held.size());
    }

    private static List<String> populated(AreaRegistry areas, AreaLevel level) {
        return areas.atLevel(level).stream().filter(area -> area.population() > 0).map(Area::code).sorted().toList();
    }

    @Override
    public void snapshotState(StateSnapshotContext context) throws Exception {
        super.snapshotState(context);
        clockState.update(List.of(newest, earliest, firstHourStart, lastTickEnd, watermark));
        List<HighWater> marks = new ArrayList<>();
        highWater.forEach((source, offset) -> marks.add(new HighWater(source, offset)));
        highWaterState.update(marks);
        List<IngestSubtask> subtasks = new ArrayList<>();
        for (int i = 0; ingestWatermarks != null && i < ingestWatermarks.length; i++) {
            IngestSubtask subtask = new IngestSubtask();
            subtask.job = ingestJob;
            subtask.subtask = i;
            subtask.subtasks = ingestWatermarks.length;
            subtask.watermark = ingestWatermarks[i];
            subtasks.add(subtask);
        }
        ingestState.update(subtasks);
        itemHoursState.update(new ArrayList<>(itemHours));
        List<Held> inOrder = new ArrayList<>(held);
        inOrder.sort(null);
        List<ItemRecord> records = new ArrayList<>(inOrder.size());
        inOrder.forEach(h -> records.add(h.record));
        heldState.update(records);
    }

    @Override
    public void processElement(StreamRecord<ItemRecord> element) throws Exception {
        announceRestoredWatermark();
        ItemRecord record = element.getValue();
        if (record.lineageSource != null) {
            Long seen = highWater.get(record.lineageSource);
            if (seen != null && record.lineageOffset <= seen) {
                resent.inc();
                return;
            }
            highWater.put(record.lineageSource, record.lineageOffset);
        }
        observeIngestClock(record);
        if (record.clockJob == null) {
            emit(record); // not written by ingest: no clock to wait for
        } else if (record.raw.value.length == 0) {
            beats.inc(); // a clock beat: nothing but the clock
        } else {
            held.add(new Held(record, heldSeq++));
        }
        release(false);
        moveWatermark();
    }

    /**
     * Sends on, in send-time order, the held items that ingest's clock has come within the lead of (all of
     * them at the end of input).
     */
    private void release(boolean all) throws Exception {
        long clock = ingestWatermarks == null ? NONE : ingestClock();
        while (!held.isEmpty() && (all || clock != NONE && held.peek().sentAt - lead <= clock)) {
            emit(held.poll().record);
        }
    }

    /** Decodes an item and sends its transition to the rules, or its record to {@link #REJECTED}. */
    private void emit(ItemRecord record) {
        ItemTransition transition;
        try {
            transition = ItemTransitions.from(ITEMS.decode(record.raw.value));
        } catch (DecodeException e) {
            reject(record, e.kind() == DecodeException.Kind.UNKNOWN_SCHEMA ? DeadLetterReason.UNKNOWN_SCHEMA : DeadLetterReason.UNDECODABLE, e.getMessage());
            return;
        } catch (RuntimeException e) {
            reject(record, DeadLetterReason.INVALID_VALUE, "not a conformed item: " + e);
            return;
        }
        output.collect(new StreamRecord<>(transition, transition.occurredAt));
        seen(transition.occurredAt);
    }

    private void reject(ItemRecord record, DeadLetterReason reason, String message) {
        rejected.inc();
        output.collect(REJECTED, new StreamRecord<>(new Rejection(record.raw, reason, message)));
    }

    /** The source emits no watermark of its own but the final one (end of bounded input): tick to the newest hour, then pass it on. */
    @Override
    public void processWatermark(Watermark mark) throws Exception {
        if (mark.getTimestamp() != Long.MAX_VALUE) {
            return;
        }
        announceRestoredWatermark();
        release(true);
        if (newest != NONE) {
            if (firstHourStart == NONE) {
                firstHourStart = hourStart(earliest);
            }
            tickUpTo(hourStart(newest) + HOUR);
        }
        watermark = Long.MAX_VALUE;
        output.emitWatermark(mark);
    }

    private void announceRestoredWatermark() {
        if (announceWatermark) {
            announceWatermark = false;
            output.emitWatermark(new Watermark(watermark));
        }
    }

    /** Takes the record's ingest clock: the writing job's subtasks' watermarks (a new job or parallelism starts afresh). */
    private void observeIngestClock(ItemRecord record) {
        if (record.clockJob == null) {
            return;
        }
        if (!record.clockJob.equals(ingestJob) || ingestWatermarks == null || ingestWatermarks.length != record.clockSubtasks) {
            ingestJob = record.clockJob;
            ingestWatermarks = new long[record.clockSubtasks];
            java.util.Arrays.fill(ingestWatermarks, NONE);
        }
        ingestWatermarks[record.clockSubtask] = Math.max(ingestWatermarks[record.clockSubtask], record.clockWatermark);
    }

    /** Notes an item's event time: the hours that get ticks, the newest event time, the first hour. */
    private void seen(long eventTime) {
        long hour = hourStart(eventTime);
        if (lastTickEnd == NONE || hour + quietGap >= lastTickEnd) {
            itemHours.add(hour);
        }
        newest = Math.max(newest, eventTime);
        if (firstHourStart == NONE) {
            earliest = earliest == NONE ? eventTime : Math.min(earliest, eventTime);
        }
    }

    /** Moves the watermark to ingest's clock less the bound, in steps, with the ticks of the hours it passes (once an item has gone out). */
    private void moveWatermark() {
        long clock = ingestClock();
        if (clock == NONE || earliest == NONE) {
            return;
        }
        long next = Math.floorDiv(clock - outOfOrderness, granularity) * granularity;
        if (next <= watermark) {
            return;
        }
        if (firstHourStart == NONE) {
            firstHourStart = hourStart(earliest);
        }
        tickUpTo(next);
        watermark = next;
        output.emitWatermark(new Watermark(next));
    }

    /** The lowest watermark of the ingest job's subtasks, or the newest event time without one; NONE until known. */
    private long ingestClock() {
        if (ingestWatermarks == null) {
            return newest;
        }
        long lowest = Long.MAX_VALUE;
        for (long subtask : ingestWatermarks) {
            lowest = Math.min(lowest, subtask);
        }
        return lowest;
    }

    /**
     * Ticks for every hour ending in (last tick, {@code until}] that ends at most one stability window after
     * an hour that had items: the hours of a gap without any item (a stopped feed or platform) get none.
     */
    private void tickUpTo(long until) {
        long hourEnd = lastTickEnd == NONE ? firstHourStart + HOUR : lastTickEnd + HOUR;
        while (hourEnd <= until) {
            long hourStart = hourEnd - HOUR;
            Long lastItemHour = itemHours.floor(hourStart);
            if (lastItemHour != null && hourStart - lastItemHour <= quietGap) {
                for (String community : communities) {
                    output.collect(new StreamRecord<>(ItemTransition.tick("COMMUNITY", community, hourStart), hourStart));
                }
                for (String street : streets) {
                    output.collect(new StreamRecord<>(ItemTransition.tick("STREET", street, hourStart), hourStart));
                }
            }
            itemHours.headSet(hourStart - quietGap - HOUR).clear();
            lastTickEnd = hourEnd;
            hourEnd += HOUR;
        }
    }

    /** Start of the clock hour holding {@code at} (Asia/Shanghai is UTC+8: its hours are UTC hours). */
    static long hourStart(long at) {
        return Math.floorDiv(at, HOUR) * HOUR;
    }
}
