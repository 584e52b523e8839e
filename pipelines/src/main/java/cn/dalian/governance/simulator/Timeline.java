package cn.dalian.governance.simulator;

import java.time.Instant;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;

/** The send queue: every planned record, ordered by send time and then by the order it was planned in. */
final class Timeline {
    private final PriorityQueue<Scheduled> queue = new PriorityQueue<>();
    private long sequence;

    void add(Instant sendAt, String topic, String key, SpecificRecord record, boolean late, boolean oldWriter) {
        queue.add(Scheduled.record(sendAt, sequence++, topic, key, record, late, oldWriter));
    }

    void addDuplicate(Instant sendAt, SimRecord original) {
        queue.add(Scheduled.duplicate(sendAt, sequence++, original));
    }

    /** The next record due strictly before {@code until}, or null. */
    Scheduled pollBefore(Instant until) {
        Scheduled head = queue.peek();
        if (head == null || !head.sendAt().isBefore(until)) {
            return null;
        }
        return queue.poll();
    }

    int pending() {
        return queue.size();
    }

    /** A random (version 4 shaped) UUID drawn from the simulation's own random stream. */
    static String uuid(SplittableRandom random) {
        long most = (random.nextLong() & ~0xF000L) | 0x4000L;
        long least = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(most, least).toString();
    }
}
