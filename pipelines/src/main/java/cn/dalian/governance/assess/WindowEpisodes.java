package cn.dalian.governance.assess;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.TimerService;
import org.apache.flink.util.Collector;

/**
 * The warning of a sliding-window rule (R1 mass gathering, R3 convergence) for one key, judged as
 * each item arrives. Keyed state: the items whose window is not over (id, event time, kind) and the
 * open warning with its episode.
 *
 * <p>An <em>episode</em> is a stretch of event time in which the rule's level ({@link SlidingWindow})
 * is above none, gaps shorter than {@code clearAfter} (the out-of-orderness bound plus a clock step,
 * {@link AssessmentRules#warningClearAfter()}) included. On each arrival the rule recomputes, from the
 * items it holds, the level at every instant from the watermark on, and at once:
 * <ul>
 *   <li>opens a warning when an episode begins (stamped with its first instant, at the level of its
 *       worst instant so far), or</li>
 *   <li>updates the open warning when its level from the watermark on, or its evidence, changed.</li>
 * </ul>
 * Event-time timers at each item's window end judge again, so the level steps down as items leave;
 * the warning clears (stamped with the episode's end, at the highest level it reached) when the
 * watermark has passed the episode's end by {@code clearAfter}: only then can no evidence still on its
 * way reach it. An episode that begins while the previous one's end is not final yet is opened when it
 * is, at most {@code clearAfter} later; until then the previous warning is still open.
 *
 * <p>Order-insensitive: an item that arrives late but inside its window counts exactly as if it had come
 * in order; a warning's highest level, its evidence (every item that counted towards its episode) and its
 * end therefore do not depend on the arrival order of items that arrive within the out-of-orderness
 * bound. An item whose window is over by the time it arrives only counts in a metric. No state and no
 * timer is left once the last item's window is over and the warning has cleared.
 */
final class WindowEpisodes {
    /** What a windowed rule brings: its name, kinds of items, levels and how it explains a change. */
    interface Rule {
        String name();

        int kinds();

        SlidingWindow.Levels levels();

        /** The level name of a rank above 0, e.g. ORANGE. */
        String level(int rank);

        /** The area a key warns about (a community). */
        String area(String key);

        /**
         * The evidence of a change of {@code episode} (its warning's fields, peak and evidence updated)
         * published at {@code level} and {@code at}; {@code cleared} for the CLEARED change.
         */
        Evidence evidence(String key, OpenWarning episode, String level, long at, boolean cleared, String street);
    }

    /** An item in the window. Flink POJO. */
    public static final class Sighting {
        public long at;
        public int kind;

        public Sighting() {}

        Sighting(long at, int kind) {
            this.at = at;
            this.kind = kind;
        }
    }

    private final Rule rule;
    private final long window;
    private final long clearAfter;
    private final MapState<String, Sighting> items;
    private final ValueState<OpenWarning> warning;
    private final ValueState<String> street;
    private final Counter late;

    WindowEpisodes(RuntimeContext context, Rule rule, long window, long clearAfter) {
        this.rule = requireNonNull(rule, "rule is null");
        if (window <= 0 || clearAfter <= 0) {
            throw new IllegalArgumentException("window and clearAfter must be positive");
        }
        this.window = window;
        this.clearAfter = clearAfter;
        String prefix = rule.name().toLowerCase(java.util.Locale.ROOT);
        this.items = context.getMapState(new MapStateDescriptor<>(prefix + "-items", String.class, Sighting.class));
        this.warning = context.getState(new ValueStateDescriptor<>(prefix + "-warning", OpenWarning.class));
        this.street = context.getState(new ValueStateDescriptor<>(prefix + "-street", String.class));
        this.late = context.getMetricGroup().counter(prefix + "ItemsAfterTheirWindow");
    }

    /** An item of {@code kind} at {@code at}; judged at once. The same item again is ignored. */
    void add(String key, String itemId, long at, int kind, String streetCode, TimerService timers, Collector<WarningChange> out) throws Exception {
        if (items.contains(itemId)) {
            return;
        }
        long watermark = timers.currentWatermark();
        if (at + window <= watermark) {
            late.inc();
            return;
        }
        items.put(itemId, new Sighting(at, kind));
        if (streetCode != null) {
            street.update(streetCode);
        }
        timers.registerEventTimeTimer(at + window);
        judge(key, watermark, at, timers, out);
    }

    /** A timer: an item's window ends, or an episode becomes final. */
    void onTimer(String key, long timestamp, TimerService timers, Collector<WarningChange> out) throws Exception {
        judge(key, timestamp, timestamp, timers, out);
    }

