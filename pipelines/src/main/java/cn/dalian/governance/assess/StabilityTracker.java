package cn.dalian.governance.assess;

import static java.util.Objects.requireNonNull;

import cn.dalian.governance.assess.AssessmentRules.Component;
import cn.dalian.governance.reference.Area;
import cn.dalian.governance.reference.AreaRegistry;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.TimerService;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * The stability index of one area (DESIGN §7), keyed by an area code: the job feeds every transition
 * twice, keyed by its community code and by its street code. Counts go into Shanghai clock-hour
 * buckets; at every hour boundary the watermark passes, one {@link StabilityRow} is emitted for the
 * trailing {@code stability.window} (24 h) ending there, scored by {@link StabilityIndex}.
 *
 * <p>What is counted: new items of the dispute group; police signals (risk weighted by level) and,
 * of those, mass-gathering signals; new hotline complaints, a repeat when the same caller
 * ({@code personKeys[0]}) complained about the same matter group in this area within
 * {@code repeat-window}; hotline closings rated SATISFIED, BASICALLY_SATISFIED or UNSATISFIED. The
 * area's open grid and hotline items are tracked with their resolve deadline; an item is overdue in
 * the row of hour end {@code T} if its deadline is before {@code T} and it is still open (as of the
 * transitions seen). A transition behind the watermark still counts for the rows to come while its hour
 * is in their window, and is otherwise counted as too late; emitted rows are not corrected.
 *
 * <p>Timers: one event-time timer per area, at the next full hour after data arrives, then re-set each
 * hour while the area has any state. After a row with no counts, once nothing is in the buckets, no
 * item is open and no caller is remembered, all state is cleared and no timer is left; so the last row
 * of an area that goes quiet is the all-zero row (index 100) that ends any warning on it. At the end
 * of input (watermark {@code Long.MAX_VALUE}) the row of the first hour boundary is the last one.
 */
public final class StabilityTracker extends KeyedProcessFunction<String, ItemTransition, StabilityRow> {
    /** The city's clock (DESIGN §3). */
    static final ZoneId CITY = ZoneId.of("Asia/Shanghai");
    static final long HOUR = Duration.ofHours(1).toMillis();

    private final AssessmentRules rules;
    private transient long window;
    private transient long repeatWindow;
    private transient double[] levelWeights;
    private transient AreaRegistry areas;
    /** Counts by hour start (Shanghai hours). */
    private transient MapState<Long, Bucket> buckets;
    /** Open grid and hotline items and their resolve deadline (0 if none). */
    private transient MapState<String, Long> open;
    /** Last complaint time by caller and matter group ({@code caller|group}). */
    private transient MapState<String, Long> lastComplaint;
    /** The one pending timer. */
    private transient ValueState<Long> nextTimer;
    private transient Counter tooLate;
    private transient Counter unknownArea;

    public StabilityTracker(AssessmentRules rules) {
        this.rules = requireNonNull(rules, "rules is null");
    }

    /** One hour's counts. Flink POJO. */
    public static final class Bucket {
        public long disputes;
        public long policeSignals;
        public double policeRiskWeight;
        public long massGatheringSignals;
        public long complaints;
        public long repeatComplaints;
        public long rated;
        public long unsatisfied;
        /** Items behind the counts (evidence). */
        public List<String> itemIds = new ArrayList<>();

        public Bucket() {}
    }

    @Override
    public void open(OpenContext context) {
        window = rules.stabilityWindow().toMillis();
        if (window <= 0 || window % HOUR != 0) {
            throw new IllegalArgumentException("stability.window must be a whole number of hours, got " + rules.stabilityWindow());
        }
        repeatWindow = rules.repeatWindow().toMillis();
        levelWeights = rules.policeLevelWeights();
        areas = AreaRegistry.loadDefault();
        buckets = getRuntimeContext().getMapState(new MapStateDescriptor<>("stability-buckets", Long.class, Bucket.class));
        open = getRuntimeContext().getMapState(new MapStateDescriptor<>("stability-open-items", String.class, Long.class));
        lastComplaint = getRuntimeContext().getMapState(new MapStateDescriptor<>("stability-last-complaint", String.class, Long.class));
        nextTimer = getRuntimeContext().getState(new ValueStateDescriptor<>("stability-next-timer", Long.class));
        tooLate = getRuntimeContext().getMetricGroup().counter("stabilityTooLate");
        unknownArea = getRuntimeContext().getMetricGroup().counter("stabilityUnknownArea");
    }

    @Override
    public void processElement(ItemTransition t, Context ctx, Collector<StabilityRow> out) throws Exception {
        Optional<Area> area = areas.find(ctx.getCurrentKey());
        if (area.isEmpty() || area.get().population() <= 0) {
            unknownArea.inc();
            return;
        }
        long watermark = ctx.timerService().currentWatermark();
        trackOpenItem(t);
        boolean repeat = rememberComplaint(t);
        Bucket counts = counts(t, repeat);
        if (counts != null) {
            long hourStart = hourStart(t.occurredAt);
            if (watermark != Long.MIN_VALUE && hourStart + window <= hourStart(watermark)) {
                tooLate.inc();
            } else {
                add(hourStart, counts);
            }
        }
        if (hasState()) {
            schedule(ctx.timerService(), hourEnd(watermark == Long.MIN_VALUE ? t.occurredAt : Math.max(t.occurredAt, watermark)));
        }
    }

