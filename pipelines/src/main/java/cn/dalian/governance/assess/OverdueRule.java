package cn.dalian.governance.assess;

import static java.util.Objects.requireNonNull;

import cn.dalian.governance.avro.GridState;
import cn.dalian.governance.avro.HotlineState;
import cn.dalian.governance.avro.Source;
import cn.dalian.governance.lifecycle.GridLifecycle;
import cn.dalian.governance.lifecycle.HotlineLifecycle;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.streaming.api.TimerService;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * R5 overdue supervision (督办, DESIGN §7, Art. 22), keyed by item id, for grid items and hotline
 * cases (police signals have no SLA and are ignored). From an item's first transition it keeps the
 * creation time and the catalogue deadlines and sets event-time timers on them:
 * <ul>
 *   <li>not dispatched by {@code dispatchDueAt} (grid: never ASSIGNED; hotline: never DISPATCHED nor
 *       answered at intake), or not resolved by {@code resolveDueAt} (grid: not in FEEDBACK, VERIFIED or
 *       CLOSED; hotline: not in REPLIED or CLOSED) → BLUE at the deadline, routed to the item's
 *       community as first responder;</li>
 *   <li>still not done at {@code created + r5.escalate.factor × SLA} (SLA = deadline − created) →
 *       YELLOW, routed one level up to the community's street.</li>
 * </ul>
 * The level is the worse of the two SLAs. Dispatching settles the dispatch SLA for good; the resolve
 * SLA follows the current state, so feedback that fails verification and goes back to HANDLING after
 * the deadline is overdue again. When neither SLA is overdue the warning clears; closing the item
 * clears it too and drops the item's state and timers. An item whose first transition the rule did not
 * see (a case reopened after closing, or one that started before the job) is not supervised: its
 * catalogue deadlines count from its original creation.
 *
 * <p>One warning per item, not per community: the warning's area is the item's community (area level
 * COMMUNITY) so it lands where DESIGN §7 puts R5, but its id also carries the item id
 * ({@code R5:<community>:<item>:<opened at>}) because two items of one community can fall due in the
 * same millisecond. The item id is the
 * warning's evidence ({@code itemIds}) and starts its summary. Whether R5 should instead aggregate the
 * overdue items of a community into one warning is open.
 *
 * <p>Which clock fires it: the assess job's event-time clock ({@link ItemClock}: how far ingest has read
 * every feed, on send time, less the out-of-orderness bound, 15 min). R5's evidence is the absence of a dispatch or a
 * resolution, and a dispatch made before the deadline can still be on its way for up to that bound; a
 * processing-time deadline would raise a false warning for every item dispatched in the last minutes
 * before its deadline, and a replay of history would judge differently from live traffic. So a live R5
 * warning comes up to the bound after its deadline; every other rule judges on arrival.
 *
 * <p>Timing: a timer judges at its own timestamp. An item that arrives after the watermark has passed
 * some of its deadlines (a late feed) is judged at once at each of them, stamped with the deadline, so
 * that every deadline the watermark has passed has been judged. A transition is judged against those
 * deadlines (the later ones still have their timers) and the change it causes is stamped
 * {@code max(occurredAt, watermark)}, so a warning's changes never go back in time. When the watermark
 * lags behind the transitions (a bounded replay holds it back for the whole run), the deadlines that
 * fell before a transition are judged before it, so a late dispatch still raises and clears its
 * warning as in live traffic.
 */
public final class OverdueRule extends KeyedProcessFunction<String, ItemTransition, WarningChange> {
    public static final String RULE = "R5";
    static final String BLUE = "BLUE";
    static final String YELLOW = "YELLOW";
    private static final long MINUTE = 60_000;

    private static final Set<GridState> GRID_DISPATCHED = EnumSet.of(GridState.ASSIGNED, GridState.HANDLING, GridState.FEEDBACK, GridState.VERIFIED, GridState.CLOSED);
    private static final Set<GridState> GRID_RESOLVED = EnumSet.of(GridState.FEEDBACK, GridState.VERIFIED, GridState.CLOSED);
    /** A case answered at intake (RECEIVED → REPLIED) needs no dispatch. */
    private static final Set<HotlineState> HOTLINE_DISPATCHED = EnumSet.of(HotlineState.DISPATCHED, HotlineState.REPLIED, HotlineState.CLOSED);
    private static final Set<HotlineState> HOTLINE_RESOLVED = EnumSet.of(HotlineState.REPLIED, HotlineState.CLOSED);

    private final AssessmentRules rules;
    private transient double escalateFactor;
    private transient ValueState<SupervisedItem> item;
    private transient ValueState<OpenWarning> warning;

    public OverdueRule(AssessmentRules rules) {
        this.rules = requireNonNull(rules, "rules is null");
    }

