package cn.dalian.governance.ingest;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;

/**
 * Step 3 of ingest, on the keyed state of one item (so that one item's transitions keep their order
 * into the lifecycle step): passes the first record of each (source, event id) and drops the copies.
 * An event id is remembered until the watermark passes its send time plus
 * {@link IngestRules#DEDUPE_HORIZON}; then an event-time timer forgets it. One timer per item, not per
 * id: while an item has ids, a timer is set at the earliest time one of them is forgotten, and when it
 * fires the next one is set.
 */
final class Deduplicator {
    /** Event ids seen for the current item, with the time each may be forgotten. */
    static final MapStateDescriptor<String, Long> SEEN = new MapStateDescriptor<>("dedupe-seen", String.class, Long.class);

    private final MapState<String, Long> seen;
    private final long horizonMillis;

    Deduplicator(MapState<String, Long> seen, long horizonMillis) {
        this.seen = requireNonNull(seen, "seen is null");
        this.horizonMillis = horizonMillis;
    }

    /** Whether {@code t} is the first of its (source, event id); remembers it if so. */
    boolean firstSeen(Transition t, ItemTimers timers) throws Exception {
        String id = t.dedupeKey();
        long earliest = Long.MAX_VALUE;
        for (Map.Entry<String, Long> entry : seen.entries()) {
            if (entry.getKey().equals(id)) {
                return false;
            }
            earliest = Math.min(earliest, entry.getValue());
        }
        long forgetAt = Math.max(t.raw.timestamp, timers.currentWatermark()) + horizonMillis;
        seen.put(id, forgetAt);
        if (forgetAt < earliest) {
            timers.register(forgetAt);
        }
        return true;
    }

    /** Whether an id of the current item is to be forgotten at {@code timestamp}: a timer then may be this step's. */
    boolean needsTimerAt(long timestamp) throws Exception {
        for (Long forgetAt : seen.values()) {
            if (forgetAt == timestamp) {
                return true;
            }
        }
        return false;
    }

    /**
     * An event-time timer of the current item fired: forgets every id whose horizon the watermark has passed
     * (all of them at once, not one timer each), and sets the next timer.
     */
    void onTimer(long timestamp, ItemTimers timers) throws Exception {
        long passed = Math.max(timestamp, timers.currentWatermark());
        List<String> expired = new ArrayList<>();
        long next = Long.MAX_VALUE;
        for (Map.Entry<String, Long> entry : seen.entries()) {
            if (entry.getValue() <= passed) {
                expired.add(entry.getKey());
            } else {
                next = Math.min(next, entry.getValue());
            }
        }
        if (expired.isEmpty()) {
            return; // another step's timer: this step's own is still set
        }
        for (String id : expired) {
            seen.remove(id);
        }
        if (next == Long.MAX_VALUE) {
            seen.clear();
        } else {
            timers.register(next);
        }
    }
}
