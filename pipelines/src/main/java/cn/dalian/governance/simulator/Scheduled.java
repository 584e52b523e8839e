package cn.dalian.governance.simulator;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import org.apache.avro.specific.SpecificRecord;

/** A valid record waiting in the simulator's send queue, ordered by send time, then by creation order. */
final class Scheduled implements Comparable<Scheduled> {
    private final Instant sendAt;
    private final long sequence;
    private final String topic;
    private final String key;
    private final SpecificRecord record;
    private final boolean late;
    private final boolean oldWriter;
    private final SimRecord duplicateOf;

    private Scheduled(Instant sendAt, long sequence, String topic, String key, SpecificRecord record, boolean late, boolean oldWriter, SimRecord duplicateOf) {
        this.sendAt = requireNonNull(sendAt, "sendAt is null");
        this.sequence = sequence;
        this.topic = requireNonNull(topic, "topic is null");
        this.key = requireNonNull(key, "key is null");
        this.record = record;
        this.late = late;
        this.oldWriter = oldWriter;
        this.duplicateOf = duplicateOf;
    }

    static Scheduled record(Instant sendAt, long sequence, String topic, String key, SpecificRecord record, boolean late, boolean oldWriter) {
        return new Scheduled(sendAt, sequence, topic, key, requireNonNull(record, "record is null"), late, oldWriter, null);
    }

    static Scheduled duplicate(Instant sendAt, long sequence, SimRecord original) {
        return new Scheduled(sendAt, sequence, original.topic(), "", null, original.isLate(), false, original);
    }

    Instant sendAt() {
        return sendAt;
    }

    String topic() {
        return topic;
    }

    String key() {
        return key;
    }

    SpecificRecord record() {
        return record;
    }

    boolean isLate() {
        return late;
    }

    boolean isOldWriter() {
        return oldWriter;
    }

    /** The already-sent record this one repeats, or null. */
    SimRecord duplicateOf() {
        return duplicateOf;
    }

    @Override
    public int compareTo(Scheduled other) {
        int byTime = sendAt.compareTo(other.sendAt);
        return byTime != 0 ? byTime : Long.compare(sequence, other.sequence);
    }
}