    /** What the rule keeps of one open item. Flink POJO. */
    public static final class SupervisedItem {
        public String source;
        public String communityCode;
        public String streetCode;
        public String matterCode;
        /** The first transition's event time. */
        public long createdAt;
        /** Catalogue deadlines, 0 if none. */
        public long dispatchDueAt;
        public long resolveDueAt;
        /** Reached a dispatched state once (for good). */
        public boolean dispatched;
        /** In a resolved state now. */
        public boolean resolved;
        /** Event time of the latest transition seen: deadlines up to it have been judged. */
        public long judgedUntil;

        public SupervisedItem() {}
    }

    /** Whether R5 looks at the transition: a grid item's or hotline case's (police signals have no SLA). */
    public static boolean accepts(ItemTransition t) {
        return t.itemId != null && ("GRID".equals(t.source) || "HOTLINE".equals(t.source));
    }

    @Override
    public void open(OpenContext context) {
        escalateFactor = rules.r5EscalateFactor();
        item = getRuntimeContext().getState(new ValueStateDescriptor<>("r5-item", SupervisedItem.class));
        warning = getRuntimeContext().getState(new ValueStateDescriptor<>("r5-warning", OpenWarning.class));
    }

    @Override
    public void processElement(ItemTransition t, Context ctx, Collector<WarningChange> out) throws Exception {
        if (Source.POLICE.name().equals(t.source)) {
            return;
        }
        TimerService timers = ctx.timerService();
        long watermark = timers.currentWatermark();
        SupervisedItem current = item.value();
        if (current == null) {
            if (!t.isNew()) {
                return;
            }
            current = supervise(t);
            item.update(current);
            for (long deadline : deadlines(current)) {
                if (deadline > watermark) {
                    timers.registerEventTimeTimer(deadline);
                } else {
                    publish(ctx.getCurrentKey(), current, false, deadline, deadline, "within its SLA", out);
                }
            }
        }
        // The watermark can lag far behind the transitions (a replay, a slow partition): the deadlines
        // that fell between the last transition and this one are judged first, as their timers would
        // have been in live traffic, and their timers dropped.
        for (long deadline : deadlines(current)) {
            if (deadline > Math.max(watermark, current.judgedUntil) && deadline < t.occurredAt) {
                publish(ctx.getCurrentKey(), current, false, deadline, deadline, "within its SLA", out);
                timers.deleteEventTimeTimer(deadline);
            }
        }
        current.judgedUntil = Math.max(current.judgedUntil, t.occurredAt);
        long at = Math.max(t.occurredAt, watermark);
        if (closes(t)) {
            publish(ctx.getCurrentKey(), current, true, watermark, at, "closed", out);
            for (long deadline : deadlines(current)) {
                timers.deleteEventTimeTimer(deadline);
            }
            item.clear();
            warning.clear();
            return;
        }
        if (!current.dispatched && dispatches(t)) {
            current.dispatched = true;
            if (current.dispatchDueAt > 0) {
                // A timer is one per timestamp: keep those the resolve SLA shares.
                List<Long> resolveTimers = current.resolveDueAt > 0 ? List.of(current.resolveDueAt, escalation(current, current.resolveDueAt)) : List.of();
                for (long timer : new long[] {current.dispatchDueAt, escalation(current, current.dispatchDueAt)}) {
                    if (!resolveTimers.contains(timer)) {
                        timers.deleteEventTimeTimer(timer);
                    }
                }
            }
        }
        current.resolved = resolves(t);
        item.update(current);
        publish(ctx.getCurrentKey(), current, false, watermark, at, current.resolved ? "resolved" : "dispatched", out);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<WarningChange> out) throws Exception {
        SupervisedItem current = item.value();
        if (current != null) {
            publish(ctx.getCurrentKey(), current, false, timestamp, timestamp, "within its SLA", out);
        }
    }

    private SupervisedItem supervise(ItemTransition t) {
        SupervisedItem s = new SupervisedItem();
        s.source = t.source;
        s.communityCode = t.communityCode;
        s.streetCode = t.streetCode;
        s.matterCode = t.matterCode;
        s.createdAt = t.occurredAt;
        s.dispatchDueAt = t.dispatchDueAt;
        s.resolveDueAt = t.resolveDueAt;
        s.judgedUntil = t.occurredAt;
        return s;
    }

    /** The level the item deserves once event time has reached {@code horizon}, or null. */
    private String level(SupervisedItem s, long horizon) {
        String dispatch = s.dispatched ? null : level(s, s.dispatchDueAt, horizon);
        String resolve = s.resolved ? null : level(s, s.resolveDueAt, horizon);
        return YELLOW.equals(dispatch) || YELLOW.equals(resolve) ? YELLOW : dispatch != null ? dispatch : resolve;
    }

    private String level(SupervisedItem s, long due, long horizon) {
        if (due <= 0 || horizon < due) {
            return null;
        }
        return horizon >= escalation(s, due) ? YELLOW : BLUE;
    }

