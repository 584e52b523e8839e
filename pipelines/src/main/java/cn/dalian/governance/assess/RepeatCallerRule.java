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
 * R4 repeat caller (重复来电, DESIGN §7), keyed by the caller's pseudonym (the first person key of a
 * hotline case) and the matter group ({@code caller|group}, {@link #key}): the caller's cases of that
 * group received (first transition seen) in the trailing {@code r4.window} (30 days) that are still
 * open — not CLOSED; a case that closes leaves the open set, REOPENED brings it back —
 * <pre>
 *   YELLOW  if  open cases ≥ r4.cases  (3)
 * </pre>
 * The warning's area is the community of the latest open case when it opens (area level COMMUNITY),
 * kept for the warning's life so that its changes stay on one area; it is routed to that community's
 * street. It clears when fewer than {@code r4.cases} stay open, by closing or by a case received at
 * {@code t} leaving the window at {@code t + window} (an event-time timer). Transitions of a case whose
 * receipt the rule did not see (received before the job, or already out of the window) do not count.
 *
 * <p>Timing: a transition is judged at {@code max(occurredAt, watermark, latest transition kept)}, a
 * timer at its own timestamp, so a warning's changes never go back in time. State: the caller's cases
 * in the window (closed ones too, as they may reopen), the open warning and its area; all go, with
 * every timer, once the last case has left the window.
 *
 * <p>The caller's pseudonym is never published: the evidence holds the case ids.
 */
public final class RepeatCallerRule extends KeyedProcessFunction<String, ItemTransition, WarningChange> {
    public static final String RULE = "R4";
    static final String YELLOW = "YELLOW";
    static final String CLOSED = "CLOSED";
    /** The city's clock (DESIGN §3), for the window in the summary. */
    static final ZoneId CITY = ZoneId.of("Asia/Shanghai");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT);
    private static final long HOUR = 3_600_000L;
    /** Chinese names of the matter groups (事项分组), as in the MatterGroup schema. */
    private static final Map<String, String> GROUP_NAMES = Map.of(
            "DISPUTE", "矛盾纠纷",
            "SAFETY_HAZARD", "安全隐患",
            "PUBLIC_ORDER", "社会治安",
            "SANITATION_CITYSCAPE", "环境卫生与市容",
            "LIVELIHOOD_VULNERABLE", "民生与困难群体",
            "PUBLIC_FACILITIES", "公共设施",
            "EMERGENCY", "突发事件",
            "PETITION_SIGNAL", "信访与群体性事件苗头");

    private final AssessmentRules rules;
    private transient long window;
    private transient int caseThreshold;
    /** The caller's cases of the group in the window, by case id. */
    private transient MapState<String, CallerCase> cases;
    private transient ValueState<OpenWarning> warning;
    /** The area of the open warning. */
    private transient ValueState<WarningArea> warningArea;

    public RepeatCallerRule(AssessmentRules rules) {
        this.rules = requireNonNull(rules, "rules is null");
    }

    /** One of the caller's cases. Flink POJO. */
    public static final class CallerCase {
        public long receivedAt;
        /** Event time of the latest transition seen. */
        public long lastAt;
        public boolean open;
        /** Event time the case last became open: its receipt, or its reopening. */
        public long openedAt;
        public String communityCode;
        public String streetCode;

        public CallerCase() {}
    }

    /** Where an open warning is and goes. Flink POJO. */
    public static final class WarningArea {
        public String communityCode;
        public String streetCode;

        public WarningArea() {}
    }

    /** Whether R4 looks at the transition: a hotline case with a caller pseudonym and a matter group. */
    public static boolean accepts(ItemTransition t) {
        return "HOTLINE".equals(t.source) && t.personKeys != null && !t.personKeys.isEmpty() && t.personKeys.get(0) != null
                && t.matterGroup != null && t.itemId != null && t.state != null;
    }

    /** The key R4 runs by: {@code callerPseudonym|matterGroup} (an empty caller for a case without one). */
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
        warningArea = getRuntimeContext().getState(new ValueStateDescriptor<>("r4-warning-area", WarningArea.class));
    }

    @Override
    public void processElement(ItemTransition t, Context ctx, Collector<WarningChange> out) throws Exception {
        if (!accepts(t)) {
            return;
        }
        TimerService timers = ctx.timerService();
        // Input arrives in event-time order (EventTimeOrder): the transition's own time is now.
        long at = Math.max(t.occurredAt, latest());
        CallerCase c = cases.get(t.itemId);
        if (c == null) {
            if (!t.isNew() || t.occurredAt <= at - window) {
                return;
            }
            c = new CallerCase();
            c.receivedAt = t.occurredAt;
            c.communityCode = t.communityCode;
            c.streetCode = t.streetCode;
            timers.registerEventTimeTimer(c.receivedAt + window);
        }
        c.lastAt = Math.max(c.lastAt, t.occurredAt);
        boolean wasOpen = c.open;
        c.open = !CLOSED.equals(t.state);
        if (t.isNew() || (c.open && !wasOpen)) {
            c.openedAt = t.occurredAt;
        }
        cases.put(t.itemId, c);
        judge(ctx.getCurrentKey(), at, timers, out);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<WarningChange> out) throws Exception {
        judge(ctx.getCurrentKey(), Math.max(timestamp, latest()), ctx.timerService(), out);
    }

    private long latest() throws Exception {
        long latest = Long.MIN_VALUE;
        for (CallerCase c : cases.values()) {
            latest = Math.max(latest, c.lastAt);
        }
        return latest;
    }

    /** Drops the cases out of the window at {@code at}, judges the rest and publishes the change, if any. */
    private void judge(String key, long at, TimerService timers, Collector<WarningChange> out) throws Exception {
        String group = key.substring(key.lastIndexOf('|') + 1);
        List<Map.Entry<String, CallerCase>> inWindow = new ArrayList<>();
        List<String> expired = new ArrayList<>();
        for (Map.Entry<String, CallerCase> entry : cases.entries()) {
            CallerCase c = entry.getValue();
            if (c.receivedAt <= at - window) {
                expired.add(entry.getKey());
                timers.deleteEventTimeTimer(c.receivedAt + window);
            } else {
                inWindow.add(Map.entry(entry.getKey(), c));
            }
        }
        for (String caseId : expired) {
            cases.remove(caseId);
        }
        inWindow.sort(Comparator.comparingLong((Map.Entry<String, CallerCase> e) -> e.getValue().receivedAt).thenComparing(Map.Entry::getKey));
        List<Map.Entry<String, CallerCase>> openCases = inWindow.stream().filter(e -> e.getValue().open).toList();
        String level = openCases.size() >= caseThreshold ? YELLOW : null;
        OpenWarning open = warning.value();
        if (level != null || open != null) {
            WarningArea area = open == null ? null : warningArea.value();
            if (area == null) {
                area = areaOfLatest(openCases.isEmpty() ? inWindow : openCases);
            }
            String street = area.streetCode == null ? "" : area.streetCode;
            if (open == null && level != null) {
                // A warning opens when its evidence became complete in event time: when the last of the
                // counted cases became open. A replay can deliver that case after newer transitions.
                at = Math.min(at, openCases.stream().mapToLong(e -> e.getValue().openedAt).max().orElse(at));
            }
            Evidence evidence = new Evidence(at - window, at, openCases.stream().map(Map.Entry::getKey).toList(),
                    Map.of("openCases", (long) openCases.size(), "casesReceived", (long) inWindow.size()),
                    Map.of("openCases", (double) caseThreshold, "windowHours", (double) window / HOUR),
                    street, "STREET", street, summary(group, area.communityCode, street, openCases.size(), inWindow.size(), level != null, at));
            WarningBook.Decision decision = WarningBook.judge(RULE, area.communityCode, "COMMUNITY", open, level, at, evidence);
            if (decision.change() != null) {
                out.collect(decision.change());
            }
            if (decision.next() == null) {
                warning.clear();
                warningArea.clear();
            } else {
                warning.update(decision.next());
                warningArea.update(area);
            }
            open = decision.next();
        }
        if (inWindow.isEmpty() && open == null) {
            cases.clear();
            warning.clear();
            warningArea.clear();
        }
    }

    /** The area of the latest case received of {@code cases} (sorted by receipt). */
    private static WarningArea areaOfLatest(List<Map.Entry<String, CallerCase>> cases) {
        WarningArea area = new WarningArea();
        CallerCase latest = cases.isEmpty() ? new CallerCase() : cases.get(cases.size() - 1).getValue();
        area.communityCode = latest.communityCode == null ? "" : latest.communityCode;
        area.streetCode = latest.streetCode;
        return area;
    }

    private String summary(String group, String community, String street, int open, int received, boolean raised, long at) {
        String span = span(at - window, at);
        String days = window % (24 * HOUR) == 0 ? window / (24 * HOUR) + "天" : window / HOUR + "小时";
        String daysEn = window % (24 * HOUR) == 0 ? window / (24 * HOUR) + " days" : window / HOUR + " h";
        String groupZh = GROUP_NAMES.getOrDefault(group, group);
        if (raised) {
            return String.format(Locale.ROOT, "同一来电人近%s%s类工单%d件仍未办结（共受理%d件），黄色预警，社区%s，转街道%s / one caller has %d open cases of group %s received in %s (%s Asia/Shanghai), at least %d, latest in community %s: yellow, routed to street %s",
                    days, groupZh, open, received, community, street, open, group, daysEn, span, caseThreshold, community, street);
        }
        return String.format(Locale.ROOT, "同一来电人近%s%s类未办结工单%d件，少于%d件，预警解除（社区%s） / one caller has %d open case%s of group %s received in %s (%s Asia/Shanghai), fewer than %d: cleared (community %s)",
                days, groupZh, open, caseThreshold, community, open, open == 1 ? "" : "s", group, daysEn, span, caseThreshold, community);
    }

    /** The window as city-clock text: {@code 2026-09-01 07:15–2026-10-01 07:15}, one date when both share it. */
    static String span(long start, long end) {
        String from = TIME.format(Instant.ofEpochMilli(start).atZone(CITY));
        String to = TIME.format(Instant.ofEpochMilli(end).atZone(CITY));
        return from + "–" + (from.substring(0, 10).equals(to.substring(0, 10)) ? to.substring(11) : to);
    }
}
