package cn.dalian.governance.ingest;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Step 3 of ingest, keyed by item id (so that one item's transitions keep their order into the
 * lifecycle step): passes the first record of each (source, event id) and drops the copies, counting
 * them. An event id is remembered until the watermark passes its send time plus
 * {@link IngestRules#DEDUPE_HORIZON}; then an event-time timer forgets it.
 */
public final class Deduplicator extends KeyedProcessFunction<String, Transition, Transition> {
    public static final OutputTag<Outcome> DUPLICATES = new OutputTag<>("duplicates") {};

    private final long horizonMillis;
    /** Event ids seen for this item, with the time each may be forgotten. */
    private transient MapState<String, Long> seen;
    private transient Counter duplicates;

    public Deduplicator() {
        this(IngestRules.DEDUPE_HORIZON.toMillis());
    }

    Deduplicator(long horizonMillis) {
        this.horizonMillis = horizonMillis;
    }

    @Override
    public void open(OpenContext context) {
        seen = getRuntimeContext().getMapState(new MapStateDescriptor<>("dedupe-seen", String.class, Long.class));
        duplicates = getRuntimeContext().getMetricGroup().counter("duplicatesDropped");
    }

    @Override
    public void processElement(Transition t, Context ctx, Collector<Transition> out) throws Exception {
        String id = t.dedupeKey();
        if (seen.contains(id)) {
            duplicates.inc();
            ctx.output(DUPLICATES, new Outcome(t.raw.topic, Outcome.Kind.DUPLICATE, null));
            return;
        }
        long forgetAt = Math.max(t.raw.timestamp, ctx.timerService().currentWatermark()) + horizonMillis;
        seen.put(id, forgetAt);
        ctx.timerService().registerEventTimeTimer(forgetAt);
        out.collect(t);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Transition> out) throws Exception {
        List<String> expired = new ArrayList<>();
        for (Map.Entry<String, Long> entry : seen.entries()) {
            if (entry.getValue() <= timestamp) {
                expired.add(entry.getKey());
            }
        }
        for (String id : expired) {
            seen.remove(id);
        }
        if (seen.isEmpty()) {
            seen.clear();
        }
    }
}
