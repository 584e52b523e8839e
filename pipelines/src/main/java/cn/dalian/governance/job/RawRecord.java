package cn.dalian.governance.job;

import java.util.Arrays;
import java.util.Objects;

/**
 * A Kafka record exactly as read: where it came from and its raw bytes. Kept beside every record
 * through the job so that a record rejected at any step reaches the dead-letter stream whole.
 * A Flink POJO (public fields, no-arg constructor).
 */
public final class RawRecord {
    public String topic;
    public int partition;
    public long offset;
    /** Kafka record timestamp: when the source sent it (epoch millis). */
    public long timestamp;
    public byte[] key;
    public byte[] value;

    public RawRecord() {}

    public RawRecord(String topic, int partition, long offset, long timestamp, byte[] key, byte[] value) {
        this.topic = Objects.requireNonNull(topic, "topic is null");
        this.partition = partition;
        this.offset = offset;
        this.timestamp = timestamp;
        this.key = key;
        this.value = Objects.requireNonNull(value, "value is null");
    }

    /** topic/partition/offset, for log lines and messages. */
    public String position() {
        return topic + "/" + partition + "/" + offset;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof RawRecord other)) {
            return false;
        }
        return partition == other.partition && offset == other.offset && timestamp == other.timestamp
                && Objects.equals(topic, other.topic) && Arrays.equals(key, other.key) && Arrays.equals(value, other.value);
    }

    @Override
    public int hashCode() {
        return Objects.hash(topic, partition, offset);
    }

    @Override
    public String toString() {
        return "RawRecord{" + position() + ", " + (value == null ? 0 : value.length) + " bytes}";
    }
}
