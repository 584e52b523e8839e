package cn.dalian.governance.job;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * Where a record on {@code gov.items.v1} came from, carried in its Kafka header {@value #HEADER}:
 * the ingest job (its consumer group), the ingest subtask that wrote it, and the feed record
 * (topic, partition, offset) it was conformed from.
 *
 * <p>The contract that makes it useful: one ingest subtask writes the items of one feed partition in
 * the order of their offsets (the subtask's Kafka writer is chained to the keyed step that conformed
 * them). So when ingest restarts from a checkpoint and sends again what it had sent after that
 * checkpoint (in a transaction that was aborted, which a read_uncommitted reader has already seen),
 * every re-sent item carries an offset at or below the highest one already seen for its
 * (job, subtask, topic, partition): a reader drops it by keeping that high-water mark, a few numbers
 * per feed partition, instead of every event id. A restore with another ingest parallelism changes
 * which subtask writes a partition; the re-sent items of the first checkpoint after it are then not
 * recognised.
 *
 * @param job the ingest job's Kafka consumer group, e.g. {@code gov-ingest}
 * @param subtask index of the ingest subtask that wrote the item
 * @param topic feed topic of the source record
 * @param partition its partition
 * @param offset its offset
 */
public record Lineage(String job, int subtask, String topic, int partition, long offset) {
    /** Kafka header of an item record. */
    public static final String HEADER = "gov-lineage";
    private static final char SEPARATOR = '|';

    public Lineage {
        requireNonNull(job, "job is null");
        requireNonNull(topic, "topic is null");
        if (job.indexOf(SEPARATOR) >= 0 || topic.indexOf(SEPARATOR) >= 0) {
            throw new IllegalArgumentException("job and topic must not contain '" + SEPARATOR + "': " + job + ", " + topic);
        }
        if (subtask < 0 || partition < 0 || offset < 0) {
            throw new IllegalArgumentException("subtask, partition and offset must not be negative: " + subtask + ", " + partition + ", " + offset);
        }
    }

    /** The lineage of an item conformed by ingest subtask {@code subtask} of {@code job} from {@code raw}. */
    public static Lineage of(String job, int subtask, RawRecord raw) {
        return new Lineage(job, subtask, raw.topic, raw.partition, raw.offset);
    }

    /** The key of the high-water mark this item is compared against: everything but the offset. */
    public String source() {
        return job + SEPARATOR + subtask + SEPARATOR + topic + SEPARATOR + partition;
    }

    /** The header value: {@code job|subtask|topic|partition|offset}, UTF-8. */
    public byte[] encode() {
        return (source() + SEPARATOR + offset).getBytes(StandardCharsets.UTF_8);
    }

    /** The lineage in {@code headers}, or null when there is none or it does not parse (a record not written by ingest). */
    public static Lineage read(Headers headers) {
        Header header = headers == null ? null : headers.lastHeader(HEADER);
        return header == null ? null : parse(header.value());
    }

    /** The lineage of a header value, or null when it does not parse. */
    public static Lineage parse(byte[] value) {
        if (value == null) {
            return null;
        }
        String[] parts = new String(value, StandardCharsets.UTF_8).split("\\|", -1);
        if (parts.length != 5) {
            return null;
        }
        try {
            return new Lineage(parts[0], Integer.parseInt(parts[1]), parts[2], Integer.parseInt(parts[3]), Long.parseLong(parts[4]));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
