package cn.dalian.governance.assess;

import static java.util.Objects.requireNonNull;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * R3 convergence (多源汇聚, DESIGN §7), keyed by community code and matter group
 * ({@code community|group}, {@link #key}): within {@code r3.window} (48 h) the community has, of that
 * matter group,
 * <ul>
 *   <li>at least {@code r3.grid.disputes} (1) new grid items (first transitions of source GRID; for the
 *       group DISPUTE these are the grid disputes),</li>
 *   <li>at least {@code r3.hotline.complaints} (2) new hotline complaints (first transitions of source
 *       HOTLINE with request type COMPLAINT), and</li>
 *   <li>at least {@code r3.police.signals} (1) police signals (source POLICE; their group comes from
 *       the signal type)</li>
 * </ul>
 * → ORANGE. An item at {@code t} is in the window at the instants {@code t ≤ τ < t + window}. The
 * warning's area is the community (area level COMMUNITY); the matter group prefixes its counts and
 * thresholds ({@code DISPUTE.gridItems}, ...) and is named in its summary. It is routed to the
 * community's street. Later transitions of an item (and hotline cases that are not complaints) do not
 * count. Judged as each item arrives; cleared once the three sources have not met together for the
 * out-of-orderness bound ({@link WindowEpisodes}, which keeps the state). The counts are those of the
 * window's fullest instant.
 *
 * <p>Groups of one community are judged apart, so one community can have an open R3 warning per matter
 * group; their ids ({@code R3:<community>:<opened at>}) differ unless two groups open in the same millisecond.
 */
public final class ConvergenceRule extends KeyedProcessFunction<String, ItemTransition, WarningChange> {
    public static final String RULE = "R3";
    static final String ORANGE = "ORANGE";
    static final String GRID = "GRID";
    static final String HOTLINE = "HOTLINE";
    static final String POLICE = "POLICE";
    private static final long HOUR = 3_600_000L;
    /** Chinese names of the matter groups (事项分组), as in the MatterGroup schema. */
    static final Map<String, String> GROUP_NAMES = Map.of(
            "DISPUTE", "矛盾纠纷",
            "SAFETY_HAZARD", "安全隐患",
            "PUBLIC_ORDER", "社会治安",
            "SANITATION_CITYSCAPE", "环境卫生与市容",
            "LIVELIHOOD_VULNERABLE", "民生与困难群体",
            "PUBLIC_FACILITIES", "公共设施",
            "EMERGENCY", "突发事件",
            "PETITION_SIGNAL", "信访与群体性事件苗头");

    private final AssessmentRules rules;
    private transient Sightings sightings;
    private transient WindowEpisodes episodes;

    public ConvergenceRule(AssessmentRules rules) {
        this.rules = requireNonNull(rules, "rules is null");
    }

    /**
     * Whether R3 counts the transition: a new grid item, a new hotline complaint or a police signal,
     * with a community and a matter group.
     */
    public static boolean accepts(ItemTransition t) {
        if (t.communityCode == null || t.matterGroup == null || t.itemId == null) {
            return false;
        }
        return switch (String.valueOf(t.source)) {
            case GRID -> t.isNew();
            case HOTLINE -> t.isNew() && "COMPLAINT".equals(t.requestType);
            case POLICE -> true;
            default -> false;
        };
    }

    /** The key R3 runs by: {@code community|matterGroup}. */
    public static String key(ItemTransition t) {
        return t.communityCode + "|" + t.matterGroup;
    }

    @Override
    public void open(OpenContext context) {
        sightings = new Sightings(getRuntimeContext(), RULE, rules.r3Window().toMillis(), 3);
        episodes = new WindowEpisodes(getRuntimeContext(), new Levels(rules), rules.warningClearAfter().toMillis(), true);
    }

    @Override
    public void processElement(ItemTransition t, Context ctx, Collector<WarningChange> out) throws Exception {
        if (accepts(t)) {
            int kind = switch (t.source) {
                case GRID -> 0;
                case HOTLINE -> 1;
                default -> 2;
            };
            // While no warning is open and the items kept do not meet all three thresholds, there is nothing to judge.
            if (sightings.add(t.itemId, t.occurredAt, kind, ctx.timerService()) && episodes.mayWarn(sightings.totals())) {
                long watermark = ctx.timerService().currentWatermark();
                episodes.judge(ctx.getCurrentKey(), t.communityCode, sightings.presences(watermark), watermark, t.occurredAt, t.streetCode, ctx.timerService(), out);
            }
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<WarningChange> out) throws Exception {
        String key = ctx.getCurrentKey();
        episodes.judge(key, Levels.community(key), sightings.presences(timestamp), timestamp, timestamp, null, ctx.timerService(), out);
    }

    /** R3's level and explanations. */
    private static final class Levels implements WindowEpisodes.Rule {
        private final int gridThreshold;
        private final int complaintThreshold;
        private final int policeThreshold;
        private final long window;

        Levels(AssessmentRules rules) {
            this.gridThreshold = rules.r3GridDisputes();
            this.complaintThreshold = rules.r3HotlineComplaints();
            this.policeThreshold = rules.r3PoliceSignals();
            this.window = rules.r3Window().toMillis();
        }

        @Override
        public String name() {
            return RULE;
        }

        @Override
        public int kinds() {
            return 3;
        }

        @Override
        public SlidingWindow.Levels levels() {
            return counts -> counts[0] >= gridThreshold && counts[1] >= complaintThreshold && counts[2] >= policeThreshold ? 1 : 0;
        }

        @Override
        public String level(int rank) {
            if (rank != 1) {
                throw new IllegalArgumentException("R3 has no level of rank " + rank);
            }
            return ORANGE;
        }

        static String community(String key) {
            return key.substring(0, key.lastIndexOf('|'));
        }

        @Override
        public Evidence evidence(String key, OpenWarning episode, String level, long at, boolean cleared, String street) {
            String community = community(key);
            String group = key.substring(key.lastIndexOf('|') + 1);
            long grid = episode.peakCounts.getOrDefault("0", 0L);
            long complaints = episode.peakCounts.getOrDefault("1", 0L);
            long police = episode.peakCounts.getOrDefault("2", 0L);
            Map<String, Long> counts = new TreeMap<>();
            counts.put(group + ".gridItems", grid);
            counts.put(group + ".hotlineComplaints", complaints);
            counts.put(group + ".policeSignals", police);
            counts.put("episodeItems", (long) episode.evidence.size());
            Map<String, Double> thresholds = new TreeMap<>();
            thresholds.put(group + ".gridItems", (double) gridThreshold);
            thresholds.put(group + ".hotlineComplaints", (double) complaintThreshold);
            thresholds.put(group + ".policeSignals", (double) policeThreshold);
            thresholds.put("windowHours", (double) window / HOUR);
            long hours = window / HOUR;
            boolean dispute = "DISPUTE".equals(group);
            String span = MassGatheringRule.span(episode.evidenceFrom, cleared ? episode.episodeEnd : at);
            String zh = String.format(Locale.ROOT, "社区%s %d小时内%s类%s%d件、12345投诉%d件、公安警情%d起（%s）",
                    community, hours, GROUP_NAMES.getOrDefault(group, group), dispute ? "网格纠纷" : "网格新事件", grid, complaints, police, span);
            String en = String.format(Locale.ROOT, "%d %s, %d hotline complaint%s and %d police signal%s of group %s within %d h in community %s (%s Asia/Shanghai)",
                    grid, dispute ? "grid dispute" + (grid == 1 ? "" : "s") : "new grid item" + (grid == 1 ? "" : "s"),
                    complaints, complaints == 1 ? "" : "s", police, police == 1 ? "" : "s", group, hours, community, span);
            String needs = String.format(Locale.ROOT, "%d/%d/%d", gridThreshold, complaintThreshold, policeThreshold);
            String summary = cleared
                    ? zh + "，此后未再同时达到" + needs + "，预警解除 / " + en + ", not together at " + needs + " since: cleared"
                    : zh + "，多源汇聚，橙色预警，转街道" + street + " / " + en + ": convergent, orange, routed to street " + street;
            return new Evidence(episode.evidenceFrom, cleared ? episode.episodeEnd : at, episode.evidence, counts, thresholds,
                    street, "STREET", street, summary);
        }
    }
}
