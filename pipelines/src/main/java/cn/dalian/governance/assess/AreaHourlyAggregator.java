package cn.dalian.governance.assess;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Hourly aggregates of one area and matter group (keyed by {@link AreaTransition#aggregateKey()}):
 * counts of the hour, and the open backlog and overdue items at its end. A row is emitted when the
 * watermark passes the end of an hour that saw activity or changed the backlog or overdue count; while
 * items are open the operator looks again every hour, so overdue items show up when their deadline
 * passes. A transition up to {@link #ALLOWED_LATENESS} behind the watermark re-emits its hour's row
 * with the counts corrected (rows are upserted by area, group and hour); later ones are only counted
 * as dropped. All state is dropped once nothing is open and nothing is remembered.
 */
public final class AreaHourlyAggregator extends KeyedProcessFunction<String, AreaTransition, AreaHourlyRow> {
    static final long HOUR = Duration.ofHours(1).toMillis();
    /** The simulator's late items arrive up to 6 h late. */
    static final long ALLOWED_LATENESS = Duration.ofHours(6).toMillis();

    private final AssessmentRules rules;
    private transient double[] levelWeights;
    private transient long repeatWindow;
    /** Counts of hours not yet emitted, by hour start. */
    private transient MapState<Long, AreaHourlyRow> pending;
    /** Rows already emitted, kept for late corrections, by hour start. */
    private transient MapState<Long, AreaHourlyRow> emitted;
    /** Open grid and hotline items and their resolve deadline (0 if none). */
    private transient MapState<String, Long> open;
    /** Callers' last complaint about this group here. */
    private transient MapState<String, Long> lastComplaint;
    /** Backlog and overdue of the last emitted row. */
    private transient ValueState<long[]> lastStanding;
    private transient ValueState<String> level;
    private transient Counter tooLate;

    public AreaHourlyAggregator(AssessmentRules rules) {
        this.rules = requireNonNull(rules, "rules is null");
    }

    @Override
    public void open(OpenContext context) {
        levelWeights = rules.policeLevelWeights();
        repeatWindow = rules.repeatWindow().toMillis();
        pending = getRuntimeContext().getMapState(new MapStateDescriptor<>("pending-hours", Long.class, AreaHourlyRow.class));
        emitted = getRuntimeContext().getMapState(new MapStateDescriptor<>("emitted-hours", Long.class, AreaHourlyRow.class));
        open = getRuntimeContext().getMapState(new MapStateDescriptor<>("open-items", String.class, Long.class));
        lastComplaint = getRuntimeContext().getMapState(new MapStateDescriptor<>("last-complaint", String.class, Long.class));
        lastStanding = getRuntimeContext().getState(new ValueStateDescriptor<>("last-standing", long[].class));
        level = getRuntimeContext().getState(new ValueStateDescriptor<>("area-level", String.class));
        tooLate = getRuntimeContext().getMetricGroup().counter("areaHourlyTooLate");
    }

    @Override
    public void processElement(AreaTransition at, Context ctx, Collector<AreaHourlyRow> out) throws Exception {
        ItemTransition t = at.item;
        long watermark = ctx.timerService().currentWatermark();
        long hourStart = t.occurredAt - Math.floorMod(t.occurredAt, HOUR);
        level.update(at.areaLevel);
        trackOpenItems(t);
        AreaHourlyRow correction = emitted.get(hourStart);
        if (hourStart + HOUR <= watermark) {
            if (correction == null || hourStart + HOUR + ALLOWED_LATENESS <= watermark) {
                tooLate.inc();
                return;
            }
            count(correction, t);
            emitted.put(hourStart, correction);
            out.collect(correction);
            return;
        }
        AreaHourlyRow row = pending.get(hourStart);
        if (row == null) {
            row = emptyRow(ctx.getCurrentKey(), at.areaLevel, hourStart);
        }
        count(row, t);
        pending.put(hourStart, row);
        ctx.timerService().registerEventTimeTimer(hourStart + HOUR);
    }

    @Override
    public void onTimer(long hourEnd, OnTimerContext ctx, Collector<AreaHourlyRow> out) throws Exception {
        long hourStart = hourEnd - HOUR;
        AreaHourlyRow row = pending.get(hourStart);
        pending.remove(hourStart);
        if (row == null) {
            row = emptyRow(ctx.getCurrentKey(), level.value(), hourStart);
        }
        long backlog = 0;
        long overdue = 0;
        for (Map.Entry<String, Long> item : open.entries()) {
            backlog++;
            if (item.getValue() > 0 && item.getValue() < hourEnd) {
                overdue++;
            }
        }
        row.openBacklog = backlog;
        row.overdue = overdue;
        long[] last = lastStanding.value();
        boolean standingChanged = last == null ? backlog + overdue > 0 : last[0] != backlog || last[1] != overdue;
        if (row.hasActivity() || standingChanged) {
            out.collect(row);
            emitted.put(hourStart, row);
            lastStanding.update(new long[] {backlog, overdue});
        }
        forgetOlderThan(hourEnd);
        if (ctx.timerService().currentWatermark() == Long.MAX_VALUE) {
            // End of bounded input: every pending hour has its own timer; looking again hour after
            // hour for the open items would run on towards the end of time.
            return;
        }
        if (!open.isEmpty()) {
            ctx.timerService().registerEventTimeTimer(hourEnd + HOUR);
        } else if (!emitted.isEmpty() || !lastComplaint.isEmpty()) {
            ctx.timerService().registerEventTimeTimer(nextCleanup(hourEnd));
        } else if (pending.isEmpty()) {
            clearAll();
        }
    }

    private void trackOpenItems(ItemTransition t) throws Exception {
        if ("POLICE".equals(t.source)) {
            return;
        }
        if (t.isNew() || "REOPENED".equals(t.state)) {
            open.put(t.itemId, t.resolveDueAt);
        } else if ("CLOSED".equals(t.state)) {
            open.remove(t.itemId);
        }
    }

    private void count(AreaHourlyRow row, ItemTransition t) throws Exception {
        if (t.isNew()) {
            row.newItems++;
            if ("DISPUTE".equals(t.matterGroup)) {
                row.disputes++;
            }
        }
        if ("POLICE".equals(t.source)) {
            row.policeSignals++;
            int riskLevel = t.riskLevel == null ? 1 : Math.max(1, Math.min(4, t.riskLevel));
            row.policeRiskWeight += levelWeights[riskLevel - 1];
            return;
        }
        if ("CLOSED".equals(t.state)) {
            row.closedItems++;
        }
        if (!"HOTLINE".equals(t.source)) {
            return;
        }
        if (t.isNew() && "COMPLAINT".equals(t.requestType)) {
            row.complaints++;
            String caller = t.personKeys == null || t.personKeys.isEmpty() ? null : t.personKeys.get(0);
            if (caller != null) {
                Long previous = lastComplaint.get(caller);
                if (previous != null && t.occurredAt - previous <= repeatWindow) {
                    row.repeatComplaints++;
                }
                lastComplaint.put(caller, Math.max(t.occurredAt, previous == null ? Long.MIN_VALUE : previous));
            }
        }
        if ("CLOSED".equals(t.state) && t.satisfaction != null && !"NOT_RATED".equals(t.satisfaction)) {
            row.rated++;
            if ("UNSATISFIED".equals(t.satisfaction)) {
                row.unsatisfied++;
            } else {
                row.satisfied++;
            }
        }
    }

    private void forgetOlderThan(long now) throws Exception {
        List<Long> oldHours = new ArrayList<>();
        for (Long hour : emitted.keys()) {
            if (hour + HOUR + ALLOWED_LATENESS <= now) {
                oldHours.add(hour);
            }
        }
        for (Long hour : oldHours) {
            emitted.remove(hour);
        }
        List<String> oldCallers = new ArrayList<>();
        for (Map.Entry<String, Long> caller : lastComplaint.entries()) {
            if (caller.getValue() + repeatWindow <= now) {
                oldCallers.add(caller.getKey());
            }
        }
        for (String caller : oldCallers) {
            lastComplaint.remove(caller);
        }
    }

    /** The next hour end at which something remembered can be forgotten. */
    private long nextCleanup(long now) throws Exception {
        long next = Long.MAX_VALUE;
        for (Long hour : emitted.keys()) {
            next = Math.min(next, hour + HOUR + ALLOWED_LATENESS);
        }
        for (Long complained : lastComplaint.values()) {
            next = Math.min(next, complained + repeatWindow);
        }
        long aligned = next - Math.floorMod(next, HOUR);
        return Math.max(now + HOUR, aligned == next ? next : aligned + HOUR);
    }

    private void clearAll() {
        pending.clear();
        emitted.clear();
        open.clear();
        lastComplaint.clear();
        lastStanding.clear();
        level.clear();
    }

    private static AreaHourlyRow emptyRow(String key, String areaLevel, long hourStart) {
        AreaHourlyRow row = new AreaHourlyRow();
        int bar = key.indexOf('|');
        row.areaCode = key.substring(0, bar);
        row.matterGroup = key.substring(bar + 1);
        row.areaLevel = areaLevel;
        row.hourStart = hourStart;
        return row;
    }
}
