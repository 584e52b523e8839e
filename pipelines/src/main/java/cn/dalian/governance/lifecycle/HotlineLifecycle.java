package cn.dalian.governance.lifecycle;

import static cn.dalian.governance.avro.HotlineState.CLOSED;
import static cn.dalian.governance.avro.HotlineState.DISPATCHED;
import static cn.dalian.governance.avro.HotlineState.RECEIVED;
import static cn.dalian.governance.avro.HotlineState.REOPENED;
import static cn.dalian.governance.avro.HotlineState.REPLIED;
import static cn.dalian.governance.avro.HotlineState.RETURNED;

import cn.dalian.governance.avro.HotlineState;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * Legal transitions of a 12345 case: RECEIVED → DISPATCHED → (RETURNED → DISPATCHED)* → REPLIED →
 * CLOSED → REOPENED → DISPATCHED …; an inquiry may be answered at intake (RECEIVED → REPLIED).
 */
public final class HotlineLifecycle {
    private static final Map<HotlineState, Set<HotlineState>> NEXT = new EnumMap<>(HotlineState.class);

    static {
        NEXT.put(RECEIVED, EnumSet.of(DISPATCHED, REPLIED));
        NEXT.put(DISPATCHED, EnumSet.of(RETURNED, REPLIED));
        NEXT.put(RETURNED, EnumSet.of(DISPATCHED));
        NEXT.put(REPLIED, EnumSet.of(CLOSED));
        NEXT.put(CLOSED, EnumSet.of(REOPENED));
        NEXT.put(REOPENED, EnumSet.of(DISPATCHED));
    }

    private HotlineLifecycle() {}

    /** Whether a case may enter {@code next} from {@code current}; {@code current} is null for a new case. */
    public static boolean allows(HotlineState current, HotlineState next) {
        if (current == null) {
            return next == RECEIVED;
        }
        return NEXT.get(current).contains(next);
    }

    public static boolean isClosed(HotlineState state) {
        return state == CLOSED;
    }
}
