package cn.dalian.governance.assess;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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
 * transitions of every source) per clock hour of Asia/Shanghai and, when the watermark passes the end
 * of an hour, judges that hour against the community's own baseline, an {@link Ewma} of its hourly
 * counts with {@code alpha = r2.ewma.alpha}:
 * <pre>
 *   YELLOW  if  observed hours ≥ r2.warmup.hours  and  count ≥ r2.min.count  and  count > mean + r2.sigma × σ
 * </pre>
 * The hour is judged against the baseline of the hours before it, then folded into the baseline (a
 * surge therefore raises the threshold of the following hours). Hours without items count as 0: once
 * a community has had an item, a timer closes every following hour. The first hour that no longer
 * meets the condition clears the warning. The warning is the community's (area level COMMUNITY) and is
 * routed to its street (routedToLevel STREET): an unexplained surge is for the street's comprehensive
 * governance centre to look into.
 *
 * <p>State: the baseline and the counts and item ids of the hour being counted (plus any later hour
 * that already has items ahead of the watermark), and the open warning. An item of an hour already
 * judged is counted as late ({@code r2LateItems}) and left out. Once the baseline mean has stayed below
 * {@value #QUIET_MEAN} through hours without items and no warning is open for the whole
 * {@code r2.baseline.window}, all of the community's state and its timer are dropped; its next item
 * starts a new history (and a new warm-up).
 */
public final class AnomalyRule extends KeyedProcessFunction<String, ItemTransition, WarningChange> {
    public static final String RULE = "R2";
    /** The city's clock (DESIGN §3). */
    static final ZoneId CITY = ZoneId.of("Asia/Shanghai");
    /** A baseline mean below this is "about zero". */
    static final double QUIET_MEAN = 0.01;
    private static final DateTimeFormatter HOUR_TEXT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT);

    private final AssessmentRules rules;
    private transient double alpha;
    private transient double sigmaFactor;
    private transient int minCount;
    private transient int warmupHours;
    private transient long quietWindow;
    private transient ValueState<Baseline> baseline;
    /** Counts of hours not yet judged, by hour start. */
    private transient MapState<Long, HourCount> hours;
    private transient ValueState<OpenWarning> warning;
    private transient Counter late;

    public AnomalyRule(AssessmentRules rules) {
        this.rules = requireNonNull(rules, "rules is null");
    }

    /** The community's baseline and where its hourly clock stands. Flink POJO. */
    public static final class Baseline {
        public double mean;
        public double variance;
        public long observations;
        /** End of the hour being counted: the pending timer. */
        public long hourEnd;
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

        public HourCount() {}
    }

    @Override
    public void open(OpenContext context) {
        alpha = rules.r2Alpha();
        sigmaFactor = rules.r2Sigma();
        minCount = rules.r2MinCount();
        warmupHours = rules.r2WarmupHours();
        quietWindow = rules.r2BaselineWindow().toMillis();
        baseline = getRuntimeContext().getState(new ValueStateDescriptor<>("r2-baseline", Baseline.class));
        hours = getRuntimeContext().getMapState(new MapStateDescriptor<>("r2-hours", Long.class, HourCount.class));
        warning = getRuntimeContext().getState(new ValueStateDescriptor<>("r2-warning", OpenWarning.class));
        late = getRuntimeContext().getMetricGroup().counter("r2LateItems");
    }

    @Override
    public void processElement(ItemTransition t, Context ctx, Collector<WarningChange> out) throws Exception {
        if (!t.isNew()) {
            return;
        }
        long hourStart = hourStart(t.occurredAt);
        Baseline b = baseline.value();
        if (b == null) {
            long hourEnd = hourEnd(hourStart);
            if (hourEnd <= ctx.timerService().currentWatermark()) {
                late.inc();
                return;
            }
            b = new Baseline();
            b.hourEnd = hourEnd;
            ctx.timerService().registerEventTimeTimer(hourEnd);
        } else if (hourEnd(hourStart) < b.hourEnd) {
            late.inc();
            return;
        }
        b.streetCode = t.streetCode;
        b.quietSince = 0;
        baseline.update(b);
        HourCount hour = hours.get(hourStart);
        if (hour == null) {
            hour = new HourCount();
        }
        hour.count++;
        hour.itemIds.add(t.itemId);
        hours.put(hourStart, hour);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<WarningChange> out) throws Exception {
        Baseline b = baseline.value();
        if (b == null || b.hourEnd != timestamp) {
            return;
        }
        long hourStart = hourStart(timestamp - 1);
        HourCount hour = hours.get(hourStart);
        hours.remove(hourStart);
        long count = hour == null ? 0 : hour.count;
        Ewma before = new Ewma(alpha, b.mean, b.variance, b.observations);
        judge(ctx.getCurrentKey(), b.streetCode, before, hourStart, timestamp, count, hour == null ? List.of() : hour.itemIds, out);

        Ewma after = before.update(count);
        b.mean = after.mean();
        b.variance = after.variance();
        b.observations = after.observations();
        if (count == 0 && after.mean() < QUIET_MEAN && warning.value() == null && hours.isEmpty()) {
            if (b.quietSince == 0) {
                b.quietSince = timestamp;
            }
            if (timestamp - b.quietSince >= quietWindow) {
                baseline.clear();
                hours.clear();
                warning.clear();
                return;
            }
        } else {
            b.quietSince = 0;
        }
        b.hourEnd = hourEnd(hourStart(timestamp));
        baseline.update(b);
        // At the end of bounded input the watermark is Long.MAX_VALUE: judging empty hour after empty
        // hour would run on towards the end of time, so stop once no counted hour is left.
        if (ctx.timerService().currentWatermark() == Long.MAX_VALUE && hours.isEmpty()) {
            return;
        }
        ctx.timerService().registerEventTimeTimer(b.hourEnd);
    }

    private void judge(String community, String street, Ewma base, long hourStart, long hourEnd, long count, List<String> itemIds, Collector<WarningChange> out) throws Exception {
        double threshold = base.mean() + sigmaFactor * base.sigma();
        boolean anomalous = base.observations() >= warmupHours && count >= minCount && count > threshold;
        String window = HOUR_TEXT.format(Instant.ofEpochMilli(hourStart).atZone(CITY)) + "–" + HOUR_TEXT.format(Instant.ofEpochMilli(hourEnd).atZone(CITY)).substring(11);
        String summary = anomalous
                ? String.format(Locale.ROOT, "%d new items in %s (Asia/Shanghai), above the community's baseline %.2f + %s σ (σ %.2f) = %.2f and at least %d",
                        count, window, base.mean(), number(sigmaFactor), base.sigma(), threshold, minCount)
                : String.format(Locale.ROOT, "%d new items in %s (Asia/Shanghai), back within the baseline (threshold %.2f, at least %d)",
                        count, window, threshold, minCount);
        Evidence evidence = new Evidence(hourStart, hourEnd, itemIds,
                Map.of("count", count, "observedHours", base.observations()),
                Map.of("mean", base.mean(), "sigma", base.sigma(), "threshold", threshold, "sigmaFactor", sigmaFactor, "minCount", (double) minCount),
                street, "STREET", street, summary);
        WarningBook.Decision decision = WarningBook.judge(RULE, community, "COMMUNITY", warning.value(), anomalous ? "YELLOW" : null, hourEnd, evidence);
        if (decision.change() != null) {
            out.collect(decision.change());
        }
        if (decision.next() == null) {
            warning.clear();
        } else {
            warning.update(decision.next());
        }
    }

    /** Start of the Asia/Shanghai clock hour holding {@code at}. */
    static long hourStart(long at) {
        return Instant.ofEpochMilli(at).atZone(CITY).truncatedTo(ChronoUnit.HOURS).toInstant().toEpochMilli();
    }

    /** End of the clock hour starting at {@code hourStart}. */
    static long hourEnd(long hourStart) {
        ZonedDateTime start = Instant.ofEpochMilli(hourStart).atZone(CITY);
        return start.plusHours(1).toInstant().toEpochMilli();
    }

    private static String number(double value) {
        return value == Math.rint(value) ? String.valueOf((long) value) : String.valueOf(value);
    }
}
