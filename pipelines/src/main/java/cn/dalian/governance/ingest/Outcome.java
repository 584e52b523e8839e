package cn.dalian.governance.ingest;

/**
 * What became of records read, for the reconciliation at every checkpoint: {@code count} records of
 * one topic with one fate. Each counting step of the job sends its counts in a few of these just
 * before each checkpoint barrier ({@link OutcomeTally}). Flink POJO.
 */
public final class Outcome {
    /** The fate of a record. */
    public enum Kind {
        READ, CURATED, DEAD_LETTER, DUPLICATE,
        /** Read behind the watermark (sent late); not part of the balance. */
        LATE
    }

    public String topic;
    public Kind kind;
    /** Dead-letter reason, for DEAD_LETTER. */
    public String reason;
    /** How many records. */
    public long count;

    public Outcome() {}

    /** One record. */
    public Outcome(String topic, Kind kind, String reason) {
        this(topic, kind, reason, 1);
    }

    public Outcome(String topic, Kind kind, String reason, long count) {
        this.topic = topic;
        this.kind = kind;
        this.reason = reason;
        this.count = count;
    }
}
