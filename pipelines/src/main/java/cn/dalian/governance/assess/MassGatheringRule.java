package cn.dalian.governance.assess;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * R1 mass gathering (群体聚集, DESIGN §7), keyed by community code ({@link #key}): the community's
 * police signals of type MASS_GATHERING within {@code r1.window} (6 h) of each other:
 * <pre>
 *   RED     if  signals in the window ≥ r1.red.count     (4)
 *   ORANGE  if  signals in the window ≥ r1.orange.count  (2)
 * </pre>
 * A signal at {@code t} is in the window at the instants {@code t ≤ τ < t + window}. The warning is the
 * community's (area level COMMUNITY), routed to its street. Judged as each signal arrives, whatever
 * the watermark; the warning steps down as signals leave the window and clears once none of its
 * level is left for the out-of-orderness bound ({@link WindowEpisodes}, which keeps the state). Its
 * evidence is every signal of the episode; its counts are the signals in the window at the fullest
 * instant and in the whole episode.
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
    private transient Sightings sightings;
    private transient WindowEpisodes episodes;

    public MassGatheringRule(AssessmentRules rules) {
        this.rules = requireNonNull(rules, "rules is null");
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
        sightings = new Sightings(getRuntimeContext(), RULE, rules.r1Window().toMillis(), 1);
        episodes = new WindowEpisodes(getRuntimeContext(), new Levels(rules), rules.warningClearAfter().toMillis(), true);
    }

    @Override
    public void processElement(ItemTransition t, Context ctx, Collector<WarningChange> out) throws Exception {
        // While no warning is open and all the signals kept stay below orange, there is nothing to judge.
        if (accepts(t) && sightings.add(t.itemId, t.occurredAt, 0, ctx.timerService()) && episodes.mayWarn(sightings.totals())) {
            long watermark = ctx.timerService().currentWatermark();
            episodes.judge(ctx.getCurrentKey(), ctx.getCurrentKey(), sightings.presences(watermark), watermark, t.occurredAt, t.streetCode, ctx.timerService(), out);
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<WarningChange> out) throws Exception {
        episodes.judge(ctx.getCurrentKey(), ctx.getCurrentKey(), sightings.presences(timestamp), timestamp, timestamp, null, ctx.timerService(), out);
    }

    /** R1's levels and explanations. */
    private static final class Levels implements WindowEpisodes.Rule {
        private final int orangeCount;
        private final int redCount;
        private final long window;

        Levels(AssessmentRules rules) {
            this.orangeCount = rules.r1OrangeCount();
            this.redCount = rules.r1RedCount();
            this.window = rules.r1Window().toMillis();
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
            return counts -> counts[0] >= redCount ? 2 : counts[0] >= orangeCount ? 1 : 0;
        }

        @Override
        public String level(int rank) {
            return switch (rank) {
                case 1 -> ORANGE;
                case 2 -> RED;
                default -> throw new IllegalArgumentException("R1 has no level of rank " + rank);
            };
        }

        @Override
        public Evidence evidence(String community, OpenWarning episode, String level, long at, boolean cleared, String street) {
            long peak = episode.peakCounts.getOrDefault("0", 0L);
            long signals = episode.evidence.size();
            String span = span(episode.evidenceFrom, cleared ? episode.episodeEnd : at);
            long hours = window / HOUR;
            boolean red = RED.equals(level);
            String summary = cleared
                    ? String.format(Locale.ROOT, "社区%s群体聚集（%s，共%d起信号，%d小时内最多%d起）此后不足%d起，预警解除 / mass gathering in community %s (%s Asia/Shanghai, %d signals, at most %d within %d h), fewer than %d since: cleared",
                            community, span, signals, hours, peak, orangeCount, community, span, signals, peak, hours, orangeCount)
                    : String.format(Locale.ROOT, "社区%s近%d小时群体聚集信号%d起（%s），%s预警，转街道%s / %d mass-gathering signals within %d h in community %s (%s Asia/Shanghai), at least %d: %s, routed to street %s",
                            community, hours, peak, span, red ? "红色" : "橙色", street, peak, hours, community, span, red ? redCount : orangeCount, red ? "red" : "orange", street);
            return new Evidence(episode.evidenceFrom, cleared ? episode.episodeEnd : at, episode.evidence,
                    Map.of("massGatheringSignals", peak, "episodeSignals", signals),
                    Map.of("orangeCount", (double) orangeCount, "redCount", (double) redCount, "windowHours", (double) window / HOUR),
                    street, "STREET", street, summary);
        }
    }

    /** A stretch of time on the city's clock: {@code 2026-10-01 06:00–12:00}, both dates when they differ. */
    static String span(long start, long end) {
        String from = TIME.format(Instant.ofEpochMilli(start).atZone(CITY));
        String to = TIME.format(Instant.ofEpochMilli(end).atZone(CITY));
        return from + "–" + (from.substring(0, 10).equals(to.substring(0, 10)) ? to.substring(11) : to);
    }
}
