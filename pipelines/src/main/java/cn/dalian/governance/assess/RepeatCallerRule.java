package cn.dalian.governance.assess;

import static java.util.Objects.requireNonNull;

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
 * R4 repeat caller (重复来电, DESIGN §7), keyed by the caller's pseudonym (the first person key of a
 * hotline case) and the matter group ({@code caller|group}, {@link #key}): the caller's cases of that
 * group received in the trailing {@code r4.window} (30 days) that are still open —
 * <pre>
 *   YELLOW  if  open cases ≥ r4.cases  (3)
 * </pre>
 * judged, as each transition arrives, at the caller's newest event time (or the watermark, if later):
 * "now" for this caller. Each case keeps its receipt and every change between open and closed (CLOSED
 * closes it, REOPENED or any later state opens it again), so whether it was open at an instant does not
 * depend on the order its transitions and the other cases' arrived in: a late receipt still counts, a
 * close relieves the caller at once. The warning opens at the transition that makes three cases open,
 * is updated when the set of open cases changes, and clears as soon as fewer than three are open (a
 * close, or an event-time timer when a case received at {@code t} leaves the window at
 * {@code t + window}). Because a close relieves at once, a close that reaches the platform after a
 * later call it precedes can raise a warning and clear it again; once every transition is in, the
 * verdict is the same whatever the arrival order.
 *
 * <p>The warning's area is the community of the latest case received among the open ones when it
 * opens (area level COMMUNITY), kept for the warning's life; it is routed to that community's street.
 * The caller's pseudonym is never published: the evidence holds the case ids. State: the caller's
 * cases in the window and the open warning; both go, with every timer, once the last case has left
 * the window.
 */
public final class RepeatCallerRule extends KeyedProcessFunction<String, ItemTransition, WarningChange> {
    public static final String RULE = "R4";
    static final String YELLOW = "YELLOW";
    static final String CLOSED = "CLOSED";
    private static final long HOUR = 3_600_000L;

    private final AssessmentRules rules;
    private transient long window;
    private transient int caseThreshold;
    /** The caller's cases of the group in the window, by case id. */
    private transient MapState<String, CallerCase> cases;
    private transient ValueState<OpenWarning> warning;

    public RepeatCallerRule(AssessmentRules rules) {
        this.rules = requireNonNull(rules, "rules is null");
    }

    /** One of the caller's cases: its receipt and each change between open and closed, in event time. Flink POJO. */
    public static final class CallerCase {
        public long receivedAt;
        public String communityCode;
        public String streetCode;
        /** Event times at which the case changed between open and closed, ascending. */
        public List<Long> changedAt = new ArrayList<>();
        /** Whether it was open after each of those changes. */
        public List<Boolean> openAfter = new ArrayList<>();
        /** Event time of the newest transition seen. */
        public long lastAt;

        public CallerCase() {}

        /** Whether the case was received and open at {@code instant}. */
        boolean openAt(long instant) {
            if (instant < receivedAt) {
                return false;
            }
            boolean open = true;
            for (int i = 0; i < changedAt.size() && changedAt.get(i) <= instant; i++) {
                open = openAfter.get(i);
            }
            return open;
        }

        /** Records a transition at {@code at} leaving the case open or closed. */
        void record(long at, boolean open) {
            int i = 0;
            while (i < changedAt.size() && changedAt.get(i) <= at) {
                i++;
            }
            changedAt.add(i, at);
            openAfter.add(i, open);
            lastAt = Math.max(lastAt, at);
        }
    }

    /** Whether R4 looks at the transition: a hotline case with a caller pseudonym and a matter group. */
    public static boolean accepts(ItemTransition t) {
        return "HOTLINE".equals(t.source) && t.personKeys != null && !t.personKeys.isEmpty() && t.personKeys.get(0) != null
                && t.matterGroup != null && t.itemId != null && t.state != null;
    }

    /** The key R4 runs by: {@code callerPseudonym|matterGroup}. */
    public static String key(ItemTransition t) {
        String caller = t.personKeys == null || t.personKeys.isEmpty() || t.personKeys.get(0) == null ? "" : t.personKeys.get(0);
        return caller + "|" + t.matterGroup;
    }

    @Override
    public void open(OpenContext context) {
        window = rules.r4Window().toMillis();
        caseThreshold = rules.r4Cases();
        cases = getRuntimeContext().getMapState(new MapStateDescriptor<>("r4-cases", String.class, CallerCase.class));
        warning = getRuntimeContext().getState(new ValueStateDescriptor<>("r4-warning", OpenWarning.class));
    }

    @Override
    public void processElement(ItemTransition t, Context ctx, Collector<WarningChange> out) throws Exception {
        if (!accepts(t)) {
            return;
        }
        TimerService timers = ctx.timerService();
        CallerCase c = cases.get(t.itemId);
        if (c == null) {
            if (!t.isNew() || t.occurredAt + window <= timers.currentWatermark()) {
                return; // a case whose receipt the rule did not see, or already out of the window
            }
            c = new CallerCase();
            c.receivedAt = t.occurredAt;
            c.communityCode = t.communityCode;
            c.streetCode = t.streetCode;
            c.lastAt = t.occurredAt;
            timers.registerEventTimeTimer(c.receivedAt + window);
        } else {
            c.record(t.occurredAt, !CLOSED.equals(t.state));
        }
        cases.put(t.itemId, c);
        judge(ctx.getCurrentKey(), Math.max(now(), timers.currentWatermark()), timers, out);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<WarningChange> out) throws Exception {
        judge(ctx.getCurrentKey(), Math.max(now(), timestamp), ctx.timerService(), out);
    }

    /** The caller's newest event time. */
    private long now() throws Exception {
        long newest = Long.MIN_VALUE;
        for (CallerCase c : cases.values()) {
            newest = Math.max(newest, Math.max(c.receivedAt, c.lastAt));
        }
        return newest;
    }

    /** Drops the cases out of the window at {@code at}, judges the rest and publishes the change, if any. */
    private void judge(String key, long at, TimerService timers, Collector<WarningChange> out) throws Exception {
        String group = key.substring(key.lastIndexOf('|') + 1);
        List<Map.Entry<String, CallerCase>> inWindow = new ArrayList<>();
        List<String> expired = new ArrayList<>();
        for (Map.Entry<String, CallerCase> entry : cases.entries()) {
            if (entry.getValue().receivedAt <= at - window) {
                expired.add(entry.getKey());
            } else {
                inWindow.add(Map.entry(entry.getKey(), entry.getValue()));
            }
        }
        for (String caseId : expired) {
            cases.remove(caseId);
        }
        inWindow.sort(Comparator.comparingLong((Map.Entry<String, CallerCase> e) -> e.getValue().receivedAt).thenComparing(Map.Entry::getKey));
        List<Map.Entry<String, CallerCase>> openCases = inWindow.stream().filter(e -> e.getValue().openAt(at)).toList();
        boolean raised = openCases.size() >= caseThreshold;
        OpenWarning open = warning.value();
        if (raised || open != null) {
            List<Map.Entry<String, CallerCase>> basis = openCases.isEmpty() ? inWindow : openCases;
            CallerCase latest = basis.isEmpty() ? null : basis.get(basis.size() - 1).getValue();
            String community = open != null ? open.areaCode : latest == null || latest.communityCode == null ? "" : latest.communityCode;
            String street = open != null ? open.street : latest == null || latest.streetCode == null ? "" : latest.streetCode;
            Evidence evidence = new Evidence(at - window, at, openCases.stream().map(Map.Entry::getKey).toList(),
                    Map.of("openCases", (long) openCases.size(), "casesReceived", (long) inWindow.size()),
                    Map.of("openCases", (double) caseThreshold, "windowHours", (double) window / HOUR),
                    street, "STREET", street, summary(group, community, street, openCases.size(), inWindow.size(), raised, at));
            if (open == null) {
                OpenWarning opened = new OpenWarning();
                opened.street = street;
                out.collect(WarningBook.open(opened, RULE, community, "COMMUNITY", RULE + ":" + community + ":" + at, YELLOW, at, evidence));
                warning.update(opened);
            } else if (raised) {
                WarningChange change = WarningBook.update(open, RULE, YELLOW, at, evidence);
                if (change != null) {
                    out.collect(change);
                }
                warning.update(open);
            } else {
                out.collect(WarningBook.clear(open, RULE, YELLOW, at, evidence));
                warning.clear();
            }
        }
        if (inWindow.isEmpty() && warning.value() == null) {
            cases.clear();
        }
    }

    private String summary(String group, String community, String street, int open, int received, boolean raised, long at) {
        String span = MassGatheringRule.span(at - window, at);
        String days = window % (24 * HOUR) == 0 ? window / (24 * HOUR) + "天" : window / HOUR + "小时";
        String daysEn = window % (24 * HOUR) == 0 ? window / (24 * HOUR) + " days" : window / HOUR + " h";
        String groupZh = ConvergenceRule.GROUP_NAMES.getOrDefault(group, group);
        if (raised) {
            return String.format(Locale.ROOT, "同一来电人近%s%s类工单%d件仍未办结（共受理%d件），黄色预警，社区%s，转街道%s / one caller has %d open cases of group %s received in %s (%s Asia/Shanghai), at least %d, latest in community %s: yellow, routed to street %s",
                    days, groupZh, open, received, community, street, open, group, daysEn, span, caseThreshold, community, street);
        }
        return String.format(Locale.ROOT, "同一来电人近%s%s类未办结工单%d件，少于%d件，预警解除（社区%s） / one caller has %d open case%s of group %s received in %s (%s Asia/Shanghai), fewer than %d: cleared (community %s)",
                days, groupZh, open, caseThreshold, community, open, open == 1 ? "" : "s", group, daysEn, span, caseThreshold, community);
    }
}
