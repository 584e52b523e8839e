package cn.dalian.governance.job;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * How far ingest had read the feeds when it wrote a record of {@code gov.items.v1}, carried in its
 * Kafka header {@value #HEADER}: the watermark of the ingest subtask that wrote it. Ingest's watermark
 * is on send time, per feed partition (a partition not read yet holds it back, one that falls idle
 * stops doing so), so it says which feed records ingest has read, whatever order it read its
 * partitions in: every record ingest writes after it was sent after it. Assess runs its clock on the
 * lowest watermark of the writing job's subtasks, less the feeds' own delay between an event and its
 * sending ({@link cn.dalian.governance.assess.ItemClock}); because the value is in the log, a restarted
 * assess reads the same clock again. A subtask that has no item to write while its watermark advances
 * writes a clock beat instead (no key, an empty value, only this header), so that one quiet subtask does
 * not hold the clock back.
 *
 * @param job the ingest job's Kafka consumer group
 * @param subtask index of the ingest subtask that wrote the record
 * @param subtasks how many subtasks the ingest job writes with
 * @param watermark that subtask's watermark (send time, epoch millis) when it wrote the record;
 *     {@link Long#MIN_VALUE} before it has one
 */
public record IngestClock(String job, int subtask, int subtasks, long watermark) {
    /** Kafka header of an item record. */
    public static final String HEADER = "gov-ingest-clock";
    private static final char SEPARATOR = '|';

    public IngestClock {
        requireNonNull(job, "job is null");
        if (job.indexOf(SEPARATOR) >= 0) {
            throw new IllegalArgumentException("job must not contain '" + SEPARATOR + "': " + job);
        }
        if (subtasks < 1 || subtask < 0 || subtask >= subtasks) {
            throw new IllegalArgumentException("subtask " + subtask + " of " + subtasks + " subtasks");
        }
    }

    /** The header value: {@code job|subtask|subtasks|watermark}, UTF-8. */
    public byte[] encode() {
        return (job + SEPARATOR + subtask + SEPARATOR + subtasks + SEPARATOR + watermark).getBytes(StandardCharsets.UTF_8);
    }

    /** The clock in {@code headers}, or null when there is none or it does not parse. */
    public static IngestClock read(Headers headers) {
        Header header = headers == null ? null : headers.lastHeader(HEADER);
        return header == null ? null : parse(header.value());
    }

    /** The clock of a header value, or null when it does not parse. */
    public static IngestClock parse(byte[] value) {
        if (value == null) {
            return null;
        }
        String[] parts = new String(value, StandardCharsets.UTF_8).split("\\|", -1);
        if (parts.length != 4) {
            return null;
        }
        try {
            return new IngestClock(parts[0], Integer.parseInt(parts[1]), Integer.parseInt(parts[2]), Long.parseLong(parts[3]));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