    /** Judges the instants from {@code from} on; a change is stamped no earlier than {@code hint}. */
    private void judge(String key, long from, long hint, TimerService timers, Collector<WarningChange> out) throws Exception {
        List<SlidingWindow.Point> points = new ArrayList<>();
        List<String> over = new ArrayList<>();
        for (Map.Entry<String, Sighting> entry : items.entries()) {
            if (entry.getValue().at + window <= from) {
                over.add(entry.getKey());
            } else {
                points.add(new SlidingWindow.Point(entry.getKey(), entry.getValue().at, entry.getValue().kind));
            }
        }
        for (String id : over) {
            items.remove(id);
        }
        List<SlidingWindow.Region> regions = SlidingWindow.regions(points, window, from, rule.kinds(), rule.levels());
        OpenWarning open = warning.value();
        String streetCode = street.value() == null ? "" : street.value();
        int next = 0;
        if (open != null) {
            int rank = 0;
            while (next < regions.size() && regions.get(next).start() < open.episodeEnd + clearAfter) {
                SlidingWindow.Region region = regions.get(next++);
                absorb(open, region);
                rank = Math.max(rank, region.peakRank());
            }
            if (from >= open.episodeEnd + clearAfter) {
                out.collect(WarningBook.clear(open, rule.name(), open.peakLevel,
                        open.episodeEnd, rule.evidence(key, open, open.peakLevel, Math.max(open.changedAt, open.episodeEnd), true, streetCode)));
                warning.clear();
                open = null;
            } else {
                if (rank > 0) {
                    String level = rule.level(rank);
                    long at = Math.max(open.changedAt, hint);
                    WarningChange change = WarningBook.update(open, rule.name(), level, at, rule.evidence(key, open, level, at, false, streetCode));
                    if (change != null) {
                        out.collect(change);
                    }
                }
                scheduleFinal(open, timers);
                warning.update(open);
            }
        }
        if (open == null && next < regions.size()) {
            SlidingWindow.Region first = regions.get(next++);
            OpenWarning opened = new OpenWarning();
            opened.episodeStart = first.start();
            opened.episodeEnd = first.start();
            opened.peakTotal = -1;
            absorb(opened, first);
            int rank = first.peakRank();
            while (next < regions.size() && regions.get(next).start() < opened.episodeEnd + clearAfter) {
                SlidingWindow.Region region = regions.get(next++);
                absorb(opened, region);
                rank = Math.max(rank, region.peakRank());
            }
            String level = rule.level(rank);
            String area = rule.area(key);
            out.collect(WarningBook.open(opened, rule.name(), area, "COMMUNITY", rule.name() + ":" + area + ":" + first.start(), level,
                    first.start(), rule.evidence(key, opened, level, first.start(), false, streetCode)));
            scheduleFinal(opened, timers);
            warning.update(opened);
            open = opened;
        }
        if (open == null && points.isEmpty()) {
            items.clear();
            warning.clear();
            street.clear();
        }
    }

    /** Adds a region to an episode: its end, highest level, fullest instant and items. */
    private void absorb(OpenWarning episode, SlidingWindow.Region region) {
        episode.episodeStart = Math.min(episode.episodeStart, region.start());
        episode.episodeEnd = Math.max(episode.episodeEnd, region.end());
        String level = rule.level(region.peakRank());
        if (episode.peakLevel == null || region.peakRank() > rankOf(episode.peakLevel)) {
            episode.peakLevel = level;
        }
        if (region.peakTotal() > episode.peakTotal || region.peakTotal() == episode.peakTotal && region.peakAt() > episode.peakAt) {
            episode.peakTotal = region.peakTotal();
            episode.peakAt = region.peakAt();
            episode.peakCounts = countsByKind(region.peakCounts());
        }
        TreeSet<String> evidence = new TreeSet<>(episode.evidence);
        evidence.addAll(region.itemIds());
        episode.evidence = new ArrayList<>(evidence);
        episode.evidenceFrom = Math.min(episode.evidenceFrom, region.earliest());
    }

    private int rankOf(String level) {
        for (int rank = 1; rank <= 8; rank++) {
            if (level.equals(rule.level(rank))) {
                return rank;
            }
        }
        throw new IllegalStateException(rule.name() + " has no level " + level);
    }

    private static Map<String, Long> countsByKind(long[] counts) {
        Map<String, Long> byKind = new TreeMap<>();
        for (int kind = 0; kind < counts.length; kind++) {
            byKind.put(String.valueOf(kind), counts[kind]);
        }
        return byKind;
    }

    /** Keeps one timer at the instant the episode becomes final. */
    private void scheduleFinal(OpenWarning episode, TimerService timers) throws Exception {
        long finalAt = episode.episodeEnd + clearAfter;
        if (episode.finalAt == finalAt) {
            return;
        }
        if (episode.finalAt != 0 && !anItemLeavesAt(episode.finalAt)) {
            timers.deleteEventTimeTimer(episode.finalAt);
        }
        episode.finalAt = finalAt;
        timers.registerEventTimeTimer(finalAt);
    }

    private boolean anItemLeavesAt(long instant) throws Exception {
        for (Sighting sighting : items.values()) {
            if (sighting.at + window == instant) {
                return true;
            }
        }
        return false;
    }
}
