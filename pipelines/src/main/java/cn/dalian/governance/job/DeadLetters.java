package cn.dalian.governance.job;

import cn.dalian.governance.avro.DeadLetter;
import cn.dalian.governance.iceberg.DeadLetterRows;
import cn.dalian.governance.schema.AvroCodec;
import java.nio.ByteBuffer;
import java.time.Instant;
import org.apache.flink.table.data.RowData;

/** A rejected record as the dead-letter stream holds it: Kafka gov.dlq.v1 and Iceberg gov.dead_letter. */
public final class DeadLetters {
    public static final AvroCodec<DeadLetter> CODEC = AvroCodec.of(DeadLetter.class);

    private DeadLetters() {}

    /** The encoded dead letter of a rejection by {@code job}, keyed by the record's topic/partition/offset. */
    public static EncodedRecord encode(Rejection rejection, String job) {
        return encode(letter(rejection, job), rejection.raw);
    }

    /** {@code letter} of the record {@code raw}, encoded, keyed by the record's topic/partition/offset. */
    public static EncodedRecord encode(DeadLetter letter, RawRecord raw) {
        return new EncodedRecord(raw.position(), CODEC.encode(letter), raw);
    }

    /** The dead letter of a rejection by {@code job}. */
    public static DeadLetter letter(Rejection rejection, String job) {
        RawRecord raw = rejection.raw;
        return DeadLetter.newBuilder()
                .setSourceTopic(raw.topic)
                .setSourcePartition(raw.partition)
                .setSourceOffset(raw.offset)
                .setSourceTimestamp(Instant.ofEpochMilli(raw.timestamp))
                .setJob(job)
                .setReason(rejection.reason)
                .setMessage(rejection.message)
                .setRejectedAt(Instant.now())
                .setRawKey(raw.key == null ? null : ByteBuffer.wrap(raw.key))
                .setRawValue(ByteBuffer.wrap(raw.value))
                .build();
    }

    public static RowData toRow(EncodedRecord record) throws Exception {
        return DeadLetterRows.toRow(CODEC.decode(record.value));
    }
}
