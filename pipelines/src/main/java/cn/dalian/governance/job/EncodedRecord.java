package cn.dalian.governance.job;

/**
 * An output record of the job, Avro single-object encoded, with the lineage of the record it came
 * from: what goes to a Kafka topic and, converted, to an Iceberg table. Flink POJO.
 */
public final class EncodedRecord {
    public String key;
    public byte[] value;
    public String sourceTopic;
    public int sourcePartition;
    public long sourceOffset;
    /** The watermark of the subtask that made the record when it made it (ingest's items: its {@link IngestClock}); Long.MIN_VALUE if none. */
    public long watermark = Long.MIN_VALUE;

    public EncodedRecord() {}

    /** A record the job derived itself (a warning), with no single source record. */
    public EncodedRecord(String key, byte[] value) {
        this.key = key;
        this.value = value;
    }

    /**
     * A clock beat of ingest's items: no item (empty key and value), only the watermark of the subtask
     * that sends it, for a reader that runs its clock on ingest's ({@link IngestClock}) while that
     * subtask has no item to carry it.
     */
    public static EncodedRecord clockBeat(long watermark) {
        EncodedRecord beat = new EncodedRecord("", new byte[0]);
        beat.watermark = watermark;
        return beat;
    }

    /** Whether this is a {@link #clockBeat}. */
    public boolean isClockBeat() {
        return value.length == 0 && sourceTopic == null;
    }

    public EncodedRecord(String key, byte[] value, RawRecord from) {
        this.key = key;
        this.value = value;
        this.sourceTopic = from.topic;
        this.sourcePartition = from.partition;
        this.sourceOffset = from.offset;
    }
}
