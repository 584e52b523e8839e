package cn.dalian.governance.assess;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
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
 * A case counts at the instants from its receipt until {@code receipt + window}, except while it was
 * closed (CLOSED closes it, REOPENED or any later state opens it again): its presence intervals
 * ({@link SlidingWindow.Presence}), worked out from its whole history, so whether it was open at an
 * instant does not depend on the order its transitions and the other cases' arrived in. Judged as each
 * transition arrives by {@link WindowEpisodes}: the warning opens at the instant three cases were open
 * together, is updated as more cases count, and clears once fewer than three have been open for the
 * out-of-orderness bound. A close is a relief: one that reaches the platform after a later call it
 * precedes can show that three cases were never open together, and the warning raised meanwhile is
 * withdrawn (cleared at the instant it opened, said in its summary).
 *
 * <p>The warning's area is the community of the latest case received among those open when it opens
 * (area level COMMUNITY), kept for the warning's life; it is routed to that community's street. The
 * caller's pseudonym is never published: the evidence holds the case ids. State: the caller's cases in
 * the window (with an event-time timer where each leaves it) and the open warning; both go once the last
 * case has left the window.
 */
public final class RepeatCallerRule extends KeyedProcessFunction<String, ItemTransition, WarningChange> {
    public static final String RULE = "R4";
    static final String YELLOW = "YELLOW";
    static final String CLOSED = "CLOSED";
    private static final long HOUR = 3_600_000L;

    private final AssessmentRules rules;
    private transient long window;
    /** The caller's cases of the group in the window, by case id. */
    private transient MapState<String, CallerCase> cases;
    private transient WindowEpisodes episodes;

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

        public CallerCase() {}

        /** Records a transition at {@code at} leaving the case open or closed. */
        void record(long at, boolean open) {
            int i = 0;
            while (i < changedAt.size() && changedAt.get(i) <= at) {
                i++;
            }
            changedAt.add(i, at);
            openAfter.add(i, open);
        }

        /** The intervals in which the case counts: received, in the window, open. */
        List<SlidingWindow.Presence> presences(String caseId, long window) {
            List<SlidingWindow.Presence> presences = new ArrayList<>();
            long end = receivedAt + window;
            long openSince = receivedAt;
            boolean open = true;
            for (int i = 0; i < changedAt.size() && changedAt.get(i) < end; i++) {
                long at = Math.max(receivedAt, changedAt.get(i));
                if (open && !openAfter.get(i)) {
                    presences.add(new SlidingWindow.Presence(caseId, openSince, at, 0, receivedAt));
                } else if (!open && openAfter.get(i)) {
                    openSince = at;
                }
                open = openAfter.get(i);
            }
            if (open) {
                presences.add(new SlidingWindow.Presence(caseId, openSince, end, 0, receivedAt));
            }
            return presences;
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
        cases = getRuntimeContext().getMapState(new MapStateDescriptor<>("r4-cases", String.class, CallerCase.class));
        episodes = new WindowEpisodes(getRuntimeContext(), new Levels(rules), rules.warningClearAfter().toMillis(), false);
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
            timers.registerEventTimeTimer(c.receivedAt + window);
        } else {
            c.record(t.occurredAt, !CLOSED.equals(t.state));
        }
        cases.put(t.itemId, c);
        judge(ctx.getCurrentKey(), timers.currentWatermark(), t.occurredAt, timers, out);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<WarningChange> out) throws Exception {
        judge(ctx.getCurrentKey(), timestamp, timestamp, ctx.timerService(), out);
    }

    /** Judges the instants from {@code from} on; the cases out of the window by then are dropped. */
    private void judge(String key, long from, long hint, TimerService timers, Collector<WarningChange> out) throws Exception {
        List<SlidingWindow.Presence> presences = new ArrayList<>();
        List<String> over = new ArrayList<>();
        CallerCase latest = null;
        for (Map.Entry<String, CallerCase> entry : cases.entries()) {
            CallerCase c = entry.getValue();
            if (c.receivedAt + window <= from) {
                over.add(entry.getKey());
                continue;
            }
            List<SlidingWindow.Presence> own = c.presences(entry.getKey(), window);
            presences.addAll(own);
            if (!own.isEmpty() && (latest == null || c.receivedAt > latest.receivedAt
                    || c.receivedAt == latest.receivedAt && c.communityCode.compareTo(latest.communityCode) > 0)) {
                latest = c;
            }
        }
        for (String caseId : over) {
            cases.remove(caseId);
        }
        boolean open = episodes.isOpen();
        String area = latest == null || latest.communityCode == null ? "" : latest.communityCode;
        String street = open || latest == null ? null : latest.streetCode;
        episodes.judge(key, area, presences, from, hint, street, timers, out);
        if (cases.isEmpty() && !episodes.isOpen()) {
            cases.clear();
        }
    }

    /** R4's level and explanations. */
    private final class Levels implements WindowEpisodes.Rule {
        private final int caseThreshold;

        Levels(AssessmentRules rules) {
            this.caseThreshold = rules.r4Cases();
        }

        @Override
        public String name() {
            return RULE;
        }

        @Override
        public int kinds() {
            return 1;
        }

        @Override
        public SlidingWindow.Levels levels() {
            return counts -> counts[0] >= caseThreshold ? 1 : 0;
        }

        @Override
        public String level(int rank) {
            if (rank != 1) {
                throw new IllegalArgumentException("R4 has no level of rank " + rank);
            }
            return YELLOW;
        }

        @Override
        public Evidence evidence(String key, OpenWarning episode, String level, long at, boolean cleared, String street) {
            String group = key.substring(key.lastIndexOf('|') + 1);
            long open = episode.peakCounts.getOrDefault("0", 0L);
            return new Evidence(episode.evidenceFrom, cleared ? episode.episodeEnd : at, episode.evidence,
                    Map.of("openCases", open, "episodeCases", (long) episode.evidence.size()),
                    Map.of("openCases", (double) caseThreshold, "windowHours", (double) window / HOUR),
                    street, "STREET", street, summary(group, episode.areaCode, street, (int) open, episode.evidence.size(), !cleared, caseThreshold,
                            episode.evidenceFrom, cleared ? episode.episodeEnd : at));
        }
    }

    private String summary(String group, String community, String street, int open, int cases, boolean raised, int threshold, long from, long to) {
        String span = MassGatheringRule.span(from, to);
        String days = window % (24 * HOUR) == 0 ? window / (24 * HOUR) + "天" : window / HOUR + "小时";
        String daysEn = window % (24 * HOUR) == 0 ? window / (24 * HOUR) + " days" : window / HOUR + " h";
        String groupZh = ConvergenceRule.GROUP_NAMES.getOrDefault(group, group);
        if (raised) {
            return String.format(Locale.ROOT, "同一来电人%s内%s类工单%d件同时未办结（%s，共%d件），黄色预警，社区%s，转街道%s / one caller had %d open cases of group %s received within %s (%s Asia/Shanghai, %d in all), at least %d, latest in community %s: yellow, routed to street %s",
                    days, groupZh, open, span, cases, community, street, open, group, daysEn, span, cases, threshold, community, street);
        }
        return String.format(Locale.ROOT, "同一来电人%s类工单此后同时未办结不足%d件，预警解除（社区%s，%s，共%d件） / one caller's open cases of group %s fewer than %d together since: cleared (community %s, %s Asia/Shanghai, %d cases)",
                groupZh, threshold, community, span, cases, group, threshold, community, span, cases);
    }
}
