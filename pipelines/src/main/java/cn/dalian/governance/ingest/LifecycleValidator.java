package cn.dalian.governance.ingest;

import cn.dalian.governance.job.Rejection;
import cn.dalian.governance.avro.DeadLetterReason;
import cn.dalian.governance.avro.GridState;
import cn.dalian.governance.avro.HotlineState;
import cn.dalian.governance.avro.Source;
import cn.dalian.governance.lifecycle.GridLifecycle;
import cn.dalian.governance.lifecycle.HotlineLifecycle;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Step 4 of ingest, keyed by item id: lets a transition through only if the item's lifecycle allows
 * it from the current state (Art. 22); an illegal one goes to the dead letters and leaves the item as
 * it was. Sets the previous state and the item's creation time. Once an item closes, an event-time
 * timer drops its state after {@link IngestRules#REOPEN_WINDOW} unless it reopens first. Police
 * signals have no lifecycle and pass untouched.
 */
public final class LifecycleValidator extends KeyedProcessFunction<String, Transition, Transition> {
    private final long reopenWindowMillis;
    private transient ValueState<ItemProgress> progress;

    public LifecycleValidator() {
        this(IngestRules.REOPEN_WINDOW.toMillis());
    }

    LifecycleValidator(long reopenWindowMillis) {
        this.reopenWindowMillis = reopenWindowMillis;
    }

    /** What the job remembers of an open item. Flink POJO. */
    public static final class ItemProgress {
        public String state;
        public long createdAt;
        /** The pending state-clearing timer of a closed item, 0 if none. */
        public long clearAt;

        public ItemProgress() {}
    }

    @Override
    public void open(OpenContext context) {
        progress = getRuntimeContext().getState(new ValueStateDescriptor<>("item-progress", ItemProgress.class));
    }

    @Override
    public void processElement(Transition t, Context ctx, Collector<Transition> out) throws Exception {
        if (Source.POLICE.name().equals(t.source)) {
            out.collect(t);
            return;
        }
        ItemProgress current = progress.value();
        String from = current == null ? null : current.state;
        if (!allows(t.source, from, t.state)) {
            ctx.output(FeedDecoder.REJECTED, new Rejection(t.raw, DeadLetterReason.ILLEGAL_TRANSITION,
                    t.itemId + ": " + (from == null ? "(new item)" : from) + " -> " + t.state + " is not a legal transition"));
            return;
        }
        ItemProgress next = current == null ? new ItemProgress() : current;
        if (current == null && t.createdAt == 0) {
            next.createdAt = t.occurredAt;
        } else if (current == null) {
            next.createdAt = t.createdAt;
        }
        next.state = t.state;
        if (next.clearAt != 0) {
            ctx.timerService().deleteEventTimeTimer(next.clearAt);
            next.clearAt = 0;
        }
        if (isClosed(t.source, t.state)) {
            next.clearAt = Math.max(t.occurredAt, ctx.timerService().currentWatermark()) + reopenWindowMillis;
            ctx.timerService().registerEventTimeTimer(next.clearAt);
        }
        progress.update(next);
        t.previousState = from;
        t.createdAt = next.createdAt;
        out.collect(t);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Transition> out) throws Exception {
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
