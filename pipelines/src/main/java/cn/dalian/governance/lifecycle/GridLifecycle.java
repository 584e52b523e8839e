package cn.dalian.governance.lifecycle;

import static cn.dalian.governance.avro.GridState.ASSIGNED;
import static cn.dalian.governance.avro.GridState.CLOSED;
import static cn.dalian.governance.avro.GridState.COLLECTED;
import static cn.dalian.governance.avro.GridState.ESCALATED;
import static cn.dalian.governance.avro.GridState.FEEDBACK;
import static cn.dalian.governance.avro.GridState.HANDLING;
import static cn.dalian.governance.avro.GridState.REOPENED;
import static cn.dalian.governance.avro.GridState.RETURNED;
import static cn.dalian.governance.avro.GridState.VERIFIED;

import cn.dalian.governance.avro.GridState;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * Legal transitions of a grid matter (Art. 22: collection → discovery → assignment → coordinated
 * handling → feedback → supervision and evaluation), with the side states RETURNED, ESCALATED and
 * REOPENED. The single source of truth for the simulator and the ingest job.
 */
public final class GridLifecycle {
    private static final Map<GridState, Set<GridState>> NEXT = new EnumMap<>(GridState.class);

    static {
        NEXT.put(COLLECTED, EnumSet.of(ASSIGNED, ESCALATED));
        NEXT.put(ASSIGNED, EnumSet.of(HANDLING, RETURNED, ESCALATED));
        NEXT.put(RETURNED, EnumSet.of(ASSIGNED, ESCALATED));
        NEXT.put(ESCALATED, EnumSet.of(ASSIGNED));
        NEXT.put(HANDLING, EnumSet.of(FEEDBACK, RETURNED, ESCALATED));
        NEXT.put(FEEDBACK, EnumSet.of(VERIFIED));
        NEXT.put(VERIFIED, EnumSet.of(CLOSED, HANDLING));
        NEXT.put(CLOSED, EnumSet.of(REOPENED));
        NEXT.put(REOPENED, EnumSet.of(ASSIGNED, HANDLING));
    }

    private GridLifecycle() {}

    /** Whether an item may enter {@code next} from {@code current}; {@code current} is null for a new item. */
    public static boolean allows(GridState current, GridState next) {
        if (current == null) {
            return next == COLLECTED;
        }
        return NEXT.get(current).contains(next);
    }

    /** An item in this state is finished until reopened. */
    public static boolean isClosed(GridState state) {
        return state == CLOSED;
    }
}