    @Override
    public void onTimer(long hourEnd, OnTimerContext ctx, Collector<StabilityRow> out) throws Exception {
        Long due = nextTimer.value();
        if (due == null || due != hourEnd) {
            return;
        }
        Area area = areas.get(ctx.getCurrentKey());
        TreeSet<String> itemIds = new TreeSet<>();
        ComponentRates counts = windowCounts(hourEnd, itemIds);
        StabilityScore score = StabilityIndex.score(rules, area.population(), counts);
        out.collect(row(area, hourEnd - HOUR, score, itemIds));
        forgetOlderThan(hourEnd);
        if (counts.isZero() && !hasState()) {
            clearAll();
            return;
        }
        if (ctx.timerService().currentWatermark() == Long.MAX_VALUE) {
            // End of input: no hour comes after this one.
            nextTimer.clear();
            return;
        }
        nextTimer.update(hourEnd + HOUR);
        ctx.timerService().registerEventTimeTimer(hourEnd + HOUR);
    }

    private void trackOpenItem(ItemTransition t) throws Exception {
        if (!"GRID".equals(t.source) && !"HOTLINE".equals(t.source)) {
            return;
        }
        if ("CLOSED".equals(t.state)) {
            open.remove(t.itemId);
        } else {
            open.put(t.itemId, t.resolveDueAt);
        }
    }

    /** Whether a new complaint repeats one of the same caller about the same group here; remembers it. */
    private boolean rememberComplaint(ItemTransition t) throws Exception {
        if (!isComplaint(t) || t.personKeys == null || t.personKeys.isEmpty() || t.personKeys.get(0) == null) {
            return false;
        }
        String key = t.personKeys.get(0) + "|" + t.matterGroup;
        Long previous = lastComplaint.get(key);
        lastComplaint.put(key, previous == null ? t.occurredAt : Math.max(previous, t.occurredAt));
        return previous != null && Math.abs(t.occurredAt - previous) <= repeatWindow;
    }

    /** What the transition adds to its hour, or null if nothing. */
    private Bucket counts(ItemTransition t, boolean repeat) {
        Bucket b = new Bucket();
        boolean counted = false;
        if (t.isNew() && "DISPUTE".equals(t.matterGroup)) {
            b.disputes = 1;
            counted = true;
        }
        if ("POLICE".equals(t.source)) {
            int level = t.riskLevel == null ? 1 : Math.max(1, Math.min(4, t.riskLevel));
            b.policeSignals = 1;
            b.policeRiskWeight = levelWeights[level - 1];
            b.massGatheringSignals = "MASS_GATHERING".equals(t.signalType) ? 1 : 0;
            counted = true;
        }
        if (isComplaint(t)) {
            b.complaints = 1;
            b.repeatComplaints = repeat ? 1 : 0;
            counted = true;
        }
        if (isRatedClosing(t)) {
            b.rated = 1;
            b.unsatisfied = "UNSATISFIED".equals(t.satisfaction) ? 1 : 0;
            counted = true;
        }
        if (!counted) {
            return null;
        }
        if (b.disputes + b.policeSignals + b.complaints + b.unsatisfied > 0 && t.itemId != null) {
            b.itemIds.add(t.itemId);
        }
        return b;
    }

    private static boolean isComplaint(ItemTransition t) {
        return "HOTLINE".equals(t.source) && t.isNew() && "COMPLAINT".equals(t.requestType);
    }

    private static boolean isRatedClosing(ItemTransition t) {
        return "HOTLINE".equals(t.source) && "CLOSED".equals(t.state) && t.satisfaction != null
                && ("SATISFIED".equals(t.satisfaction) || "BASICALLY_SATISFIED".equals(t.satisfaction) || "UNSATISFIED".equals(t.satisfaction));
    }

    private void add(long hourStart, Bucket counts) throws Exception {
        Bucket b = buckets.get(hourStart);
        if (b == null) {
            b = new Bucket();
        }
        b.disputes += counts.disputes;
        b.policeSignals += counts.policeSignals;
        b.policeRiskWeight += counts.policeRiskWeight;
        b.massGatheringSignals += counts.massGatheringSignals;
        b.complaints += counts.complaints;
        b.repeatComplaints += counts.repeatComplaints;
        b.rated += counts.rated;
        b.unsatisfied += counts.unsatisfied;
        for (String itemId : counts.itemIds) {
            if (!b.itemIds.contains(itemId)) {
                b.itemIds.add(itemId);
            }
        }
        buckets.put(hourStart, b);
    }

