package cn.dalian.governance.assess;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * R2 anomaly (异常激增, DESIGN §7), keyed by community code: counts the community's new items (first
 * transitions of every source) per clock hour of Asia/Shanghai and judges each hour against the
 * community's own baseline, an {@link Ewma} of its hourly counts with {@code alpha = r2.ewma.alpha}:
 * <pre>
 *   YELLOW  if  observed hours ≥ r2.warmup.hours  and  count ≥ r2.min.count  and  count > mean + r2.sigma × σ
 * </pre>
 * Judged as each item arrives: the hour's count so far against the baseline of the hours before it
 * less {@link AssessmentRules#r2BaselineLagHours()} (1 at the default bound) — hours that are final when
 * any item of the hour arrives, so the threshold never depends on arrival order. Counts only grow, so
 * an hour once anomalous stays so. The warning opens at the item that takes the hour over the
 * threshold, is updated as the episode's hours gain items, and clears at the end of the first hour
 * after the episode that is final (the assess clock's hour tick) and not anomalous. A new episode whose
 * hour comes after an hour that is not final yet is opened when that hour is.
 *
 * <p>The clock's hour ticks ({@link ItemTransition#tick}, every community every hour) fold each final
 * hour into the baseline, hours without items as 0, from the community's first item on. The warning
 * is the community's (area level COMMUNITY), routed to its street: an unexplained surge is for the
 * street's comprehensive governance centre to look into. An item of an hour already final counts only
 * in {@code r2LateItems}. Once the baseline mean has stayed below {@value #QUIET_MEAN} through hours
 * without items and no warning is open for the whole {@code r2.baseline.window}, all of the
 * community's state is dropped; its next item starts a new history (and a new warm-up).
 */
public final class AnomalyRule extends KeyedProcessFunction<String, ItemTransition, WarningChange> {
    public static final String RULE = "R2";
    /** A baseline mean below this is "about zero". */
    static final double QUIET_MEAN = 0.01;
    static final long HOUR = 3_600_000L;
    private static final DateTimeFormatter HOUR_TEXT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT);

    private final AssessmentRules rules;
    private transient double alpha;
    private transient double sigmaFactor;
    private transient int minCount;
    private transient int warmupHours;
    private transient long quietWindow;
    private transient long lag;
    private transient ValueState<Baseline> baseline;
    /** The baseline after folding each of the last few hours, by hour start. */
    private transient MapState<Long, Ewma.State> folds;
    /** Counts of hours not yet final, by hour start. */
    private transient MapState<Long, HourCount> hours;
    private transient ValueState<OpenWarning> warning;
    private transient Counter late;

    public AnomalyRule(AssessmentRules rules) {
        this.rules = requireNonNull(rules, "rules is null");
    }

    /** The community's baseline and where its clock stands. Flink POJO. */
    public static final class Baseline {
        public double mean;
        public double variance;
        public long observations;
        /** Start of the last hour folded in (final). */
        public long lastFolded = Long.MIN_VALUE;
        /** End of the first of the current run of quiet hours (mean ~0, no items, no warning), 0 if none. */
        public long quietSince;
        /** The community's street, for routing. */
        public String streetCode;

        public Baseline() {}
    }

    /** New items of one hour. Flink POJO. */
    public static final class HourCount {
        public long count;
        public List<String> itemIds = new ArrayList<>();
        /**
         * The ids of {@link #itemIds} as a set, so that finding a repeat does not read the whole hour's list. Not
         * state (transient): built again from the list when this object was just restored or copied.
         */
        private transient Set<String> known;

        public HourCount() {}

        /** Adds an item; false when it is in the hour already. */
        boolean add(String itemId) {
            if (known == null) {
                known = new HashSet<>(itemIds);
            }
            if (!known.add(itemId)) {
                return false;
            }
            itemIds.add(itemId);
            count++;
            return true;
        }
    }

    @Override
    public void open(OpenContext context) {
        alpha = rules.r2Alpha();
        sigmaFactor = rules.r2Sigma();
        minCount = rules.r2MinCount();
        warmupHours = rules.r2WarmupHours();
        quietWindow = rules.r2BaselineWindow().toMillis();
        lag = rules.r2BaselineLagHours() * HOUR;
        baseline = getRuntimeContext().getState(new ValueStateDescriptor<>("r2-baseline", Baseline.class));
        folds = getRuntimeContext().getMapState(new MapStateDescriptor<>("r2-folds", Long.class, Ewma.State.class));
        hours = getRuntimeContext().getMapState(new MapStateDescriptor<>("r2-hours", Long.class, HourCount.class));
        warning = getRuntimeContext().getState(new ValueStateDescriptor<>("r2-warning", OpenWarning.class));
        late = getRuntimeContext().getMetricGroup().counter("r2LateItems");
    }

    /** Whether R2 looks at the transition: an item's first transition, or a community's hour tick. */
    public static boolean accepts(ItemTransition t) {
        return t.communityCode != null && (t.isTick() || t.isNew() && t.itemId != null);
    }

    @Override
    public void processElement(ItemTransition t, Context ctx, Collector<WarningChange> out) throws Exception {
        if (t.isTick()) {
            hourFinal(ctx.getCurrentKey(), t.occurredAt, out);
            return;
        }
        if (!t.isNew()) {
            return;
        }
        long hour = ItemClock.hourStart(t.occurredAt);
        if (hour + HOUR <= ctx.timerService().currentWatermark()) {
            late.inc(); // the hour is final: its tick has passed
            return;
        }
        Baseline b = baseline.value();
        if (b == null) {
            b = new Baseline();
            b.lastFolded = hour - HOUR;
        } else if (hour <= b.lastFolded) {
            late.inc();
            return;
        }
        b.streetCode = t.streetCode;
        b.quietSince = 0;
        baseline.update(b);
        HourCount count = hours.get(hour);
        if (count == null) {
            count = new HourCount();
        }
        if (!count.add(t.itemId)) {
            return; // the same item again
        }
        hours.put(hour, count);
        judge(ctx.getCurrentKey(), b, hour, count, t.occurredAt, out);
    }

    /** The hour starting at {@code hour} is final: fold it into the baseline, clear or open as it says. */
    private void hourFinal(String community, long hour, Collector<WarningChange> out) throws Exception {
        Baseline b = baseline.value();
        if (b == null || hour <= b.lastFolded) {
            return;
        }
        HourCount count = hours.get(hour);
        long n = count == null ? 0 : count.count;
        OpenWarning open = warning.value();
        if (open != null && hour > open.episodeEnd && !anomalous(hour, n)) {
            out.collect(WarningBook.clear(open, RULE, "YELLOW", hour + HOUR, evidence(community, open, b, hour + HOUR, true)));
            warning.clear();
            open = null;
        }
        Ewma after = new Ewma(alpha, b.mean, b.variance, b.observations).update(n);
        b.mean = after.mean();
        b.variance = after.variance();
        b.observations = after.observations();
        b.lastFolded = hour;
        folds.put(hour, Ewma.State.of(after));
        for (Long old : copy(folds.keys())) {
            if (old < hour - lag - 2 * HOUR) {
                folds.remove(old);
            }
        }
        for (Long finalHour : copy(hours.keys())) {
            if (finalHour <= hour) {
                hours.remove(finalHour);
            }
        }
        if (open == null) {
            // Anomalous hours that arrived while the previous warning's end was not final yet.
            for (Map.Entry<Long, HourCount> pending : toMap(hours).entrySet()) {
                judge(community, b, pending.getKey(), pending.getValue(), pending.getKey(), out);
            }
        }
        if (n == 0 && b.mean < QUIET_MEAN && warning.value() == null && hours.isEmpty()) {
            if (b.quietSince == 0) {
                b.quietSince = hour + HOUR;
            }
            if (hour + HOUR - b.quietSince >= quietWindow) {
                baseline.clear();
                folds.clear();
                hours.clear();
                warning.clear();
                return;
            }
        } else {
            b.quietSince = 0;
        }
        baseline.update(b);
    }

    /** Judges the hour's count so far; returns whether the hour belongs to an open warning now. */
    private boolean judge(String community, Baseline b, long hour, HourCount count, long at, Collector<WarningChange> out) throws Exception {
        if (!anomalous(hour, count.count)) {
            return false;
        }
        OpenWarning open = warning.value();
        if (open == null) {
            OpenWarning opened = new OpenWarning();
            opened.episodeStart = hour;
            opened.episodeEnd = hour;
            absorb(opened, hour, count);
            long openedAt = Math.max(at, hour);
            out.collect(WarningBook.open(opened, RULE, community, "COMMUNITY", RULE + ":" + community + ":" + openedAt, "YELLOW", openedAt,
                    evidence(community, opened, b, openedAt, false)));
            warning.update(opened);
            return true;
        }
        if (hour > open.episodeEnd + HOUR) {
            return false; // after an hour that is not final yet: decided when it is
        }
        open.episodeStart = Math.min(open.episodeStart, hour);
        open.episodeEnd = Math.max(open.episodeEnd, hour);
        absorb(open, hour, count);
        WarningChange change = WarningBook.update(open, RULE, "YELLOW", at, evidence(community, open, b, Math.max(open.changedAt, at), false));
        if (change != null) {
            out.collect(change);
        }
        warning.update(open);
        return true;
    }

    private boolean anomalous(long hour, long count) throws Exception {
        Ewma.State base = folds.get(hour - HOUR - lag);
        if (base == null) {
            return false;
        }
        double threshold = base.mean + sigmaFactor * Math.sqrt(base.variance);
        return base.observations >= warmupHours && count >= minCount && count > threshold;
    }

    private void absorb(OpenWarning episode, long hour, HourCount count) throws Exception {
        TreeSet<String> evidence = new TreeSet<>(episode.evidence);
        evidence.addAll(count.itemIds);
        episode.evidence = new ArrayList<>(evidence);
        if (count.count > episode.peakTotal || count.count == episode.peakTotal && hour > episode.peakAt) {
            Ewma.State base = folds.get(hour - HOUR - lag);
            episode.peakTotal = count.count;
            episode.peakAt = hour;
            Map<String, Long> peak = new TreeMap<>();
            peak.put("count", count.count);
            peak.put("observedHours", base.observations);
            episode.peakCounts = peak;
        }
    }

    private Evidence evidence(String community, OpenWarning episode, Baseline b, long at, boolean cleared) throws Exception {
        Ewma.State base = folds.get(episode.peakAt - HOUR - lag);
        double mean = base == null ? 0 : base.mean;
        double sigma = base == null ? 0 : Math.sqrt(base.variance);
        double threshold = mean + sigmaFactor * sigma;
        long count = episode.peakTotal;
        String peakHour = hourText(episode.peakAt);
        long episodeHours = (episode.episodeEnd - episode.episodeStart) / HOUR + 1;
        String summary = cleared
                ? String.format(Locale.ROOT, "社区%s新增事项异常激增（%s起%d小时，单小时最多%d件），其后一小时回落，预警解除 / surge of new items in community %s (%d h from %s Asia/Shanghai, at most %d in an hour) back within its baseline the hour after: cleared",
                        community, hourText(episode.episodeStart), episodeHours, count, community, episodeHours, hourText(episode.episodeStart), count)
                : String.format(Locale.ROOT, "社区%s %s一小时新增事项%d件，超过基线%.2f + %s σ（σ %.2f）= %.2f且不少于%d件，黄色预警，转街道%s / %d new items in %s (Asia/Shanghai), above the community's baseline %.2f + %s σ (σ %.2f) = %.2f and at least %d: yellow, routed to street %s",
                        community, peakHour, count, mean, number(sigmaFactor), sigma, threshold, minCount, b.streetCode, count, peakHour, mean, number(sigmaFactor), sigma, threshold, minCount, b.streetCode);
        Map<String, Long> counts = new TreeMap<>(episode.peakCounts);
        counts.put("anomalousHours", episodeHours);
        Map<String, Double> thresholds = new TreeMap<>();
        thresholds.put("mean", mean);
        thresholds.put("sigma", sigma);
        thresholds.put("threshold", threshold);
        thresholds.put("sigmaFactor", sigmaFactor);
        thresholds.put("minCount", (double) minCount);
        String street = b.streetCode == null ? "" : b.streetCode;
        return new Evidence(episode.episodeStart, cleared ? episode.episodeEnd + HOUR : at, episode.evidence, counts, thresholds, street, "STREET", street, summary);
    }

    private static Map<Long, HourCount> toMap(MapState<Long, HourCount> state) throws Exception {
        Map<Long, HourCount> copy = new TreeMap<>();
        for (Map.Entry<Long, HourCount> entry : state.entries()) {
            copy.put(entry.getKey(), entry.getValue());
        }
        return copy;
    }

    private static String hourText(long hourStart) {
        String from = HOUR_TEXT.format(Instant.ofEpochMilli(hourStart).atZone(MassGatheringRule.CITY));
        return from + "–" + HOUR_TEXT.format(Instant.ofEpochMilli(hourStart + HOUR).atZone(MassGatheringRule.CITY)).substring(11);
    }

    private static String number(double value) {
        return value == Math.rint(value) ? String.valueOf((long) value) : String.valueOf(value);
    }

    /** A copy of keyed-state keys, to change the state while going through them. */
    private static <T> List<T> copy(Iterable<T> keys) {
        List<T> copy = new ArrayList<>();
        keys.forEach(copy::add);
        return copy;
    }
}
