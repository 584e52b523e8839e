package cn.dalian.governance.assess;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.TimerService;

/**
 * The items of a sliding-window rule (R1, R3) for one key, in keyed state by item id: each counts from its
 * event time for the rule's window ({@link SlidingWindow.Presence#of}), with an event-time timer where its
 * window ends. The same item again, or one whose window is over when it arrives, is not added (the latter
 * only counts in a metric). Beside them, how many items of each kind are kept ({@link #totals}), so that a
 * rule can tell without reading them that even all of them together stay below its level.
 */
final class Sightings {
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

    private final long window;
    private final int kinds;
    private final MapState<String, Sighting> items;
    private final ValueState<long[]> totals;
    private final Counter late;

    Sightings(RuntimeContext context, String rule, long window, int kinds) {
        if (window <= 0) {
            throw new IllegalArgumentException("window must be positive");
        }
        if (kinds <= 0) {
            throw new IllegalArgumentException("kinds must be positive");
        }
        this.window = window;
        this.kinds = kinds;
        String prefix = rule.toLowerCase(java.util.Locale.ROOT);
        this.items = context.getMapState(new MapStateDescriptor<>(prefix + "-items", String.class, Sighting.class));
        this.totals = context.getState(new ValueStateDescriptor<>(prefix + "-kinds", long[].class));
        this.late = context.getMetricGroup().counter(prefix + "ItemsAfterTheirWindow");
    }

    /** Adds an item of {@code kind} at {@code at}; false when it is known already or its window is over. */
    boolean add(String itemId, long at, int kind, TimerService timers) throws Exception {
        if (items.contains(itemId)) {
            return false;
        }
        if (at + window <= timers.currentWatermark()) {
            late.inc();
            return false;
        }
        long[] counts = totals();
        items.put(itemId, new Sighting(at, kind));
        counts[kind]++;
        totals.update(counts);
        timers.registerEventTimeTimer(at + window);
        return true;
    }

    /**
     * The items of each kind kept: those in their window and those whose window is over but that were not
     * dropped yet, so never fewer than at any instant. Counted anew from the items when the state predates it.
     */
    long[] totals() throws Exception {
        long[] counts = totals.value();
        if (counts == null) {
            counts = new long[kinds];
            for (Sighting sighting : items.values()) {
                counts[sighting.kind]++;
            }
        }
        return counts;
    }

    /** The presences of the items still in their window at {@code from}; the others are dropped. */
    List<SlidingWindow.Presence> presences(long from) throws Exception {
        List<SlidingWindow.Presence> presences = new ArrayList<>();
        List<Map.Entry<String, Sighting>> over = new ArrayList<>();
        for (Map.Entry<String, Sighting> entry : items.entries()) {
            if (entry.getValue().at + window <= from) {
                over.add(Map.entry(entry.getKey(), entry.getValue()));
            } else {
                presences.add(SlidingWindow.Presence.of(entry.getKey(), entry.getValue().at, window, entry.getValue().kind));
            }
        }
        if (!over.isEmpty()) {
            long[] counts = totals();
            for (Map.Entry<String, Sighting> item : over) {
                counts[item.getValue().kind]--;
                items.remove(item.getKey());
            }
            if (presences.isEmpty()) {
                totals.clear();
            } else {
                totals.update(counts);
            }
        }
        return presences;
    }
}