    /** The counts of the window {@code [hourEnd − window, hourEnd)} and the overdue items at its end. */
    private ComponentRates windowCounts(long hourEnd, TreeSet<String> itemIds) throws Exception {
        Bucket sum = new Bucket();
        for (Map.Entry<Long, Bucket> entry : buckets.entries()) {
            long hourStart = entry.getKey();
            if (hourStart < hourEnd - window || hourStart >= hourEnd) {
                continue;
            }
            Bucket b = entry.getValue();
            sum.disputes += b.disputes;
            sum.policeSignals += b.policeSignals;
            sum.policeRiskWeight += b.policeRiskWeight;
            sum.massGatheringSignals += b.massGatheringSignals;
            sum.complaints += b.complaints;
            sum.repeatComplaints += b.repeatComplaints;
            sum.rated += b.rated;
            sum.unsatisfied += b.unsatisfied;
            itemIds.addAll(b.itemIds);
        }
        long overdue = 0;
        for (Map.Entry<String, Long> item : open.entries()) {
            if (item.getValue() > 0 && item.getValue() < hourEnd) {
                overdue++;
                itemIds.add(item.getKey());
            }
        }
        return new ComponentRates(sum.disputes, overdue, sum.policeRiskWeight, sum.policeSignals, sum.complaints, sum.repeatComplaints,
                sum.massGatheringSignals, sum.rated, sum.unsatisfied);
    }

    /** Drops the hours no later row's window holds and the callers whose repeat window has passed. */
    private void forgetOlderThan(long hourEnd) throws Exception {
        List<Long> oldHours = new ArrayList<>();
        for (Long hourStart : buckets.keys()) {
            if (hourStart + window <= hourEnd) {
                oldHours.add(hourStart);
            }
        }
        for (Long hourStart : oldHours) {
            buckets.remove(hourStart);
        }
        List<String> oldCallers = new ArrayList<>();
        for (Map.Entry<String, Long> caller : lastComplaint.entries()) {
            if (caller.getValue() + repeatWindow <= hourEnd) {
                oldCallers.add(caller.getKey());
            }
        }
        for (String caller : oldCallers) {
            lastComplaint.remove(caller);
        }
    }

    private boolean hasState() throws Exception {
        return !buckets.isEmpty() || !open.isEmpty() || !lastComplaint.isEmpty();
    }

    /** Keeps one timer: the earliest hour end asked for. */
    private void schedule(TimerService timers, long at) throws Exception {
        Long current = nextTimer.value();
        if (current != null && current <= at) {
            return;
        }
        if (current != null) {
            timers.deleteEventTimeTimer(current);
        }
        timers.registerEventTimeTimer(at);
        nextTimer.update(at);
    }

    private void clearAll() {
        buckets.clear();
        open.clear();
        lastComplaint.clear();
        nextTimer.clear();
    }

    private static StabilityRow row(Area area, long hourStart, StabilityScore score, TreeSet<String> itemIds) {
        ComponentRates c = score.counts();
        StabilityRow row = new StabilityRow();
        row.areaCode = area.code();
        row.areaLevel = area.level().name();
        row.hourStart = hourStart;
        row.population = score.population();
        row.index = score.index();
        row.band = score.band().name();
        row.bandLabel = score.band().label();
        row.disputes = c.disputes();
        row.disputesRate = score.component(Component.DISPUTES).rate();
        row.disputesContribution = score.component(Component.DISPUTES).contribution();
        row.overdue = c.overdue();
        row.overdueRate = score.component(Component.OVERDUE).rate();
        row.overdueContribution = score.component(Component.OVERDUE).contribution();
        row.policeSignals = c.policeSignals();
        row.policeRiskWeight = c.policeRiskWeight();
        row.policeRiskRate = score.component(Component.POLICE_RISK).rate();
        row.policeRiskContribution = score.component(Component.POLICE_RISK).contribution();
        row.complaints = c.complaints();
        row.repeatComplaints = c.repeatComplaints();
        row.complaintsRate = score.component(Component.COMPLAINTS).rate();
        row.complaintsContribution = score.component(Component.COMPLAINTS).contribution();
        row.massGatheringSignals = c.massGatheringSignals();
        row.massGatheringRate = score.component(Component.MASS_GATHERING).rate();
        row.massGatheringContribution = score.component(Component.MASS_GATHERING).contribution();
        row.rated = c.rated();
        row.unsatisfied = c.unsatisfied();
        row.unsatisfiedShare = score.component(Component.UNSATISFIED).rate();
        row.unsatisfiedContribution = score.component(Component.UNSATISFIED).contribution();
        row.itemIds = new ArrayList<>(itemIds);
        return row;
    }

    /** Start of the Shanghai clock hour holding {@code epochMillis}. */
    static long hourStart(long epochMillis) {
        return Instant.ofEpochMilli(epochMillis).atZone(CITY).truncatedTo(ChronoUnit.HOURS).toInstant().toEpochMilli();
    }

    /** The first Shanghai hour boundary after {@code epochMillis}. */
    static long hourEnd(long epochMillis) {
        return hourStart(epochMillis) + HOUR;
    }
}
