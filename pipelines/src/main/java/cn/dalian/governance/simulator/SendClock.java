package cn.dalian.governance.simulator;

import java.time.Duration;
import java.time.Instant;
import java.util.SplittableRandom;

/**
 * Send times of one item's records: each a short upload delay after the event, never before the
 * previous record of the same item (so one item's records stay in order), and hours later for an item
 * the source sends late (a grid app that was offline, a police feed that batches).
 */
final class SendClock {
    private final SplittableRandom random;
    private final Duration lateBy;
    private Instant last = Instant.MIN;

    SendClock(SplittableRandom random, Duration lateBy) {
        this.random = random;
        this.lateBy = lateBy;
    }

    /** A clock for one item: late by 1 to 6 hours with probability {@code lateShare}. */
    static SendClock forItem(SplittableRandom random, double lateShare) {
        Duration lateBy = Draw.chance(random, lateShare) ? Draw.hours(random, 1, 6) : Duration.ZERO;
        return new SendClock(random, lateBy);
    }

    boolean isLate() {
        return !lateBy.isZero();
    }

    Instant sendTime(Instant occurredAt) {
        Instant candidate = occurredAt.plus(lateBy).plusSeconds(5 + random.nextInt(600));
        if (!candidate.isAfter(last)) {
            candidate = last.plusMillis(1);
        }
        last = candidate;
        return candidate;
    }
}
