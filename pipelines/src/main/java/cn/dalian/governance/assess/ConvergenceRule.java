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
import java.util.TreeMap;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.streaming.api.TimerService;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * R3 convergence (多源汇聚, DESIGN §7), keyed by community code and matter group
 * ({@code community|group}, {@link #key}): in the trailing {@code r3.window} (48 h) the community has,
 * of that matter group,
 * <ul>
 *   <li>at least {@code r3.grid.disputes} (1) new grid items (first transitions of source GRID; for the
 *       group DISPUTE these are the grid disputes),</li>
 *   <li>at least {@code r3.hotline.complaints} (2) new hotline complaints (first transitions of source
 *       HOTLINE with request type COMPLAINT), and</li>
 *   <li>at least {@code r3.police.signals} (1) police signals (source POLICE; their group comes from
 *       the signal type)</li>
 * </ul>
 * → ORANGE. The warning's area is the community (area level COMMUNITY); the matter group prefixes its
 * counts and thresholds ({@code DISPUTE.gridItems}, ...) and is named in its summary. It is routed to
 * the community's street. An item at {@code t} is in the window up to, not including,
 * {@code t + window}; an event-time timer at that instant takes it out and judges again, so the warning
 * clears as soon as one source falls below its threshold. Later transitions of an item (and hotline
 * cases that are not complaints) do not count.
 *
 * <p>Timing: an item is judged at {@code max(occurredAt, watermark, newest item kept)}, a timer at its
 * own timestamp, so a warning's changes never go back in time; with items in order a change is stamped
 * with the event time of the item that caused it. An item already out of the window at that instant is
 * ignored. State: the items in the window and the open warning; both go, with every timer, once the
 * last item has left the window.
 *
 * <p>Groups of one community are judged apart, so one community can have an open R3 warning per matter
 * group; their ids ({@code R3:<community>:<opened at>}, from {@link WarningBook}) differ unless two
 * groups open in the same millisecond.
 */
public final class ConvergenceRule extends KeyedProcessFunction<String, ItemTransition, WarningChange> {
    public static final String RULE = "R3";
    static final String ORANGE = "ORANGE";
    static final String GRID = "GRID";
    static final String HOTLINE = "HOTLINE";
    static final String POLICE = "POLICE";
    private static final long HOUR = 3_600_000L;
    /** The city's clock (DESIGN §3), for the window in the summary. */
    static final ZoneId CITY = ZoneId.of("Asia/Shanghai");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT);
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
    private transient int gridThreshold;
    private transient int complaintThreshold;
    private transient int policeThreshold;
    /** Items in the window, by item id. */
    private transient MapState<String, Sighting> sightings;
    private transient ValueState<OpenWarning> warning;

    public ConvergenceRule(AssessmentRules rules) {
        this.rules = requireNonNull(rules, "rules is null");
    }

    /** One item counted in the window: its source (GRID, HOTLINE, POLICE) and event time. Flink POJO. */
    public static final class Sighting {
        public String source;
        public long occurredAt;
        public String streetCode;

        public Sighting() {}
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
        window = rules.r3Window().toMillis();
        gridThreshold = rules.r3GridDisputes();
        complaintThreshold = rules.r3HotlineComplaints();
        policeThreshold = rules.r3PoliceSignals();
        sightings = getRuntimeContext().getMapState(new MapStateDescriptor<>("r3-sightings", String.class, Sighting.class));
        warning = getRuntimeContext().getState(new ValueStateDescriptor<>("r3-warning", OpenWarning.class));
    }

    @Override
    public void processElement(ItemTransition t, Context ctx, Collector<WarningChange> out) throws Exception {
        if (!accepts(t)) {
            return;
        }
        TimerService timers = ctx.timerService();
        // Input arrives in event-time order (EventTimeOrder): the transition's own time is now.
        long at = Math.max(t.occurredAt, newest());
        if (t.occurredAt <= at - window || sightings.contains(t.itemId)) {
            return;
        }
        Sighting sighting = new Sighting();
        sighting.source = t.source;
        sighting.occurredAt = t.occurredAt;
        sighting.streetCode = t.streetCode;
        sightings.put(t.itemId, sighting);
        timers.registerEventTimeTimer(t.occurredAt + window);
        judge(ctx.getCurrentKey(), at, timers, out);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<WarningChange> out) throws Exception {
        judge(ctx.getCurrentKey(), Math.max(timestamp, newest()), ctx.timerService(), out);
    }

    private long newest() throws Exception {
        long newest = Long.MIN_VALUE;
        for (Sighting sighting : sightings.values()) {
            newest = Math.max(newest, sighting.occurredAt);
        }
        return newest;
    }

    /** Drops the items out of the window at {@code at}, judges the rest and publishes the change, if any. */
    private void judge(String key, long at, TimerService timers, Collector<WarningChange> out) throws Exception {
        int bar = key.lastIndexOf('|');
        String community = key.substring(0, bar);
        String group = key.substring(bar + 1);
        List<Map.Entry<String, Sighting>> inWindow = new ArrayList<>();
        List<String> expired = new ArrayList<>();
        String street = "";
        long newest = Long.MIN_VALUE;
        for (Map.Entry<String, Sighting> entry : sightings.entries()) {
            Sighting s = entry.getValue();
            if (s.streetCode != null && s.occurredAt >= newest) {
                newest = s.occurredAt;
                street = s.streetCode;
            }
            if (s.occurredAt <= at - window) {
                expired.add(entry.getKey());
                timers.deleteEventTimeTimer(s.occurredAt + window);
            } else {
                inWindow.add(Map.entry(entry.getKey(), s));
            }
        }
        for (String itemId : expired) {
            sightings.remove(itemId);
        }
        inWindow.sort(Comparator.comparingLong((Map.Entry<String, Sighting> e) -> e.getValue().occurredAt).thenComparing(Map.Entry::getKey));
        long grid = inWindow.stream().filter(e -> GRID.equals(e.getValue().source)).count();
        long complaints = inWindow.stream().filter(e -> HOTLINE.equals(e.getValue().source)).count();
        long police = inWindow.stream().filter(e -> POLICE.equals(e.getValue().source)).count();
        String level = grid >= gridThreshold && complaints >= complaintThreshold && police >= policeThreshold ? ORANGE : null;
        OpenWarning open = warning.value();
        if (level != null || open != null) {
            Map<String, Long> counts = new TreeMap<>();
            counts.put(group + ".gridItems", grid);
            counts.put(group + ".hotlineComplaints", complaints);
            counts.put(group + ".policeSignals", police);
            Map<String, Double> thresholds = new TreeMap<>();
            thresholds.put(group + ".gridItems", (double) gridThreshold);
            thresholds.put(group + ".hotlineComplaints", (double) complaintThreshold);
            thresholds.put(group + ".policeSignals", (double) policeThreshold);
            thresholds.put("windowHours", (double) window / HOUR);
            Evidence evidence = new Evidence(at - window, at, inWindow.stream().map(Map.Entry::getKey).toList(), counts, thresholds,
                    street, "STREET", street, summary(community, group, street, grid, complaints, police, level != null, at));
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
            sightings.clear();
            warning.clear();
        }
    }

    private String summary(String community, String group, String street, long grid, long complaints, long police, boolean raised, long at) {
        long hours = window / HOUR;
        boolean dispute = "DISPUTE".equals(group);
        String zh = String.format(Locale.ROOT, "社区%s近%d小时%s类%s%d件、12345投诉%d件、公安警情%d起",
                community, hours, GROUP_NAMES.getOrDefault(group, group), dispute ? "网格纠纷" : "网格新事件", grid, complaints, police);
        String en = String.format(Locale.ROOT, "%d %s, %d hotline complaint%s and %d police signal%s of group %s in community %s in %d h (%s Asia/Shanghai)",
                grid, dispute ? "grid dispute" + (grid == 1 ? "" : "s") : "new grid item" + (grid == 1 ? "" : "s"),
                complaints, complaints == 1 ? "" : "s", police, police == 1 ? "" : "s", group, community, hours,
                span(at - window, at));
        if (raised) {
            return zh + "，多源汇聚，橙色预警，转街道" + street + " / " + en + ": convergent, orange, routed to street " + street;
        }
        String needs = String.format(Locale.ROOT, "%d/%d/%d", gridThreshold, complaintThreshold, policeThreshold);
        return zh + "，未达" + needs + "，预警解除 / " + en + ", short of " + needs + ": cleared";
    }

    /** The window as city-clock text: {@code 2026-10-01 06:00–2026-10-03 06:00}, one date when both share it. */
    static String span(long start, long end) {
        String from = TIME.format(Instant.ofEpochMilli(start).atZone(CITY));
        String to = TIME.format(Instant.ofEpochMilli(end).atZone(CITY));
        return from + "–" + (from.substring(0, 10).equals(to.substring(0, 10)) ? to.substring(11) : to);
    }
}
