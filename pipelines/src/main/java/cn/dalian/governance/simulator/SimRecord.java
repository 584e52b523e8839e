package cn.dalian.governance.simulator;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * One record as the simulator sends it: topic, key, value bytes and the send time (the Kafka record
 * timestamp), with what the simulator knows about it for the run report.
 */
public final class SimRecord {
    private final String topic;
    private final byte[] key;
    private final byte[] value;
    private final Instant sentAt;
    private final String kind;
    private final FaultKind fault;
    private final boolean duplicate;
    private final boolean late;

    public SimRecord(String topic, byte[] key, byte[] value, Instant sentAt, String kind, FaultKind fault, boolean duplicate, boolean late) {
        this.topic = requireNonNull(topic, "topic is null");
        this.key = requireNonNull(key, "key is null");
        this.value = requireNonNull(value, "value is null");
        this.sentAt = requireNonNull(sentAt, "sentAt is null");
        this.kind = requireNonNull(kind, "kind is null");
        this.fault = fault;
        this.duplicate = duplicate;
        this.late = late;
    }

    public String topic() {
        return topic;
    }

    public byte[] key() {
        return key;
    }

    public byte[] value() {
        return value;
    }

    public Instant sentAt() {
        return sentAt;
    }

    /** Record kind for the report: lifecycle state, signal type or rating dimension; the fault kind for faults. */
    public String kind() {
        return kind;
    }

    /** The injected fault, or null for a valid record. */
    public FaultKind fault() {
        return fault;
    }

    public boolean isDuplicate() {
        return duplicate;
    }

    public boolean isLate() {
        return late;
    }

    public SimRecord asDuplicate(Instant resentAt) {
        return new SimRecord(topic, key, value, resentAt, kind, null, true, late);
    }
}
