package cn.dalian.governance.assess;

import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Puts one key's transitions in event-time order: each is held until the watermark passes its
 * occurred_at, then released in order. Placed in front of a warning rule and keyed like it, so the
 * rule judges evidence in the order it happened, however disordered the input is within the
 * watermark bound (a replay of history can be disordered by days). A transition already behind the
 * watermark passes at once. No state is left once everything is released.
 */
public final class EventTimeOrder extends KeyedProcessFunction<String, ItemTransition, ItemTransition> {
    private transient MapState<Long, List<ItemTransition>> waiting;

    @Override
    public void open(OpenContext context) {
        TypeInformation<List<ItemTransition>> list = Types.LIST(TypeInformation.of(ItemTransition.class));
        waiting = getRuntimeContext().getMapState(new MapStateDescriptor<>("waiting-by-event-time", Types.LONG, list));
    }

    @Override
    public void processElement(ItemTransition t, Context ctx, Collector<ItemTransition> out) throws Exception {
        if (t.occurredAt <= ctx.timerService().currentWatermark()) {
            out.collect(t);
            return;
        }
        List<ItemTransition> at = waiting.get(t.occurredAt);
        if (at == null) {
            at = new ArrayList<>();
            ctx.timerService().registerEventTimeTimer(t.occurredAt);
        }
        at.add(t);
        waiting.put(t.occurredAt, at);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<ItemTransition> out) throws Exception {
        List<ItemTransition> due = waiting.get(timestamp);
        waiting.remove(timestamp);
        if (due != null) {
            due.forEach(out::collect);
        }
    }
}
