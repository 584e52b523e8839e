package cn.dalian.governance.assess;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.streaming.api.TimerService;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * R1 mass gathering (群体聚集, DESIGN §7), keyed by community code ({@link #key}): counts the
 * community's police signals of type MASS_GATHERING in the trailing {@code r1.window} (6 h):
 * <pre>
 *   RED     if  signals ≥ r1.red.count     (4)
 *   ORANGE  if  signals ≥ r1.orange.count  (2)
 * </pre>
 * The warning is the community's (area level COMMUNITY), routed to its street. A signal at {@code t}
 * is in the window up to, not including, {@code t + window}; an event-time timer at that instant takes
 * it out and judges again, so the warning steps down (RED to ORANGE) and clears as signals age out.
 *
 * <p>Timing: a signal is judged at {@code max(occurredAt, watermark, newest signal kept)}, a timer at
 * its own timestamp, so a warning's changes never go back in time; with signals in order a change is
 * stamped with the event time of the signal that caused it. A signal already out of the window at that
 * instant is ignored. State: the signals in the window and the open warning; both go, with every
 * timer, once the last signal has left the window.
 */
public final class MassGatheringRule extends KeyedProcessFunction<String, ItemTransition, WarningChange> {
    public static final String RULE = "R1";
    static final String SIGNAL_TYPE = "MASS_GATHERING";
    static final String ORANGE = "ORANGE";
    static final String RED = "RED";
    /** The city's clock (DESIGN §3), for the window in the summary. */
    static final ZoneId CITY = ZoneId.of("Asia/Shanghai");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT);
    private static final long HOUR = 3_600_000L;

    private final AssessmentRules rules;
    private transient long window;
    private transient int orangeCount;
    private transient int redCount;
    /** Signals in the window, by item id. */
    private transient MapState<String, Signal> signals;
    private transient ValueState<OpenWarning> warning;

    public MassGatheringRule(AssessmentRules rules) {
        this.rules = requireNonNull(rules, "rules is null");
    }

    /** A mass-gathering signal in the window. Flink POJO. */
    public static final class Signal {
        public long occurredAt;
        public String streetCode;

        public Signal() {}
    }

    /** Whether R1 looks at the transition: a police signal of type MASS_GATHERING with a community. */
    public static boolean accepts(ItemTransition t) {
        return "POLICE".equals(t.source) && SIGNAL_TYPE.equals(t.signalType) && t.communityCode != null && t.itemId != null;
    }

    /** The key R1 runs by: the community code. */
    public static String key(ItemTransition t) {
        return String.valueOf(t.communityCode);
    }

    @Override
    public void open(OpenContext context) {
        window = rules.r1Window().toMillis();
        orangeCount = rules.r1OrangeCount();
        redCount = rules.r1RedCount();
        signals = getRuntimeContext().getMapState(new MapStateDescriptor<>("r1-signals", String.class, Signal.class));
        warning = getRuntimeContext().getState(new ValueStateDescriptor<>("r1-warning", OpenWarning.class));
    }

    @Override
    public void processElement(ItemTransition t, Context ctx, Collector<WarningChange> out) throws Exception {
        if (!accepts(t)) {
            return;
        }
        TimerService timers = ctx.timerService();
        // Input arrives in event-time order (EventTimeOrder): the transition's own time is now.
        long at = Math.max(t.occurredAt, newest());
        if (t.occurredAt <= at - window || signals.contains(t.itemId)) {
            return;
        }
        Signal signal = new Signal();
        signal.occurredAt = t.occurredAt;
        signal.streetCode = t.streetCode;
        signals.put(t.itemId, signal);
        timers.registerEventTimeTimer(t.occurredAt + window);
        judge(ctx.getCurrentKey(), at, timers, out);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<WarningChange> out) throws Exception {
        judge(ctx.getCurrentKey(), Math.max(timestamp, newest()), ctx.timerService(), out);
    }

    private long newest() throws Exception {
        long newest = Long.MIN_VALUE;
        for (Signal signal : signals.values()) {
            newest = Math.max(newest, signal.occurredAt);
        }
        return newest;
    }

    /** Drops the signals out of the window at {@code at}, judges the rest and publishes the change, if any. */
    private void judge(String community, long at, TimerService timers, Collector<WarningChange> out) throws Exception {
        List<Map.Entry<String, Signal>> inWindow = new ArrayList<>();
        List<String> expired = new ArrayList<>();
        String street = null;
        long newest = Long.MIN_VALUE;
        for (Map.Entry<String, Signal> entry : signals.entries()) {
            if (entry.getValue().streetCode != null && entry.getValue().occurredAt >= newest) {
                newest = entry.getValue().occurredAt;
                street = entry.getValue().streetCode;
            }
            if (entry.getValue().occurredAt <= at - window) {
                expired.add(entry.getKey());
                timers.deleteEventTimeTimer(entry.getValue().occurredAt + window);
            } else {
                inWindow.add(Map.entry(entry.getKey(), entry.getValue()));
            }
        }
        for (String itemId : expired) {
            signals.remove(itemId);
        }
        inWindow.sort(Comparator.comparingLong((Map.Entry<String, Signal> e) -> e.getValue().occurredAt).thenComparing(Map.Entry::getKey));
        OpenWarning open = warning.value();
        int count = inWindow.size();
        String level = count >= redCount ? RED : count >= orangeCount ? ORANGE : null;
        if (level != null || open != null) {
            street = street == null ? "" : street;
            Evidence evidence = new Evidence(at - window, at,
                    inWindow.stream().map(Map.Entry::getKey).toList(),
                    Map.of("massGatheringSignals", (long) count),
                    Map.of("orangeCount", (double) orangeCount, "redCount", (double) redCount, "windowHours", (double) window / HOUR),
                    street, "STREET", street, summary(community, street, count, level, at));
            WarningBook.Decision decision = WarningBook.judge(RULE, community, "COMMUNITY", open, level, at, evidence);
            if (decision.change() != null) {
                out.collect(decision.change());
            }
            if (decision.next() == null) {
                warning.clear();
            } else {
                warning.update(decision.next());
            }
            open = decision.next();
        }
        if (inWindow.isEmpty() && open == null) {
            signals.clear();
            warning.clear();
        }
    }

    private String summary(String community, String street, int count, String level, long at) {
        String span = span(at - window, at);
        long hours = window / HOUR;
        if (level == null) {
            return String.format(Locale.ROOT, "社区%s近%d小时群体聚集信号%d起，低于%d起，预警解除 / %d mass-gathering signal%s in community %s in %d h (%s Asia/Shanghai), below %d: cleared",
                    community, hours, count, orangeCount, count, count == 1 ? "" : "s", community, hours, span, orangeCount);
        }
        boolean red = RED.equals(level);
        return String.format(Locale.ROOT, "社区%s近%d小时群体聚集信号%d起，%s预警，转街道%s / %d mass-gathering signals in community %s in %d h (%s Asia/Shanghai), at least %d: %s, routed to street %s",
                community, hours, count, red ? "红色" : "橙色", street, count, community, hours, span, red ? redCount : orangeCount, red ? "red" : "orange", street);
    }

    /** The window as city-clock text: {@code 2026-10-01 06:00–12:00}, or both dates when they differ. */
    static String span(long start, long end) {
        String from = TIME.format(Instant.ofEpochMilli(start).atZone(CITY));
        String to = TIME.format(Instant.ofEpochMilli(end).atZone(CITY));
        return from + "–" + (from.substring(0, 10).equals(to.substring(0, 10)) ? to.substring(11) : to);
    }
}
