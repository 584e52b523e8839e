package cn.dalian.governance.ingest;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Step 3 of ingest, keyed by (source, event id): passes the first record of an event id and drops
 * the copies, counting them. The id is remembered until the watermark passes the first record's send
 * time plus {@link IngestRules#DEDUPE_HORIZON}; then an event-time timer clears the state.
 */
public final class Deduplicator extends KeyedProcessFunction<String, Transition, Transition> {
    public static final OutputTag<Outcome> DUPLICATES = new OutputTag<>("duplicates") {};

    private final long horizonMillis;
    private transient ValueState<Long> expiresAt;
    private transient Counter duplicates;

    public Deduplicator() {
        this(IngestRules.DEDUPE_HORIZON.toMillis());
    }

    Deduplicator(long horizonMillis) {
        this.horizonMillis = horizonMillis;
    }

    @Override
    public void open(OpenContext context) {
        expiresAt = getRuntimeContext().getState(new ValueStateDescriptor<>("dedupe-expires-at", Long.class));
        duplicates = getRuntimeContext().getMetricGroup().counter("duplicatesDropped");
    }

    @Override
    public void processElement(Transition t, Context ctx, Collector<Transition> out) throws Exception {
        if (expiresAt.value() != null) {
            duplicates.inc();
            ctx.output(DUPLICATES, new Outcome(t.raw.topic, Outcome.Kind.DUPLICATE, null));
            return;
        }
        long expiry = Math.max(t.raw.timestamp, ctx.timerService().currentWatermark()) + horizonMillis;
        expiresAt.update(expiry);
        ctx.timerService().registerEventTimeTimer(expiry);
        out.collect(t);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Transition> out) throws Exception {
        expiresAt.clear();
    }
}
