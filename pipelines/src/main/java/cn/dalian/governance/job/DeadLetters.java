package cn.dalian.governance.job;

import cn.dalian.governance.avro.DeadLetter;
import cn.dalian.governance.schema.AvroCodec;
import java.nio.ByteBuffer;
import java.time.Instant;

/** A rejected record as the dead-letter stream holds it: Kafka gov.dlq.v1 and Iceberg gov.dead_letter. */
public final class DeadLetters {
    public static final AvroCodec<DeadLetter> CODEC = AvroCodec.of(DeadLetter.class);

    private DeadLetters() {}

    /**
     * {@code letter} of the record {@code raw}, encoded, keyed by the record's topic/partition/offset. A letter
     * that would not fit a Kafka record ({@link #KAFKA_LIMIT}) goes without the raw key and value, with
     * their size and SHA-256 in its message: gov.dead_letter keeps them whole, and a producer refusing the
     * record would stop the job on every restart.
     */
    public static EncodedRecord encode(DeadLetter letter, RawRecord raw) {
        byte[] encoded = CODEC.encode(letter);
        if (encoded.length > KAFKA_LIMIT) {
            DeadLetter withoutRaw = DeadLetter.newBuilder(letter)
                    .setRawKey(null)
                    .setRawValue(ByteBuffer.allocate(0))
                    .setMessage(letter.getMessage() + " [raw value of " + raw.value.length + " bytes, SHA-256 " + sha256(raw.value)
                            + ", left out here: too large for a Kafka record; whole in gov.dead_letter]")
                    .build();
            encoded = CODEC.encode(withoutRaw);
        }
        return new EncodedRecord(raw.position(), encoded, raw);
    }

    /**
     * The largest dead letter sent to Kafka whole: below the producer's max.request.size and the topic's
     * max.message.bytes (both 1 MiB by default; infra/config keeps the defaults), with room for the key,
     * the headers and the batch overhead.
     */
    public static final int KAFKA_LIMIT = 900 * 1024;

    private static String sha256(byte[] bytes) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is in every JDK", e);
        }
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
}