    /** {@code created + factor × SLA}, never before the deadline itself. */
    private long escalation(SupervisedItem s, long due) {
        long sla = Math.max(0, due - s.createdAt);
        return Math.max(due, s.createdAt + Math.round(escalateFactor * sla));
    }

    /** The item's deadlines and escalations, in time order, without repeats. */
    private List<Long> deadlines(SupervisedItem s) {
        TreeSet<Long> all = new TreeSet<>();
        for (long due : new long[] {s.dispatchDueAt, s.resolveDueAt}) {
            if (due > 0) {
                all.add(due);
                all.add(escalation(s, due));
            }
        }
        return new ArrayList<>(all);
    }

    /**
     * Judges the item with the deadlines up to {@code horizon} (none when it is closing) and publishes
     * the change, if any, stamped {@code at}.
     */
    private void publish(String itemId, SupervisedItem s, boolean closing, long horizon, long at, String clearedBecause, Collector<WarningChange> out) throws Exception {
        OpenWarning open = warning.value();
        String level = closing ? null : level(s, horizon);
        String routeLevel = level != null ? level : open != null ? open.level : BLUE;
        boolean up = YELLOW.equals(routeLevel);
        Evidence evidence = new Evidence(s.createdAt, at, List.of(itemId),
                Map.of("overdueItems", level == null ? 0L : 1L, "minutesOpen", Math.max(0, at - s.createdAt) / MINUTE),
                thresholds(s),
                s.streetCode, up ? "STREET" : "COMMUNITY", up ? s.streetCode : s.communityCode,
                level == null ? itemId + ": " + clearedBecause : summary(s, itemId, horizon, up));
        if (level == null) {
            if (open != null) {
                out.collect(WarningBook.clear(open, RULE, open.level, at, evidence));
                warning.clear();
            }
            return;
        }
        if (open == null) {
            OpenWarning opened = new OpenWarning();
            out.collect(WarningBook.open(opened, RULE, s.communityCode, "COMMUNITY", RULE + ":" + s.communityCode + ":" + itemId + ":" + at, level, at, evidence));
            warning.update(opened);
            return;
        }
        WarningChange change = WarningBook.update(open, RULE, level, at, evidence);
        if (change != null) {
            out.collect(change);
            warning.update(open);
        }
    }

    private Map<String, Double> thresholds(SupervisedItem s) {
        Map<String, Double> thresholds = new TreeMap<>();
        thresholds.put("escalateFactor", escalateFactor);
        if (s.dispatchDueAt > 0) {
            thresholds.put("dispatchSlaMinutes", (double) Math.max(0, s.dispatchDueAt - s.createdAt) / MINUTE);
        }
        if (s.resolveDueAt > 0) {
            thresholds.put("resolveSlaMinutes", (double) Math.max(0, s.resolveDueAt - s.createdAt) / MINUTE);
        }
        return thresholds;
    }

    private String summary(SupervisedItem s, String itemId, long horizon, boolean up) {
        StringBuilder text = new StringBuilder(itemId).append(':');
        boolean dispatchLate = !s.dispatched && level(s, s.dispatchDueAt, horizon) != null;
        boolean resolveLate = !s.resolved && level(s, s.resolveDueAt, horizon) != null;
        if (dispatchLate) {
            text.append(" not dispatched within ").append((s.dispatchDueAt - s.createdAt) / MINUTE).append(" min");
        }
        if (resolveLate) {
            text.append(dispatchLate ? " and" : "").append(" not resolved within ").append((s.resolveDueAt - s.createdAt) / MINUTE).append(" min");
        }
        if (s.matterCode != null) {
            text.append(" (").append(s.matterCode).append(')');
        }
        String factor = escalateFactor == Math.rint(escalateFactor) ? String.valueOf((long) escalateFactor) : String.valueOf(escalateFactor);
        text.append(up ? "; beyond " + factor + " times the SLA, routed one level up to street " + s.streetCode
                : "; routed to community " + s.communityCode);
        return text.toString();
    }

    private static boolean dispatches(ItemTransition t) {
        return Source.GRID.name().equals(t.source)
                ? GRID_DISPATCHED.contains(GridState.valueOf(t.state))
                : HOTLINE_DISPATCHED.contains(HotlineState.valueOf(t.state));
    }

    private static boolean resolves(ItemTransition t) {
        return Source.GRID.name().equals(t.source)
                ? GRID_RESOLVED.contains(GridState.valueOf(t.state))
                : HOTLINE_RESOLVED.contains(HotlineState.valueOf(t.state));
    }

    private static boolean closes(ItemTransition t) {
        return Source.GRID.name().equals(t.source)
                ? GridLifecycle.isClosed(GridState.valueOf(t.state))
                : HotlineLifecycle.isClosed(HotlineState.valueOf(t.state));
    }
}
