package cn.dalian.governance.ingest;

import static java.util.Objects.requireNonNull;

import cn.dalian.governance.avro.DeadLetterReason;
import cn.dalian.governance.avro.GridState;
import cn.dalian.governance.avro.HotlineState;
import cn.dalian.governance.avro.Source;
import cn.dalian.governance.job.Rejection;
import cn.dalian.governance.lifecycle.GridLifecycle;
import cn.dalian.governance.lifecycle.HotlineLifecycle;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;

/**
 * Step 4 of ingest, on the keyed state of one item: lets a transition through only if the item's
 * lifecycle allows it from the current state (Art. 22); an illegal one is rejected and leaves the
 * item as it was. Sets the previous state and the item's creation time. Once an item closes, an
 * event-time timer drops its state after {@link IngestRules#REOPEN_WINDOW} unless it reopens first.
 * Police signals have no lifecycle and pass untouched.
 */
final class LifecycleValidator {
    static final ValueStateDescriptor<ItemProgress> PROGRESS = new ValueStateDescriptor<>("item-progress", ItemProgress.class);

    /** What the job remembers of an open item. Flink POJO. */
    public static final class ItemProgress {
        public String state;
        public long createdAt;
        /** The pending state-clearing timer of a closed item, 0 if none. */
        public long clearAt;

        public ItemProgress() {}
    }

    private final ValueState<ItemProgress> progress;
    private final long reopenWindowMillis;

    LifecycleValidator(ValueState<ItemProgress> progress, long reopenWindowMillis) {
        this.progress = requireNonNull(progress, "progress is null");
        this.reopenWindowMillis = reopenWindowMillis;
    }

    /** Advances the current item by {@code t} and returns null, or the rejection of an illegal transition. */
    Rejection advance(Transition t, ItemTimers timers) throws Exception {
        if (Source.POLICE.name().equals(t.source)) {
            return null;
        }
        ItemProgress current = progress.value();
        String from = current == null ? null : current.state;
        if (!allows(t.source, from, t.state)) {
            return new Rejection(t.raw, DeadLetterReason.ILLEGAL_TRANSITION,
                    t.itemId + ": " + (from == null ? "(new item)" : from) + " -> " + t.state + " is not a legal transition");
        }
        ItemProgress next = current == null ? new ItemProgress() : current;
        if (current == null && t.createdAt == 0) {
            next.createdAt = t.occurredAt;
        } else if (current == null) {
            next.createdAt = t.createdAt;
        }
        next.state = t.state;
        if (next.clearAt != 0) {
            timers.release(next.clearAt);
            next.clearAt = 0;
        }
        if (isClosed(t.source, t.state)) {
            next.clearAt = Math.max(t.occurredAt, timers.currentWatermark()) + reopenWindowMillis;
            timers.register(next.clearAt);
        }
        progress.update(next);
        t.previousState = from;
        t.createdAt = next.createdAt;
        return null;
    }

    /** An event-time timer of the current item fired: drops a closed item whose reopen window ends now. */
    void onTimer(long timestamp) throws Exception {
        ItemProgress current = progress.value();
        if (current != null && current.clearAt == timestamp) {
            progress.clear();
        }
    }

    static boolean allows(String source, String from, String to) {
        if (Source.GRID.name().equals(source)) {
            return GridLifecycle.allows(from == null ? null : GridState.valueOf(from), GridState.valueOf(to));
        }
        return HotlineLifecycle.allows(from == null ? null : HotlineState.valueOf(from), HotlineState.valueOf(to));
    }

    private static boolean isClosed(String source, String state) {
        return Source.GRID.name().equals(source)
                ? GridLifecycle.isClosed(GridState.valueOf(state))
                : HotlineLifecycle.isClosed(HotlineState.valueOf(state));
    }
}
