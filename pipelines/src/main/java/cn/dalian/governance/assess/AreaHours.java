package cn.dalian.governance.assess;

import static java.util.Objects.requireNonNull;

import cn.dalian.governance.avro.MatterGroup;
import cn.dalian.governance.reference.Area;
import cn.dalian.governance.reference.AreaRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
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
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * The hours of one area, keyed by its code; one instance per level: communities (with their grids) or
 * streets (with R6). From every transition of the area it keeps counts in hour buckets of the city's
 * clock, per matter group — new items, closings, disputes, police signals and their risk weight, mass
 * gatherings, complaints and repeats, rated closings — and the area's open items with their resolve
 * deadlines. Buckets hold counts, so a transition that arrives late but inside the window changes
 * them exactly as if it had come in order.
 *
 * <p>At each hour tick of the assess clock ({@link ItemClock}: the hour is final), it emits
 * <ul>
 *   <li>{@code gov.area_hourly} rows (main output) for each matter group, and at the community level for
 *       each grid, that saw activity in the hour or whose open backlog or overdue count changed; a
 *       transition of an hour already emitted, up to {@link #ALLOWED_LATENESS} late, emits its row again,
 *       corrected (the table is upserted by area, group and hour);</li>
 *   <li>one {@code gov.stability_hourly} row ({@link #STABILITY}) for the trailing
 *       {@code stability.window} (24 h) that ends with the hour, scored by {@link StabilityIndex}, every
 *       hour, for every community and street of the registry, an area without any state included (its
 *       index is 100);</li>
 *   <li>at the street level, R6 ({@link StabilityDropRule}, {@link #WARNINGS}).</li>
 * </ul>
 * Items become overdue at the tick of the hour in which their resolve deadline falls. A complaint is a
 * repeat when the same caller complained about the same matter group in this community within the
 * repeat window before it (a street counts its communities' repeats, so levels add up); when an
 * earlier complaint arrives after a later one, the later one becomes the repeat.
 *
 * <p>Evidence lists hold at most {@value #EVIDENCE_CAP} item ids; the counts give the totals. All state
 * is dropped once no bucket, open item or remembered complaint is left (and no R6 warning is open).
 */
public final class AreaHours extends KeyedProcessFunction<String, ItemTransition, AreaHourlyRow> {
    public static final OutputTag<StabilityRow> STABILITY = new OutputTag<>("stability-rows") {};
    public static final OutputTag<WarningChange> WARNINGS = new OutputTag<>("stability-warnings") {};
    static final long HOUR = Duration.ofHours(1).toMillis();
    private static final long DAY = Duration.ofDays(1).toMillis();
    /** Rows already emitted are corrected for transitions up to this late (the simulator's late items: up to 6 h). */
    static final long ALLOWED_LATENESS = Duration.ofHours(6).toMillis();
    static final int EVIDENCE_CAP = 200;
    static final int GROUPS = MatterGroup.values().length;

    // Counters of one group in an hour bucket.
    static final int NEW = 0;
    static final int CLOSED = 1;
    static final int DISPUTES = 2;
    static final int POLICE = 3;
    static final int COMPLAINTS = 4;
    static final int REPEATS = 5;
    static final int RATED = 6;
    static final int SATISFIED = 7;
    static final int UNSATISFIED = 8;
    static final int MASS_GATHERING = 9;
    static final int COUNTERS = 10;

    private final AssessmentRules rules;
    private final String level;
    private transient long window;
    private transient long repeatWindow;
    private transient double[] levelWeights;
    private transient AreaRegistry areas;
    private transient MapState<Long, Bucket> buckets;
    private transient MapState<String, GridBucket> gridBuckets;
    private transient MapState<String, OpenItem> open;
    /** Openings and closings of hours not final yet, applied at their hour's tick, by hour start. */
    private transient MapState<Long, List<Change>> pending;
    private transient MapState<Long, List<String>> dueByHour;
    private transient ValueState<Standing> standing;
    /** The standing at the end of each recent hour (for corrected rows), by hour start. */
    private transient MapState<Long, long[]> standingAt;
    private transient MapState<String, Standing> gridStanding;
    private transient MapState<String, Complaints> complaints;
    private transient ValueState<Long> newestHour;
    private transient StabilityDropRule r6;
    private transient Counter tooLate;

    public AreaHours(AssessmentRules rules, String level) {
        this.rules = requireNonNull(rules, "rules is null");
        if (!"COMMUNITY".equals(level) && !"STREET".equals(level)) {
            throw new IllegalArgumentException("AreaHours is for COMMUNITY or STREET, not " + level);
        }
        this.level = level;
    }

    /** Counts of one hour, per matter group ({@code counts[group * COUNTERS + counter]}), and its evidence. Flink POJO. */
    public static final class Bucket {
        public long[] counts = new long[GROUPS * COUNTERS];
        public double[] riskWeight = new double[GROUPS];
        public List<String> itemIds = new ArrayList<>();

        public Bucket() {}
    }

    /** Counts of one grid in one hour (grid items only: NEW, CLOSED, DISPUTES per group). Flink POJO. */
    public static final class GridBucket {
        public long[] counts = new long[GROUPS * 3];
        public long[] standingAtEnd;

        public GridBucket() {}
    }

    /** An open grid or hotline item of the area. Flink POJO. */
    public static final class OpenItem {
        public int group;
        public String gridCode;
        public long dueAt;
        public boolean overdue;

        public OpenItem() {}
    }

    /** An item opening or closing, waiting for its hour to be final. Flink POJO. */
    public static final class Change {
        public String itemId;
        public int group;
        public String gridCode;
        public long dueAt;
        public boolean closes;

        public Change() {}
    }

    /** Open backlog and overdue counts per group, now and as last emitted. Flink POJO. */
    public static final class Standing {
        public long[] backlog = new long[GROUPS];
        public long[] overdue = new long[GROUPS];
        public long[] emittedBacklog = new long[GROUPS];
        public long[] emittedOverdue = new long[GROUPS];

        public Standing() {}

        boolean isEmpty() {
            return Arrays.stream(backlog).allMatch(n -> n == 0) && Arrays.stream(overdue).allMatch(n -> n == 0)
                    && Arrays.stream(emittedBacklog).allMatch(n -> n == 0) && Arrays.stream(emittedOverdue).allMatch(n -> n == 0);
        }

        long[] snapshot() {
            long[] both = new long[2 * GROUPS];
            System.arraycopy(backlog, 0, both, 0, GROUPS);
            System.arraycopy(overdue, 0, both, GROUPS, GROUPS);
            return both;
        }
    }

    /** One caller's complaints about one matter group here: event time, item id and whether it is a repeat, by time. Flink POJO. */
    public static final class Complaints {
        public List<Long> at = new ArrayList<>();
        public List<String> itemIds = new ArrayList<>();
        public List<Boolean> repeat = new ArrayList<>();

        public Complaints() {}
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
        String prefix = level.toLowerCase(java.util.Locale.ROOT) + "-";
        buckets = getRuntimeContext().getMapState(new MapStateDescriptor<>(prefix + "buckets", Long.class, Bucket.class));
        gridBuckets = getRuntimeContext().getMapState(new MapStateDescriptor<>(prefix + "grid-buckets", String.class, GridBucket.class));
        open = getRuntimeContext().getMapState(new MapStateDescriptor<>(prefix + "open-items", String.class, OpenItem.class));
        pending = getRuntimeContext().getMapState(new MapStateDescriptor<>(prefix + "pending-changes", org.apache.flink.api.common.typeinfo.Types.LONG,
                org.apache.flink.api.common.typeinfo.Types.LIST(org.apache.flink.api.common.typeinfo.Types.POJO(Change.class))));
        dueByHour = getRuntimeContext().getMapState(new MapStateDescriptor<>(prefix + "due-by-hour", org.apache.flink.api.common.typeinfo.Types.LONG,
                org.apache.flink.api.common.typeinfo.Types.LIST(org.apache.flink.api.common.typeinfo.Types.STRING)));
        standing = getRuntimeContext().getState(new ValueStateDescriptor<>(prefix + "standing", Standing.class));
        standingAt = getRuntimeContext().getMapState(new MapStateDescriptor<>(prefix + "standing-at", Long.class, long[].class));
        gridStanding = getRuntimeContext().getMapState(new MapStateDescriptor<>(prefix + "grid-standing", String.class, Standing.class));
        complaints = getRuntimeContext().getMapState(new MapStateDescriptor<>(prefix + "complaints", String.class, Complaints.class));
        newestHour = getRuntimeContext().getState(new ValueStateDescriptor<>(prefix + "newest-hour", Long.class));
        r6 = "STREET".equals(level) ? new StabilityDropRule(getRuntimeContext(), rules) : null;
        tooLate = getRuntimeContext().getMetricGroup().counter(prefix + "transitionsTooLate");
    }

    /** The key of this level: the community or the street of a transition or tick. */
    public static String key(ItemTransition t, String level) {
        return String.valueOf("COMMUNITY".equals(level) ? t.communityCode : t.streetCode);
    }

    /** Whether the instance of {@code level} looks at {@code t}: its transitions and its own ticks. */
    public static boolean accepts(ItemTransition t, String level) {
        if (t.isTick()) {
            return "COMMUNITY".equals(level) ? t.communityCode != null : t.streetCode != null;
        }
        return t.communityCode != null && t.streetCode != null && t.matterGroup != null;
    }

    @Override
    public void processElement(ItemTransition t, Context ctx, Collector<AreaHourlyRow> out) throws Exception {
        String area = ctx.getCurrentKey();
        if (t.isTick()) {
            hourFinal(area, t.occurredAt, ctx, out);
            return;
        }
        long watermark = ctx.timerService().currentWatermark();
        long hour = ItemClock.hourStart(t.occurredAt);
        int group = MatterGroup.valueOf(t.matterGroup).ordinal();
        boolean emitted = hour + HOUR <= watermark;
        boolean counted = !emitted || hour + HOUR + ALLOWED_LATENESS > watermark;
        Bucket bucket = counted ? buckets.get(hour) : null;
        if (counted && bucket == null) {
            bucket = new Bucket();
        }
        boolean risk = false;
        if (bucket != null) {
            risk = count(area, bucket, group, hour, t, ctx, out);
            buckets.put(hour, bucket);
            if ("COMMUNITY".equals(level) && t.gridCode != null && "GRID".equals(t.source)) {
                countGrid(hour, group, t);
            }
        } else {
            tooLate.inc();
        }
        track(t, group, watermark);
        Long newest = newestHour.value();
        if (newest == null || hour > newest) {
            newestHour.update(hour);
        }
        if (emitted && bucket != null) {
            emitCorrected(area, hour, group, t, out);
        }
        if (r6 != null && risk && !r6.isOpen()) {
            long windowEnd = Math.max(hour, newestHour.value()) + HOUR;
            Optional<Area> street = areas.find(area);
            if (street.isPresent() && street.get().population() > 0) {
                // Only what can only grow: overdue items and unsatisfied ratings count at the hour's end,
                // where a close or a satisfied rating that arrives later is in, so an opening is never taken back.
                ComponentRates all = windowCounts(windowEnd, null, false);
                ComponentRates growing = new ComponentRates(all.disputes(), 0, all.policeRiskWeight(), all.policeSignals(), all.complaints(),
                        all.repeatComplaints(), all.massGatheringSignals(), 0, 0);
                StabilityScore score = StabilityIndex.score(rules, street.get().population(), growing);
                if (r6.opensOn(score)) {
                    // The evidence only for an opening: gathering it on every risky arrival was most of this operator's work.
                    TreeSet<String> evidence = new TreeSet<>();
                    windowCounts(windowEnd, evidence, false);
                    r6.onArrival(area, score, windowEnd, Math.max(t.occurredAt, watermark), capped(evidence), warnings(ctx));
                }
            }
        }
    }

    /** Counts a transition into its bucket; true when it raises a component of the stability index. */
    private boolean count(String area, Bucket bucket, int group, long hour, ItemTransition t, Context ctx, Collector<AreaHourlyRow> out) throws Exception {
        int base = group * COUNTERS;
        boolean risk = false;
        if (t.isNew()) {
            bucket.counts[base + NEW]++;
            if (group == MatterGroup.DISPUTE.ordinal()) {
                bucket.counts[base + DISPUTES]++;
                risk = true;
            }
        }
        if ("POLICE".equals(t.source)) {
            int riskLevel = t.riskLevel == null ? 1 : Math.max(1, Math.min(4, t.riskLevel));
            bucket.counts[base + POLICE]++;
            bucket.riskWeight[group] += levelWeights[riskLevel - 1];
            if ("MASS_GATHERING".equals(t.signalType)) {
                bucket.counts[base + MASS_GATHERING]++;
            }
            risk = true;
        } else if ("CLOSED".equals(t.state)) {
            bucket.counts[base + CLOSED]++;
        }
        if ("HOTLINE".equals(t.source) && t.isNew() && "COMPLAINT".equals(t.requestType)) {
            bucket.counts[base + COMPLAINTS]++;
            if (remember(area, t, ctx, out)) {
                bucket.counts[base + REPEATS]++;
            }
            risk = true;
        }
        if ("HOTLINE".equals(t.source) && "CLOSED".equals(t.state) && t.satisfaction != null && !"NOT_RATED".equals(t.satisfaction)) {
            bucket.counts[base + RATED]++;
            if ("UNSATISFIED".equals(t.satisfaction)) {
                bucket.counts[base + UNSATISFIED]++;
                risk = true;
            } else {
                bucket.counts[base + SATISFIED]++;
            }
        }
        if (risk && t.itemId != null && bucket.itemIds.size() < EVIDENCE_CAP && !bucket.itemIds.contains(t.itemId)) {
            bucket.itemIds.add(t.itemId);
        }
        return risk;
    }

    private void countGrid(long hour, int group, ItemTransition t) throws Exception {
        String key = hour + "|" + t.gridCode;
        GridBucket bucket = gridBuckets.get(key);
        if (bucket == null) {
            bucket = new GridBucket();
        }
        if (t.isNew()) {
            bucket.counts[group * 3]++;
            if (group == MatterGroup.DISPUTE.ordinal()) {
                bucket.counts[group * 3 + 2]++;
            }
        }
        if ("CLOSED".equals(t.state)) {
            bucket.counts[group * 3 + 1]++;
        }
        gridBuckets.put(key, bucket);
    }

    /**
     * Remembers a complaint of its caller about its group here; returns whether it is a repeat. An
     * earlier complaint arriving after a later one makes the later one a repeat, in its own bucket.
     */
    private boolean remember(String area, ItemTransition t, Context ctx, Collector<AreaHourlyRow> out) throws Exception {
        String caller = t.personKeys == null || t.personKeys.isEmpty() ? null : t.personKeys.get(0);
        if (caller == null) {
            return false;
        }
        String key = caller + "|" + t.matterGroup + "|" + t.communityCode;
        Complaints known = complaints.get(key);
        if (known == null) {
            known = new Complaints();
        }
        int i = 0;
        while (i < known.at.size() && (known.at.get(i) < t.occurredAt || known.at.get(i) == t.occurredAt && known.itemIds.get(i).compareTo(t.itemId) < 0)) {
            i++;
        }
        if (i < known.itemIds.size() && known.itemIds.get(i).equals(t.itemId)) {
            return false;
        }
        boolean repeat = i > 0 && known.at.get(i - 1) >= t.occurredAt - repeatWindow;
        known.at.add(i, t.occurredAt);
        known.itemIds.add(i, t.itemId);
        known.repeat.add(i, repeat);
        if (i + 1 < known.at.size() && !known.repeat.get(i + 1) && known.at.get(i + 1) - repeatWindow <= t.occurredAt) {
            // The next complaint had none before it: now it has this one.
            known.repeat.set(i + 1, true);
            long later = ItemClock.hourStart(known.at.get(i + 1));
            Bucket bucket = buckets.get(later);
            if (bucket != null) {
                bucket.counts[MatterGroup.valueOf(t.matterGroup).ordinal() * COUNTERS + REPEATS]++;
                buckets.put(later, bucket);
                if (later + HOUR <= ctx.timerService().currentWatermark()) {
                    emitCorrectedGroup(area, later, MatterGroup.valueOf(t.matterGroup).ordinal(), bucket, out);
                }
            }
        }
        complaints.put(key, known);
        return repeat;
    }

    /**
     * Open and close: the backlog and overdue standing of the area (and its grid) as of each hour's end.
     * A change of an hour not final yet waits for that hour's tick, so a row counts what stood at its end
     * whatever arrived before the tick; a change of an hour already final applies at once.
     */
    private void track(ItemTransition t, int group, long watermark) throws Exception {
        // Standing is kept for grid and hotline items; police signals are events, never open.
        if (!"GRID".equals(t.source) && !"HOTLINE".equals(t.source)) {
            return;
        }
        boolean opens = t.isNew() || "REOPENED".equals(t.state);
        if (!opens && !"CLOSED".equals(t.state)) {
            return;
        }
        Change change = new Change();
        change.itemId = t.itemId;
        change.group = group;
        change.gridCode = "COMMUNITY".equals(level) ? t.gridCode : null;
        change.dueAt = t.resolveDueAt;
        change.closes = !opens;
        long hour = ItemClock.hourStart(t.occurredAt);
        if (hour + HOUR <= watermark) {
            apply(change, watermark);
            return;
        }
        List<Change> waiting = pending.get(hour);
        List<Change> changes = waiting == null ? new ArrayList<>() : new ArrayList<>(waiting);
        changes.add(change);
        pending.put(hour, changes);
    }

    private void apply(Change change, long finalUntil) throws Exception {
        if (!change.closes) {
            if (open.contains(change.itemId)) {
                return;
            }
            OpenItem item = new OpenItem();
            item.group = change.group;
            item.gridCode = change.gridCode;
            item.dueAt = change.dueAt;
            item.overdue = item.dueAt > 0 && ItemClock.hourStart(item.dueAt) + HOUR <= finalUntil;
            open.put(change.itemId, item);
            adjust(item, +1, item.overdue ? +1 : 0);
            if (item.dueAt > 0 && !item.overdue) {
                long dueHour = ItemClock.hourStart(item.dueAt);
                List<String> due = dueByHour.get(dueHour);
                List<String> ids = due == null ? new ArrayList<>() : new ArrayList<>(due);
                ids.add(change.itemId);
                dueByHour.put(dueHour, ids);
            }
        } else {
            OpenItem item = open.get(change.itemId);
            if (item != null) {
                open.remove(change.itemId);
                adjust(item, -1, item.overdue ? -1 : 0);
            }
        }
    }

    private void adjust(OpenItem item, int backlog, int overdue) throws Exception {
        Standing area = standing.value();
        if (area == null) {
            area = new Standing();
        }
        area.backlog[item.group] += backlog;
        area.overdue[item.group] += overdue;
        standing.update(area);
        if (item.gridCode != null) {
            Standing grid = gridStanding.get(item.gridCode);
            if (grid == null) {
                grid = new Standing();
            }
            grid.backlog[item.group] += backlog;
            grid.overdue[item.group] += overdue;
            gridStanding.put(item.gridCode, grid);
        }
    }

    /** The hour starting at {@code hour} is final: overdue items, its rows, the stability row, R6, clean-up. */
    private void hourFinal(String area, long hour, Context ctx, Collector<AreaHourlyRow> out) throws Exception {
        Optional<Area> registered = areas.find(area);
        long hourEnd = hour + HOUR;
        for (Long changeHour : pending.isEmpty() ? List.<Long>of() : new java.util.TreeSet<>(copy(pending.keys()))) {
            if (changeHour <= hour) {
                for (Change change : pending.get(changeHour)) {
                    apply(change, hour);
                }
                pending.remove(changeHour);
            }
        }
        for (Long dueHour : dueByHour.isEmpty() ? List.<Long>of() : copy(dueByHour.keys())) {
            if (dueHour <= hour) {
                for (String itemId : dueByHour.get(dueHour)) {
                    OpenItem item = open.get(itemId);
                    if (item != null && !item.overdue && item.dueAt < hourEnd) {
                        item.overdue = true;
                        open.put(itemId, item);
                        adjust(item, 0, +1);
                    }
                }
                dueByHour.remove(dueHour);
            }
        }
        Bucket bucket = buckets.get(hour);
        Standing now = standing.value();
        for (int group = 0; group < GROUPS; group++) {
            boolean active = bucket != null && active(bucket, group);
            boolean changed = now != null && (now.backlog[group] != now.emittedBacklog[group] || now.overdue[group] != now.emittedOverdue[group]);
            if (active || changed) {
                out.collect(row(area, level, MatterGroup.values()[group].name(), hour, bucket, group, now));
            }
        }
        if (now != null) {
            now.emittedBacklog = now.backlog.clone();
            now.emittedOverdue = now.overdue.clone();
            if (now.isEmpty()) {
                standing.clear();
            } else {
                standing.update(now);
                standingAt.put(hour, now.snapshot());
            }
        }
        if ("COMMUNITY".equals(level)) {
            gridRows(hour, out);
        }
        if (registered.isPresent() && registered.get().population() > 0) {
            TreeSet<String> evidence = new TreeSet<>();
            ComponentRates rates = windowCounts(hourEnd, evidence);
            StabilityScore score = StabilityIndex.score(rules, registered.get().population(), rates);
            StabilityRow row = StabilityRow.of(registered.get(), hour, score, capped(evidence));
            ctx.output(STABILITY, row);
            if (r6 != null) {
                r6.onHour(area, row, score, hourEnd, warnings(ctx));
            }
        }
        forgetOlderThan(hourEnd);
        if (buckets.isEmpty() && standingAt.isEmpty() && gridBuckets.isEmpty() && open.isEmpty() && pending.isEmpty() && complaints.isEmpty() && (r6 == null || !r6.isOpen())
                && (standing.value() == null || standing.value().isEmpty())) {
            clearAll();
        }
    }

    private void gridRows(long hour, Collector<AreaHourlyRow> out) throws Exception {
        TreeSet<String> grids = new TreeSet<>();
        String prefix = hour + "|";
        for (String key : gridBuckets.keys()) {
            if (key.startsWith(prefix)) {
                grids.add(key.substring(prefix.length()));
            }
        }
        for (String grid : gridStanding.keys()) {
            grids.add(grid);
        }
        for (String grid : grids) {
            GridBucket bucket = gridBuckets.get(hour + "|" + grid);
            Standing now = gridStanding.get(grid);
            for (int group = 0; group < GROUPS; group++) {
                boolean active = bucket != null && (bucket.counts[group * 3] + bucket.counts[group * 3 + 1] > 0);
                boolean changed = now != null && (now.backlog[group] != now.emittedBacklog[group] || now.overdue[group] != now.emittedOverdue[group]);
                if (active || changed) {
                    out.collect(gridRow(grid, MatterGroup.values()[group].name(), hour, bucket, group, now == null ? null : now.snapshot()));
                }
            }
            if (now != null) {
                now.emittedBacklog = now.backlog.clone();
                now.emittedOverdue = now.overdue.clone();
                if (now.isEmpty()) {
                    gridStanding.remove(grid);
                } else {
                    gridStanding.put(grid, now);
                }
            }
            if (now != null) {
                GridBucket atEnd = bucket == null ? new GridBucket() : bucket;
                atEnd.standingAtEnd = now.snapshot();
                gridBuckets.put(hour + "|" + grid, atEnd);
            }
        }
    }

    /** A transition of an hour already emitted: that hour's row of its group (and grid) again, corrected. */
    private void emitCorrected(String area, long hour, int group, ItemTransition t, Collector<AreaHourlyRow> out) throws Exception {
        emitCorrectedGroup(area, hour, group, buckets.get(hour), out);
        if ("COMMUNITY".equals(level) && t.gridCode != null && "GRID".equals(t.source)) {
            GridBucket bucket = gridBuckets.get(hour + "|" + t.gridCode);
            if (bucket != null) {
                out.collect(gridRow(t.gridCode, MatterGroup.values()[group].name(), hour, bucket, group, bucket.standingAtEnd));
            }
        }
    }

    private void emitCorrectedGroup(String area, long hour, int group, Bucket bucket, Collector<AreaHourlyRow> out) throws Exception {
        if (bucket == null) {
            return;
        }
        Standing then = new Standing();
        long[] atEnd = standingAt.get(hour);
        if (atEnd != null) {
            System.arraycopy(atEnd, 0, then.backlog, 0, GROUPS);
            System.arraycopy(atEnd, GROUPS, then.overdue, 0, GROUPS);
        }
        out.collect(row(area, level, MatterGroup.values()[group].name(), hour, bucket, group, then));
    }

    private static boolean active(Bucket bucket, int group) {
        int base = group * COUNTERS;
        return bucket.counts[base + NEW] + bucket.counts[base + CLOSED] + bucket.counts[base + POLICE] + bucket.counts[base + COMPLAINTS]
                + bucket.counts[base + RATED] > 0;
    }

    static AreaHourlyRow row(String area, String level, String group, long hour, Bucket bucket, int g, Standing standing) {
        AreaHourlyRow row = new AreaHourlyRow();
        row.areaCode = area;
        row.areaLevel = level;
        row.matterGroup = group;
        row.hourStart = hour;
        if (bucket != null) {
            int base = g * COUNTERS;
            row.newItems = bucket.counts[base + NEW];
            row.closedItems = bucket.counts[base + CLOSED];
            row.disputes = bucket.counts[base + DISPUTES];
            row.policeSignals = bucket.counts[base + POLICE];
            row.policeRiskWeight = bucket.riskWeight[g];
            row.complaints = bucket.counts[base + COMPLAINTS];
            row.repeatComplaints = bucket.counts[base + REPEATS];
            row.rated = bucket.counts[base + RATED];
            row.satisfied = bucket.counts[base + SATISFIED];
            row.unsatisfied = bucket.counts[base + UNSATISFIED];
        }
        if (standing != null) {
            row.openBacklog = standing.backlog[g];
            row.overdue = standing.overdue[g];
        }
        return row;
    }

    private static AreaHourlyRow gridRow(String grid, String group, long hour, GridBucket bucket, int g, long[] standing) {
        AreaHourlyRow row = new AreaHourlyRow();
        row.areaCode = grid;
        row.areaLevel = "GRID";
        row.matterGroup = group;
        row.hourStart = hour;
        if (bucket != null) {
            row.newItems = bucket.counts[g * 3];
            row.closedItems = bucket.counts[g * 3 + 1];
            row.disputes = bucket.counts[g * 3 + 2];
        }
        if (standing != null) {
            row.openBacklog = standing[g];
            row.overdue = standing[GROUPS + g];
        }
        return row;
    }

    /** The counts of the window {@code [windowEnd − window, windowEnd)} and the overdue items now; evidence collected (none when null). */
    private ComponentRates windowCounts(long windowEnd, TreeSet<String> evidence) throws Exception {
        return windowCounts(windowEnd, evidence, true);
    }

    private ComponentRates windowCounts(long windowEnd, TreeSet<String> evidence, boolean overdueEvidence) throws Exception {
        long disputes = 0;
        long police = 0;
        double riskWeight = 0;
        long massGathering = 0;
        long complaintCount = 0;
        long repeats = 0;
        long rated = 0;
        long unsatisfied = 0;
        for (long hour = windowEnd - window; hour < windowEnd; hour += HOUR) {
            Bucket bucket = buckets.get(hour);
            if (bucket == null) {
                continue;
            }
            for (int group = 0; group < GROUPS; group++) {
                int base = group * COUNTERS;
                disputes += bucket.counts[base + DISPUTES];
                police += bucket.counts[base + POLICE];
                riskWeight += bucket.riskWeight[group];
                massGathering += bucket.counts[base + MASS_GATHERING];
                complaintCount += bucket.counts[base + COMPLAINTS];
                repeats += bucket.counts[base + REPEATS];
                rated += bucket.counts[base + RATED];
                unsatisfied += bucket.counts[base + UNSATISFIED];
            }
            if (evidence != null && evidence.size() < EVIDENCE_CAP) {
                evidence.addAll(bucket.itemIds);
            }
        }
        long overdue = 0;
        Standing now = standing.value();
        if (now != null) {
            for (long n : now.overdue) {
                overdue += n;
            }
        }
        if (overdueEvidence && evidence != null && overdue > 0 && evidence.size() < EVIDENCE_CAP) {
            for (Map.Entry<String, OpenItem> item : open.entries()) {
                if (item.getValue().overdue) {
                    evidence.add(item.getKey());
                    if (evidence.size() >= EVIDENCE_CAP) {
                        break;
                    }
                }
            }
        }
        return new ComponentRates(disputes, overdue, riskWeight, police, complaintCount, repeats, massGathering, rated, unsatisfied);
    }

    private static List<String> capped(TreeSet<String> evidence) {
        List<String> ids = new ArrayList<>(evidence);
        return ids.size() <= EVIDENCE_CAP ? ids : new ArrayList<>(ids.subList(0, EVIDENCE_CAP));
    }

    /** Drops the buckets no later row's window or correction needs, and complaints past the repeat window. */
    private void forgetOlderThan(long hourEnd) throws Exception {
        long keepFrom = hourEnd - Math.max(window, ALLOWED_LATENESS + HOUR);
        for (Long hour : copy(buckets.keys())) {
            if (hour < keepFrom) {
                buckets.remove(hour);
            }
        }
        for (Long hour : copy(standingAt.keys())) {
            if (hour < hourEnd - ALLOWED_LATENESS - HOUR) {
                standingAt.remove(hour);
            }
        }
        long gridsFrom = hourEnd - ALLOWED_LATENESS - HOUR;
        for (String key : copy(gridBuckets.keys())) {
            if (Long.parseLong(key, 0, key.indexOf('|'), 10) < gridsFrom) {
                gridBuckets.remove(key);
            }
        }
        if (hourEnd % DAY != 0) {
            return; // complaints past the repeat window: once a day (a kept one past it is never a repeat's predecessor)
        }
        for (Map.Entry<String, Complaints> caller : toList(complaints)) {
            Complaints known = caller.getValue();
            int drop = 0;
            while (drop < known.at.size() && known.at.get(drop) + repeatWindow + ALLOWED_LATENESS < hourEnd) {
                drop++;
            }
            if (drop == known.at.size()) {
                complaints.remove(caller.getKey());
            } else if (drop > 0) {
                Complaints kept = new Complaints();
                kept.at = new ArrayList<>(known.at.subList(drop, known.at.size()));
                kept.itemIds = new ArrayList<>(known.itemIds.subList(drop, known.itemIds.size()));
                kept.repeat = new ArrayList<>(known.repeat.subList(drop, known.repeat.size()));
                complaints.put(caller.getKey(), kept);
            }
        }
    }

    private static List<Map.Entry<String, Complaints>> toList(MapState<String, Complaints> state) throws Exception {
        List<Map.Entry<String, Complaints>> entries = new ArrayList<>();
        for (Map.Entry<String, Complaints> entry : state.entries()) {
            entries.add(Map.entry(entry.getKey(), entry.getValue()));
        }
        return entries;
    }

    private void clearAll() {
        buckets.clear();
        standingAt.clear();
        gridBuckets.clear();
        open.clear();
        pending.clear();
        dueByHour.clear();
        standing.clear();
        gridStanding.clear();
        complaints.clear();
        newestHour.clear();
    }

    private static Collector<WarningChange> warnings(Context ctx) {
        return new Collector<>() {
            @Override
            public void collect(WarningChange change) {
                ctx.output(WARNINGS, change);
            }

            @Override
            public void close() {}
        };
    }

    /** A copy of keyed-state keys, to change the state while going through them. */
    private static <T> List<T> copy(Iterable<T> keys) {
        List<T> copy = new ArrayList<>();
        keys.forEach(copy::add);
        return copy;
    }
}
